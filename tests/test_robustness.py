"""Hostile input never hangs, crashes or misleads (README, "Robustness").

Every case a fuzzing run found is a regression test here, run through the installed
``medref`` under a time limit and, for the bombs, a memory limit; then property-based tests
(hypothesis, seeded, bounded examples; ``bench/fuzz.py`` runs them far longer) over the
monograph parser, the name resolver, search queries, command-line arguments and the
importer's readers, asserting no traceback, an exit code in the documented set and bounded
time.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, FIXTURES, Run
from medref.errors import MedrefError, MonographError, UsageError
from medref.importer.detect import Walker
from medref.importer.label import ImportProblem
from medref.importer.openfda import parse_record
from medref.importer.spl import parse_spl
from medref.library import check_name
from medref.parse import parse_text

EXIT_CODES = {0, 1, 2, 3, 4}  # documented in `medref --help`; 70 would be a bug
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space for a child medref
SPL = FIXTURES / "fda-labels" / "spl"


def _medref() -> str:
    found = shutil.which("medref", path=str(Path(sys.executable).parent)) or shutil.which("medref")
    assert found, "medref is not installed (pip install -e '.[test]')"
    return found


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def medref(
    *args: str | bytes, timeout: float = 30, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The installed medref with a time and memory limit; bytes in and out (non-UTF-8
    arguments included)."""
    result = subprocess.run(
        [_medref(), *args],
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limits,
        env=env or dict(os.environ),
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode in EXIT_CODES, result.stderr.decode(errors="replace")
    return result


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _laughs() -> str:
    lines = ["---", "title: Laughs", "a: &a [x,x,x,x,x,x,x,x,x]"]
    previous = "a"
    for name in "bcdefgh":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join([*lines, "---", "### Usage", "**X:** y", ""])


# --------------------------------------------------------------------------- 1-3 monographs


def test_yaml_alias_bomb_is_refused_and_the_rest_works(tmp_path: Path) -> None:
    _write(tmp_path / "lib", "laughs.md", _laughs())
    start = time.monotonic()
    result = medref("-L", str(tmp_path / "lib"), "show", "warfarin", "--no-pager")
    assert time.monotonic() - start < 20
    assert result.returncode == 0
    assert b"Warfarin" in result.stdout
    assert b"laughs.md:3: the front matter uses a YAML alias or anchor" in result.stderr
    version = medref("-L", str(tmp_path / "lib"), "--version")
    assert version.returncode == 0 and b"monographs loaded" in version.stdout


def test_cyclic_alias_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "lib", "loop.md", "---\ntitle: Loop\nloop: &l [*l]\n---\n")
    result = medref("-L", str(tmp_path / "lib"), "list")
    assert result.returncode == 0
    assert b"loop.md:3: the front matter uses a YAML alias" in result.stderr


def test_file_and_folder_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9ine.md", "wb") as handle:
        handle.write(b"---\ntitle: Cafeine\n---\n")
    result = medref("-L", str(folder), "show", "warfarin", "--no-pager")
    assert result.returncode == 0
    assert b"caf\\xe9ine.md: the file name is not valid UTF-8 (skipped)" in result.stderr
    odd = os.fsencode(tmp_path) + b"/x\xff"
    os.mkdir(odd)
    via_option = medref(b"-L", odd, "usage", "warfarin")
    assert via_option.returncode == 0
    assert b"x\\xff (--library) has a name that is not valid UTF-8" in via_option.stderr
    env = dict(os.environ)
    via_env = subprocess.run(
        [_medref(), "usage", "warfarin"],
        capture_output=True,
        timeout=30,
        env={**dict(env.items()), "MEDREF_PATH": os.fsdecode(odd)},
    )
    assert via_env.returncode == 0 and b"Traceback" not in via_env.stderr


