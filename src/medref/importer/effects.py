"""Side Effects: the label's adverse reactions as groups of items.

Common reactions come from the sentence every PLR label has ("Most common adverse reactions
(incidence >10%) are …"), serious ones from the list of reactions "described elsewhere in
the labeling", then one group per subsection with its paragraphs, list items and table rows
as items. An OTC label has no adverse reactions: "When using this product" and "Stop use and
ask a doctor if" stand in.
"""

from __future__ import annotations

import re

from .label import Label, Section
from .markdown import Md, plain_title
from .textify import Block, squash

_COMMON = re.compile(
    r"most\s+common(?:ly\s+(?:reported|observed))?\s+(?:adverse\s+)?(?:reactions|events|"
    r"side\s+effects)\s*(?P<paren>\([^)]{0,120}\))?\s*(?P<who>(?:\b(?:in|among|reported\s+in|"
    r"observed\s+in|seen\s+in)\b)[^.:]{0,120}?)?\s*(?:\b(?:are|were|include|included|"
    r"includes)\b\s*:?|:)\s*",
    re.IGNORECASE,
)

_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|vs|approx|etc)\.", re.IGNORECASE)

_LIST_END = re.compile(r"\.(?:\s|$)|\s\((?:\d{1,2}(?:\.\d{1,2})?(?:,\s*)?)+\)|\s\[see ")

_SERIOUS_INTRO = re.compile(
    r"(serious|elsewhere in the label|other sections|greater detail)", re.IGNORECASE
)

_SERIOUS_FLAT = re.compile(
    r"([A-Z][^\[\]]{2,90}?)\s*\[see Warnings and Precautions \([\d.,\s]+\)\]"
)


def side_effects_section(md: Md, label: Label, missing: list[str]) -> None:
    md.heading("Side Effects")
    section = label.first("adverse")
    groups: list[tuple[str, list[str]]] = []
    if section is None:
        missing.append("adverse reactions")
        for otc in _otc_effects(label):
            groups.append((plain_title(otc.title), [b.text for b in otc.all_blocks()]))
        if not groups:
            md.para("The label has no adverse reactions section.")
            return
    else:
        intro, serious = _serious_list(section)
        groups += _common_groups(section)
        if serious:
            groups.append(("Serious Side Effects (see Precautions)", serious))
        if intro:
            groups.append(("Adverse Reactions", intro))
        for sub in section.subs:
            _sub_groups(sub, groups, "")
    for group_label, items in groups:
        items = [i for i in items if i]
        if not items:
            continue
        md.para("", label=group_label)
        for item in items:
            md.item(item)
        md.end_list()


def _otc_effects(label: Label) -> list[Section]:
    """Drug Facts have no adverse reactions; "When using this product" and "Stop use and
    ask a doctor if" are what they say about side effects (top level, or in Warnings)."""
    found = [s for key in ("when_using", "stop_use") for s in label.sections.get(key, [])]
    for warnings in label.sections.get("warnings", []):
        found += [s for s in warnings.subs if re.match(r"(?i)(when using|stop use)", s.title)]
    return [s for s in found if s.title]


def _common_groups(section: Section) -> list[tuple[str, list[str]]]:
    """'Most common adverse reactions (incidence >10%) are: a, b and c (6.1)' as groups."""
    groups: list[tuple[str, list[str]]] = []
    seen: set[tuple[str, ...]] = set()
    sources = [section.highlight, section.blocks, *(s.blocks for s in section.subs)]
    for source in sources:
        for block in source:
            for match in _COMMON.finditer(block.text):
                items = _list_items(block.text[match.end() : match.end() + 600])
                if not items or tuple(items) in seen:
                    continue
                seen.add(tuple(items))
                label = "Common Side Effects"
                if "discontinu" in (match.group("who") or ""):
                    label = "Side Effects Leading to Discontinuation"
                paren = (match.group("paren") or "").strip()
                if paren and len(paren) <= 40:
                    label += f" {paren}"
                who = squash(match.group("who") or "")
                if who and len(who) <= 60 and "discontinu" not in who:
                    label += f" – {who}"
                groups.append((label, items))
                if len(groups) >= 4:
                    return groups
    return groups


def _list_items(text: str) -> list[str]:
    """'a, b (e.g. x, y), and c (6.1)' -> ['a', 'b (e.g. x, y)', 'c']."""
    text = _ABBREVIATIONS.sub(lambda m: m.group(1) + "\x00", text)
    end = _LIST_END.search(text)
    if end:
        text = text[: end.start()]
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for piece in re.split(r"(\(|\)|,|;|\band\b|\bor\b)", text):
        if piece == "(":
            depth += 1
        elif piece == ")":
            depth = max(0, depth - 1)
        elif piece in (",", ";", "and", "or") and depth == 0:
            items.append("".join(current))
            current = []
            continue
        current.append(piece)
    items.append("".join(current))
    cleaned = [squash(i.replace("\x00", ".")).strip(" .:;") for i in items]
    cleaned = [i for i in cleaned if i]
    if len(cleaned) < 2 or any(len(i) > 80 for i in cleaned):
        return []
    return cleaned


def _serious_list(section: Section) -> tuple[list[str], list[str]]:
    """The intro's list of serious reactions "described elsewhere in the labeling"."""
    intro: list[str] = []
    serious: list[str] = []
    lead_serious = False
    for block in section.blocks:
        if _serious_entry(block, lead_serious):
            serious.append(plain_title(block.text))
            continue
        if block.para:
            lead_serious = bool(_SERIOUS_INTRO.search(block.text)) and block.text.endswith(":")
            if lead_serious:
                continue  # its entries follow
            flat = _SERIOUS_FLAT.findall(block.text)
            if len(flat) >= 2 and _SERIOUS_INTRO.search(block.text):
                # openFDA: "… in greater detail in other sections Serious Cardiovascular
                # Reactions [see Warnings and Precautions (5.2)] Blood Pressure …"
                serious += [_serious_name(f) for f in flat]
                rest = _SERIOUS_FLAT.sub(" ", block.text)
                intro.append(squash(rest))
                continue
            intro.append(block.text)
        else:
            intro.append(block.text)
    return intro, serious


def _serious_entry(block: Block, lead_serious: bool) -> bool:
    """After 'The following serious adverse reactions are discussed elsewhere:', the
    entries are list items, or short paragraphs with a cross-reference."""
    if not lead_serious:
        return False
    return block.kind == "li" or ("[see" in block.text and len(block.text) <= 160)


def _serious_name(text: str) -> str:
    """The last capitalised phrase: 'in other sections Serious Infections' -> the name."""
    text = squash(text)
    for marker in ("labeling", "label", "sections", ":"):
        index = text.rfind(marker)
        if index >= 0:
            text = text[index + len(marker) :]
    return text.strip(" :;,.")


def _sub_groups(sub: Section, groups: list[tuple[str, list[str]]], parent: str) -> None:
    title = plain_title(sub.title)
    items = [b.text for b in sub.blocks]
    if title:
        groups.append((title, items))
    elif groups:
        groups[-1][1].extend(items)
    else:
        groups.append((parent or "Adverse Reactions", items))
    for child in sub.subs:
        _sub_groups(child, groups, title or parent)
