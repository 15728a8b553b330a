"""Strict tooling, run as tests so that the one test command checks everything."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_lint() -> None:
    result = _run("ruff", "check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run("ruff", "format", "--check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_never_imports_the_cli_or_the_output() -> None:
    """Arrows point inward: the command line and the output use the core, never the
    reverse (the core raises; the CLI reports)."""
    import ast

    package = ROOT / "src" / "medref"
    outer = ("cli", "output")
    offenders = []
    for path in package.rglob("*.py"):
        relative = path.relative_to(package)
        if relative.parts[0] in outer or relative.name == "__main__.py":  # the entry point
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                target = node.module.split(".")
                if node.level and target[0] in outer:
                    offenders.append(f"{relative}: from {'.' * node.level}{node.module}")
                if target[:2] in (["medref", "cli"], ["medref", "output"]):
                    offenders.append(f"{relative}: from {node.module}")
    assert offenders == []


def test_no_function_is_longer_than_60_lines() -> None:
    import ast

    long = []
    for path in (ROOT / "src" / "medref").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                if (node.end_lineno or start) - start + 1 > 60:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert long == []
