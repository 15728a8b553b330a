"""Label markup to text: SPL paragraphs, lists and tables become plain blocks.

A label section's content becomes a flat list of ``Block``s: paragraphs (``p``), captions
(``h``: a short paragraph set wholly in bold, italics or underline, which old-format labels use
as sub-headings: "Acute Gout"), list items (``li``, with their nesting depth) and table rows
(``row``, one readable line per row, the column headings repeated in each: "Decreased Appetite
— VYVANSE (n=218): 39%; Placebo: 4%"). A cell of parallel lines (a paragraph or line per
dose, "250 mg / or 375 mg" beside "twice daily / twice daily") gives one line per dose.
The monograph builder then decides per section whether blocks stay separate (list items in
Precautions, items in Side Effects) or are joined into one paragraph (a dosing block).

Inline markup keeps its text: the label's cross-references ("[see Warnings and Precautions
(5.1)]") are plain text in SPL and stay as they are; footnotes are kept in parentheses where
they stand, and footnote markers set in superscript ("twice daily<sup>a</sup>") are kept
apart from the word they mark ("twice daily [a]"); images are dropped. Lines broken by
<br/> after a lead ending in a colon are list items. Everything here runs once per element
of the sections that are imported, so it is written for speed (no XPath; a regular
expression only for superscripts).
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
SUP = NS + "sup"

# A superscript that marks a footnote (not an exponent, a degree or a trademark).
_MARKER = re.compile(r"[a-h]|[*†‡§¶#]{1,3}")
_STYLED = ("bold", "italics", "underline")
MAX_CAPTION_WORDS = 15
MAX_LINE_WORDS = 25
_BULLETS = "•·-–*■●○ "

# Characters YAML and terminals choke on (C0/C1 controls but tab and newline, BOM-likes);
# taken out of each finished monograph at once (``clean``), not of every string.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")


class Block(NamedTuple):
    kind: str  # "p" | "h" | "li" | "row"
    text: str
    depth: int = 0
    lead: str = ""  # a row's first cell, when the row has others (what the row is about)

    @property
    def para(self) -> bool:
        """A paragraph or a caption: text that is neither a list item nor a table row."""
        return self.kind in ("p", "h")


def squash(text: str) -> str:
    """One line: runs of white space (line breaks included) become one space."""
    return " ".join(text.split()) if text else ""


def clean(text: str) -> str:
    """Without control characters (JSON may carry them; XML cannot)."""
    if _CONTROL.search(text) is None:  # nearly always: a search copies nothing
        return text
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
        if child.tag == CONTENT:  # the most common by far: its text, without a call more
            _inline(child, parts)
        else:
            _piece(child, parts)
        if child.tail:
            parts.append(child.tail)


def _piece(child: Element, parts: list[str]) -> None:
    """One inline element's text (without its tail)."""
    tag = child.tag
    if tag == BR:
        parts.append(" ")
    elif tag == FOOTNOTE:
        note: list[str] = []
        _inline(child, note)
        text = squash("".join(note))
        if text:
            parts.append(f" ({text})")
    elif tag == SUP:
        _sup(child, parts)
    elif tag == MEDIA or not isinstance(tag, str):
        pass
    elif tag == LIST:
        items = [i for i in (inline(item) for item in child if item.tag == ITEM) if i]
        joined_items = "".join(
            i + ("" if n == len(items) - 1 else (" " if i[-1] in ".;:" else "; "))
            for n, i in enumerate(items)
        )
        parts.append(f" {joined_items} ")
    elif tag == TABLE:
        rows = [b.text for b in table_blocks(child)]
        parts.append(" " + "; ".join(rows) + " ")
    elif tag == PARAGRAPH:
        parts.append(" ")
        _inline(child, parts)
        parts.append(" ")
    else:  # content, linkHtml, sub, …: their text
        _inline(child, parts)


def _sup(el: Element, parts: list[str]) -> None:
    """A footnote marker stands apart ("daily [a]"); an exponent or a mark stays ("m2")."""
    note: list[str] = []
    _inline(el, note)
    text = squash("".join(note))
    if _MARKER.fullmatch(text):
        parts.append(f" [{text}] ")
    else:
        parts.append(text)