# --------------------------------------------------------------------------- 4 the CLI


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        ((b"search", b"\xff"), 2, b"not valid UTF-8"),
        ((b"show", b"war\xfffarin"), 2, b"not valid UTF-8"),
        ((b"search", b"--limit", b"9223372036854775807", b"warfarin"), 2, b"--limit"),
        ((b"validate", b"a" * 300), 4, b"File name too long"),
        ((b"import", b"a" * 300, b"--dir", b"out"), 4, b"File name too long"),
    ],
)
def test_hostile_arguments_are_one_line_errors(
    args: tuple[bytes, ...], code: int, says: bytes, tmp_path: Path
) -> None:
    result = subprocess.run(
        [_medref(), *args], capture_output=True, timeout=30, cwd=tmp_path, preexec_fn=_limits
    )
    assert result.returncode == code
    assert says in result.stderr
    assert b"Traceback" not in result.stderr


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    text = (BUNDLED / "warfarin.md").read_text(encoding="utf-8")
    text = text.replace("### Usage", "### Usage\nEvil \x1b[2J text \x1b]0;pwned\x07 here.", 1)
    _write(tmp_path / "lib", "warfarin.md", text)
    shown = medref("-L", str(tmp_path / "lib"), "usage", "warfarin")
    assert b"\x1b" not in shown.stdout and b"\x07" not in shown.stdout
    assert b"Evil [2J text ]0;pwned here." in shown.stdout
    echoed = medref("show", "x\x1b]0;pwned\x07y")
    assert b"\x1b" not in echoed.stderr and b"\\x1b]0;pwned\\x07" in echoed.stderr


def test_a_title_that_wins_over_a_file_name_is_said(tmp_path: Path) -> None:
    _write(tmp_path / "lib", "mywarf.md", (BUNDLED / "warfarin.md").read_text("utf-8"))
    result = medref("-L", str(tmp_path / "lib"), "usage", "coumadin")
    assert result.returncode == 0
    assert b"mywarf.md (Warfarin)" in result.stderr
    assert b"warfarin.md also answers to 'coumadin'" in result.stderr


def test_a_symlink_loop_skips_one_entry_not_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    _write(folder, "warfarin.md", (BUNDLED / "warfarin.md").read_text("utf-8"))
    os.symlink(folder / "loop.md", folder / "loop.md")
    result = medref("--no-bundled", "-L", str(folder), "usage", "warfarin")
    assert result.returncode == 0 and b"Warfarin" in result.stdout


def test_special_files_are_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    result = medref("validate", str(fifo), timeout=20)
    assert result.returncode == 3
    assert b"not a regular file" in result.stdout
    zero = medref("validate", "/dev/zero", timeout=20)
    assert zero.returncode == 3 and b"not a regular file" in zero.stdout


def test_bare_name_is_show_and_help_is_help() -> None:
    shown = medref("pomalidomide", "--no-pager")
    assert shown.returncode == 0 and shown.stdout.startswith(b"Pomalidomide\n")
    helped = medref("help", "dosage")
    assert helped.returncode == 0 and b"Usage: medref dosage" in helped.stdout
    typo = medref("serach", "x")
    assert typo.returncode == 2 and b"Did you mean 'search'?" in typo.stderr


# --------------------------------------------------------------------------- 5 concurrency


