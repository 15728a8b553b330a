"""Shared fixtures: every test runs with its own cache and user folders, offline."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from medref.cli import app

# Property-based tests: seeded and bounded in the suite; bench/fuzz.py runs the "fuzz"
# profile (random, many more examples).
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile(
    "ci", max_examples=150, deadline=2000, derandomize=True, suppress_health_check=_QUIET
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("MEDREF_FUZZ_EXAMPLES", "5000")),
    deadline=5000,
    suppress_health_check=_QUIET,
)
settings.load_profile(os.environ.get("MEDREF_HYPOTHESIS_PROFILE", "ci"))

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ROOT = HERE.parent
BUNDLED = ROOT / "monographs"
# The seed monograph as first written, kept byte for byte as a parser fixture: the format it
# defines stays tested whatever the bundled pomalidomide becomes as its label changes.
SEED = FIXTURES / "seed" / "pomalidomide.md"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (when a change is meant)",
    )


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep tests away from the user's real data and cache folders and terminal settings."""
    monkeypatch.setenv("MEDREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MEDREF_DATA_DIR", str(tmp_path / "data"))
    for name in (
        "MEDREF_PATH",
        "NO_COLOR",
        "FORCE_COLOR",
        "MANPAGER",
        "PAGER",
        "MEDREF_PAGE_CACHE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return tmp_path


@pytest.fixture
def user_dir(isolated: Path) -> Path:
    """The user's monograph folder (what platformdirs would give, redirected)."""
    folder = isolated / "data" / "monographs"
    folder.mkdir(parents=True)
    return folder


Invoke = Callable[..., "object"]


class Run:
    """A CliRunner invocation with stdout and stderr kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None, input: str | None = None):
        result = self.runner.invoke(app, list(args), env=env, input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result


@pytest.fixture
def run() -> Run:
    return Run()


def copy_monograph(folder: Path, name: str = "pomalidomide.md", text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if text is None:
        shutil.copyfile(BUNDLED / name, target)
    else:
        target.write_text(text, encoding="utf-8")
    return target
