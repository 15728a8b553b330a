"""Reading a monograph file into the model (``model.py``).

``parse_text`` turns the text of a monograph (the format of ``monographs/pomalidomide.md``,
described in ``docs/monograph-format.md``) into a ``Monograph``. The parser is tolerant of
layout (``##`` or ``###`` headings, CRLF, a BOM, trailing spaces, extra or missing
sections) and strict where a mistake would mislead: no front matter, front matter that is
not valid YAML or not a mapping, or no title raise ``MonographError`` naming the file and
the line. Hostile files stay bounded (README, "Robustness").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import MonographError
from .model import (
    FAQ,
    DosingBlock,
    ExtraSection,
    Indication,
    Item,
    ItemList,
    Monograph,
    Product,
    SideEffectGroup,
    is_boxed_warning,
    jsonable,
)
from .textutil import clean_inline, name_key, squash, words

# Hostile input stays bounded (README, "Robustness"): a monograph is a regular file of at
# most MAX_FILE_BYTES; its front matter at most MAX_FRONT_MATTER_BYTES, nested at most
# MAX_YAML_DEPTH deep, and without YAML aliases or anchors, which a monograph never needs
# and which let a few lines expand into gigabytes ("billion laughs") or loop for ever.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_YAML_DEPTH = 20
# No real label comes near these; a hostile file past them is refused, not parsed slowly.
MAX_INDICATIONS = 300
MAX_SECTION_ITEMS = 5000
# C0 and C1 control characters but tab and newline: a monograph's text is printed to
# terminals, and an escape sequence in it must not drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Heading text (folded, trailing colon dropped) -> section key.
SECTION_NAMES: dict[str, str] = {
    "generic name": "generic_name",
    "generic": "generic_name",
    "usage": "usage",
    "uses": "usage",
    "indications": "usage",
    "indications and usage": "usage",
    "dosage": "dosage",
    "dosing": "dosage",
    "dose": "dosage",
    "dosage and administration": "dosage",
    "side effects": "side_effects",
    "adverse effects": "side_effects",
    "adverse reactions": "side_effects",
    "how it works": "mechanism",
    "mechanism": "mechanism",
    "mechanism of action": "mechanism",
    "precautions": "precautions",
    "warnings": "precautions",
    "warnings and precautions": "precautions",
    "interactions": "interactions",
    "drug interactions": "interactions",
    "faqs": "faqs",
    "faq": "faqs",
    "frequently asked questions": "faqs",
    "disclaimer": "disclaimer",
}

# A Dosage label with one of these words (and no indication's name) applies to every
# indication. Kept narrow on purpose: anything else is treated as indication-specific, so
# an unrecognised label is hidden rather than shown beside another indication's dose.
GENERAL_NOTE_WORDS = frozenset(
    [
        "adjustment",
        "adjustments",
        "renal",
        "kidney",
        "hepatic",
        "liver",
        "impairment",
        "dialysis",
        "pediatric",
        "paediatric",
        "children",
        "geriatric",
        "elderly",
        "older",
        "missed",
        "administration",
        "general",
        "monitoring",
        "overdose",
    ]
)


def side_effect_kind(label: str) -> str:
    """Classify a side-effect group label for ``--serious`` / ``--common``."""
    text = " ".join(words(label))
    if re.search(r"\b(serious|severe|life threatening|boxed)\b", text):
        return "serious"
    if re.search(r"\bcommon\b", text) and not re.search(r"\b(less common|uncommon)\b", text):
        return "common"
    return "other"


# --------------------------------------------------------------------------- parsing

_FENCE = re.compile(r"^-{3,}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s{0,8}(?:[*+-]|\d{1,3}[.)])\s+(.*)$")
# `**Label:** text`, `**Label**: text`, or a bold line alone (a group header).
_LABEL = re.compile(r"^\*\*(?P<label>[^*]+?)\*\*\s*(?P<rest>.*)$")
_FAQ = re.compile(r"^Q\s*[:.]\s*(?P<q>.+?)\s+A\s*[:.]\s*(?P<a>.*)$", re.DOTALL)
_ANSWER_PREFIX = re.compile(r"^A\s*[:.]\s*")
_META_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass
class _Chunk:
    """A paragraph or list item of a section, before interpretation."""

    kind: str  # "para" | "item"
    lines: list[str]
    line: int
    label: str | None = None  # from a sub-heading inside the section

    _split: tuple[str | None, str] | None = None

    @property
    def raw(self) -> str:
        return squash(" ".join(self.lines))

    def split(self) -> tuple[str | None, str]:
        """(label, text), computed once: the parser asks several times."""
        if self._split is None:
            self._split = _split_label(self.raw)
        return self._split


@dataclass
class _Section:
    key: str | None  # None for an unknown heading
    heading: str
    level: int
    line: int
    chunks: list[_Chunk] = field(default_factory=list)


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A monograph file's bytes: regular files only (a FIFO would block, /dev/zero never
    ends), and at most ``limit`` bytes."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise MonographError(path, 1, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise MonographError(path, 1, "not a regular file (refused: only files are read)")
        if info.st_size > limit:
            raise MonographError(
                path, 1, f"too large ({_size(info.st_size)}; a monograph may have {_size(limit)})"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise MonographError(path, 1, f"cannot read file: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(raw) > limit:  # it grew while being read
        raise MonographError(path, 1, f"too large (over {_size(limit)})")
    return raw


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count // 1024} KB"


def parse_file(path: Path, name: str | None = None) -> Monograph:
    """Read and parse a monograph file; errors name the file."""
    raw = read_limited(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MonographError(path, line, "not UTF-8 text") from exc
    return parse_text(text, path=path, name=name)


def parse_text(text: str, path: Path | str | None = None, name: str | None = None) -> Monograph:
    """Parse a monograph's text. ``name`` defaults to the file stem (or the title's key)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    meta, meta_lines, body_start = _front_matter(lines, path)

    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        where = meta_lines.get("title", 1)
        problem = "the front matter has no title" if title is None else "title must be text"
        raise MonographError(path, where, problem)
    title = squash(title)
    if name is None:
        name = Path(path).stem.casefold() if path is not None else name_key(title)

    mono = Monograph(
        name=name,
        title=title,
        aliases=_string_list(meta.get("aliases"), path, meta_lines.get("aliases", 1), "aliases"),
        drug_class=_optional_text(meta.get("drug_class")),
        product=_product(meta.get("product"), path, meta_lines.get("product", 1)),
        sources=_sources(meta.get("sources"), path, meta_lines.get("sources", 1)),
        last_reviewed=_optional_text(meta.get("last_reviewed")),
        extra={k: v for k, v in meta.items() if k not in _KNOWN_KEYS},
        meta_lines=meta_lines,
    )
    _fill_body(mono, _sections(lines, body_start), path)
    return mono


