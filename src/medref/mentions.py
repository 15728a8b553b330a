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
from collections.abc import Collection, Iterable
from typing import NamedTuple

from .textutil import fold

_TOKEN = re.compile(r"[0-9a-z]+|[,;:()/]")
PUNCTUATION = frozenset(",;:()/")
_JOINERS = frozenset({"or", "and", ",", "/"})
_OTHER = frozenset({"other", "another", "additional"})
# A one-word class name before these is an adjective, not the class: "the antihypertensive
# effect of ACE inhibitors", "anticoagulant activity", "diuretic efficacy".
_ADJECTIVE_OF = frozenset({"effect", "activity", "action", "efficacy", "response", "property"})


# Named tuples, not dataclasses: a text has thousands of tokens, and a check reads the
# mentions of every passage of its labels (see ``readings.py``).
class Token(NamedTuple):
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


def folded(text: str) -> str:
    """Folded text of exactly the same length, so that token offsets point into the text."""
    if text.isascii():
        return text.lower()
    return "".join((fold(ch) or " ")[0] for ch in text)


_SINGULAR: dict[str, str] = {}  # word -> its singular: label text repeats its words
_SINGULAR_MAX = 50_000  # emptied when it grows beyond (text of random words)
_new_token = tuple.__new__  # a Token without NamedTuple's keyword handling (tokens are many)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for match in _TOKEN.finditer(folded(text)):
        word = match.group()
        start, end = match.span()
        if word[0].isdigit() and tokens and tokens[-1].word == "cyp":
            previous = tokens.pop()  # "CYP 3A4" is "cyp3a4"
            tokens.append(_new_token(Token, ("cyp" + word, previous.start, end)))
            continue
        one = _SINGULAR.get(word)
        if one is None:
            if len(_SINGULAR) >= _SINGULAR_MAX:
                _SINGULAR.clear()
            one = _SINGULAR[word] = singular(word)
        tokens.append(_new_token(Token, (one, start, end)))
    return tokens


def needles(key: tuple[str, ...]) -> list[str]:
    """What a folded text holds wherever its tokens include every word of a term's key: a
    quick test before tokenizing. Each word (the token of "nsaids" is "nsaid"), less a last
    "y" (of "therapies", "therapy"), and "cyp" apart from the rest of a word joined from two
    ("CYP 3A4")."""
    found = []
    for word in key:
        stem = word[:-1] if word.endswith("y") and len(word) > 1 else word
        found += ["cyp", stem[3:]] if word.startswith("cyp") else [stem]
    return [n for n in found if n]


def term_key(text: str) -> tuple[str, ...]:
    """How a term (a class name, a medicine's name) is looked up: its tokens (as
    ``tokenize`` makes them, without their offsets: the class table has thousands)."""
    words: list[str] = []
    for word in _TOKEN.findall(folded(text)):
        if word[0].isdigit() and words and words[-1] == "cyp":
            words[-1] = "cyp" + word
        else:
            words.append(singular(word))
    return tuple(words)


class Term(NamedTuple):
    """What a run of tokens names: a class (by its canonical name) or a medicine (by a key:
    a class table member's name, or a medicine on the list being checked)."""

    kind: str  # "class" | "medicine"
    target: str


class Mention(NamedTuple):
    term: Term
    start: int  # character offsets of the words naming it
    end: int
    other: bool  # written "other …" / "another …": members besides the label's own drug


