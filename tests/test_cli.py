"""Every command's happy path and error paths, through Typer's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import BUNDLED, FIXTURES, Run, copy_monograph
from medref import __version__
from medref.cli import app

ANSI = re.compile(r"\x1b\[")


# --------------------------------------------------------------------------- show


def test_show_whole_monograph(run: Run) -> None:
    result = run("show", "pomalidomide")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for heading in ("Usage", "Dosage", "Side Effects", "How it Works", "Precautions", "FAQs"):
        assert f"\n{heading}\n" in out
    assert "Multiple Myeloma (Adults): The typical oral dose is 4 mg once daily" in out
    assert "  - Fatigue" in out
    assert out.rstrip().endswith(
        "They can assess your individual needs and provide tailored guidance."
    )
    assert not ANSI.search(out)  # piped: plain text


@pytest.mark.parametrize("name", ["POMALIDOMIDE", "Pomalidomide", " pomalidomide "])
def test_names_are_case_insensitive(run: Run, name: str) -> None:
    assert run("usage", name).exit_code == 0


def test_show_json_is_the_model(run: Run) -> None:
    result = run("show", "pomalidomide", "--json")
    data = json.loads(result.stdout)
    assert data["title"] == "Pomalidomide"
    assert data["schema"] == 2
    assert [b["label"] for b in data["dosage"]["blocks"]] == [
        "Multiple Myeloma (Adults)",
        "Kaposi Sarcoma (Adults)",
    ]
    assert data["side_effects"]["groups"][1]["kind"] == "serious"


def test_terminal_output_is_styled_and_points_to_disclaimer(run: Run) -> None:
    result = run("dosage", "pomalidomide", "-i", "myeloma", env={"FORCE_COLOR": "1"})
    assert ANSI.search(result.stdout)
    assert "Not medical advice. The disclaimer: medref show pomalidomide" in result.stdout
    # kept page: the second run prints the same bytes
    again = run("dosage", "pomalidomide", "-i", "myeloma", env={"FORCE_COLOR": "1"})
    assert again.stdout == result.stdout


def test_no_color_keeps_the_layout_without_any_escape_code(run: Run) -> None:
    # NO_COLOR on a terminal: wrapped to its width (not one long line per paragraph, which
    # the terminal would break mid-word), and not a single escape code
    result = run(
        "dosage", "pomalidomide", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "60"}
    )
    assert not ANSI.search(result.stdout)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert "Not medical advice" in result.stdout  # the pointer is for terminals
    piped = run("dosage", "pomalidomide", env={"NO_COLOR": "1"})
    assert "Not medical advice" not in piped.stdout
    assert max(len(line) for line in piped.stdout.splitlines()) > 100  # one line a paragraph


def test_narrow_terminal_stacks_tables_instead_of_breaking_words(run: Run) -> None:
    result = run("search", "thrombosis", env={"FORCE_COLOR": "1", "COLUMNS": "40"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "Section: " in text and "Match: " in text
    words = set(re.findall(r"[A-Za-z]{4,}", text))
    assert "Thrombosis" in words or "thrombosis" in words
    assert not any(w.endswith("Precauti") for w in words)


def test_markup_in_monographs_is_printed_as_text(run: Run) -> None:
    lib = str(FIXTURES)
    for env in ({}, {"FORCE_COLOR": "1"}):
        result = run("usage", "markupine", "--library", lib, env=env)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        assert "Testing [bold red]markup[/bold red]:" in plain
        assert "[link=x]a link[/link] and :smile: stays" in plain


# --------------------------------------------------------------------------- sections


def test_usage(run: Run) -> None:
    out = run("usage", "pomalidomide").stdout
    assert "Multiple Myeloma: It's used in patients" in out
    assert "Kaposi Sarcoma:" in out
    assert "4 mg" not in out


def test_dosage_all(run: Run) -> None:
    out = run("dosage", "pomalidomide").stdout
    assert "4 mg once daily" in out and "5 mg OD" in out


MYELOMA_DOSE = "4 mg once daily (OD) on days 1-21"
KAPOSI_DOSE = "5 mg OD on days 1-21"


def test_dosage_for_one_indication(run: Run) -> None:
    result = run("dosage", "pomalidomide", "--indication", "myeloma")
    assert result.exit_code == 0
    out = result.stdout
    assert f"Multiple Myeloma (Adults): The typical oral dose is {MYELOMA_DOSE}" in out
    assert "Kaposi" not in out and KAPOSI_DOSE not in out
    assert "Applies to every indication" in out
    assert out.index("Applies to every indication") < out.index("Dosage Adjustments:")
    kaposi = run("dosage", "pomalidomide", "--indication", "kaposi").stdout
    assert KAPOSI_DOSE in kaposi and MYELOMA_DOSE not in kaposi


def test_indication_words_after_the_name(run: Run) -> None:
    result = run("dosage", "apixaban", "PE", "treatment")
    assert result.exit_code == 0, result.stderr
    assert "Pulmonary Embolism Treatment (Adults): 10 mg by mouth twice daily" in result.stdout
    assert "2.5 mg" not in result.stdout.split("Dosage — ")[1].split("Applies to every")[0]


def test_dosage_starts_with_the_boxed_warnings(run: Run) -> None:
    out = run("dosage", "apixaban", "-i", "afib").stdout
    assert out.index("Boxed warnings") < out.index("Dosage — Nonvalvular Atrial Fibrillation")
    assert "!! Spinal/Epidural Hematoma: Patients on apixaban" in out
    data = json.loads(run("dosage", "apixaban", "-i", "afib", "--json").stdout)
    assert [w["title"] for w in data["boxed_warnings"]] == [
        "Premature Discontinuation",
        "Spinal/Epidural Hematoma",
    ]


def test_dosage_json(run: Run) -> None:
    data = json.loads(run("dosage", "pomalidomide", "-i", "kaposi", "--json").stdout)
    assert data["indication"] == "Kaposi Sarcoma"
    assert [b["label"] for b in data["blocks"]] == ["Kaposi Sarcoma (Adults)"]
    assert [n["label"] for n in data["notes"]] == [
        "Dosage Adjustments",
        "Renal Impairment",
        "Hepatic Impairment",
        "Pediatric Dosage",
    ]


def test_unknown_indication(run: Run) -> None:
    result = run("dosage", "pomalidomide", "--indication", "lupus")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "medref: error: Pomalidomide has no dosing for an indication matching 'lupus'; "
        "its indications with dosing: Multiple Myeloma; Kaposi Sarcoma"
    )


def test_ambiguous_indication(run: Run) -> None:
    result = run("dosage", "testamab", "-i", "cancer", "--library", str(FIXTURES))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "'cancer' could mean 2 indications of Testamab" in result.stderr
    assert "(* = matches): *Breast Cancer; *Lung Cancer; Rheumatoid Arthritis" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_safety_trap_pe_lists_both_regimens(run: Run) -> None:
    result = run("dosage", "apixaban", "--indication", "PE")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "*Pulmonary Embolism Treatment" in result.stderr
    assert "*Reduction in Risk of Recurrent DVT and PE" in result.stderr


def test_two_regimens_shown_together(run: Run) -> None:
    out = run("dosage", "testamab", "-i", "breast", "-L", str(FIXTURES)).stdout
    assert "Weekly Regimen (Adults): 2 mg/kg" in out
    assert "Every 3 Weeks (Adults): 6 mg/kg" in out
    assert "15 mg/kg" not in out and "40 mg" not in out


def test_side_effects_filters(run: Run) -> None:
    serious = run("side-effects", "pomalidomide", "--serious").stdout
    assert "Blood clots (deep vein thrombosis, pulmonary embolism)" in serious
    assert "Fatigue" not in serious
    common = run("side-effects", "pomalidomide", "--common").stdout
    assert "Fatigue" in common and "Blood clots" not in common
    everything = run("side-effects", "pomalidomide").stdout
    assert "Fatigue" in everything and "Blood clots" in everything


def test_side_effects_without_serious_group(run: Run, tmp_path: Path) -> None:
    copy_monograph(
        tmp_path / "lib",
        "mild.md",
        "---\ntitle: Mild\n---\n### Side Effects\n**Common Side Effects:**\n\n* Yawning\n",
    )
    result = run("side-effects", "mild", "--serious", "-L", str(tmp_path / "lib"))
    assert result.exit_code == 1
    assert "no side-effect group marked serious" in result.stderr


def test_mechanism_and_precautions(run: Run) -> None:
    assert "Immune System Modulation:" in run("mechanism", "pomalidomide").stdout
    out = run("precautions", "pomalidomide").stdout
    assert "Thromboembolic Events: Pomalidomide increases the risk of blood clots." in out


def test_boxed_warning_first(run: Run) -> None:
    out = run("precautions", "testamab", "-L", str(FIXTURES)).stdout
    assert out.index("Boxed Warning – Fictional Risk") < out.index("Infections")


def test_faqs(run: Run) -> None:
    assert run("faqs", "pomalidomide").stdout.count("Q: ") == 5
    about = run("faqs", "pomalidomide", "--about", "alcohol")
    assert about.stdout.count("Q: ") == 1
    assert "Q: Can I drink alcohol while taking pomalidomide?" in about.stdout
    none = run("faqs", "pomalidomide", "--about", "grapefruit")
    assert none.exit_code == 1 and "no Pomalidomide FAQ is about 'grapefruit'" in none.stderr


def test_missing_section(run: Run, tmp_path: Path) -> None:
    copy_monograph(tmp_path, "bare.md", "---\ntitle: Bare\n---\n### Usage\n**Pain:** yes.\n")
    result = run("precautions", "bare", "-L", str(tmp_path))
    assert result.exit_code == 1
    assert "Bare has no Precautions section" in result.stderr


# --------------------------------------------------------------------------- names


def test_near_miss_suggests_and_fails(run: Run) -> None:
    result = run("show", "pomalidomid")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean pomalidomide (Immunomodulatory agent; Multiple Myeloma)?" in result.stderr


def test_unknown_name_without_suggestion(run: Run) -> None:
    result = run("show", "zzzzzz")
    assert result.exit_code == 1
    assert "no monograph named 'zzzzzz'" in result.stderr
    assert "medref list" in result.stderr


def test_alias_resolves(run: Run) -> None:
    result = run("dosage", "PROBATIX", "-i", "lung", "-L", str(FIXTURES))
    assert result.exit_code == 0
    assert "15 mg/kg" in result.stdout


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/etc/passwd", "..", "~root", "a\\b", "pomalidomide\x00", ""]
)
def test_path_like_names_are_refused(run: Run, name: str) -> None:
    result = run("show", name)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("medref: error: ")
    assert "root:" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- errors, usage


def test_broken_requested_monograph_exit_code(run: Run) -> None:
    result = run("show", "badyaml", "-L", str(FIXTURES / "broken"))
    assert result.exit_code == 3
    assert f"{FIXTURES / 'broken' / 'badyaml.md'}:4: front matter is not valid YAML" in (
        result.stderr
    )


def test_broken_files_are_skipped_and_reported(run: Run) -> None:
    result = run("dosage", "pomalidomide", "-i", "kaposi", "-L", str(FIXTURES / "broken"))
    assert result.exit_code == 0
    assert "5 mg OD" in result.stdout
    assert f"{FIXTURES / 'broken' / 'untitled.md'}:1: the front matter has no title" in (
        result.stderr
    )
    listing = run("list", "-L", str(FIXTURES / "broken"))
    assert "Pomalidomide" in listing.stdout and "Badyaml" not in listing.stdout


def test_unknown_option_is_one_line_usage_error(run: Run) -> None:
    result = run("show", "pomalidomide", "--bogus")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "medref: error: No such option: --bogus (see 'medref show --help')"
    )


def test_unknown_command_suggests(run: Run) -> None:
    result = run("shwo", "pomalidomide")
    assert result.exit_code == 2
    assert "No such command 'shwo'" in result.stderr


def test_version(run: Run) -> None:
    count = len(list(BUNDLED.glob("*.md")))
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"medref {__version__} ({count} monographs loaded)"


def test_help_documents_exit_codes_and_examples(run: Run) -> None:
    out = run("--help").stdout
    assert "Exit codes" in out and "broken" in out
    for command in (
        "show",
        "usage",
        "dosage",
        "side-effects",
        "mechanism",
        "precautions",
        "faqs",
        "search",
        "list",
        "paths",
    ):
        assert command in out
    dosage_help = run("dosage", "--help").stdout
    assert "--indication" in dosage_help and "Examples" in dosage_help


def test_command_map_matches_the_app() -> None:
    """`medref.cli.COMMAND_MODULES` says which module registers each command, in --help order;
    a run imports only the module of the command it names, so the map must be exact."""
    from medref.cli import COMMAND_MODULES

    registered = [
        (c.name or c.callback.__name__, c.callback.__module__.rsplit(".", 1)[-1])
        for c in app.registered_commands
        if c.callback
    ]
    assert registered == list(COMMAND_MODULES.items())


def test_a_lookup_imports_only_its_commands(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.argv = ['medref', 'usage', 'pomalidomide']\n"
        "from medref.cli import main\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('medref.cli.')), file=sys.stderr)"
    )
    env = {"MEDREF_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert "Multiple Myeloma" in done.stdout, done.stderr
    assert "medref.cli.lookups" in done.stderr
    assert "medref.cli.authoring" not in done.stderr and "medref.cli.browse" not in done.stderr


# --------------------------------------------------------------------------- library commands


SEED_LIB = str(FIXTURES / "seed")


def test_search_finds_blood_clots(run: Run) -> None:
    result = run("search", "thrombosis", "--no-bundled", "-L", SEED_LIB)
    assert result.exit_code == 0
    assert result.stdout.startswith("Drug ")
    assert any(
        "Less Common but Serious Side Effects" in line and "thrombosis" in line
        for line in result.stdout.splitlines()
    )


def test_search_json(run: Run) -> None:
    data = json.loads(run("search", "thrombosis", "--json", "--no-bundled", "-L", SEED_LIB).stdout)
    hit = next(h for h in data["hits"] if h["section"] == "side_effects")
    assert hit["drug"] == "pomalidomide"
    marked = [hit["snippet"][start:end].lower() for start, end in hit["highlights"]]
    assert any("thrombosis" in m for m in marked)


def test_search_nothing(run: Run) -> None:
    result = run("search", "xylophone")
    assert result.exit_code == 1
    assert "nothing matches 'xylophone'" in result.stderr


def test_search_syntax_is_not_interpreted(run: Run) -> None:
    result = run("search", 'clots" OR "', "NEAR(")
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr


def test_list(run: Run) -> None:
    out = run("list").stdout
    assert "Pomalidomide" in out and "Multiple Myeloma, Kaposi Sarcoma" in out
    data = json.loads(run("list", "--json").stdout)
    pom = next(d for d in data if d["name"] == "pomalidomide")
    assert pom["origin"] == "bundled"
    assert pom["indications"] == ["Multiple Myeloma", "Kaposi Sarcoma"]


def test_paths(run: Run, user_dir: Path) -> None:
    copy_monograph(user_dir)
    result = run("paths", "--json", "-L", str(FIXTURES))
    data = json.loads(result.stdout)
    assert [d["origin"] for d in data] == ["--library", "user", "bundled"]
    assert data[0]["monographs"] == 2
    assert data[1]["monographs"] == 1


def test_completion_of_names_and_indications(run: Run) -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    names = runner.invoke(
        app,
        [],
        env={"_MEDREF_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "medref show pom"},
        prog_name="medref",
    )
    offered = names.stdout.split('"')[1::2]
    assert "pomalidomide" in offered
    assert all(name.startswith("pom") for name in offered)
    ind = runner.invoke(
        app,
        [],
        env={
            "_MEDREF_COMPLETE": "complete_bash",
            "COMP_WORDS": "medref dosage pomalidomide --indication ka",
            "COMP_CWORD": "4",
        },
        prog_name="medref",
    )
    assert "kaposi-sarcoma" in ind.stdout and "multiple-myeloma" not in ind.stdout


def test_a_broken_monograph_asked_for_is_reported_once(run: Run) -> None:
    result = run("show", "unclosed", "--library", str(FIXTURES / "broken"))
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if "unclosed.md" in line]
    assert lines == [
        f"medref: error: {FIXTURES / 'broken' / 'unclosed.md'}:1: the front matter is not "
        "closed by a '---' line"
    ]
