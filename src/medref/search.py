"""Full-text search over every monograph section, on an SQLite FTS5 index in the catalogue.

Each monograph is split into small documents (an indication, a dosing block, a side-effect
group, a precaution, a FAQ, …) so that a hit points at the part of the monograph that
mentions the term. Three columns carry different weight in BM25 ranking: the drug's names,
the document's heading (section and label) and its body text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model is imported only where documents are made
    from .model import Monograph

# Column weights for bm25(): a hit in a name outranks one in a heading, then body text.
WEIGHTS = (10.0, 4.0, 1.0)
_OPEN, _CLOSE = "\x01", "\x02"

_FTS_SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(
    drug, heading, body, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE doc_info(
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, section TEXT NOT NULL, label TEXT,
    ord INTEGER NOT NULL
);
CREATE INDEX doc_info_path ON doc_info(path);
"""


@dataclass
class Hit:
    """One matching part of a monograph."""

    drug: str  # the monograph's name (file stem)
    title: str
    path: str
    section: str  # section key: usage, dosage, side_effects, ...
    label: str | None
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # offsets in snippet
    score: float = 0.0

    @property
    def section_title(self) -> str:
        from .model import SECTION_TITLES

        return SECTION_TITLES.get(self.section, self.section.replace("_", " ").title())

    def to_dict(self) -> dict[str, Any]:
        return {
            "drug": self.drug,
            "title": self.title,
            "section": self.section,
            "section_title": self.section_title,
            "label": self.label,
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "score": round(self.score, 4),
            "path": self.path,
        }


class FtsIndexer:
    """The catalogue's search documents: one row per monograph part."""

    def create(self, conn: sqlite3.Connection) -> None:
        conn.executescript(_FTS_SCHEMA)

    def documents(self, mono: Monograph) -> list[tuple[Any, ...]]:
        return documents(mono)

    def insert(self, conn: sqlite3.Connection, path: str, docs: list[tuple[Any, ...]]) -> None:
        for section, label, order, drug, heading, body in docs:
            cur = conn.execute(
                "INSERT INTO doc_info(path, section, label, ord) VALUES(?,?,?,?)",
                (path, section, label, order),
            )
            conn.execute(
                "INSERT INTO docs(rowid, drug, heading, body) VALUES(?,?,?,?)",
                (cur.lastrowid, drug, heading, body),
            )

    def remove(self, conn: sqlite3.Connection, paths: list[str]) -> None:
        marks = ",".join("?" * len(paths))
        conn.execute(
            f"DELETE FROM docs WHERE rowid IN (SELECT id FROM doc_info WHERE path IN ({marks}))",
            paths,
        )
        conn.execute(f"DELETE FROM doc_info WHERE path IN ({marks})", paths)


def documents(mono: Monograph) -> list[tuple[Any, ...]]:
    """Split a monograph into (section, label, order, drug, heading, body) documents."""
    from .model import SECTION_TITLES

    drug = " ".join([mono.title, *mono.aliases])
    docs: list[tuple[Any, ...]] = []

    def add(section: str, label: str | None, body: str) -> None:
        if not body and not label:
            return
        heading = SECTION_TITLES.get(section, section)
        if label:
            heading = f"{heading}: {label}"
        docs.append((section, label, len(docs), drug, heading, body))

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
    for key, items in (("mechanism", mono.mechanism), ("precautions", mono.precautions)):
        add(key, None, " ".join(items.intro + items.outro))
        for item in items.items:
            add(key, item.label, item.text)
    for faq in mono.faqs:
        add("faqs", faq.question, faq.answer)
    for extra in mono.extra_sections:
        add(
            extra.heading,
            None,
            " ".join(f"{i.label}: {i.text}" if i.label else i.text for i in extra.items),
        )
    return docs


def fts_query(terms: list[str]) -> str:
    """Quote each term so user input can never be read as FTS5 syntax."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def run(
    conn: sqlite3.Connection,
    match: str,
    visible: Callable[[str], tuple[str, str] | None],
    limit: int,
) -> list[Hit]:
    """Run an FTS5 MATCH; ``visible`` gives a shown file's (drug name, title), else None."""
    rows = conn.execute(
        "SELECT bm25(docs, ?, ?, ?), i.path, i.section, i.label, "
        "snippet(docs, 2, ?, ?, '…', 28), highlight(docs, 1, ?, ?) "
        "FROM docs JOIN doc_info i ON i.id = docs.rowid WHERE docs MATCH ? "
        "ORDER BY 1 LIMIT ?",
        (*WEIGHTS, _OPEN, _CLOSE, _OPEN, _CLOSE, match, limit * 20),
    ).fetchall()
    hits: list[Hit] = []
    for score, path, section, label, body, heading in rows:
        shown = visible(path)
        if shown is None:
            continue  # a folder not searched, or a monograph overridden by another folder
        drug, title = shown
        if section == "names" or _OPEN not in body:
            # The match is in the name or heading: show the heading with its highlights.
            snippet_text, spans = _spans(heading if _OPEN in heading else body)
        else:
            snippet_text, spans = _spans(body)
        hits.append(Hit(drug, title, path, section, label, snippet_text, spans, -score))
    return hits


def _spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip highlight markers from FTS5 output and return the text and highlight offsets."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start = 0
    for ch in marked:
        if ch == _OPEN:
            start = length
        elif ch == _CLOSE:
            spans.append((start, length))
        else:
            out.append(ch)
            length += 1
    return "".join(out), spans
