"""The judged set (tests/interaction_cases.json): pairs of medicines whose labels name them
(with the worst severity their words state) or do not link them, each with a note of the
label text it rests on. The checker's precision, recall and severity agreement over each
library the set covers must hold the figures recorded in the file."""

from __future__ import annotations

import json

import pytest

from conftest import HERE
from medref.interactions import check
from medref.library import Library
from medref.medlist import read_list
from medref.severity import LEVELS

CASES = json.loads((HERE / "interaction_cases.json").read_text(encoding="utf-8"))


def _library(name: str) -> Library:
    if name == "bundled":
        return Library([], cache=None)
    raise AssertionError(f"unknown library {name!r} in interaction_cases.json")


def _scores(library: str) -> dict[str, float]:
    lib = _library(library)
    tp = fp = fn = agree = 0
    for case in [c for c in CASES["cases"] if c["library"] == library]:
        report = check(read_list(lib, case["medicines"]).subjects)
        got = LEVELS[report.pairs[0].severity] if report.pairs else None
        tp += bool(case["found"] and got)
        fp += bool(not case["found"] and got)
        fn += bool(case["found"] and not got)
        agree += bool(case["found"] and got == case["severity"])
    return {
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
        "severity_agreement": agree / tp,
    }


def test_the_judged_set_is_large_enough() -> None:
    for library, recorded in CASES["recorded"].items():
        cases = [c for c in CASES["cases"] if c["library"] == library]
        assert sum(c["found"] for c in cases) >= 60, library
        assert sum(not c["found"] for c in cases) >= 20, library
        assert all(c["note"] and len(c["medicines"]) == 2 for c in cases)
        assert all((c["severity"] in LEVELS) == c["found"] for c in cases)
        assert set(recorded) == {"precision", "recall", "severity_agreement"}


@pytest.mark.parametrize("library", list(CASES["recorded"]))
def test_precision_and_recall_hold_the_recorded_figures(library: str) -> None:
    scores = _scores(library)
    for measure, floor in CASES["recorded"][library].items():
        assert scores[measure] >= floor, f"{library} {measure} {scores[measure]:.3f} < {floor}"
