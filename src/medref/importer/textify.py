"""Label markup to text: SPL paragraphs, lists and tables become plain blocks.

A label section's content becomes a flat list of ``Block``s: paragraphs (``p``), list items
(``li``, with their nesting depth) and table rows (``row``, one readable line per row, the
column headings repeated in each: "Decreased Appetite — VYVANSE (n=218): 39%; Placebo: 4%").
The monograph builder then decides per section whether blocks stay separate (list items in
Precautions, items in Side Effects) or are joined into one paragraph (a dosing block).

Inline markup keeps its text: the label's cross-references ("[see Warnings and Precautions
(5.1)]") are plain text in SPL and stay as they are; footnotes are kept in parentheses where
they stand; images are dropped. Everything here runs once per element of the sections that
are imported, so it is written for speed (no XPath, no regular expressions per element).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from xml.etree.ElementTree import Element

NS = "{urn:hl7-org:v3}"
PARAGRAPH = NS + "paragraph"
LIST = NS + "list"
ITEM = NS + "item"
TABLE = NS + "table"
CAPTION = NS + "caption"
BR = NS + "br"
FOOTNOTE = NS + "footnote"
MEDIA = NS + "renderMultiMedia"
CONTENT = NS + "content"
THEAD, TBODY, TFOOT = NS + "thead", NS + "tbody", NS + "tfoot"
TR, TD, TH = NS + "tr", NS + "td", NS + "th"
COL, COLGROUP = NS + "col", NS + "colgroup"

# Characters YAML and terminals choke on (C0/C1 controls but tab and newline, BOM-likes);
# taken out of each finished monograph at once (``clean``), not of every string.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")


class Block(NamedTuple):
    kind: str  # "p" | "li" | "row"
    text: str
    depth: int = 0


def squash(text: str) -> str:
    """One line: runs of white space (line breaks included) become one space."""
    return " ".join(text.split()) if text else ""


def clean(text: str) -> str:
    """Without control characters (JSON may carry them; XML cannot)."""
    return _CONTROL.sub("", text)


def inline(el: Element) -> str:
    """The text of an element and everything in it, on one line."""
    parts: list[str] = []
    _inline(el, parts)
    return squash("".join(parts))


def _inline(el: Element, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if tag == BR:
            parts.append(" ")
        elif tag == FOOTNOTE:
            note: list[str] = []
            _inline(child, note)
            text = squash("".join(note))
            if text:
                parts.append(f" ({text})")
        elif tag == MEDIA or not isinstance(tag, str):
            pass
        elif tag == LIST:
            items = [inline(item) for item in child if item.tag == ITEM]
            parts.append(" " + "; ".join(i for i in items if i) + " ")
        elif tag == TABLE:
            rows = [b.text for b in table_blocks(child)]
            parts.append(" " + "; ".join(rows) + " ")
        elif tag == PARAGRAPH:
            parts.append(" ")
            _inline(child, parts)
            parts.append(" ")
        else:  # content, linkHtml, sup, sub, …: their text
            _inline(child, parts)
        if child.tail:
            parts.append(child.tail)


def blocks(container: Element | None, depth: int = 0) -> list[Block]:
    """The blocks of a <text> element (or of anything holding paragraphs, lists, tables)."""
    out: list[Block] = []
    if container is not None:
        _blocks(container, out, depth)
    return out


def _blocks(el: Element, out: list[Block], depth: int) -> None:
    loose: list[str] = [el.text or ""]  # inline text directly inside the container

    def flush() -> None:
        text = squash("".join(loose))
        if text:
            out.append(Block("p", text, depth))
        loose.clear()

    for child in el:
        tag = child.tag
        if tag == PARAGRAPH:
            flush()
            text = inline(child)
            if text:
                out.append(Block("p", text, depth))
        elif tag == LIST:
            flush()
            _list(child, out, depth)
        elif tag == TABLE:
            flush()
            out.extend(table_blocks(child, depth))
        elif tag == MEDIA or not isinstance(tag, str):
            pass
        else:
            _inline(child, loose)
        if child.tail:
            loose.append(child.tail)
    flush()


def _list(lst: Element, out: list[Block], depth: int) -> None:
    for item in lst:
        if item.tag == CAPTION:
            text = inline(item)
            if text:
                out.append(Block("p", text, depth))
            continue
        if item.tag != ITEM:
            continue
        parts: list[str] = [item.text or ""]
        nested: list[Element] = []
        for child in item:
            tag = child.tag
            if tag in (LIST, TABLE):
                nested.append(child)
            elif tag == CAPTION:
                pass  # a list item's own marker caption ("•", "a.")
            elif tag == PARAGRAPH:
                parts.append(" ")
                _inline(child, parts)
                parts.append(" ")
            elif tag == BR:
                parts.append(" ")
            elif tag != MEDIA and isinstance(tag, str):
                _inline(child, parts)
            if child.tail:
                parts.append(child.tail)
        text = squash("".join(parts))
        if text:
            out.append(Block("li", text, depth))
        for child in nested:
            if child.tag == LIST:
                _list(child, out, depth + 1)
            else:
                out.extend(table_blocks(child, depth + 1))


# --------------------------------------------------------------------------- tables


def _cell_bold(cell: Element) -> bool:
    """A cell whose text is all inside bold <content>: a heading cell in a body row."""
    if (cell.text or "").strip():
        return False
    seen = False
    for child in cell:
        if child.tag == CONTENT and "bold" in (child.get("styleCode") or "").lower():
            seen = True
        elif child.tag != BR:
            return False
        if (child.tail or "").strip():
            return False
    return seen


def _heading_row(row: Element) -> bool:
    """Bold or <th> cells; or, under an empty corner cell, column names (not figures)."""
    cells = [c for c in row if c.tag in (TD, TH)]
    texts = [inline(c) for c in cells]
    filled = [c for c, t in zip(cells, texts, strict=True) if t]
    if len(cells) < 2 or not filled:
        return False
    if all(c.tag == TH or _cell_bold(c) for c in filled):
        return True
    figures = "0123456789<>≤≥=+-–.%"
    return not texts[0] and all(t and t[0] not in figures for t in texts[1:])


def _span(cell: Element) -> int:
    try:
        return max(1, min(50, int(cell.get("colspan") or 1)))
    except ValueError:
        return 1


def table_blocks(table: Element, depth: int = 0) -> list[Block]:
    """A table as readable lines: its caption, then one line per row.

    With column headings (a <thead>, or a first row of bold or <th> cells), a row reads
    "first cell — Heading 2: cell 2; Heading 3: cell 3"; without, its cells are joined by
    " | ". A row of one cell spanning the table (a sub-heading) stays as it is.
    """
    captions, head_rows, body_rows, foot_rows = _table_parts(table)
    out = [Block("p", text, depth) for text in captions]
    header = _header(head_rows)
    for row in body_rows:
        text = _row_text(row, header)
        if text:
            out.append(Block("row", text, depth))
    for row in foot_rows:
        text = " ".join(inline(c) for c in row if c.tag in (TD, TH)).strip()
        if text:
            out.append(Block("p", text, depth))
    return out


def _table_parts(
    table: Element,
) -> tuple[list[str], list[Element], list[Element], list[Element]]:
    """A table's captions, heading rows, body rows and footer rows."""
    captions: list[str] = []
    head_rows: list[Element] = []
    body_rows: list[Element] = []
    foot_rows: list[Element] = []
    for child in table:
        tag = child.tag
        if tag == CAPTION:
            text = inline(child)
            if text:
                captions.append(text)
        elif tag == THEAD:
            head_rows.extend(r for r in child if r.tag == TR)
        elif tag == TBODY:
            body_rows.extend(r for r in child if r.tag == TR)
        elif tag == TFOOT:
            foot_rows.extend(r for r in child if r.tag == TR)
        elif tag == TR:
            body_rows.append(child)
    if not head_rows:
        # Leading rows of bold (or <th>) cells are headings, empty cells allowed.
        while body_rows and len(head_rows) < 3 and _heading_row(body_rows[0]):
            head_rows.append(body_rows.pop(0))
        if len(body_rows) == 0:
            body_rows, head_rows = head_rows, []
    return captions, head_rows, body_rows, foot_rows


