"""Finding the medicines and classes a piece of label text names.

Text and terms are cut into the same tokens: folded words, singular ("nsaids" and "NSAID"
are one token), with "CYP 3A4" joined to "cyp3a4", and the punctuation that separates list
items ("," ";" ":" "(" ")" "/") kept as tokens of its own, so that no term matches across
two items of a list. A text is scanned left to right for the longest term at each place,
over every term of the class table and the medicines being checked, so that a shorter
term inside a longer one is not a mention of its own: "insulin" in "insulin secretagogues"
names the secretagogues, "heparin" in "low molecular weight heparins" names those.

Two readings follow how labels write lists. A term right after "non" ("non-potassium-sparing
diuretics", "non-NSAID") is the opposite of a mention and is dropped. Coordinated terms
share their head or their opening: "loop or thiazide diuretics" names loop diuretics too,
and "inhibitors of CYP2C9, CYP1A2 or CYP3A4" names inhibitors of each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .textutil import fold

_TOKEN = re.compile(r"[0-9a-z]+|[,;:()/]")
PUNCTUATION = frozenset(",;:()/")
_JOINERS = frozenset({"or", "and", ",", "/"})
_OTHER = frozenset({"other", "another", "additional"})
# A one-word class name before these is an adjective, not the class: "the antihypertensive
# effect of ACE inhibitors", "anticoagulant activity", "diuretic efficacy".
_ADJECTIVE_OF = frozenset({"effect", "activity", "action", "efficacy", "response", "property"})


@dataclass(frozen=True)
class Token:
    word: str  # folded and singular, or a punctuation mark
    start: int  # offsets into the original text
    end: int


def singular(word: str) -> str:
    """The form a word is compared in: 'nsaids' -> 'nsaid', 'therapies' -> 'therapy';
    words ending in -ss, -us, -is are left alone (tacrolimus, thrombosis)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _folded(text: str) -> str:
    """Folded text of exactly the same length, so that token offsets point into the text."""
    if text.isascii():
        return text.lower()
    return "".join((fold(ch) or " ")[0] for ch in text)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for match in _TOKEN.finditer(_folded(text)):
        word = match.group()
        if word[0].isdigit() and tokens and tokens[-1].word == "cyp":
            previous = tokens.pop()  # "CYP 3A4" is "cyp3a4"
            tokens.append(Token("cyp" + word, previous.start, match.end()))
            continue
        tokens.append(Token(singular(word), match.start(), match.end()))
    return tokens


def term_key(text: str) -> tuple[str, ...]:
    """How a term (a class name, a medicine's name) is looked up: its tokens (as
    ``tokenize`` makes them, without their offsets: the class table has thousands)."""
    words: list[str] = []
    for word in _TOKEN.findall(_folded(text)):
        if word[0].isdigit() and words and words[-1] == "cyp":
            words[-1] = "cyp" + word
        else:
            words.append(singular(word))
    return tuple(words)


@dataclass(frozen=True)
class Term:
    """What a run of tokens names: a class (by its canonical name) or a medicine (by a key:
    a class table member's name, or a medicine on the list being checked)."""

    kind: str  # "class" | "medicine"
    target: str


@dataclass(frozen=True)
class Mention:
    term: Term
    start: int  # character offsets of the words naming it
    end: int
    other: bool  # written "other …" / "another …": members besides the label's own drug


class Lexicon:
    """Terms by their first token, longest first (the scan takes the longest that fits)."""

    def __init__(self, terms: Iterable[tuple[tuple[str, ...], Term]] = ()) -> None:
        self.terms: dict[tuple[str, ...], list[Term]] = {}
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._unsorted: set[str] = set()  # first tokens whose keys are not yet ordered
        for key, term in terms:
            self.add(key, term)

    def add(self, key: tuple[str, ...], term: Term) -> None:
        if not key or key[0] in PUNCTUATION:
            return
        targets = self.terms.get(key)
        if targets is None:
            self.terms[key] = [term]
            self._by_first.setdefault(key[0], []).append(key)
            self._unsorted.add(key[0])
        elif term not in targets:
            targets.append(term)

    def copy(self) -> Lexicon:
        clone = Lexicon()
        clone.terms = {k: list(v) for k, v in self.terms.items()}
        clone._by_first = {k: list(v) for k, v in self._by_first.items()}
        clone._unsorted = set(self._unsorted)
        return clone

    def longest_at(self, tokens: list[Token], i: int) -> tuple[str, ...] | None:
        first = tokens[i].word
        keys = self._by_first.get(first)
        if keys is None:
            return None
        if first in self._unsorted:
            keys.sort(key=len, reverse=True)
            self._unsorted.discard(first)
        for key in keys:
            n = len(key)
            if i + n <= len(tokens) and all(tokens[i + k].word == key[k] for k in range(1, n)):
                return key
        return None


def find(text: str, lexicon: Lexicon, tokens: list[Token] | None = None) -> list[Mention]:
    """Every mention in the text, in order (see the module comment)."""
    tokens = tokenize(text) if tokens is None else tokens
    found: list[Mention] = []
    taken = 0  # tokens before this index belong to a mention already
    i = 0
    while i < len(tokens):
        key = lexicon.longest_at(tokens, i)
        if key is None:
            i += 1
            continue
        end = i + len(key)
        adjective = len(key) == 1 and end < len(tokens) and tokens[end].word in _ADJECTIVE_OF
        if not (i > 0 and tokens[i - 1].word == "non") and not adjective:
            other = i > 0 and tokens[i - 1].word in _OTHER
            start, stop = tokens[i].start, tokens[end - 1].end
            found += [Mention(term, start, stop, other) for term in lexicon.terms[key]]
            found += _coordinated(tokens, i, end, lexicon, taken)
        taken = i = end
    return found


def _coordinated(
    tokens: list[Token], i: int, end: int, lexicon: Lexicon, taken: int
) -> list[Mention]:
    """Terms a list shares words with: "loop or thiazide diuretics" (a shared head, the
    other words written before the term found) and "inhibitors of CYP2C9, CYP1A2 or CYP3A4"
    (a shared opening, written after it). Each other word must make a known term."""
    key = tuple(t.word for t in tokens[i:end])
    if len(key) < 2:
        return []
    found: list[Mention] = []
    for step in (-1, 1):
        position = i - 1 if step < 0 else end
        while True:
            joined = position
            while 0 <= position < len(tokens) and tokens[position].word in _JOINERS:
                position += step
            if position == joined or not 0 <= position < len(tokens):
                break
            word = tokens[position]
            # A word that is a mention of its own is not part of this one's list.
            if word.word in PUNCTUATION or position < taken:
                break
            if step > 0 and lexicon.longest_at(tokens, position) is not None:
                break
            term = _sharing(key, word.word, lexicon, head=step < 0)
            if term is None:
                break
            found += [Mention(t, word.start, word.end, False) for t in lexicon.terms[term]]
            position += step
    return found


def _sharing(
    key: tuple[str, ...], word: str, lexicon: Lexicon, *, head: bool
) -> tuple[str, ...] | None:
    """The longest known term made of `word` and the end (head) or the start of `key`."""
    for keep in range(len(key) - 1, 0, -1):
        term = (word, *key[-keep:]) if head else (*key[:keep], word)
        if term != key and term in lexicon.terms:
            return term
    return None
