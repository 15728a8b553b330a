"""A document as plain text: no escape codes, one line per paragraph, so that grep and cut
work on it (pipes, and files). Golden tests (tests/golden/) hold its exact output."""

from __future__ import annotations

from .document import (
    Block,
    Bullet,
    Cell,
    Doc,
    Heading,
    Lines,
    Note,
    Para,
    Quote,
    Table,
    Title,
    Warn,
)

_AFTER_HEADING = (Heading, Title)


def plain(doc: Doc) -> str:
    out: list[str] = []
    previous: Block | None = None
    for block in doc:
        out.extend(_block(block, previous, bool(out) and out[-1] != ""))
        previous = block
    return "\n".join(out).rstrip() + "\n"


def _block(block: Block, previous: Block | None, need_gap: bool) -> list[str]:
    gap = [""] if need_gap else []
    match block:
        case Title(text, subtitle):
            return [*gap, text, "=" * len(text), *([subtitle] if subtitle else [])]
        case Heading(text):
            return [*gap, text, "-" * len(text)]
        case Para(text, label):
            return [*_unless_after(previous, gap), labelled(label, text)]
        case Warn(text, label):
            after = isinstance(previous, Warn)  # warnings, one line each, stay together
            return [*([] if after else _unless_after(previous, gap)), labelled(f"!! {label}", text)]
        case Bullet(text, label):
            return ["  - " + labelled(label, text)]
        case Note(text):
            return [*([] if isinstance(previous, Note) else _unless_after(previous, gap)), text]
        case Quote(text):
            return ["  > " + text]
        case Table(columns, rows):
            return [*gap, *table(columns, rows)]
        case Lines(lines):
            return list(lines)
    raise TypeError(block)  # pragma: no cover - every block type is handled above


def _unless_after(previous: Block | None, gap: list[str]) -> list[str]:
    return [] if isinstance(previous, _AFTER_HEADING) else gap


def labelled(label: str | None, text: str) -> str:
    if label and text:
        return f"{label}: {text}"
    if label:
        return f"{label}:"
    return text


def table(columns: tuple[str, ...], rows: tuple[tuple[Cell, ...], ...]) -> list[str]:
    texts = [[cell.text for cell in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in texts:
        for i, value in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(value))

    def line(values: list[str]) -> str:
        padded = [v.ljust(widths[i]) for i, v in enumerate(values[:-1])]
        return "  ".join([*padded, values[-1]]).rstrip()

    rule = ["-" * w for w in widths[:-1]] + ["-" * len(columns[-1])]
    return [line(list(columns)), line(rule)] + [line(row) for row in texts]