def _caption(paragraph: Element, text: str) -> bool:
    """A short paragraph whose text is all bold, italic or underlined: a sub-heading."""
    if len(paragraph) == 0 or (paragraph.text or "").strip():
        return False  # no markup, or text outside it: most paragraphs, told apart cheaply
    if len(text) > 120 or text.endswith(".") or len(text.split()) > MAX_CAPTION_WORDS:
        return False
    styled = False
    for child in paragraph:
        if child.tag == CONTENT and any(
            s in (child.get("styleCode") or "").lower() for s in _STYLED
        ):
            styled = True
        elif child.tag != BR:
            return False
        if (child.tail or "").strip():
            return False
    return styled


def blocks(container: Element | None, depth: int = 0) -> list[Block]:
    """The blocks of a <text> element (or of anything holding paragraphs, lists, tables)."""
    out: list[Block] = []
    if container is not None:
        _blocks(container, out, depth)
    return out


def _blocks(el: Element, out: list[Block], depth: int) -> None:
    loose: list[str] = [el.text or ""]  # inline text directly inside the container

    def flush() -> None:
        joined_text = "".join(loose)
        loose.clear()
        if joined_text and not joined_text.isspace():
            out.append(Block("p", squash(joined_text), depth))

    for child in el:
        tag = child.tag
        if tag == PARAGRAPH:
            flush()
            if out and out[-1].text.endswith(":") and _br_list(child, out, depth):
                continue
            text = inline(child)
            if text:
                out.append(Block("h" if _caption(child, text) else "p", text, depth))
        elif tag == LIST:
            flush()
            _list(child, out, depth)
        elif tag == TABLE:
            flush()
            out.extend(table_blocks(child, depth))
        else:
            _piece(child, loose)
        if child.tail:
            loose.append(child.tail)
    flush()


def _br_list(paragraph: Element, out: list[Block], depth: int) -> bool:
    """After a lead ending in a colon ("… are indicated for:"), a paragraph of lines broken
    by <br/> is a list in all but name: its lines become list items (True)."""
    lines = [t for t in (line.lstrip(_BULLETS).strip() for line in _cell_lines(paragraph)) if t]
    if len(lines) > 1 and all(len(line.split()) <= MAX_LINE_WORDS for line in lines):
        out.extend(Block("li", line, depth) for line in lines)
        return True
    return False


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
            else:
                _piece(child, parts)
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
        out.extend(Block("row", text, depth, lead) for text, lead in _row_texts(row, header))
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


def _row_texts(row: Element, header: list[str]) -> list[tuple[str, str]]:
    """A row as lines, each with its first cell: one line, or one per dose when cells
    hold parallel lines."""
    columns: list[list[str]] = []
    for cell in row:
        if cell.tag in (TD, TH):
            columns.append(_cell_lines(cell))
            columns.extend([[]] * (_span(cell) - 1))
    counts = {len(lines) for lines in columns if len(lines) > 1}
    parallel = len(counts) == 1 and sum(len(lines) > 1 for lines in columns) >= 2
    if not parallel:
        rows = [[" ".join(lines) for lines in columns]]
    else:
        size = counts.pop()
        rows = [
            [
                lines[index] if len(lines) == size else (" ".join(lines) if index == 0 else "")
                for lines in columns
            ]
            for index in range(size)
        ]
    out = []
    for cells in rows:
        text = _row_text(cells, header)
        if text:
            lead = cells[0] if cells and sum(bool(c) for c in cells) > 1 else ""
            out.append((text, lead))
    return out


def _cell_lines(cell: Element) -> list[str]:
    """A cell's lines: its paragraphs, or the text between its line breaks."""
    if not any(child.tag in (PARAGRAPH, BR) for child in cell):
        text = inline(cell)
        return [text] if text else []
    lines: list[str] = []
    parts: list[str] = [cell.text or ""]

    def flush() -> None:
        text = squash("".join(parts))
        if text:
            lines.append(text)
        parts.clear()

    for child in cell:
        if child.tag == PARAGRAPH:
            flush()
            parts.append(inline(child))
            flush()
        elif child.tag == BR:
            flush()
        else:
            _piece(child, parts)
        if child.tail:
            parts.append(child.tail)
    flush()
    return lines


def _row_text(cells: list[str], header: list[str]) -> str:
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