class Lexicon:
    """Terms by their first token, longest first (the scan takes the longest that fits).

    A lexicon may extend another (``base``) without copying it: the class table's terms
    with the names of the medicines being checked. It reads as the base with its own terms
    added after the base's, as ``copy`` and ``add`` would make it.
    """

    def __init__(
        self, terms: Iterable[tuple[tuple[str, ...], Term]] = (), base: Lexicon | None = None
    ) -> None:
        self.base = base
        self.terms: dict[tuple[str, ...], list[Term]] = {}  # its own, not the base's
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._unsorted: set[str] = set()  # first tokens whose keys are not yet ordered
        self._firsts: set[str] | None = None  # with a base: its first tokens and the base's
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
            if self._firsts is not None:
                self._firsts.add(key[0])
        elif term not in targets:
            targets.append(term)

    def copy(self) -> Lexicon:
        clone = Lexicon(base=self.base)
        clone.terms = {k: list(v) for k, v in self.terms.items()}
        clone._by_first = {k: list(v) for k, v in self._by_first.items()}
        clone._unsorted = set(self._unsorted)
        return clone

    def targets(self, key: tuple[str, ...]) -> list[Term]:
        """What a key names: the base's terms, then this lexicon's others."""
        own = self.terms.get(key)
        if self.base is None:
            return own or []
        below = self.base.targets(key)
        if not own:
            return below
        return below + [t for t in own if t not in below]

    def has(self, key: tuple[str, ...]) -> bool:
        return key in self.terms or (self.base is not None and self.base.has(key))

    def firsts(self) -> Collection[str]:
        """The first tokens of its keys and its base's: where a scan may find a term."""
        if self.base is None:
            return self._by_first
        if self._firsts is None:
            self._firsts = {*self.base.firsts(), *self._by_first}
        return self._firsts

    def longest_at(self, tokens: list[Token], i: int) -> tuple[str, ...] | None:
        if self.base is None:
            return self._own_longest_at(tokens, i)
        below = self.base.longest_at(tokens, i)
        if tokens[i].word not in self._by_first:
            return below
        # Two keys of one length that both fit at i are the same key.
        found = self._own_longest_at(tokens, i)
        if below is not None and (found is None or len(below) > len(found)):
            return below
        return found

    def _own_longest_at(self, tokens: list[Token], i: int) -> tuple[str, ...] | None:
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


class KeptLexicon(Lexicon):
    """A lexicon kept as text (``as_text``): loading it costs a JSON parse, and each term is
    made when it is first looked up (a check looks up a few of the class table's thousand
    terms). It reads exactly as the lexicon it was made from."""

    def __init__(self, text: dict[str, list[str]]) -> None:
        super().__init__()
        self._text = text  # " ".join(key) -> ["kind:target", ...]
        self._indexed = False

    @staticmethod
    def as_text(lexicon: Lexicon) -> dict[str, list[str]]:
        """A lexicon's terms as kept (a lexicon without a base)."""
        assert lexicon.base is None
        return {
            " ".join(key): [f"{t.kind}:{t.target}" for t in targets]
            for key, targets in lexicon.terms.items()
        }

    def add(self, key: tuple[str, ...], term: Term) -> None:
        raise TypeError("a kept lexicon is read-only: extend it (Lexicon(base=...))")

    def targets(self, key: tuple[str, ...]) -> list[Term]:
        found = self.terms.get(key)
        if found is None:
            text = self._text.get(" ".join(key))
            if text is None:
                return []
            found = self.terms[key] = [Term(*t.split(":", 1)) for t in text]
        return found

    def has(self, key: tuple[str, ...]) -> bool:
        return " ".join(key) in self._text

    def firsts(self) -> Collection[str]:
        self._index()
        return self._by_first

    def longest_at(self, tokens: list[Token], i: int) -> tuple[str, ...] | None:
        self._index()
        return self._own_longest_at(tokens, i)

    def _index(self) -> None:
        if not self._indexed:
            for joined in self._text:  # in the order they were added, as Lexicon keeps them
                key = tuple(joined.split(" "))
                self._by_first.setdefault(key[0], []).append(key)
                self._unsorted.add(key[0])
            self._indexed = True


def find(text: str, lexicon: Lexicon, tokens: list[Token] | None = None) -> list[Mention]:
    """Every mention in the text, in order (see the module comment)."""
    tokens = tokenize(text) if tokens is None else tokens
    found: list[Mention] = []
    firsts = lexicon.firsts()
    taken = 0  # tokens before this index belong to a mention already
    i = 0
    while i < len(tokens):
        key = lexicon.longest_at(tokens, i) if tokens[i].word in firsts else None
        if key is None:
            i += 1
            continue
        end = i + len(key)
        adjective = len(key) == 1 and end < len(tokens) and tokens[end].word in _ADJECTIVE_OF
        if not (i > 0 and tokens[i - 1].word == "non") and not adjective:
            other = i > 0 and tokens[i - 1].word in _OTHER
            start, stop = tokens[i].start, tokens[end - 1].end
            found += [Mention(term, start, stop, other) for term in lexicon.targets(key)]
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
            found += [Mention(t, word.start, word.end, False) for t in lexicon.targets(term)]
            position += step
    return found


def _sharing(
    key: tuple[str, ...], word: str, lexicon: Lexicon, *, head: bool
) -> tuple[str, ...] | None:
    """The longest known term made of `word` and the end (head) or the start of `key`."""
    for keep in range(len(key) - 1, 0, -1):
        term = (word, *key[-keep:]) if head else (*key[:keep], word)
        if term != key and lexicon.has(term):
            return term
    return None
