#!/usr/bin/env python3
"""Start-up benchmark: medref lookups against a hello-world Typer app and rich-cli.

Run with the interpreter medref is installed in (``.venv/bin/python bench/startup.py``).
Every command is run ``--runs`` times, interleaved round by round so that machine noise hits
all of them alike; the figures are medians of wall time, and peak memory (max RSS) of the
child process. Targets (issue 2): ``dosage … --indication myeloma`` at most 1.3x the Typer
hello world, ``show … --no-pager`` at most 0.8x ``rich FILE.md``; both forced to render for
a terminal with FORCE_COLOR=1.

"warm" runs repeat a lookup (medref keeps rendered pages, as man keeps cat pages); "first
view" runs set MEDREF_PAGE_CACHE=0, so every run loads the model, selects and renders.
rich-cli is installed into bench/.cache/richcli (a venv of this interpreter) on first use.
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
ROOT = HERE.parent
HELLO = """\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


@app.command()
def bye(name: str = "world") -> None:
    print(f"bye {name}")


if __name__ == "__main__":
    app()
"""


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, max RSS in KiB and exit status of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def richcli_python() -> Path:
    venv = HERE / ".cache" / "richcli"
    rich = venv / "bin" / "rich"
    if not rich.exists():
        print("installing rich-cli into", venv, file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "rich-cli"], check=True)
    return rich


def measure(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, dict]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[int]] = {name: [] for name in commands}
    for name, (cmd, env) in commands.items():  # warm-up: caches, page cache, .pyc files
        _t, _r, code = run_once(cmd, env)
        if code != 0:
            raise SystemExit(f"{name}: {' '.join(cmd)} exited with {code}")
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            elapsed, maxrss, _code = run_once(cmd, env)
            times[name].append(elapsed)
            rss[name].append(maxrss)
    return {
        name: {
            "median_ms": round(statistics.median(times[name]) * 1000, 1),
            "min_ms": round(min(times[name]) * 1000, 1),
            "peak_rss_mib": round(max(rss[name]) / 1024, 1),
        }
        for name in commands
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another medref executable (an install of an earlier commit): its lookups are "
        "measured in the same interleaved rounds, for before/after figures",
    )
    args = parser.parse_args()

    bindir = Path(sys.executable).parent
    medref = shutil.which("medref", path=str(bindir)) or shutil.which("medref")
    if medref is None:
        raise SystemExit("medref is not installed next to this interpreter")
    monograph = ROOT / "monographs" / "pomalidomide.md"
    # Byte-compile medref as a wheel install would; an editable install run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every run.
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("medref")
    assert spec is not None and spec.origin is not None
    compileall.compile_dir(str(Path(spec.origin).parent), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO)
        base = dict(os.environ, FORCE_COLOR="1", COLUMNS="100", LINES="50")
        base.pop("NO_COLOR", None)
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        env = dict(
            base, MEDREF_CACHE_DIR=str(Path(tmp) / "cache"), MEDREF_DATA_DIR=str(Path(tmp) / "data")
        )
        cold = dict(env, MEDREF_PAGE_CACHE="0")
        dosage = [medref, "dosage", "pomalidomide", "--indication", "myeloma"]
        show = [medref, "show", "pomalidomide", "--no-pager"]
        usage = [medref, "usage", "pomalidomide"]
        commands = {
            "typer hello world": ([sys.executable, str(hello), "hello"], base),
            "medref dosage --indication (warm)": (dosage, env),
            "medref dosage --indication (first view)": (dosage, cold),
            "medref usage (first view)": (usage, cold),
            "rich pomalidomide.md (rich-cli)": ([str(richcli_python()), str(monograph)], base),
            "medref show --no-pager (warm)": (show, env),
            "medref show --no-pager (first view)": (show, cold),
        }
        if args.baseline is not None:
            # Its own cache folder: catalogue formats may differ between versions.
            old_env = dict(env, MEDREF_CACHE_DIR=str(Path(tmp) / "cache-baseline"))
            old_cold = dict(old_env, MEDREF_PAGE_CACHE="0")
            old = str(args.baseline)
            commands.update(
                {
                    "baseline dosage --indication (warm)": ([old, *dosage[1:]], old_env),
                    "baseline dosage --indication (first view)": ([old, *dosage[1:]], old_cold),
                    "baseline usage (first view)": ([old, *usage[1:]], old_cold),
                    "baseline show --no-pager (first view)": ([old, *show[1:]], old_cold),
                }
            )
        results = measure(commands, args.runs)

    hello_ms = results["typer hello world"]["median_ms"]
    rich_ms = results["rich pomalidomide.md (rich-cli)"]["median_ms"]
    print(f"{'command':44} {'median ms':>10} {'min ms':>8} {'peak MiB':>9} {'ratio':>7}")
    for name, r in results.items():
        base_ms = rich_ms if "show" in name else hello_ms
        ratio = (
            ""
            if name in ("typer hello world", "rich pomalidomide.md (rich-cli)")
            else (f"{r['median_ms'] / base_ms:.2f}x")
        )
        print(f"{name:44} {r['median_ms']:>10} {r['min_ms']:>8} {r['peak_rss_mib']:>9} {ratio:>7}")
    ratios = {
        "dosage_vs_typer_hello (target <= 1.3)": round(
            results["medref dosage --indication (warm)"]["median_ms"] / hello_ms, 2
        ),
        "dosage_first_view_vs_typer_hello": round(
            results["medref dosage --indication (first view)"]["median_ms"] / hello_ms, 2
        ),
        "show_vs_rich_cli (target <= 0.8)": round(
            results["medref show --no-pager (warm)"]["median_ms"] / rich_ms, 2
        ),
        "show_first_view_vs_rich_cli": round(
            results["medref show --no-pager (first view)"]["median_ms"] / rich_ms, 2
        ),
    }
    if args.baseline is not None:
        for kind in ("dosage --indication (warm)", "dosage --indication (first view)",
                     "usage (first view)", "show --no-pager (first view)"):  # fmt: skip
            now, before = results[f"medref {kind}"], results[f"baseline {kind}"]
            ratios[f"{kind} vs baseline"] = round(now["median_ms"] / before["median_ms"], 2)
    print()
    for name, value in ratios.items():
        print(f"{name}: {value}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "python": sys.version.split()[0],
                    "runs": args.runs,
                    "results": results,
                    "ratios": ratios,
                },
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
