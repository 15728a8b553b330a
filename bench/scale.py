#!/usr/bin/env python3
"""Scale benchmark: medref on synthetic libraries of 1,000, 10,000 and 50,000 monographs.

Run with the interpreter medref is installed in: ``.venv/bin/python bench/scale.py``.
Libraries are generated once into bench/.cache/ (deterministic: ``synthetic.py``, seed 2026).
For each size, in one run:

- a full index build (fresh cache; ``medref -L LIB search thrombosis``): wall time and peak
  RSS of the process tree's largest process;
- ``medref search thrombosis`` with the index warm against ``grep -ril thrombosis LIB``
  (median of interleaved runs; target: at most 0.5x grep at 50,000);
- ``medref dosage pomalidomide --indication myeloma`` with the library added against the
  bundled library alone (target: at most 1.1x: lookup cost must not grow with size);
- an incremental rebuild after editing one file: saved by rename as editors do (the next
  search notices), and edited in place then ``search --refresh`` (target: under 1 s).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402

GENERATOR_VERSION = 2  # 2: Interactions sections


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) and exit status of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def median_of(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd, env in commands.values():  # warm-up
        run_once(cmd, env)
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            times[name].append(run_once(cmd, env)[0])
    return {name: statistics.median(values) for name, values in times.items()}


def library(size: int) -> Path:
    folder = HERE / ".cache" / f"lib-{size}"
    marker = folder / ".generated"
    stamp = f"{GENERATOR_VERSION} 2026 {size}"
    if not marker.exists() or marker.read_text() != stamp:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"generating {size} monographs in {folder}", file=sys.stderr)
        generate(folder, size, seed=2026)
        marker.write_text(stamp)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    medref = shutil.which("medref", path=str(Path(sys.executable).parent))
    if medref is None:
        raise SystemExit("medref is not installed next to this interpreter")
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = dict(os.environ, MEDREF_DATA_DIR=str(Path(tmp) / "data"))
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        bundled_env = dict(base, MEDREF_CACHE_DIR=str(Path(tmp) / "bundled-cache"))
        for size in sizes:
            lib = library(size)
            env = dict(base, MEDREF_CACHE_DIR=str(Path(tmp) / f"cache-{size}"))
            search = [medref, "-L", str(lib), "search", "thrombosis"]
            build_s, build_rss, code = run_once(search, env)
            if code != 0:
                raise SystemExit(f"search failed on {size} monographs ({code})")
            cache_mib = (Path(env["MEDREF_CACHE_DIR"]) / "catalogue.sqlite").stat().st_size / 2**20
            dosage = ["dosage", "pomalidomide", "--indication", "myeloma"]
            timed = median_of(
                {
                    "search": (search, env),
                    "grep": (["grep", "-ril", "thrombosis", str(lib)], env),
                },
                args.runs,
            )
            # Apart from grep, whose reading of every file pushes the catalogue out of a
            # small page cache between runs.
            timed |= median_of(
                {
                    "dosage_library": ([medref, "-L", str(lib), *dosage], env),
                    "dosage_bundled": ([medref, *dosage], bundled_env),
                },
                args.runs,
            )
            # An edit saved by rename (as most editors save): the folder changes.
            victim = sorted(lib.glob("*.md"))[size // 2]
            original = victim.read_text()
            temp = victim.with_suffix(".tmp")
            temp.write_text(original.replace("Treatment continues", "Therapy continues", 1))
            temp.replace(victim)
            renamed_s, _rss, _ = run_once(search, env)
            # An edit in place (the folder does not change): --refresh re-checks every file.
            victim.write_text(original)
            refresh_s, _rss, _ = run_once([*search, "--refresh"], env)
            row = {
                "monographs": size,
                "build_s": round(build_s, 2),
                "build_peak_rss_mib": round(build_rss, 1),
                "cache_mib": round(cache_mib, 1),
                "search_ms": round(timed["search"] * 1000, 1),
                "grep_ms": round(timed["grep"] * 1000, 1),
                "search_vs_grep": round(timed["search"] / timed["grep"], 2),
                "dosage_ms": round(timed["dosage_library"] * 1000, 1),
                "dosage_bundled_ms": round(timed["dosage_bundled"] * 1000, 1),
                "dosage_vs_bundled": round(timed["dosage_library"] / timed["dosage_bundled"], 2),
                "edit_by_rename_then_search_s": round(renamed_s, 2),
                "edit_in_place_then_search_refresh_s": round(refresh_s, 2),
            }
            results.append(row)
            print(json.dumps(row), file=sys.stderr)
    columns = list(results[0])
    print(" | ".join(columns))
    for row in results:
        print(" | ".join(str(row[c]) for c in columns))
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
