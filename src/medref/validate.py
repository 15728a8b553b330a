"""Checking monographs: errors make one unusable, warnings make it worse than it should be.

Errors: it does not parse (no title, invalid YAML, …); a required section is missing; Usage
is empty; an indication in Usage has no dosing block, or a dosing block belongs to no
indication; a dosing block's label names a condition its indication is not about (read with
the dose-selection vocabulary: "Rheumatoid Arthritis – Juvenile Rheumatoid Arthritis" would
print children's doses for adults' RA); a name or alias is claimed by two monographs; an alias (or a
product's shared name) is made of symptom, purpose and strength words ("Migraine Formula",
"Runny Nose"), which would open the monograph for anyone asking about the symptom; the file
name does not match the title.

Warnings: no sources; no ``last_reviewed`` date, or one older than two years; Usage names no
indication (dosage cannot be chosen by indication); an indication without text; a dosing
block that states no dose with a unit; an Interactions section with nothing in it, an
interaction item that says nothing, or one that names nothing (``medref interactions`` could
never match it to a medicine).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import MonographError
from .model import Monograph
from .parse import parse_file
from .textutil import name_key

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

ERROR, WARNING = "error", "warning"
REQUIRED_SECTIONS = {
    "usage": "Usage",
    "dosage": "Dosage",
    "side_effects": "Side Effects",
    "precautions": "Precautions",
}
REVIEW_MAX_AGE = dt.timedelta(days=730)
_UNIT = (
    r"(?:mg|mcg|µg|micrograms?|milligrams?|g|grams?|kg|ml|l|units?|iu|meq|mmol|mg/kg|mg/m2|"
    r"mg/m²|mcg/kg|units/kg|inhalations?|puffs?|actuations?|tablets?|capsules?|caplets?|"
    r"drops?|sprays?|patch(?:es)?|suppositor(?:y|ies)|vials?)"
)
# A number (or range), then a unit: "4 mg", "0.5–1 mg/kg", "1,000 units", "2 inhalations".
DOSE = re.compile(
    r"\d[\d,]*(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d[\d,]*(?:\.\d+)?)?\s*" + _UNIT + r"(?![a-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


def monograph_files(paths: Iterable[Path]) -> list[Path]:
    """The .md files named, and those directly inside the folders named (a folder's other
    entries, a FIFO or a symlink loop among them, are not opened; a file named is, and the
    parser refuses what is not a regular file)."""
    import os

    files: list[Path] = []
    for path in paths:
        try:
            folder = path.is_dir()
        except OSError:
            folder = False
        if not folder:
            files.append(path)
            continue
        found = []
        with os.scandir(path) as entries:
            for entry in entries:
                try:
                    if entry.name.endswith(".md") and entry.is_file():
                        found.append(Path(entry.path))
                except OSError:
                    continue
        files.extend(sorted(found))
    return files


def check_monograph(mono: Monograph, path: Path, today: dt.date | None = None) -> list[Finding]:
    """Findings about one parsed monograph on its own."""
    today = today or dt.date.today()
    found: list[Finding] = []

    def add(line: int, level: str, message: str) -> None:
        found.append(Finding(path, line or 1, level, message))

    title_line = mono.meta_lines.get("title", 1)
    if name_key(mono.title) != name_key(path.stem):
        add(
            title_line,
            ERROR,
            f"file name {path.name!r} does not match the title {mono.title!r} "
            f"(expected {name_key(mono.title)}.md)",
        )
    for key, title in REQUIRED_SECTIONS.items():
        if key not in mono.section_lines:
            add(1, ERROR, f"no {title} section")

    found += _usage_findings(mono, path)
    found += _condition_findings(mono, path)
    dosed = {b.indication for b in mono.dosage.blocks if b.indication}
    for indication in mono.usage.indications:
        if indication.name not in dosed:
            add(
                indication.line,
                ERROR,
                f"indication {indication.name!r} has no dosing block in Dosage",
            )
    for block in mono.dosage.blocks:
        if block.indication is None:
            add(block.line, ERROR, f"dosing block {block.label!r} matches no indication in Usage")
        elif not DOSE.search(block.text):
            add(block.line, WARNING, f"dosing block {block.label!r} states no dose with a unit")

    found += check_interactions(mono, path)
    found += _descriptive_names(mono, path)
    return found + _provenance_findings(mono, path, today)


def _provenance_findings(mono: Monograph, path: Path, today: dt.date) -> list[Finding]:
    """No sources; no review date, a malformed one, or one older than two years."""
    found = []
    if not mono.sources:
        line = mono.meta_lines.get("sources", 1)
        found.append(Finding(path, line, WARNING, "no sources: name the label the facts come from"))
    line = mono.meta_lines.get("last_reviewed", 1)
    if not mono.last_reviewed:
        return [*found, Finding(path, line, WARNING, "no last_reviewed date")]
    try:
        reviewed = dt.date.fromisoformat(mono.last_reviewed[:10])
    except ValueError:
        message = f"last_reviewed {mono.last_reviewed!r} is not a date (YYYY-MM-DD)"
        return [*found, Finding(path, line, WARNING, message)]
    if today - reviewed > REVIEW_MAX_AGE:
        message = f"last reviewed {mono.last_reviewed}, more than two years ago"
        found.append(Finding(path, line, WARNING, message))
    return found


def check_interactions(mono: Monograph, path: Path) -> list[Finding]:
    """Warnings about the Interactions section: empty, or items that say or name nothing."""
    if "interactions" not in mono.section_lines:
        return []
    section = mono.interactions
    found: list[Finding] = []
    if not (section.items or section.intro or section.outro):
        found.append(
            Finding(
                path,
                mono.section_lines["interactions"],
                WARNING,
                "the Interactions section is empty: write what the label says, or that it "
                "names no interactions",
            )
        )
    for item in section.items:
        problem = ""
        if item.label and not item.text:
            problem = f"interaction item {item.label!r} says nothing about it"
        elif names_nothing(item.label or item.text):
            what = repr(item.label) if item.label else "without a label"
            problem = f"interaction item {what} names no medicine or class to match"
        if problem:
            found.append(Finding(path, item.line or 1, WARNING, problem))
    return found


def names_nothing(text: str) -> bool:
    """Whether an interaction item's label (or text) is made only of words that name no
    medicine ("Other medicines", "Some drugs may interact with it")."""
    from .passages import GENERIC_WORDS
    from .textutil import words

    return all(w in GENERIC_WORDS for w in words(text))


def _descriptive_names(mono: Monograph, path: Path) -> list[Finding]:
    """Aliases and shared names that only describe (``descriptive``): errors."""
    from .descriptive import is_descriptive

    uses = " ".join([*mono.usage.intro, *(i.text for i in mono.usage.indications)])
    product = mono.product
    own = " ".join([mono.title, product.generic if product else ""])
    shared = product.names if product is not None else []
    line = mono.meta_lines.get("aliases", mono.meta_lines.get("title", 1))
    return [
        Finding(
            path,
            line if name in mono.aliases else mono.meta_lines.get("product", line),
            ERROR,
            f"{'alias' if name in mono.aliases else 'product name'} {name!r} is made of "
            "symptom, purpose or strength words: it would open this monograph for anyone "
            "asking about that",
        )
        for name in dict.fromkeys([*mono.aliases, *shared])
        if is_descriptive(name, uses, own)
    ]


def _usage_findings(mono: Monograph, path: Path) -> list[Finding]:
    """An empty Usage (an error); one that names no indication, or an indication with no
    text (warnings)."""
    line = mono.section_lines.get("usage")
    if line is None:
        return []  # the missing section is reported as such
    usage = mono.usage
    if not usage.indications and not any(t.strip() for t in usage.intro):
        return [Finding(path, line, ERROR, "Usage is empty: it names no indication")]
    found = []
    if not usage.indications:
        message = "Usage names no indication, so no dose can be chosen by indication"
        found.append(Finding(path, line, WARNING, message))
    for indication in usage.indications:
        if not indication.text.strip():
            found.append(
                Finding(
                    path,
                    indication.line or line,
                    WARNING,
                    f"indication {indication.name!r} has no text",
                )
            )
    return found


def _condition_findings(mono: Monograph, path: Path) -> list[Finding]:
    """Dosing labels that name a condition where they must not, read with the
    dose-selection vocabulary (loaded only when there is a label to read): a block's label
    naming a condition its indication is not about ("Rheumatoid Arthritis – Juvenile
    Rheumatoid Arthritis"), or a general note naming one ("General – Analgesia" is shown with
    every indication). A condition named as who the dose is for ("Older Adults or Heart
    Disease", "Patients with Renal Disease") is not a use."""
    labelled: list[tuple[str, str | None, int]] = [
        (b.label, b.indication, b.line) for b in mono.dosage.blocks if b.indication
    ]
    labelled += [(n.label, None, n.line) for n in mono.dosage.notes if n.label]
    if not labelled:
        return []
    from .vocabulary import load

    vocab = load()
    texts = {i.name: f"{i.name} {i.text}" for i in mono.usage.indications}
    found = []
    for label, indication, line in labelled:
        own = _conditions(texts.get(indication, indication), vocab) if indication else set()
        for named in sorted(_uses_named(label, vocab)):
            if any(vocab.related(named, o) for o in own):
                continue
            condition = vocab.names[named]
            if indication:
                message = (
                    f"dosing block {label!r} names {condition}, which is not what its "
                    f"indication {indication!r} is about"
                )
            else:
                message = (
                    f"general note {label!r} names {condition}: a note is shown with every "
                    "indication, so one condition's dose belongs in that indication's block"
                )

            found.append(Finding(path, line, ERROR, message))
    return found


def _conditions(text: str, vocab: Vocabulary) -> set[int]:
    from .vocabulary import scan_label

    return {c for hit in scan_label(text, vocab)[1] for c in hit.meaning.concepts}


# Words after which a condition is who the dose is for or what happens, not its use:
# "Patients with Renal Disease", "in Case of Intolerable Headaches".
_CIRCUMSTANCE = frozenset(
    {"with", "without", "case", "event", "intolerable", "intolerance", "intolerant", "if", "when"}
)


def _uses_named(label: str, vocab: Vocabulary) -> set[int]:
    """The conditions a dosing label names as what the dose is for: in each part of it
    (between dashes and parentheses), those not after a population or a circumstance."""
    from .vocabulary import scan_label, stem

    named: set[int] = set()
    for part in re.split(r"\s+[–—-]\s+|[()]", label):
        folded, hits = scan_label(part, vocab)
        people = [
            w in _CIRCUMSTANCE
            or ((m := vocab.terms.get((stem(w),))) is not None and m.population is not None)
            for w in folded
        ]
        for hit in hits:
            if not any(people[: hit.start]):
                named |= hit.meaning.concepts
    return named


def check_names(monos: list[tuple[Path, Monograph]]) -> list[Finding]:
    """Errors for names or aliases that two monographs claim."""
    owners: dict[str, list[tuple[Path, Monograph, str]]] = {}
    for path, mono in monos:
        for key, shown in {name_key(n): n for n in [mono.title, path.stem, *mono.aliases]}.items():
            owners.setdefault(key, []).append((path, mono, shown))
    found = []
    for claims in owners.values():
        if len({p for p, _m, _n in claims}) < 2:
            continue
        for path, mono, name in claims:
            others = ", ".join(str(p) for p, _m, _n in claims if p != path)
            line = mono.meta_lines.get("aliases", mono.meta_lines.get("title", 1))
            found.append(Finding(path, line, ERROR, f"name {name!r} is also claimed by {others}"))
    return found


def validate(paths: list[Path], today: dt.date | None = None) -> tuple[int, list[Finding]]:
    """Check the monographs in ``paths``; returns how many files and the findings."""
    files = monograph_files(paths)
    findings: list[Finding] = []
    parsed: list[tuple[Path, Monograph]] = []
    for path in files:
        try:
            mono = parse_file(path)
        except MonographError as exc:
            findings.append(Finding(path, exc.line, ERROR, exc.problem))
            continue
        parsed.append((path, mono))
        findings += check_monograph(mono, path, today)
    findings += check_names(parsed)
    findings.sort(key=lambda f: (str(f.path), f.line, f.level != ERROR))
    return len(files), findings
