"""Full-text search over every monograph section, on an SQLite FTS5 index in the catalogue.

Each monograph is split into small documents (an indication, a dosing block, a side-effect
group, a precaution, a FAQ, …) so that a hit points at the part of the monograph that
mentions the term. Three columns carry different weight in BM25 ranking: the drug's names
(10), the document's heading, i.e. section and label (4), and its body text (1).

A query is a list of units (a word, or a quoted phrase); all must match, or any with
``--any``. A quoted phrase matches exactly; a word (or a run of words that is a synonym term,
"blood clots") also matches its inflections (FTS5's Porter stemmer, plus the Greek and
Latin plurals Porter misses: thromboses/thrombosis, emboli/embolus) and the other terms of
its group in ``data/synonyms.txt``. Documents that match the words as typed rank above those
that match only through a synonym.
"""

from __future__ import annotations

import re
import shlex
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model is imported only where documents are made
    from .model import Monograph

# bm25 column weights: drug names, heading, body, and the synonym concepts the heading and
# the body mention, each at half its column's weight. A document with the word as typed
# matches it in its text *and* in concepts, so it ranks above one that matches through a
# synonym only.
WEIGHTS = (10.0, 4.0, 1.0, 2.0, 0.5)
CANDIDATES = 400  # best-ranked documents considered before grouping by drug
# What a drug is for answers "which drug treats X" better than a mention elsewhere.
SECTION_BOOST = {"usage": 1.3, "names": 1.3}
PER_DRUG = 3  # a drug's best hits shown, so that one drug cannot fill the list
# What one search document holds of a monograph part (a paragraph, an item): snippets and
# highlights cost time in proportion to it, so a hostile 1,000,000-character line costs no
# more than a long real one. Real parts are a few hundred characters.
MAX_DOC_CHARS = 20_000
MAX_LABEL_CHARS = 500
_OPEN, _CLOSE = "\x01", "\x02"
SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.txt"

# `--section` names -> section keys in the index.
SECTIONS = {
    "names": "names",
    "usage": "usage",
    "dosage": "dosage",
    "side-effects": "side_effects",
    "mechanism": "mechanism",
    "precautions": "precautions",
    "interactions": "interactions",
    "faqs": "faqs",
}

# One FTS5 table: five ranked columns, and what a hit needs to know stored unindexed
# (`file` is the catalogue's files.rowid). `hconcepts` and `bconcepts` hold a token per
# synonym group the heading or body mentions ("zsyn3"), found when it is indexed: a query
# then asks for one token instead of every synonym as a phrase, which keeps ranking 50,000
# monographs fast.
_FTS_SCHEMA = f"""
CREATE VIRTUAL TABLE docs USING fts5(
    drug, heading, body, hconcepts, bconcepts, section UNINDEXED, label UNINDEXED,
    file UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO docs(docs, rank) VALUES('rank', 'bm25({", ".join(map(str, WEIGHTS))}, 0, 0, 0)');
CREATE VIRTUAL TABLE docs_vocab USING fts5vocab(docs, 'row');
"""


@dataclass
class Hit:
    """One matching part of a monograph."""

    drug: str  # the monograph's name (file stem)
    title: str
    path: str
    section: str  # section key: usage, dosage, side_effects, ...
    label: str | None
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)  # offsets in snippet
    label_highlights: list[tuple[int, int]] = field(default_factory=list)  # offsets in label
    score: float = 0.0
    exact: bool = True  # matched the words as typed, not only a synonym
    rowid: int = 0

    @property
    def section_title(self) -> str:
        from .model import SECTION_TITLES

        return SECTION_TITLES.get(self.section, self.section.replace("_", " ").title())


# --------------------------------------------------------------------------- indexing


