"""Which product a label is for: here, whether it is a human drug label at all.

``non_human`` says what a document is when it is not a human drug label (veterinary
labels, devices, supplements, bulk ingredients, indexing documents): those are skipped.
"""

from __future__ import annotations

INDEXING = "indexing document"  # not a label at all, rather than a label for no patient

# SPL document types (and openFDA product types) that are not human drug labels, and what
# to call them; checked before the human ones ("BULK INGREDIENT - ANIMAL DRUG").
_NOT_HUMAN = (
    ("ANIMAL", "veterinary label"),
    ("VETERINARY", "veterinary label"),
    ("DEVICE", "medical device"),
    ("DIETARY SUPPLEMENT", "dietary supplement"),
    ("MEDICAL FOOD", "medical food"),
    ("BULK", "bulk ingredient"),
    ("FURTHER PROCESSING", "drug for further processing"),
    ("COSMETIC", "cosmetic"),
    ("INDEXING", INDEXING),
)
# Document types of medicines for people: drug labels and the biologics' own types.
_HUMAN = (
    "HUMAN",
    "VACCINE",
    "PLASMA DERIVATIVE",
    "CELLULAR THERAPY",
    "ALLERGENIC",
    "MINIMALLY MANIPULATED CELLS",
)


def non_human(doc_type: str) -> str:
    """What the document is when it is not a human drug label ("veterinary label"), or ""
    (a human label, or no type given: the label's sections decide)."""
    upper = doc_type.upper()
    for needle, what in _NOT_HUMAN:
        if needle in upper:
            return what
    if not upper.strip() or any(needle in upper for needle in _HUMAN):
        return ""
    return "document of another type"
