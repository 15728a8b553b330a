"""Folders, precedence, overrides, freshness and a damaged or unwritable cache."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import BUNDLED, FIXTURES, SEED, Run, copy_monograph
from medref.errors import UnknownDrugError, UsageError
from medref.library import Library, check_name
from medref.paths import bundled_dir

OVERRIDE = SEED.read_text(encoding="utf-8").replace("4 mg once daily", "3 mg once daily")


def test_user_folder_overrides_bundled(run: Run, user_dir: Path) -> None:
    copy_monograph(user_dir, text=OVERRIDE)
    result = run("dosage", "pomalidomide", "-i", "myeloma")
    assert "3 mg once daily" in result.stdout
    assert "4 mg once daily" not in result.stdout
    note = [line for line in result.stderr.splitlines() if "overrides" in line]
    assert len(note) == 1
    assert str(user_dir / "pomalidomide.md") in note[0]
    # the bundled folder of the install under test (the checkout's, or a wheel's)
    assert str(bundled_dir() / "pomalidomide.md") in note[0]


def test_precedence_library_then_env_then_user(run: Run, tmp_path: Path, user_dir: Path) -> None:
    copy_monograph(user_dir, text=OVERRIDE.replace("3 mg", "1 mg"))
    env_dir = tmp_path / "env"
    copy_monograph(env_dir, text=OVERRIDE.replace("3 mg", "2 mg"))
    lib_dir = tmp_path / "lib"
    copy_monograph(lib_dir, text=OVERRIDE.replace("3 mg", "9 mg"))
    env = {"MEDREF_PATH": str(env_dir)}
    assert "9 mg" in run("dosage", "pomalidomide", "-L", str(lib_dir), env=env).stdout
    assert "2 mg" in run("dosage", "pomalidomide", env=env).stdout
    assert "1 mg" in run("dosage", "pomalidomide").stdout
    # the root option works too
    assert "9 mg" in run("-L", str(lib_dir), "dosage", "pomalidomide", env=env).stdout


def test_list_source_shows_overrides(run: Run, user_dir: Path) -> None:
    copy_monograph(user_dir, text=OVERRIDE)
    data = json.loads(run("list", "--json").stdout)
    pom = [d for d in data if d["name"] == "pomalidomide"]
    assert len(pom) == 1
    assert pom[0]["origin"] == "user"
    assert pom[0]["overrides"] == [str(BUNDLED / "pomalidomide.md")]
    table = run("list", "--source").stdout
    assert "(overrides" in table


def test_no_bundled(run: Run) -> None:
    result = run("show", "pomalidomide", "--no-bundled")
    assert result.exit_code == 1
    result = run("--no-bundled", "list", "--json", "-L", str(FIXTURES))
    assert {d["name"] for d in json.loads(result.stdout)} == {"testamab", "markupine"}


def test_missing_library_folder_is_a_warning(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run("dosage", "pomalidomide", "-L", str(missing))
    assert result.exit_code == 0
    assert f"monograph folder {missing} (--library) does not exist" in result.stderr


def test_edit_is_picked_up(run: Run, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    path = copy_monograph(lib)
    assert "4 mg once daily" in run("dosage", "pomalidomide", "-L", str(lib)).stdout
    path.write_text(OVERRIDE, encoding="utf-8")  # in place: the folder does not change
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert "3 mg once daily" in run("dosage", "pomalidomide", "-L", str(lib)).stdout


def test_added_and_removed_files(run: Run, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    assert run("show", "testamab", "-L", str(lib)).exit_code == 1
    copy_monograph(lib, "testamab.md", (FIXTURES / "testamab.md").read_text())
    assert run("show", "testarex", "-L", str(lib)).exit_code == 0  # by alias
    (lib / "testamab.md").unlink()
    assert run("show", "testamab", "-L", str(lib)).exit_code == 1


def test_alias_change_in_place(run: Run, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    path = copy_monograph(lib, "testamab.md", (FIXTURES / "testamab.md").read_text())
    assert run("show", "probatix", "-L", str(lib)).exit_code == 0
    path.write_text(path.read_text().replace("Probatix", "Novanym"))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert run("show", "probatix", "-L", str(lib)).exit_code == 1
    assert run("show", "novanym", "-L", str(lib)).exit_code == 0


def test_unwritable_cache_falls_back_to_memory(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = run("dosage", "pomalidomide", env={"MEDREF_CACHE_DIR": str(blocker / "cache")})
    assert result.exit_code == 0
    assert "4 mg once daily" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "in-memory index" in line]
    assert len(warnings) == 1


def test_read_only_catalogue_file(run: Run, isolated: Path) -> None:
    assert run("list").exit_code == 0
    catalogue = isolated / "cache" / "catalogue.sqlite"
    catalogue.chmod(0o444)
    (isolated / "cache").chmod(0o555)
    try:
        result = run("dosage", "testamab", "-L", str(FIXTURES))  # needs writing
        if os.geteuid() != 0:  # root may write anyway
            assert "in-memory index" in result.stderr
        assert result.exit_code == 0
        assert "40 mg" in result.stdout
    finally:
        (isolated / "cache").chmod(0o755)
        catalogue.chmod(0o644)


def test_corrupt_catalogue_is_rebuilt(run: Run, isolated: Path) -> None:
    assert run("list").exit_code == 0
    catalogue = isolated / "cache" / "catalogue.sqlite"
    catalogue.write_bytes(b"this is not a database" * 100)
    result = run("dosage", "pomalidomide", "-i", "kaposi")
    assert result.exit_code == 0
    assert "5 mg OD" in result.stdout
    assert "damaged" in result.stderr
    sqlite3.connect(catalogue).execute("SELECT count(*) FROM files").fetchone()


def test_catalogue_swapped_in_whole(isolated: Path) -> None:
    """A fresh catalogue is built aside and renamed into place: no temporary files remain."""
    lib = Library(cache=isolated / "cache")
    lib.resolve("pomalidomide")
    lib.close()
    names = sorted(p.name for p in (isolated / "cache").iterdir())
    assert names == ["catalogue.lock", "catalogue.sqlite"]


def test_two_processes_at_once(isolated: Path) -> None:
    import subprocess
    import sys

    code = (
        "from medref.library import Library\n"
        "lib = Library()\n"
        "assert lib.get('pomalidomide')[1].title == 'Pomalidomide'\n"
        "assert len(lib.entries()) > 0\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]


@pytest.mark.parametrize("name", ["a/b", "..", ".hidden", "/abs", "x\x00y", "   ", "!!!"])
def test_check_name_rejects(name: str) -> None:
    with pytest.raises(UsageError):
        check_name(name)


def test_resolve_never_guesses(isolated: Path) -> None:
    lib = Library(cache=None)
    with pytest.raises(UnknownDrugError) as info:
        lib.resolve("pomalidomid")
    assert info.value.suggestions == ["pomalidomide (Immunomodulatory agent; Multiple Myeloma)"]
    with pytest.raises(UnknownDrugError):
        lib.resolve("pomal")
