"""Naming an imported monograph: the active moiety, the brands, the salt forms.

A monograph is named for what a person asks for: "atorvastatin", not "atorvastatin calcium
trihydrate". SPL labels name the active moiety outright; for openFDA records the salt or
ester word is taken off the generic name. Brand names and the full salt name become aliases.
"""

from __future__ import annotations

import re

from ..descriptive import is_descriptive, word_lists
from ..textutil import name_key, words
from .label import Label

# Counter-ions and hydrates that name a salt form, not the medicine (only taken off the end,
# and never when nothing else would remain: "sodium chloride" stays).
SALT_WORDS = frozenset(
    [
        "hydrochloride",
        "hcl",
        "dihydrochloride",
        "hydrobromide",
        "hbr",
        "hydroiodide",
        "sodium",
        "disodium",
        "potassium",
        "dipotassium",
        "calcium",
        "magnesium",
        "zinc",
        "lithium",
        "citrate",
        "dicitrate",
        "mesylate",
        "dimesylate",
        "mesilate",
        "besylate",
        "besilate",
        "maleate",
        "dimaleate",
        "tartrate",
        "bitartrate",
        "succinate",
        "fumarate",
        "hemifumarate",
        "sulfate",
        "bisulfate",
        "phosphate",
        "diphosphate",
        "acetate",
        "diacetate",
        "bromide",
        "chloride",
        "iodide",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "tetrahydrate",
        "sesquihydrate",
        "hemihydrate",
        "hydrate",
        "anhydrous",
        "hyclate",
        "tosylate",
        "lactate",
        "gluconate",
        "nitrate",
        "propionate",
        "dipropionate",
        "valerate",
        "furoate",
        "xinafoate",
        "pamoate",
        "embonate",
        "stearate",
        "palmitate",
        "malate",
        "oxalate",
        "benzoate",
        "salicylate",
        "tromethamine",
        "meglumine",
        "olamine",
        "erbumine",
        "axetil",
        "medoxomil",
        "cilexetil",
        "proxetil",
        "mofetil",
        "decanoate",
        "enanthate",
        "cypionate",
        "undecanoate",
        "hexahydrate",
        "saccharate",
        "aspartate",
        "lysine",
        "arginine",
        "terephthalate",
        "tannate",
        "polistirex",
        "napsylate",
    ]
)
SMALL_WORDS = frozenset(["and", "or", "of", "with", "in", "for", "the", "to", "a", "an"])
MAX_TITLE = 100
MAX_PARTS = 5  # more active moieties than this: name it by the generic name as given
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|/|\+)\s*", re.IGNORECASE)


def display(name: str) -> str:
    """'ATORVASTATIN' -> 'Atorvastatin'; names already in mixed case stay as they are."""
    name = " ".join(name.split())
    letters = [c for c in name if c.isalpha()]
    if letters and (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        out = []
        for index, word in enumerate(name.split(" ")):
            lower = word.lower()
            out.append(lower if index and lower in SMALL_WORDS else lower[:1].upper() + lower[1:])
        return " ".join(out)
    return name


def strip_salt(name: str) -> str:
    """'atorvastatin calcium' -> 'atorvastatin'; 'sodium chloride' stays."""
    words = name.split()
    end = len(words)
    while end > 1 and words[end - 1].strip("(),.").casefold() in SALT_WORDS:
        end -= 1
    if all(w.strip("(),.").casefold() in SALT_WORDS for w in words[:end]):
        return name  # a salt is the medicine itself: "sodium chloride", "lithium carbonate"
    return " ".join(words[:end])


def _parts(name: str) -> list[str]:
    return [p for p in _SPLIT.split(name) if p.strip()]


def joined(parts: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    parts = list(dict.fromkeys(p for p in parts if p))
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def moiety_parts(label: Label) -> list[str]:
    """The active moieties as the title names them, in the label's order.

    SPL: the active moieties (the substance registry's names: spelling mistakes of the
    labeler's generic name stay out). openFDA, which names no moiety: the generic name's
    parts without their salt words, or the substances' when those are other medicines
    ("ibuorofen" is not a substance); a brand only when the label names nothing else.
    """
    if label.moieties and len(label.moieties) <= MAX_PARTS:
        # "CODEINE ANHYDROUS" is codeine
        return list(dict.fromkeys(display(strip_salt(m)) for m in label.moieties))
    given = [g for g in label.generic[:1] if not is_descriptive(g)]  # "Pain Reliever": no
    generic = _stripped(given[0]) if given else []
    substances = list(dict.fromkeys(strip_salt(s) for s in label.substances))
    other = {name_key(p) for p in generic} != {name_key(s) for s in substances}
    if substances and len(substances) <= MAX_PARTS and other:
        generic = [display(s) for s in substances]
    if not generic and given:
        generic = [display(given[0])]
    if not generic:
        brands = [b for b in label.brands if not is_descriptive(b)]
        generic = [display(strip_salt(brands[0]))] if brands else []
    return generic


def _stripped(given: str) -> list[str]:
    pieces = list(dict.fromkeys(display(strip_salt(p)) for p in _parts(given)))
    if 1 < len(pieces) <= MAX_PARTS:
        return pieces
    return [display(strip_salt(given))] if len(pieces) <= 1 else []


def moiety_title(label: Label) -> tuple[str, list[str]]:
    """The monograph's title and the other names of the same medicine (its active
    ingredients as named: salt forms; "Atorvastatin Calcium")."""
    title = joined(moiety_parts(label))
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE].rsplit(" ", 1)[0].rstrip(" ,;-")
    if not title:
        return "", []
    key = name_key(title)
    others = [joined([display(s) for s in label.substances])] if label.substances else []
    for given in label.generic[:1]:
        if name_key(joined(_stripped(given))) == key:
            others.append(display(given))  # a salt form, spelled right
    return title, [o for o in dict.fromkeys(others) if o and name_key(o) != key]


def brand_names(label: Label, title: str, uses: str = "") -> tuple[list[str], list[str]]:
    """The label's product names, as (aliases, generic names).

    A brand that only says the generic name again with descriptors ("Ibuprofen 200 mg",
    "Diclofenac Sodium Topical Solution") names any product of the medicine: it is a
    generic name, shared. A name made of symptom, purpose and strength words ("Migraine
    Formula") is no name at all. The others ("Advil", "Kirkland Signature Ibuprofen") are
    aliases."""
    own = " ".join([title, *label.substances])
    own_words = set(words(own))
    descriptors, symptoms = word_lists()
    aliases: list[str] = []
    generic: list[str] = []
    seen = {name_key(title)}
    for brand in label.brands:
        shown = display(brand)
        key = name_key(shown)
        if not key or key in seen or len(shown) > MAX_TITLE or is_descriptive(shown, uses, own):
            continue
        seen.add(key)
        rest = [w for w in words(shown) if w not in descriptors | symptoms and not w.isdigit()]
        if all(w in own_words or len(w) == 1 for w in rest):
            generic.append(shown)
        else:
            aliases.append(shown)
    return aliases, generic


def product_title(base: str, qualifier: str) -> str:
    """'Ibuprofen' and 'intravenous' -> 'Ibuprofen (intravenous)'."""
    return f"{base} ({qualifier})" if qualifier else base


def label_title(title: str, which: str) -> str:
    """One label of a product (--per-label): 'Aspirin (Ecotrin)', 'Ibuprofen (oral, OTC;
    Advil)'."""
    if title.endswith(")") and "(" in title:
        return f"{title[:-1]}; {which})"
    return f"{title} ({which})"