def _header(head_rows: list[Element]) -> list[str]:
    """The column headings; a second heading row refines the first, column by column."""
    header: list[str] = []
    for row in head_rows:
        columns: list[str] = []
        for cell in row:
            if cell.tag in (TD, TH):
                columns.extend([inline(cell)] * _span(cell))
        if not header:
            header = columns
        else:
            padded = header + [""] * (len(columns) - len(header))
            header = [
                squash(f"{a} {b}") if a != b else a for a, b in zip(padded, columns, strict=False)
            ]
    return header


def _row_text(row: Element, header: list[str]) -> str:
    cells: list[str] = []
    for cell in row:
        if cell.tag in (TD, TH):
            cells.append(inline(cell))
            cells.extend([""] * (_span(cell) - 1))
    filled = [c for c in cells if c]
    if not filled:
        return ""
    if len(filled) == 1 or not header or len(cells) != len(header):
        return " | ".join(filled)
    pairs = zip(header[1:], cells[1:], strict=True)
    rest = [f"{h}: {c}" if h else c for h, c in pairs if c]
    return f"{cells[0]} — " + "; ".join(rest) if cells[0] else "; ".join(rest)


# --------------------------------------------------------------------------- joining


def joined(items: list[Block]) -> str:
    """Blocks as one paragraph: list items marked with "•", rows separated by ";"."""
    parts: list[str] = []
    for block in items:
        if block.kind == "li":
            parts.append(f"• {block.text}")
        elif block.kind == "row":
            parts.append(f"{block.text};")
        else:
            parts.append(block.text)
    text = " ".join(parts)
    return text[:-1] if text.endswith(";") else text