def test_concurrent_updates_and_searches_agree(tmp_path: Path) -> None:
    """N processes build, update and search one catalogue at once: one answer, and the
    index holds exactly the documents its files reference."""
    sys.path.insert(0, str(BUNDLED.parent / "bench"))
    from synthetic import generate

    folder = tmp_path / "lib"
    generate(folder, 300, seed=7)
    env = dict(os.environ)

    def searches(flags: list[str]) -> list[bytes]:
        procs = [
            subprocess.Popen(
                [_medref(), "-L", str(folder), "search", "thrombosis", "--json", *flags],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            for _ in range(6)
        ]
        outputs = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
            outputs.append(out)
        return outputs

    assert len(set(searches([]))) == 1  # six fresh builds at once
    for path in sorted(folder.glob("*.md"))[:100]:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\nExtra thrombosis note.\n")
    updated = searches(["--refresh"])
    assert len(set(updated)) == 1  # six updates at once
    assert medref("-L", str(folder), "search", "thrombosis", "--json").stdout == updated[0]
    catalogue = Path(env["MEDREF_CACHE_DIR"]) / "catalogue.sqlite"
    with sqlite3.connect(catalogue) as conn:
        documents = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        referenced = conn.execute("SELECT sum(doc_count) FROM files").fetchone()[0]
    assert documents == referenced


# --------------------------------------------------------------------------- 6 long text


def test_search_time_is_bounded_on_a_huge_line(tmp_path: Path) -> None:
    body = " ".join(["thrombosis risk word"] * 60_000)  # one line of 1.2 million characters
    _write(tmp_path / "lib", "longine.md", f"---\ntitle: Longine\n---\n### Usage\n**X:** {body}\n")
    start = time.monotonic()
    result = medref("-L", str(tmp_path / "lib"), "search", "thrombosis", timeout=60)
    assert result.returncode == 0 and b"Longine" in result.stdout
    assert time.monotonic() - start < 20  # was 107 s


def test_oversized_monograph_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "lib" / "huge.md"
    big.parent.mkdir()
    big.write_text("---\ntitle: Huge\n---\n" + "word " * 700_000)
    result = medref("-L", str(big.parent), "list")
    assert b"huge.md:1: too large (3.3 MB; a monograph may have 2.0 MB)" in result.stderr


# --------------------------------------------------------------------------- 7 import


def test_import_refuses_bombs_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text('{"results": [' + "[" * 100_000 + "]" * 100_000 + "]}")
    bomb = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(32):
            member.write(b"\0" * (1 << 24))  # 512 MB of zeros
    with gzip.open(tmp_path / "head.json.gz", "wb") as packed:
        packed.write(b'{"results": [' + b" " * (256 << 20))
    start = time.monotonic()
    result = medref(
        "import",
        str(tmp_path / "deep.json"),
        str(tmp_path / "bomb.zip"),
        str(tmp_path / "head.json.gz"),
        str(SPL / "lipitor-orig.xml"),
        "--dir",
        str(tmp_path / "out"),
        timeout=60,
    )
    assert time.monotonic() - start < 30
    err = result.stderr
    assert b"deep.json: nested more than 64 deep" in err
    assert b"bomb.zip:zeros.xml: refused: a zip bomb?" in err
    assert b"head.json.gz: refused: a compression bomb?" in err
    assert (tmp_path / "out" / "atorvastatin.md").is_file()  # the batch went on


def test_import_skips_a_folder_or_dangling_link_in_the_way(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "adalimumab.md").mkdir(parents=True)
    os.symlink(tmp_path / "nowhere", out / "atorvastatin.md")
    result = medref(
        "import", str(SPL / "humira.xml"), str(SPL / "lipitor-orig.xml"), str(SPL / "cough.xml"),
        "--dir", str(out),
    )  # fmt: skip
    assert b"adalimumab.md is a folder; not replaced" in result.stderr
    assert b"atorvastatin.md is a dangling symbolic link; not replaced" in result.stderr
    assert (out / "diphenhydramine-and-phenylephrine.md").is_file()
    assert (out / "adalimumab.md").is_dir() and (out / "atorvastatin.md").is_symlink()


def test_import_writes_nothing_outside_its_folder(tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    shutil.copytree(FIXTURES / "fda-labels", sandbox)
    before = {p: p.stat().st_mtime_ns for p in sandbox.rglob("*")}
    medref("import", str(sandbox), "--dir", str(tmp_path / "out"))
    after = {p: p.stat().st_mtime_ns for p in sandbox.rglob("*")}
    assert after == before


# --------------------------------------------------------------------------- 10 interrupts


def test_a_killed_build_leaves_nothing_behind(tmp_path: Path) -> None:
    cache = Path(os.environ["MEDREF_CACHE_DIR"])
    cache.mkdir(parents=True, exist_ok=True)
    stale = cache / ".catalogue.sqlite.999999.tmp"  # a build by a process that is gone
    stale.write_bytes(b"half a catalogue")
    medref("usage", "warfarin")
    assert not stale.exists()
    assert sorted(p.name for p in cache.iterdir()) == ["catalogue.lock", "catalogue.sqlite"]


def test_a_folder_in_place_of_the_catalogue(tmp_path: Path) -> None:
    cache = Path(os.environ["MEDREF_CACHE_DIR"])
    (cache / "catalogue.sqlite").mkdir(parents=True)
    for _ in range(2):
        result = medref("usage", "warfarin")
        assert result.returncode == 0 and b"is a folder, not an index file" in result.stderr
    assert sorted(p.name for p in cache.iterdir()) == ["catalogue.lock", "catalogue.sqlite"]


def test_ctrl_c_during_a_build_exits_130_and_keeps_no_damaged_catalogue(
    tmp_path: Path,
) -> None:
    sys.path.insert(0, str(BUNDLED.parent / "bench"))
    from synthetic import generate

    generate(tmp_path / "lib", 4000, seed=3)
    proc = subprocess.Popen(
        [_medref(), "-L", str(tmp_path / "lib"), "search", "thrombosis"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the build finished before the interrupt")
    assert proc.returncode == 130
    assert b"Traceback" not in err and b"Process" not in err
    cache = Path(os.environ["MEDREF_CACHE_DIR"])
    assert sorted(p.name for p in cache.iterdir()) == ["catalogue.lock"]


# --------------------------------------------------------------------------- properties

# The loaded profile (tests/conftest.py) sets the examples and the deadline: the time one
# example may take, so a slow input fails the test.
PROPERTY = settings()
MARKDOWNISH = st.lists(
    st.sampled_from(
        [*"*_`[]()#-:>|&! \n\tQA.aeiouxyz0123456789\x1b\x00é", "---", "**", "### ", "\n* ",
         "title: ", "&a", "*a", "Q: ", " A: ", "Usage", "Dosage", "(Adults)"]
    ),
    max_size=200,
).map("".join)  # fmt: skip


@PROPERTY
@given(front=MARKDOWNISH, body=MARKDOWNISH)
def test_property_the_parser_returns_or_refuses(front: str, body: str) -> None:
    for text in (f"---\ntitle: T\n{front}\n---\n{body}", f"{front}\n{body}", body):
        try:
            mono = parse_text(text)
        except MonographError:
            continue
        json.dumps(mono.to_dict())  # the model always serialises (the catalogue keeps it)
        assert "\x1b" not in json.dumps(mono.to_dict(), ensure_ascii=False)


@PROPERTY
@given(name=st.text(max_size=300))
def test_property_names_resolve_or_refuse(name: str) -> None:
    with contextlib.suppress(UsageError):
        check_name(name)


@pytest.fixture(scope="module")
def library() -> object:
    from medref.library import Library

    lib = Library(cache=None)
    lib.sync(whole=True)
    return lib


@PROPERTY
@given(words=st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_property_search_answers_or_refuses(words: list[str], library: object) -> None:
    with contextlib.suppress(MedrefError):
        library.search(words, limit=5)  # type: ignore[attr-defined]


ARGS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "show",
                "dosage",
                "search",
                "list",
                "usage",
                "faqs",
                "--json",
                "-i",
                "--about",
                "--indication",
                "-L",
                "--limit",
                "pomalidomide",
                "warfarin",
                "apixaban",
                "PE",
                "-n",
                "0",
                "-1",
                "help",
                "--no-bundled",
                "--section",
                "validate",
                "new",
                "paths",
                "--",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=6,
)


@PROPERTY
@given(args=ARGS)
def test_property_any_command_line_ends_in_a_documented_exit_code(
    args: list[str], run: Run, tmp_path: Path
) -> None:
    if "new" in args or "import" in args:
        return  # they write files; tested above
    result = run(*args)
    code = result.exit_code
    assert code in EXIT_CODES, (args, code, result.stderr[-300:])


@PROPERTY
@given(data=st.binary(max_size=600))
def test_property_the_xml_reader_returns_or_reports(data: bytes) -> None:
    for document in (data, b"<?xml version='1.0'?>" + data, b"<document " + data):
        with contextlib.suppress(ImportProblem):
            parse_spl(document, "fuzz.xml")


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@PROPERTY
@given(record=st.dictionaries(st.sampled_from(
    ["openfda", "indications_and_usage", "dosage_and_administration", "boxed_warning",
     "set_id", "effective_time", "warnings", "purpose", "spl_product_data_elements"]),
    JSONISH, max_size=6))  # fmt: skip
def test_property_the_openfda_reader_returns_or_reports(record: dict[str, object]) -> None:
    with contextlib.suppress(ImportProblem):
        parse_record(record, "fuzz.json#1")


@PROPERTY
@given(data=st.binary(max_size=400))
def test_property_the_walker_reports_instead_of_raising(data: bytes, tmp_path: Path) -> None:
    variants = {"raw": data, "json": b'{"results": [' + data, "zip": b"PK\x03\x04" + data}
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("x.xml", data)
    variants["member"] = packed.getvalue()
    for name, content in variants.items():
        path = tmp_path / name
        path.write_bytes(content)
        for item in Walker([path]):
            assert isinstance(item, ImportProblem) or item.kind in ("xml", "record", "zip")
