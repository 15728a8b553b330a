#!/usr/bin/env python3
"""Interaction check benchmark: a 10-medicine list against a single lookup, at 1,000,
10,000 and 50,000 synthetic monographs (issue 12: at most 1.5x a warm lookup at 50,000).

Run with the interpreter medref is installed in: ``.venv/bin/python bench/interactions.py``.
The libraries are scale.py's (``synthetic.py``, seed 2026, with Interactions sections),
added with ``-L`` to the bundled ones. For each size, after the index is built, in
interleaved rounds (medians of wall time, output to a pipe as in scale.py):

- ``dosage pomalidomide --indication myeloma``, warm (its kept page): the single lookup;
- ``interactions`` of ten medicines — six bundled monographs, two synthetic ones and two
  medicines without a monograph (class table members) — warm (its kept page: the names
  are resolved, the page replayed) and first view (``MEDREF_PAGE_CACHE=0``: every label
  record read, every pair checked, the page built);
- with ``--terminal``, the same with ``FORCE_COLOR=1`` (Rich renders a first view).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale import library, run_once  # noqa: E402

BUNDLED = ["warfarin", "aspirin", "omeprazole", "clopidogrel", "atorvastatin", "sertraline"]
WITHOUT_MONOGRAPH = ["ketoconazole", "clarithromycin"]


def medicines(lib: Path) -> list[str]:
    """The ten names: six bundled, two synthetic (the first and the middle file), two
    medicines no monograph is written for."""
    files = sorted(p.stem for p in lib.glob("*.md"))
    return [*BUNDLED, files[0], files[len(files) // 2], *WITHOUT_MONOGRAPH]


def medians(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, (cmd, env) in commands.items():  # warm-up: kept pages, page cache, .pyc
        _s, _r, code = run_once(cmd, env)
        if code not in (0, 1):
            raise SystemExit(f"{name}: {' '.join(cmd)} exited with {code}")
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            times[name].append(run_once(cmd, env)[0])
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def measure(medref: str, size: int, tmp: Path, runs: int, terminal: bool) -> dict[str, object]:
    lib = library(size)
    base = dict(
        os.environ, MEDREF_DATA_DIR=str(tmp / "data"), MEDREF_CACHE_DIR=str(tmp / f"c{size}")
    )
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    _s, _r, code = run_once([medref, "-L", str(lib), "list"], base)  # builds the index
    build = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"building the index of {size} monographs failed ({code})")
    names = medicines(lib)
    lookup = [medref, "-L", str(lib), "dosage", "pomalidomide", "--indication", "myeloma"]
    check = [medref, "-L", str(lib), "interactions", *names]
    commands: dict[str, tuple[list[str], dict[str, str]]] = {}
    layouts = [("pipe", base)] + ([("terminal", dict(base, FORCE_COLOR="1"))] if terminal else [])
    for layout, env in layouts:
        cold = dict(env, MEDREF_PAGE_CACHE="0")
        commands[f"lookup warm ({layout})"] = (lookup, env)
        commands[f"interactions warm ({layout})"] = (check, env)
        commands[f"interactions first view ({layout})"] = (check, cold)
    timed = medians(commands, runs)
    row: dict[str, object] = {"monographs": size, "index_build_s": round(build, 1), "names": names}
    for layout, _env in layouts:
        lookup_ms = timed[f"lookup warm ({layout})"]
        for kind in ("warm", "first view"):
            ms = timed[f"interactions {kind} ({layout})"]
            row[f"interactions {kind} ({layout}) ms"] = round(ms, 1)
            row[f"interactions {kind} ({layout}) / lookup"] = round(ms / lookup_ms, 2)
        row[f"lookup warm ({layout}) ms"] = round(lookup_ms, 1)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--terminal", action="store_true", help="also measure with FORCE_COLOR=1")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    medref = shutil.which("medref", path=str(Path(sys.executable).parent))
    if medref is None:
        raise SystemExit("medref is not installed next to this interpreter")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            row = measure(medref, size, Path(tmp), args.runs, args.terminal)
            results.append(row)
            print(json.dumps(row), file=sys.stderr)
    for row in results:
        print(" | ".join(f"{k}: {v}" for k, v in row.items() if k != "names"))
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