def _front_matter(
    lines: list[str], path: Path | str | None
) -> tuple[dict[str, Any], dict[str, int], int]:
    """Find and load the YAML front matter; returns it, its key lines and the body start."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or not _FENCE.match(lines[start]):
        raise MonographError(
            path,
            start + 1 if start < len(lines) else 1,
            "no front matter: a monograph starts with a '---' line, YAML with a title, "
            "and another '---' line",
        )
    end = next((i for i in range(start + 1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        raise MonographError(path, start + 1, "the front matter is not closed by a '---' line")
    yaml_text = "\n".join(lines[start + 1 : end])
    first = start + 2  # 1-based line of the first YAML line

    import yaml  # only on a cache miss: parsing is off the hot path
    from frontmatter.default_handlers import YAMLHandler

    _check_yaml(yaml_text, path, first)
    try:
        data = YAMLHandler().load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first + mark.line if mark is not None else start + 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise MonographError(path, line, f"front matter is not valid YAML: {problem}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MonographError(path, first, "front matter must be a mapping of keys to values")
    key_lines: dict[str, int] = {}
    for offset, line in enumerate(lines[start + 1 : end]):
        m = _META_KEY.match(line)
        if m and m.group(1) not in key_lines:
            key_lines[m.group(1)] = first + offset
    return {str(k): v for k, v in data.items()}, key_lines, end + 1


def _check_yaml(text: str, path: Path | str | None, first: int) -> None:
    """Refuse front matter that could take unbounded work to load: too large, too deeply
    nested, or using aliases/anchors. Read as a stream of events (libyaml's C parser when
    installed), which builds nothing; syntax errors are left to the loader to report."""
    import yaml

    if len(text) > MAX_FRONT_MATTER_BYTES:
        raise MonographError(
            path,
            first,
            f"the front matter is too large (a monograph may have {_size(MAX_FRONT_MATTER_BYTES)})",
        )
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            line = first + (event.start_mark.line if event.start_mark else 0)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise MonographError(
                    path,
                    line,
                    "the front matter uses a YAML alias or anchor (&name, *name); monographs "
                    "do not need them and they are refused, as they can expand without bound",
                )
            if isinstance(event, opening):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise MonographError(
                        path, line, f"the front matter is nested more than {MAX_YAML_DEPTH} deep"
                    )
            elif isinstance(event, closing):
                depth -= 1
    except yaml.YAMLError:
        return


def _optional_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return squash(str(value))


def _string_list(value: Any, path: Path | str | None, line: int, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [squash(v) for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [squash(str(v)) for v in value if str(v).strip()]
    raise MonographError(path, line, f"{key} must be a list of names")


_KNOWN_KEYS = frozenset(["title", "aliases", "drug_class", "product", "sources", "last_reviewed"])
_PRODUCT_LISTS = ("ingredients", "routes", "forms", "unii", "names")


def _product(value: Any, path: Path | str | None, line: int) -> Product | None:
    """The ``product`` mapping (docs/monograph-format.md): text values and lists of names."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise MonographError(path, line, "product must be a mapping (generic, routes, …)")
    unknown = sorted(str(k) for k in value if k not in ("generic", "status", *_PRODUCT_LISTS))
    if unknown:
        raise MonographError(path, line, f"product has an unknown key {unknown[0]!r}")
    generic = _optional_text(value.get("generic"))
    if generic is None:
        raise MonographError(path, line, "product has no generic name (generic: …)")
    lists = {k: _string_list(value.get(k), path, line, f"product {k}") for k in _PRODUCT_LISTS}
    return Product(generic=generic, status=_optional_text(value.get("status")) or "", **lists)