class FtsIndexer:
    """The catalogue's search documents: one row per monograph part."""

    def create(self, conn: sqlite3.Connection) -> None:
        conn.executescript(_FTS_SCHEMA)

    def documents(self, mono: Monograph) -> list[tuple[Any, ...]]:
        return documents(mono)

    def last_rowid(self, conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT rowid FROM docs ORDER BY rowid DESC LIMIT 1").fetchone()
        return int(row[0]) if row else 0

    def insert(
        self, conn: sqlite3.Connection, file_id: int, first: int, docs: list[tuple[Any, ...]]
    ) -> None:
        conn.executemany(
            "INSERT INTO docs(rowid, drug, heading, body, hconcepts, bconcepts, section, label, "
            "file) VALUES(?,?,?,?,?,?,?,?,?)",
            [
                (first + i, drug, heading, body, hcon, bcon, section, label, file_id)
                for i, (section, label, drug, heading, body, hcon, bcon) in enumerate(docs)
            ],
        )

    def remove(self, conn: sqlite3.Connection, ranges: list[tuple[int, int]]) -> None:
        conn.executemany(
            "DELETE FROM docs WHERE rowid BETWEEN ? AND ?",
            [(first, first + count - 1) for first, count in ranges],
        )


def documents(mono: Monograph) -> list[tuple[Any, ...]]:
    """Split a monograph into (section, label, drug, heading, body, heading concepts, body
    concepts) documents."""
    from .model import SECTION_TITLES

    drug = _capped(" ".join([mono.title, *mono.aliases]), MAX_DOC_CHARS)
    docs: list[tuple[Any, ...]] = []

    def add(section: str, label: str | None, body: str) -> None:
        if not body and not label:
            return
        body = _capped(body, MAX_DOC_CHARS)
        label = _capped(label, MAX_LABEL_CHARS) if label else label
        heading = SECTION_TITLES.get(section, section)
        if label:
            heading = f"{heading}: {label}"
        docs.append((section, label, drug, heading, body, concepts(label or ""), concepts(body)))

    add("names", None, " ".join(filter(None, [mono.generic_name, mono.drug_class])))
    add("usage", None, " ".join(mono.usage.intro))
    for ind in mono.usage.indications:
        add("usage", ind.name, ind.text)
    add("dosage", None, " ".join(mono.dosage.intro))
    for block in mono.dosage.blocks:
        add("dosage", block.label, block.text)
    for note in mono.dosage.notes:
        add("dosage", note.label, note.text)
    add("side_effects", None, " ".join(mono.side_effects.intro + mono.side_effects.outro))
    for group in mono.side_effects.groups:
        add("side_effects", group.label, "; ".join(group.items))
    for key, items in (
        ("mechanism", mono.mechanism),
        ("precautions", mono.precautions),
        ("interactions", mono.interactions),
    ):
        add(key, None, " ".join(items.intro + items.outro))
        for item in items.items:
            add(key, item.label, item.text)
    for faq in mono.faqs:
        add("faqs", faq.question, faq.answer)
    for extra in mono.extra_sections:
        body = " ".join(f"{i.label}: {i.text}" if i.label else i.text for i in extra.items)
        add(extra.heading, None, body)
    return docs


def _capped(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


# --------------------------------------------------------------------------- queries

# Words, for synonym matching on both sides (query and index): what is left between white
# space and punctuation, "-" kept inside words ("a-fib"). str.translate and split instead of
# a regular expression: indexing 50,000 monographs tokenizes every sentence.
_SEPARATORS = str.maketrans(
    dict.fromkeys(
        "!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~\t\n\r–—‘’“”•·…×±≥≤°→←"
        + "".join(map(chr, range(32)))  # control characters (a NUL would end FTS5's string)
        + "\x7f",
        " ",
    )
)


def tokens(text: str) -> list[str]:
    return text.translate(_SEPARATORS).split()


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A light normal form for matching query words to synonym terms: case and plurals."""
    word = word.casefold()
    for plural, singular in (("ses", "sis"), ("ies", "y"), ("es", "e"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            if plural == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: -len(plural)] + singular
    return word


def fold_phrase(text: str) -> tuple[str, ...]:
    return tuple(fold_word(w) for w in tokens(text))


@dataclass(frozen=True)
class Synonyms:
    terms: dict[tuple[str, ...], list[int]]  # folded term -> ids of the groups it is in
    groups: list[list[str]]  # group id -> its terms as written
    first_forms: frozenset[str]  # first words of terms as they may be written (lower case)
    lengths: dict[str, tuple[int, ...]]  # folded first word -> lengths of terms it starts
    longest: int


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    terms: dict[tuple[str, ...], list[int]] = {}
    groups: list[list[str]] = []
    for raw in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        group = [t.strip() for t in line.split("|") if t.strip()]
        for term in group:
            terms.setdefault(fold_phrase(term), []).append(len(groups))
        groups.append(group)
    firsts = {t[0] for t in terms if t}
    # A written word folds to a term's first word if it is that word or one of its plurals.
    forms = set(firsts)
    for first in firsts:
        forms |= {first + "s", first + "es"}
        if first.endswith("sis"):
            forms.add(first[:-3] + "ses")
        if first.endswith("y"):
            forms.add(first[:-1] + "ies")
        if first.endswith("e"):
            forms.add(first + "s")
    lengths: dict[str, set[int]] = {}
    for words in terms:
        if words:
            lengths.setdefault(words[0], set()).add(len(words))
    return Synonyms(
        terms,
        groups,
        frozenset(forms),
        {first: tuple(sorted(ns)) for first, ns in lengths.items()},
        max(map(len, terms), default=1),
    )


def synonym_groups() -> dict[tuple[str, ...], list[list[str]]]:
    """Folded term -> the groups it belongs to (each group as written in the file)."""
    syn = synonyms()
    return {term: [syn.groups[g] for g in ids] for term, ids in syn.terms.items()}


def concept_token(group: int) -> str:
    return f"zsyn{group}"


def concepts(text: str) -> str:
    """The concept tokens of the synonym groups whose terms a text mentions."""
    syn = synonyms()
    words = tokens(text.lower())
    if syn.first_forms.isdisjoint(words):
        return ""  # the common case, decided in C
    found: set[int] = set()
    for i, word in enumerate(words):
        # Most words start no term: one set lookup before any folding (indexing speed).
        if word not in syn.first_forms:
            continue
        first = fold_word(word)
        for n in syn.lengths.get(first, ()):
            key = (first, *map(fold_word, words[i + 1 : i + n])) if n > 1 else (first,)
            found.update(syn.terms.get(key, ()))
    return " ".join(concept_token(g) for g in sorted(found))


def inflections(word: str) -> list[str]:
    """Forms Porter does not join: Greek and Latin plurals of medical words."""
    w = word.casefold()
    forms = [w]
    pairs = (
        ("ses", "sis"),
        ("sis", "ses"),
        ("ae", "a"),
        ("i", "us"),
        ("us", "i"),
        ("ices", "ix"),
        ("ix", "ices"),
        ("ata", "a"),
    )
    for end, other in pairs:
        if w.endswith(end) and len(w) > len(end) + 3:
            forms.append(w[: -len(end)] + other)
    return list(dict.fromkeys(forms))


@dataclass
class Unit:
    """One thing the query asks for: a word, words that form a synonym term, or a phrase."""

    text: str
    words: list[list[str]]  # each word's accepted forms; all words must appear
    synonyms: list[str]  # other terms of its synonym groups
    groups: list[int]  # the synonym groups it is a term of

    def fts(self, *, with_synonyms: bool, as_phrases: bool = False) -> str:
        """Its FTS5 expression; synonyms as concept tokens (fast, for ranking) or as the
        phrases themselves (to highlight them in a snippet)."""
        exact = " AND ".join(
            "(" + " OR ".join(_quote(form) for form in forms) + ")" for forms in self.words
        )
        alternatives = [f"({exact})"]
        if with_synonyms and as_phrases:
            alternatives += [_quote(t) for t in self.synonyms]
        elif with_synonyms:
            alternatives += ["{hconcepts bconcepts}:" + concept_token(g) for g in self.groups]
        return "(" + " OR ".join(alternatives) + ")"


def _quote(term: str) -> str:
    """A term or phrase as an FTS5 string: user input is never read as FTS5 syntax."""
    return '"' + term.replace('"', '""') + '"'


def split_query(args: Iterable[str]) -> list[tuple[str, bool]]:
    """(text, is_phrase) for each query part: words, and phrases in quotes or with spaces."""
    parts: list[tuple[str, bool]] = []
    for arg in args:
        pieces = [arg]
        if '"' in arg:
            try:
                pieces = shlex.split(arg)
            except ValueError:
                pieces = [arg.replace('"', " ")]
        for piece in pieces:
            words = tokens(piece)
            if len(words) > 1 and (" " in piece.strip() or piece is not arg):
                parts.append((" ".join(words), True))
            else:
                parts.extend((w, False) for w in words)
    return parts


def parse(args: Iterable[str]) -> list[Unit]:
    """The query's units; runs of words that form a synonym term become one unit."""
    syn = synonyms()
    groups, longest = syn.terms, syn.longest
    parts = split_query(args)
    units: list[Unit] = []
    i = 0
    while i < len(parts):
        text, phrase = parts[i]
        size = 1
        if not phrase:
            # The longest run of plain words that is a synonym term ("blood clots").
            for n in range(min(longest, len(parts) - i), 1, -1):
                run = parts[i : i + n]
                if (
                    all(not p for _t, p in run)
                    and fold_phrase(" ".join(t for t, _p in run)) in groups
                ):
                    text, size = " ".join(t for t, _p in run), n
                    break
        folded = fold_phrase(text)
        ids = [] if phrase else groups.get(folded, [])  # quoted: exactly these words
        others = [t for g in ids for t in syn.groups[g] if fold_phrase(t) != folded]
        forms = [[text]] if phrase else [inflections(w) for w in text.split()]
        units.append(Unit(text, forms, list(dict.fromkeys(others)), list(ids)))
        i += size
    return units


def match_expression(
    units: list[Unit], *, any_unit: bool, with_synonyms: bool, as_phrases: bool = False
) -> str:
    joiner = " OR " if any_unit else " AND "
    return joiner.join(u.fts(with_synonyms=with_synonyms, as_phrases=as_phrases) for u in units)


Scored = tuple[float, int, str, str, str | None]  # score, row id, path, section, label


def run(
    conn: sqlite3.Connection,
    units: list[Unit],
    visible: Callable[[list[str]], dict[str, tuple[str, str]]],
    *,
    limit: int,
    any_unit: bool = False,
    sections: list[str] | None = None,
    paths: list[str] | None = None,
) -> list[Hit]:
    """Ranked hits, best drug first and each drug's hits together.

    ``visible`` maps the files a command may show (searched folders, not overridden, not
    broken) to their (name, title); it is asked about the best files only.
    """
    if not units:
        return []
    scored = _candidates(conn, units, any_unit, sections, paths, limit)
    order = list(dict.fromkeys(path for _s, _r, path, _sec, _l in scored))
    shown: dict[str, tuple[str, str]] = {}
    for start in range(0, len(order), 64):  # the best files first, until enough drugs
        shown.update(visible(order[start : start + 64]))
        if len(shown) >= limit:
            break
    hits = [
        Hit(*shown[path], path, section, label, score=score, rowid=rowid)
        for score, rowid, path, section, label in scored
        if path in shown
    ]
    hits = _grouped(hits)[:limit]
    if hits and any(u.groups for u in units):
        _mark_exact(conn, units, any_unit, hits)
    # Snippets highlight the synonyms themselves, so they are asked for as phrases.
    display = match_expression(units, any_unit=any_unit, with_synonyms=True, as_phrases=True)
    for hit in hits:
        _decorate(conn, display, hit)
    return hits


def _candidates(
    conn: sqlite3.Connection,
    units: list[Unit],
    any_unit: bool,
    sections: list[str] | None,
    paths: list[str] | None,
    limit: int,
) -> list[Scored]:
    """The best-ranked matching documents, best first (FTS5 orders by its `rank` column
    cheaply); snippets and highlights come later, for the few hits shown."""
    full = match_expression(units, any_unit=any_unit, with_synonyms=True)
    where, params = "", []
    if sections:
        where += f" AND section IN ({','.join('?' * len(sections))})"
        params += sections
    if paths:
        where += " AND file IN (SELECT rowid FROM files WHERE path IN "
        where += f"({','.join('?' * len(paths))}))"
        params += paths
    found = conn.execute(
        f"SELECT rowid, rank, file, section, label FROM docs WHERE docs MATCH ?{where} "
        "ORDER BY rank LIMIT ?",
        (full, *params, max(CANDIDATES, limit * 20)),
    ).fetchall()
    if not found:
        return []
    file_paths = _paths(conn, {r[2] for r in found})
    return sorted(
        (
            (-rank * SECTION_BOOST.get(section, 1.0), rowid, file_paths.get(file, ""), section,
             label)
            for rowid, rank, file, section, label in found
        ),
        reverse=True,
    )  # fmt: skip


def _mark_exact(
    conn: sqlite3.Connection, units: list[Unit], any_unit: bool, hits: list[Hit]
) -> None:
    """Which shown hits have the words as typed (the rest came through a synonym)."""
    exact = match_expression(units, any_unit=any_unit, with_synonyms=False)
    marks = ",".join("?" * len(hits))
    typed = {
        r[0]
        for r in conn.execute(
            f"SELECT rowid FROM docs WHERE docs MATCH ? AND rowid IN ({marks})",
            (exact, *[h.rowid for h in hits]),
        )
    }
    for hit in hits:
        hit.exact = hit.rowid in typed


def _paths(conn: sqlite3.Connection, file_ids: set[int]) -> dict[int, str]:
    ids = list(file_ids)
    marks = ",".join("?" * len(ids))
    return dict(conn.execute(f"SELECT rowid, path FROM files WHERE rowid IN ({marks})", ids))


def _grouped(hits: list[Hit]) -> list[Hit]:
    """Drugs in order of their best hit; within a drug, its best hits (PER_DRUG) first."""
    best: dict[str, float] = {}
    for hit in hits:
        best[hit.path] = max(best.get(hit.path, float("-inf")), hit.score)
    ordered = sorted(hits, key=lambda h: (-best[h.path], h.path, -h.score))
    shown: dict[str, int] = {}
    kept = []
    for hit in ordered:
        shown[hit.path] = shown.get(hit.path, 0) + 1
        if shown[hit.path] <= PER_DRUG:
            kept.append(hit)
    return kept


def _decorate(conn: sqlite3.Connection, match: str, hit: Hit) -> None:
    row = conn.execute(
        "SELECT snippet(docs, 2, ?, ?, '…', 28), highlight(docs, 1, ?, ?) FROM docs "
        "WHERE docs MATCH ? AND rowid = ?",
        (_OPEN, _CLOSE, _OPEN, _CLOSE, match, hit.rowid),
    ).fetchone()
    if row is None:  # pragma: no cover - the row matched a moment ago
        return
    hit.snippet, hit.highlights = spans(row[0])
    heading, heading_spans = spans(row[1])
    if hit.label and heading.endswith(hit.label):
        offset = len(heading) - len(hit.label)
        hit.label_highlights = [(s - offset, e - offset) for s, e in heading_spans if s >= offset]


def spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip highlight markers from FTS5 output; the text and the highlighted offsets."""
    out: list[str] = []
    found: list[tuple[int, int]] = []
    length = 0
    start = 0
    for ch in marked:
        if ch == _OPEN:
            start = length
        elif ch == _CLOSE:
            found.append((start, length))
        else:
            out.append(ch)
            length += 1
    return "".join(out), found


# --------------------------------------------------------------------------- suggestions


def suggest(conn: sqlite3.Connection, units: list[Unit], limit: int = 3) -> list[str]:
    """Index words close to query words that match nothing ('did you mean thrombosis?')."""
    import difflib

    suggestions: list[str] = []
    for unit in units:
        if _count(conn, unit.fts(with_synonyms=True)) > 0:
            continue
        for word in tokens(unit.text.casefold()):
            if _count(conn, _quote(word)) > 0 or len(word) < 3:
                continue
            # Terms in the index are Porter stems; compare against those of a similar start.
            stems = [
                t
                for (t,) in conn.execute(
                    "SELECT term FROM docs_vocab WHERE term >= ? AND term < ?",
                    (word[:1], chr(ord(word[0]) + 1)),
                )
            ]
            for stem in difflib.get_close_matches(word, stems, n=limit, cutoff=0.75):
                surface = _surface(conn, stem)
                if surface and surface != word and surface not in suggestions:
                    suggestions.append(surface)
    return suggestions[:limit]


def _count(conn: sqlite3.Connection, match: str) -> int:
    try:
        found = conn.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(found[0])


def _surface(conn: sqlite3.Connection, stem: str) -> str | None:
    """A word as it is written in some document, for a Porter stem in the index."""
    row = conn.execute(
        "SELECT highlight(docs, 0, ?, ?) || ' ' || highlight(docs, 2, ?, ?) FROM docs "
        "WHERE docs MATCH ? LIMIT 1",
        (_OPEN, _CLOSE, _OPEN, _CLOSE, _quote(stem)),
    ).fetchone()
    if row is None:
        return None
    found = re.search(f"{_OPEN}([^{_CLOSE}]+){_CLOSE}", row[0])
    return found.group(1).casefold() if found else None
