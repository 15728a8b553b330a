"""Search: relevance on a judged query set, synonyms, stemming, phrases, filters, freshness."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import HERE, Run
from medref.library import Library
from medref.search import SYNONYMS_FILE, parse, synonym_groups

JUDGMENTS = json.loads((HERE / "search_judgments.json").read_text(encoding="utf-8"))


def monograph(title: str, side_effect: str, usage: str = "Something", extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\n---\n### Usage\n**{usage}:** Used for {usage.lower()}.\n\n"
        f"### Dosage\n**{usage} (Adults):** 1 mg daily.\n\n### Side Effects\n"
        f"**Serious Side Effects:**\n\n* {side_effect}\n\n### Precautions\n* **Note:** {extra}\n"
    )


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    files = {
        "clotamab": monograph("Clotamab", "A blood clot in a leg vein"),
        "thrombinol": monograph("Thrombinol", "Deep vein thrombosis"),
        "infarctol": monograph("Infarctol", "Myocardial infarction", "Gout"),
        "attackine": monograph("Attackine", "Heart attack", "Kaposi Sarcoma"),
        "embolase": monograph(
            "Embolase",
            "Pulmonary embolism",
            extra="Pulmonary function and embolism are unrelated here.",
        ),
        "spreadamab": monograph(
            "Spreadamab", "Nausea", extra="Embolism risk; pulmonary testing yearly."
        ),
        "mentionol": monograph("Mentionol", "Rash", extra="Do not combine with clotamab."),
    }
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def search(run: Run, lib_dir: Path, *args: str) -> tuple[int, list[dict], str]:
    result = run("search", *args, "--json", "--no-bundled", "-L", str(lib_dir))
    hits = json.loads(result.stdout)["hits"] if result.exit_code == 0 else []
    return result.exit_code, hits, result.stderr


def drugs(hits: list[dict]) -> list[str]:
    return list(dict.fromkeys(h["drug"] for h in hits))


def test_judged_queries_meet_recorded_levels() -> None:
    lib = Library()
    precision, reciprocal = [], []
    for judged in JUDGMENTS["queries"]:
        hits, _ = lib.search(judged["query"], limit=60)
        found = list(dict.fromkeys(h.drug for h in hits))
        relevant = set(judged["relevant"])
        precision.append(len([d for d in found[:3] if d in relevant]) / min(3, len(relevant)))
        reciprocal.append(next((1 / (i + 1) for i, d in enumerate(found) if d in relevant), 0))
    p_at_3 = sum(precision) / len(precision)
    mrr = sum(reciprocal) / len(reciprocal)
    print(f"precision@3 = {p_at_3:.3f}, MRR = {mrr:.3f} over {len(precision)} queries")
    assert len(precision) >= 25
    assert p_at_3 >= JUDGMENTS["recorded"]["precision_at_3"]
    assert mrr >= JUDGMENTS["recorded"]["mrr"]


def test_synonyms_both_ways_exact_first(run: Run, lib_dir: Path) -> None:
    _code, hits, _ = search(run, lib_dir, "thrombosis")
    assert drugs(hits)[0] == "thrombinol"
    assert hits[0]["exact"] is True
    assert next(h for h in hits if h["drug"] == "clotamab")["exact"] is False
    _code, hits, _ = search(run, lib_dir, "blood", "clot")
    assert drugs(hits)[0] == "clotamab" and hits[0]["exact"] is True
    assert "thrombinol" in drugs(hits)


def test_abbreviation_synonyms(run: Run, lib_dir: Path) -> None:
    for query in (["MI"], ["heart", "attack"], ["myocardial", "infarction"]):
        _code, hits, _ = search(run, lib_dir, *query, "--section", "side-effects")
        assert set(drugs(hits)) == {"infarctol", "attackine"}, query


def test_stemming_and_plurals(run: Run, lib_dir: Path) -> None:
    _code, hits, _ = search(run, lib_dir, "clots")
    assert drugs(hits)[0] == "clotamab" and hits[0]["exact"]
    _code, hits, _ = search(run, lib_dir, "thromboses")
    assert drugs(hits)[0] == "thrombinol" and hits[0]["exact"]
    assert parse(["emboli"])[0].words == [["emboli", "embolus"]]


def test_phrase_versus_words(run: Run, lib_dir: Path) -> None:
    _code, words, _ = search(run, lib_dir, "pulmonary", "embolism", "--section", "precautions")
    assert set(drugs(words)) == {"embolase", "spreadamab"}
    _code, phrase, _ = search(run, lib_dir, '"pulmonary embolism"', "--section", "side-effects")
    assert drugs(phrase) == ["embolase"]
    code, _hits, _ = search(run, lib_dir, "pulmonary embolism", "--section", "precautions")
    assert code == 1  # one argument with a space is a phrase too


def test_all_words_or_any(run: Run, lib_dir: Path) -> None:
    code, _hits, _ = search(run, lib_dir, "kaposi", "gout")
    assert code == 1
    _code, hits, _ = search(run, lib_dir, "kaposi", "gout", "--any")
    assert set(drugs(hits)) == {"attackine", "infarctol"}


def test_section_and_drug_filters(run: Run, lib_dir: Path) -> None:
    _code, hits, _ = search(run, lib_dir, "clotamab")
    assert drugs(hits)[0] == "clotamab"  # a name outranks a mention in text
    assert "mentionol" in drugs(hits)
    _code, hits, _ = search(run, lib_dir, "clotamab", "--section", "precautions")
    assert {h["section"] for h in hits} == {"precautions"}
    _code, hits, _ = search(run, lib_dir, "clotamab", "--drug", "mentionol")
    assert drugs(hits) == ["mentionol"]
    code, _hits, err = search(run, lib_dir, "clot", "--drug", "mentionl")
    assert code == 1 and "did you mean mentionol (Something)?" in err
    code, _hits, err = search(run, lib_dir, "clot", "--section", "dosing")
    assert code == 2 and "no section 'dosing'" in err


def test_no_hits_suggests_words(run: Run, lib_dir: Path) -> None:
    code, _hits, err = search(run, lib_dir, "thrombsis")
    assert code == 1
    assert "nothing matches 'thrombsis'; did you mean thrombosis?" in err


def test_json_hits_have_offsets(run: Run, lib_dir: Path) -> None:
    _code, hits, _ = search(run, lib_dir, "thrombosis")
    hit = hits[0]
    assert hit["section"] == "side_effects" and hit["label"] == "Serious Side Effects"
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "Deep vein thrombosis"  # a synonym phrase, whole
    assert hit["score"] > 0


def test_table_groups_by_drug(run: Run, lib_dir: Path) -> None:
    out = run("search", "clot", "--no-bundled", "-L", str(lib_dir)).stdout
    rows = out.splitlines()[2:]
    named = [r.split()[0] for r in rows if r and not r.startswith(" ")]
    assert named == list(dict.fromkeys(named))  # each drug named once


def test_fresh_after_add_edit_delete(run: Run, lib_dir: Path) -> None:
    code, _hits, _ = search(run, lib_dir, "xerostomia")
    assert code == 1
    new = lib_dir / "drymouthol.md"
    new.write_text(monograph("Drymouthol", "Xerostomia"), encoding="utf-8")
    assert drugs(search(run, lib_dir, "xerostomia")[1]) == ["drymouthol"]
    # edit in place: the folder's time does not change; small folders are re-checked
    new.write_text(monograph("Drymouthol", "Dry eyes"), encoding="utf-8")
    os.utime(new, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert search(run, lib_dir, "xerostomia")[0] == 1
    assert drugs(search(run, lib_dir, "dry", "eyes")[1]) == ["drymouthol"]
    new.unlink()
    assert search(run, lib_dir, "dry", "eyes")[0] == 1


def test_synonyms_file_is_curated() -> None:
    lines = [
        line
        for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) >= 60
    assert all(len([t for t in line.split("|") if t.strip()]) >= 2 for line in lines)
    groups = synonym_groups()
    assert ("dvt",) in groups and ("heart", "attack") in groups


def test_query_parsing_joins_synonym_phrases() -> None:
    units = parse(["blood", "clots", "in", "pregnancy"])
    assert [u.text for u in units] == ["blood clots", "in", "pregnancy"]
    assert "thrombosis" in units[0].synonyms
    assert parse(['"quoted phrase" word'])[0].text == "quoted phrase"
    assert parse(["thromboses"])[0].words == [["thromboses", "thrombosis"]]


def test_search_reads_the_interactions_section(run: Run) -> None:
    """Interactions items are search documents of their own, filterable by section."""
    result = run("search", "ketoconazole", "--section", "interactions", "--json")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert {h["section"] for h in hits} == {"interactions"}
    apixaban = next(h for h in hits if h["drug"] == "apixaban")
    assert apixaban["label"].startswith("Combined P-gp and strong CYP3A4 inhibitors")
    assert apixaban["section_title"] == "Interactions"
    assert {"apixaban", "rivaroxaban", "dexamethasone", "prednisone"} <= set(drugs(hits))