def _sources(value: Any, path: Path | str | None, line: int) -> list[dict[str, str]]:
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise MonographError(path, line, "sources must be a list")
    result = []
    for entry in value:
        if isinstance(entry, dict):
            result.append({str(k): str(jsonable(v)) for k, v in entry.items() if v is not None})
        elif entry is not None:
            result.append({"label": squash(str(jsonable(entry)))})
    return result


def _sections(lines: list[str], body_start: int) -> list[_Section]:
    """Split the body into sections and their chunks (paragraphs and list items)."""
    preamble = _Section(key=None, heading="", level=0, line=body_start + 1)
    sections: list[_Section] = [preamble]
    current = preamble
    chunk: _Chunk | None = None
    sub_label: str | None = None
    sub_chunk: _Chunk | None = None

    for index in range(body_start, len(lines)):
        line = lines[index]
        number = index + 1
        heading = _HEADING.match(line)
        if heading:
            chunk = None
            level = len(heading.group(1))
            text = clean_inline(heading.group(2))
            key = SECTION_NAMES.get(_heading_key(text))
            if level == 1 and key is None:
                continue  # the "# Title" line
            if key is None and current.key is not None and level > current.level:
                # A sub-heading inside a known section labels what follows it
                # ("#### Multiple Myeloma (Adults)" under "### Dosage"); under Side Effects
                # it starts a group, elsewhere its paragraphs become one labelled block.
                label = text.rstrip(":")
                if current.key == "side_effects":
                    current.chunks.append(_Chunk("para", [f"**{label}:**"], number))
                    sub_label = None
                else:
                    sub_label = label
                    sub_chunk = None
                continue
            current = _Section(key=key, heading=text.rstrip(":"), level=level, line=number)
            sections.append(current)
            sub_label = sub_chunk = None
            continue
        if not line.strip():
            chunk = None
            continue
        bullet = _BULLET.match(line)
        if sub_label is not None:
            # Everything under a sub-heading is one block with that label.
            if sub_chunk is None:
                sub_chunk = _Chunk("para", [], number, sub_label)
                current.chunks.append(sub_chunk)
            sub_chunk.lines.append(bullet.group(1) if bullet else line.strip())
            chunk = sub_chunk
        elif bullet:
            chunk = _Chunk("item", [bullet.group(1)], number)
            current.chunks.append(chunk)
        elif chunk is not None:
            chunk.lines.append(line.strip())  # continuation of a paragraph or item
        else:
            chunk = _Chunk("para", [line.strip()], number)
            current.chunks.append(chunk)
    return sections


