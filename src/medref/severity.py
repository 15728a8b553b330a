"""Reading how serious a label says an interaction is, from the label's own words.

Five levels, worst first: *contraindicated* ("contraindicated", "do not use"), *avoid*
("avoid", "not recommended", "should not be used"), *dose change* ("reduce the dose", "do
not exceed 20 mg", "adjust the dose"), *monitor* ("monitor", "use with caution", "ask a
doctor") and *mentioned* (the label names the combination and says nothing of what to do).
A keyword negated just before it ("not contraindicated", "need not be avoided") does not
count.

Two kinds of sentence are not read for a level. One that denies an interaction ("no
clinically significant interaction", "did not affect", "it is not known whether") is not
evidence of one at all; one that says the dose stays ("no dose adjustment is necessary")
is evidence that the label names the combination, at the level *mentioned*.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .textutil import LazyPattern

LEVELS = ("mentioned", "monitor", "dose change", "avoid", "contraindicated")  # worst last
MENTIONED, MONITOR, DOSE_CHANGE, AVOID, CONTRAINDICATED = range(5)

_I = re.IGNORECASE
# Compiled on first use: a check reads the readings its labels were indexed with
# (``readings.py``) and needs none of these.
_PATTERNS: dict[int, LazyPattern] = {
    CONTRAINDICATED: LazyPattern(
        r"\bcontraindicat\w*|\bdo not (?:use|take|give|start|coadminister|administer|combine)\b"
        r"|\bmust not be (?:used|taken|given|coadministered|combined|administered)\b"
        r"|\bnever (?:use|take|give|combine)\b",
        _I,
    ),
    AVOID: LazyPattern(
        r"\bavoid\w*|\bnot (?:\w+ )?(?:be )?recommended\b|\bnot advised\b|\bis inadvisable\b"
        r"|\bshould (?:generally |normally )?not (?:normally )?(?:be )?"
        r"(?:used|taken|given|coadministered|combined|administered|use|take|receive)\b"
        r"|\bput off\b|\bpostpone\w*|\bstop\w* (?:\w+ ){0,4}before\b"
        r"|\bwarn\w* (?:\w+ ){0,2}against\b"
        # the opioid class wording: "Reserve concomitant prescribing … for use in patients
        # for whom alternative treatment options are inadequate"
        r"|\breserve concomitant (?:prescribing|use)\b",
        _I,
    ),
    DOSE_CHANGE: LazyPattern(
        # an instruction: "reduce the apixaban dose", "adjust (increase) the prednisone dose"
        # (not "increased with lipid-modifying doses of niacin": an amount, no instruction)
        r"(?<!-)\b(?:reduce|reducing|lower|lowering|decrease|increase|raise|adjust|halve|halving|limit"
        r"|modify|titrate|cut)\w* (?:(?!with\b)\S+ ){0,3}?(?:dose|doses|dosage|dosing)\b"
        # "the dose may have to be increased", "a dose adjustment may be needed"
        r"|\b(?:dose|doses|dosage) (?:\S+ ){0,2}?(?:may|might|should|must|will|can|needs?|has|have)"
        r" (?:\S+ ){0,3}?(?:adjust|reduc|lower|increas|decreas|modif|chang|titrat|cut)\w*"
        r"|\b(?:dose|dosage)[- ](?:adjustment|reduction|modification|change|increase|decrease)s?\b"
        # "may need a lower dose", "a lower anticoagulant dose may be needed"
        r"|\b(?:need|require|consider|use|start|give|recommend)\w* (?:\S+ ){0,3}?(?:lower|higher"
        r"|reduced|smaller|larger) (?:\S+ ){0,2}?(?:dose|doses|dosage)\b"
        r"|\b(?:lower|higher|reduced|smaller|larger) (?:\S+ ){0,2}?(?:dose|doses|dosage) (?:\S+ )"
        r"{0,2}?(?:is|are|may be|might be|will be|should be) (?:needed|required|necessary)"
        # a limit: "do not exceed 20 mg", "limit simvastatin to 20 mg", "start repaglinide at"
        r"|\b(?:not|never) (?:to )?exceed\w*|\bexceeding\b|\bmaximum (?:of|dose|daily)\b"
        r"|\blimit \w+ to\b|\bstart \w+ at \d|\blimited to \d|\b(?:dose|dosage) exceeds? \d"
        # "a reduction in LIPITOR dosage should be considered"
        r"|\b(?:reduction|decrease|increase|adjustment|change)s? (?:in|of) (?:the )?(?:\S+ ){0,2}?"
        r"(?:dose|doses|dosage)\b"
        # "should be introduced at the lowest recommended dose"
        r"|\b(?:start|introduc|initiat|begin|began|begun)\w* (?:\S+ ){0,2}?(?:at|with) (?:the |a )?"
        r"(?:lowest|lower|low|reduced) (?:\S+ ){0,2}?(?:dose|doses|dosage)\b",
        _I,
    ),
    MONITOR: LazyPattern(
        r"\bmonitor\w*|\bcaution\w*|\bcautious\w*|\bobserv\w*|\bwatch\w*|\bcheck\w*|\bclosely\b|\bmeasur\w*"
        r"|\bconsider\w*|\bask (?:a|your) (?:doctor|pharmacist)\b|\balert\b|\bevaluat\w*"
        r"|\bfrequent\w*|\bsupervision\b|\bwith care\b|\bapart\b|\bseparat\w*",
        _I,
    ),
}
# Just before a keyword, these undo it: "not contraindicated", "need not be avoided".
_NEGATED = LazyPattern(
    r"(?:\bnot|\bno|\bnever|\bneed not be|\bwithout|\bno need to)\s+(?:be\s+)?$", _I
)
_DENIAL = LazyPattern(
    r"\bno (?:apparent )?(?:clinically )?(?:significant |relevant |meaningful |important "
    r"|appreciable )?(?:drug[- ]|pharmacokinetic |pharmacodynamic |pk )?"
    r"(?:interactions?|effects? on|changes? in|differences? in)\b"
    r"|\b(?:did|does|do) not have (?:an? |any )?(?:significant |meaningful |clinically "
    r"significant |appreciable )?effect on\b"
    r"|\b(?:did|does|do|was|were|is|are|has|have) not (?:been )?(?:significantly |meaningfully |"
    r"substantially |appreciably |clinically )?(?:affect|alter|chang|influenc|interact|increas|"
    r"decreas|inhibit|induc|studied|evaluated|established)\w*"
    r"|\bnot (?:expected|likely|known) to\b|\bis not known (?:whether|if)\b|\bunaffected\b"
    r"|\b(?:less |un)likely to (?:interact|affect|alter)\b",
    _I,
)
_NO_CHANGE = LazyPattern(
    r"\bno (?:dose|dosage) (?:adjustments?|changes?|reductions?|modifications?) (?:is |are )?"
    r"(?:necessary|needed|required|recommended)\b"
    r"|\b(?:usual|same) (?:\w+ ){0,2}(?:dose|dosage) can be (?:kept|used|continued|maintained)\b"
    r"|\bwithout (?:a )?(?:dose|dosage) (?:adjustment|change)\b"
    r"|\b(?:dose|dosage) (?:does not|need not|do not) need to be (?:adjusted|changed)\b"
    r"|\bnot (?:\S+ ){0,3}?(?:the )?need for (?:a )?(?:dose|dosage) (?:adjustment|change)"
    r"|\b(?:dose|dosage) (?:adjustments?|changes?|reductions?) (?:is|are|was|were) not "
    r"(?:necessary|needed|required|recommended)\b",
    _I,
)
# A dose the label states: "20 mg", "0.5 mg", "by 50%", "2.5 mg twice daily".
DOSE_AMOUNT = LazyPattern(
    r"\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b|mg\b|mcg\b|g\b|units?\b|mL\b|mg/kg\b)", _I
)
_ABBREVIATIONS = ("e.g", "i.e", "st", "vs", "approx", "dr", "fig", "no", "etc", "ca", "cf", "al")


class Reading(NamedTuple):
    level: int | None  # None: the sentence denies an interaction
    no_change: bool = False  # it says the dose stays as it is
    dose: bool = False  # it states a dose change with an amount


def level_name(level: int) -> str:
    return LEVELS[level]


# In ASCII text (where ignoring case is lower-casing) a pattern cannot match without these
# words: most sentences name no dose, and the dose patterns cost the most to run.
_DOSE_WORDS = ("dos", "exceed", "maximum", "limit", "start")  # every DOSE_CHANGE pattern
_NO_CHANGE_WORD = "dos"  # every _NO_CHANGE pattern ("dose", "dosage")
_LONGEST_NEGATION = len("need not be")


def read(text: str) -> Reading:
    """The level a sentence (or clause) states."""
    if _DENIAL.search(text):
        return Reading(None)
    plain = text.isascii()
    lower = text.lower() if plain else ""
    if (not plain or _NO_CHANGE_WORD in lower) and _NO_CHANGE.search(text):
        return Reading(MENTIONED, no_change=True)
    dose_words = not plain or any(word in lower for word in _DOSE_WORDS)
    for level in (CONTRAINDICATED, AVOID, DOSE_CHANGE, MONITOR):
        if level == DOSE_CHANGE and not dose_words:
            continue
        if _stated(_PATTERNS[level], text, plain):
            dose = level == DOSE_CHANGE and bool(DOSE_AMOUNT.search(text))
            if level > DOSE_CHANGE:
                dose = (
                    dose_words
                    and _stated(_PATTERNS[DOSE_CHANGE], text, plain)
                    and bool(DOSE_AMOUNT.search(text))
                )
            return Reading(level, dose=dose)
    return Reading(MENTIONED)


def _stated(pattern: LazyPattern, text: str, plain: bool) -> bool:
    return any(not _negated(text, m.start(), plain) for m in pattern.finditer(text))


def _negated(text: str, end: int, plain: bool) -> bool:
    """Whether a negation ends just before ``end`` ("not contraindicated"): ``_NEGATED``
    on the text before it, searched (in ASCII text) only from where a match could start:
    a negation, white space, and perhaps "be" and white space."""
    start = 0
    if plain:
        start = _space_before(text, end)
        if start >= 2 and text[start - 2 : start].lower() == "be":
            start = _space_before(text, start - 2)
        start = max(0, start - _LONGEST_NEGATION)
    return _NEGATED.compiled.search(text, start, end) is not None


def _space_before(text: str, end: int) -> int:
    """Where the white space just before ``end`` starts."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the text's sentences: a full stop, question or exclamation
    mark followed by a space and a capital, a digit (a numbered heading run into the text:
    "… (12.3)]. 7.8 Concomitant NSAID Use") or a bracket ends one, unless it ends an
    abbreviation ("e.g. Ketoconazole", "St. John's wort")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[.!?](?=\s+[A-Z0-9(\"'])", text):
        before = text[start : match.start()].rsplit(None, 1)
        if before and before[-1].casefold().strip("(\"'[").rstrip(".") in _ABBREVIATIONS:
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def clause(text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """The clause (between semicolons) of the sentence that holds the span start..end."""
    low, high = sentence
    left = max(text.rfind(";", low, start) + 1, low)
    right = text.find(";", end, high)
    right = high if right < 0 else right
    while left < right and text[left].isspace():
        left += 1
    return left, right
