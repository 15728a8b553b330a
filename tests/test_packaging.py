"""The installed package: the wheel ships the monographs; the console script runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import BUNDLED, ROOT, SEED

SHARED_SEED = ROOT.parent / "shared" / "seed" / "pomalidomide.md"


def _medref() -> str:
    found = shutil.which("medref", path=str(Path(sys.executable).parent)) or shutil.which("medref")
    assert found, "medref is not installed (pip install -e '.[test]')"
    return found


def test_wheel_contains_the_monographs(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("medref-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for monograph in BUNDLED.glob("*.md"):
        assert f"medref/monographs/{monograph.name}" in names
    for module in ("medref/cli/__init__.py", "medref/output/payloads.py", "medref/parse.py"):
        assert module in names
    for data in ("concepts.txt", "tallman.txt", "synonyms.txt", "descriptive.txt"):
        assert f"medref/data/{data}" in names
    with zipfile.ZipFile(wheel) as zf:
        shipped = zf.read("medref/monographs/pomalidomide.md")
    assert shipped == (BUNDLED / "pomalidomide.md").read_bytes()


def test_installed_medref_runs_from_anywhere(tmp_path: Path, isolated: Path) -> None:
    env = dict(os.environ)
    result = subprocess.run(
        [_medref(), "dosage", "pomalidomide", "--indication", "myeloma"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "4 mg once daily" in result.stdout
    assert "5 mg" not in result.stdout
    missing = subprocess.run(
        [_medref(), "show", "pomalidomid"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 1
    assert "did you mean pomalidomide (Immunomodulatory agent; Multiple Myeloma)?" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "medref", "usage", "pomalyst"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Pomalyst is an alias once the bundled monograph lists it; until then, a clean miss.
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [_medref(), "show", "pomalidomide"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None
    proc.stdout.read(10)
    proc.stdout.close()
    _out, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared/seed is not beside the checkout")
def test_seed_fixture_is_the_seed_byte_for_byte() -> None:
    """The parser fixture is the seed as first written (the bundled pomalidomide follows its
    current label instead)."""
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from medref.output.console import run_pager

    target = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > {target}")
    monkeypatch.setenv("MANPAGER", "")
    assert run_pager("line one\nline two\n")
    assert target.read_text() == "line one\nline two\n"
    monkeypatch.setenv("PAGER", "definitely-not-a-pager-program")
    assert not run_pager("x\n")