def _heading_key(text: str) -> str:
    """'How it Works:' -> 'how it works'; "FAQ's" -> 'faqs'."""
    return re.sub(r" s\b", "s", " ".join(words(text)))


def _split_label(raw: str) -> tuple[str | None, str]:
    """``**Label:** text`` -> ("Label", "text"); a bold line alone is a label with no text.

    Bold text at the start of a sentence without a colon is emphasis, not a label.
    """
    m = _LABEL.match(raw)
    if not m:
        return None, clean_inline(raw)
    label, rest = m.group("label").strip(), m.group("rest").strip()
    if label.endswith(":"):
        return clean_inline(label[:-1]), clean_inline(rest)
    if rest.startswith(":"):
        return clean_inline(label), clean_inline(rest[1:])
    if not rest:
        return clean_inline(label), ""
    return None, clean_inline(raw)


def _labelled(chunk: _Chunk) -> tuple[str | None, str]:
    label, text = chunk.split()
    if label is None and chunk.label is not None:
        return chunk.label, text
    return label, text


def _fill_body(mono: Monograph, sections: list[_Section], path: Path | str | None) -> None:
    for section in sections:
        if len(section.chunks) > MAX_SECTION_ITEMS:
            raise MonographError(
                path,
                section.line,
                f"the {section.heading or 'opening'} section has more than "
                f"{MAX_SECTION_ITEMS} paragraphs and items",
            )
    # Usage first: Dosage labels are matched against its indications, wherever it stands.
    for section in sorted(sections, key=lambda s: s.key != "usage"):
        # A "**Disclaimer:**" paragraph can sit in any section (the seed's is under FAQs).
        kept = []
        for chunk in section.chunks:
            label, text = chunk.split()
            if label is not None and words(label) == ["disclaimer"] and text:
                mono.disclaimer = text
            else:
                kept.append(chunk)
        section.chunks = kept

        if section.key is None:
            if section.heading and section.chunks:
                items = [Item(*_labelled(c), c.line) for c in section.chunks]
                mono.extra_sections.append(ExtraSection(section.heading, items, section.line))
            continue
        mono.section_lines.setdefault(section.key, section.line)
        fill = _FILLERS[section.key]
        fill(mono, section)
        if len(mono.usage.indications) > MAX_INDICATIONS:
            raise MonographError(
                path, section.line, f"Usage has more than {MAX_INDICATIONS} indications"
            )


def _fill_generic_name(mono: Monograph, section: _Section) -> None:
    text = " ".join(clean_inline(c.raw) for c in section.chunks)
    mono.generic_name = text or mono.generic_name


def _fill_usage(mono: Monograph, section: _Section) -> None:
    for chunk in section.chunks:
        label, text = _labelled(chunk)
        if label:
            mono.usage.indications.append(Indication(label, text, chunk.line))
        elif text:
            mono.usage.intro.append(text)


