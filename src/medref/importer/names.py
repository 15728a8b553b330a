"""Naming an imported monograph: the active moiety, the brands, the salt forms.

A monograph is named for what a person asks for: "atorvastatin", not "atorvastatin calcium
trihydrate". SPL labels name the active moiety outright; for openFDA records the salt or
ester word is taken off the generic name. Brand names and the full salt name become aliases.
"""

from __future__ import annotations

import re

from ..textutil import name_key
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
    ]
)
SMALL_WORDS = frozenset(["and", "or", "of", "with", "in", "for", "the", "to", "a", "an"])
MAX_TITLE = 100
MAX_PARTS = 3  # more active moieties than this: name it by the generic name as given
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


def moiety_title(label: Label) -> tuple[str, list[str]]:
    """The monograph's title and the other names of the same medicine (salt forms).

    SPL: the active moieties ("ATORVASTATIN"), else the generic medicine name. openFDA:
    ``generic_name``, then ``brand_name``, then ``substance_name``, salt words taken off.
    """
    salts: list[str] = []
    parts: list[str]
    if label.moieties and len(label.moieties) <= MAX_PARTS:
        parts = [display(m) for m in label.moieties]
        salts = [display(g) for g in label.generic[:1]]
    else:
        source = label.generic or label.brands or label.substances
        if not source:
            return "", []
        given = source[0]
        pieces = _parts(given)
        if 1 < len(pieces) <= MAX_PARTS:
            parts = [display(strip_salt(p)) for p in pieces]
        else:
            parts = [display(strip_salt(given))]
        salts = [display(given)]
    title = " and ".join(dict.fromkeys(p for p in parts if p))
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE].rsplit(" ", 1)[0].rstrip(" ,;-")
    key = name_key(title)
    return title, [s for s in salts if name_key(s) != key]


def brand_aliases(label: Label, title: str) -> list[str]:
    key = name_key(title)
    out: list[str] = []
    seen = {key}
    for brand in label.brands:
        shown = display(brand)
        k = name_key(shown)
        if k and k not in seen and len(shown) <= MAX_TITLE:
            seen.add(k)
            out.append(shown)
    return out
