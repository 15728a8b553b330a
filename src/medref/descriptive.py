"""Names that describe rather than name: "Migraine Formula", "Pain Reliever Extra Strength",
"Runny Nose", "Constipation".

Many OTC products are sold under their purpose, their symptoms and their strength. As an
alias such a name would open that one product for anyone asking about the symptom
(``medref show constipation`` opening a homeopathic arsenic), so ``medref import`` never
makes one a name and ``medref validate`` reports one.

A name is descriptive when, once the words of the drug's own name are set aside, every word
is a descriptor (strength, formula, form, age, time of day, flavour), a symptom or purpose
word, a word of a condition in medref's clinical vocabulary, or a word the drug's own uses
text writes in lower case ("temporarily relieves constipation"; a brand there is
capitalised: "LIPITOR is indicated …"). A name with no word left (``200 mg``) is
descriptive too. Store brands stay names: "Good Sense Migraine Formula" names a product.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .textutil import fold

WORDS_FILE = Path(__file__).parent / "data" / "descriptive.txt"
_WORD = re.compile(r"[a-z]+|[0-9]+(?:[.,][0-9]+)?")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*[a-z]\b")


def is_descriptive(name: str, uses: str = "", own: str = "") -> bool:
    """True when ``name`` only describes: see the module docstring. ``uses`` is the drug's
    uses text (its lower-case words count as symptoms); ``own`` the drug's own name, whose
    words never do."""
    own_words = set(_WORD.findall(fold(own)))
    remaining = [w for w in _WORD.findall(fold(name)) if not w[0].isdigit()]
    if any(w in own_words for w in remaining):
        return False
    descriptors, symptoms = word_lists()
    remaining = [w for w in remaining if w not in descriptors]
    if not remaining:
        return True
    known = symptoms | (_lower_words(uses) - own_words)
    if all(w in known for w in remaining):
        return True
    conditions = _condition_words(" ".join(remaining))
    return all(w in known or w in conditions for w in remaining)


@lru_cache(maxsize=1)
def word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """The descriptors and the symptom words of ``data/descriptive.txt``."""
    lists: dict[str, set[str]] = {"descriptors": set(), "symptoms": set()}
    section = ""
    for raw in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line and not line.startswith("#") and section in lists:
            lists[section].update(fold(line).split())
    return frozenset(lists["descriptors"]), frozenset(lists["symptoms"])


@lru_cache(maxsize=8)  # one label's uses text, asked about each of its brands
def _lower_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case (a capitalised word may be a brand)."""
    return frozenset(w.replace("’", "'") for w in _LOWER_WORD.findall(text[:20_000]))


@lru_cache(maxsize=4096)
def _condition_words(text: str) -> frozenset[str]:
    """The words of ``text`` that are part of a condition term of the clinical vocabulary."""
    from .vocabulary import load, scan

    folded, found = scan(text, load())
    return frozenset(
        folded[i] for term in found if term.meaning.concepts for i in range(term.start, term.end)
    )
