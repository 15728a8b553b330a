"""openFDA tables: each ``<field>_table`` record field put back where its text is.

openFDA flattens a section to text, tables included, with their cells run together:
"Renal Status Creatinine Clearance mL/min Initial Dose mg/day Normal renal function >30 10
…", or with no space at all ("clearance10 mL/min30 mL/min"). The same record keeps each
table's markup (SPL table XHTML, without the namespace) in ``<field>_table``. Each table is
parsed with the SPL reader's table code (``textify.table_blocks``: one readable line per
row, the column headings repeated) and replaces its flattened text, found in the section's
paragraphs whatever the white space between the cells. A table whose text is not found is
left out (its text, if any, stays as openFDA wrote it).

The markup is untrusted like any downloaded label: it is parsed without a document type
declaration (one is refused), HTML's named character references are turned into
characters first (expat knows only XML's five), and a table over ``MAX_TABLE_CHARS`` is
skipped.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element, ParseError, XMLParser

from .label import Section
from .textify import CAPTION, NS, TABLE, Block, squash, table_blocks

MAX_TABLE_CHARS = 2_000_000
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_NAMED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_SPACE = re.compile(r"\s+")


def parse_tables(markups: list[str]) -> list[Element]:
    """The tables of a ``<field>_table`` value (a list of markup strings)."""
    tables: list[Element] = []
    for markup in markups:
        root = _parse(markup)
        if root is not None:
            tables += list(root.iter(TABLE))
    return tables


def _parse(markup: str) -> Element | None:
    if len(markup) > MAX_TABLE_CHARS or "<!" in markup:
        return None
    markup = _NAMED.sub(_character, markup)
    parser = XMLParser(encoding="utf-8")
    try:
        parser.feed(f'<root xmlns="{NS[1:-1]}">{markup}</root>'.encode())
        return parser.close()
    except ParseError:
        return None


def _character(match: re.Match[str]) -> str:
    """An HTML named character reference as its character (escaped where XML needs it)."""
    name = match.group(1)
    if name in _XML_NAMED:
        return match.group(0)
    text = html.unescape(match.group(0))
    if text == match.group(0):
        return match.group(0)
    return html.escape(text, quote=False)


def put_back(section: Section, tables: list[Element]) -> None:
    """Replace each table's flattened text in the section (and its subsections) with its
    rows."""
    for table in tables:
        _put_back_one(section, table)


def _put_back_one(section: Section, table: Element) -> bool:
    for blocks in _block_lists(section):
        for index, block in enumerate(blocks):
            if not block.para:
                continue
            found = _find(block.text, table)
            if found is None:
                continue
            start, end, with_caption = found
            rows = table_blocks(table, block.depth)
            if not with_caption:
                rows = [r for r in rows if not _is_caption(r, table)]
            before, after = block.text[:start].strip(), block.text[end:].strip()
            replaced = [Block("p", before, block.depth)] if before else []
            replaced += rows
            replaced += [Block("p", after, block.depth)] if after else []
            blocks[index : index + 1] = replaced
            return True
    return False


def _block_lists(section: Section) -> list[list[Block]]:
    lists = [section.blocks]
    for sub in section.subs:
        lists += _block_lists(sub)
    return lists


def _is_caption(block: Block, table: Element) -> bool:
    return any(block.text == squash(" ".join(c.itertext())) for c in table.iter(CAPTION))


def _find(text: str, table: Element) -> tuple[int, int, bool] | None:
    """Where a table's text is in a paragraph (start, end, with its caption), comparing
    without white space: openFDA runs the cells together with a space, or none."""
    compact, positions = _compact(text)
    for with_caption in (True, False):
        wanted = _SPACE.sub("", "".join(_table_text(table, with_caption)))
        if len(wanted) < 20:
            return None
        at = compact.find(wanted)
        if at >= 0:
            return positions[at], positions[at + len(wanted) - 1] + 1, with_caption
    return None


def _compact(text: str) -> tuple[str, list[int]]:
    """The text without white space, and each kept character's position in the text."""
    positions = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in positions), positions


def _table_text(table: Element, with_caption: bool) -> list[str]:
    parts: list[str] = []
    for child in table:
        if child.tag == CAPTION and not with_caption:
            continue
        parts += list(child.itertext())
    return parts