def _fill_dosage(mono: Monograph, section: _Section) -> None:
    names = _word_sets([i.name for i in mono.usage.indications])
    for chunk in section.chunks:
        label, text = _labelled(chunk)
        if not label:
            if text:
                mono.dosage.intro.append(text)
            continue
        indication = _best_indication(set(words(label)), names)
        if indication is None and GENERAL_NOTE_WORDS.intersection(words(label)):
            mono.dosage.notes.append(Item(label, text, chunk.line))
        else:
            mono.dosage.blocks.append(DosingBlock(label, text, indication, chunk.line))


def match_indication(label: str, indications: list[str]) -> str | None:
    """The indication whose name's words all appear in a dosing label; the longest wins."""
    return _best_indication(set(words(label)), _word_sets(indications))


def _word_sets(names: list[str]) -> list[tuple[str, set[str]]]:
    return [(name, set(words(name))) for name in names]


def _best_indication(label_words: set[str], names: list[tuple[str, set[str]]]) -> str | None:
    best: str | None = None
    best_size = 0
    for name, name_words in names:
        if name_words and len(name_words) > best_size and name_words <= label_words:
            best, best_size = name, len(name_words)
    return best


def _fill_side_effects(mono: Monograph, section: _Section) -> None:
    effects = mono.side_effects
    group: SideEffectGroup | None = None
    for chunk in section.chunks:
        label, text = _labelled(chunk)
        if chunk.kind == "item":
            if group is None:
                group = SideEffectGroup("Side Effects", "other", [], chunk.line)
                effects.groups.append(group)
            group.items.append(f"{label}: {text}" if label and text else label or text)
        elif label is not None:
            group = SideEffectGroup(label, side_effect_kind(label), [], chunk.line)
            if text:
                group.items.append(text)
            effects.groups.append(group)
        elif text:
            (effects.outro if effects.groups else effects.intro).append(text)
            group = None


def _item_filler(attr: str) -> Any:
    def fill(mono: Monograph, section: _Section) -> None:
        target: ItemList = getattr(mono, attr)
        for chunk in section.chunks:
            label, text = _labelled(chunk)
            if chunk.kind == "para" and label is None:
                (target.outro if target.items else target.intro).append(text)
            else:
                target.items.append(Item(label, text, chunk.line))
        if attr == "precautions":
            # Boxed warnings first, whatever order the file has them in.
            target.items.sort(key=lambda item: not is_boxed_warning(item.label))

    return fill


def _fill_faqs(mono: Monograph, section: _Section) -> None:
    pending: FAQ | None = None
    for chunk in section.chunks:
        plain = clean_inline(chunk.raw)
        m = _FAQ.match(plain)
        if m:
            pending = FAQ(m.group("q").strip(), m.group("a").strip(), chunk.line)
            mono.faqs.append(pending)
            continue
        label, text = _labelled(chunk)
        if label is not None:
            # "#### Question?" sub-headings or "**Question?**" lines followed by an answer.
            question = re.sub(r"^Q\s*[:.]\s*", "", label)
            pending = FAQ(question, _ANSWER_PREFIX.sub("", text), chunk.line)
            mono.faqs.append(pending)
        elif pending is not None:
            pending.answer = squash(pending.answer + " " + _ANSWER_PREFIX.sub("", text))
        elif plain.startswith(("Q:", "Q.")):
            mono.faqs.append(FAQ(plain[2:].strip(), "", chunk.line))


def _fill_disclaimer(mono: Monograph, section: _Section) -> None:
    text = " ".join(_labelled(c)[1] for c in section.chunks).strip()
    if text:
        mono.disclaimer = text


_FILLERS = {
    "generic_name": _fill_generic_name,
    "usage": _fill_usage,
    "dosage": _fill_dosage,
    "side_effects": _fill_side_effects,
    "mechanism": _item_filler("mechanism"),
    "precautions": _item_filler("precautions"),
    "interactions": _item_filler("interactions"),
    "faqs": _fill_faqs,
    "disclaimer": _fill_disclaimer,
}
