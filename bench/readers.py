#!/usr/bin/env python3
"""The import's readers against the hand-written ones they replaced, in one run.

JSON: ``importer/jsonstream.py`` (ijson's C parser, records built with a stack) against the
sliding-buffer decoder of commit ``--baseline`` (default 217f9dc); zips: the standard
library's ``zipfile`` (as ``importer/detect.py`` uses it) against that commit's
``importer/zipstream.py``. Inputs, generated into a temporary folder:

- ``bulk.json``: an openFDA bulk file of 10,000 records drawn from the real openFDA records
  in ../shared/fda-labels/real (or the test fixtures when that folder is missing);
- ``deep.json``: ``{"results": [`` then a value nested 1,000,000 deep;
- ``space.json``: ``{"results": [`` then 512 MB of white space;
- ``release.zip``: 10,000 per-label zips of 20 KB of XML each;
- ``bomb.zip``: a member of 2 GB of zeros (2 MB deflated), then a small label.

Each reader runs in its own process (wall time, and peak memory from ``os.wait4``), with a
time limit. ``.venv/bin/python bench/readers.py [--baseline REV] [--timeout S]``.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "fda-labels" / "real"
FIXTURES = ROOT / "tests" / "fixtures" / "fda-labels" / "openfda"

JSON_RUN = """
import sys, importlib.util
spec = importlib.util.spec_from_file_location("reader", sys.argv[1])
reader = importlib.util.module_from_spec(spec); sys.modules["reader"] = reader
spec.loader.exec_module(reader)
count = 0
try:
    with open(sys.argv[2], "rb") as stream:
        for _record in reader.records(stream):
            count += 1
    print(f"{count} records")
except Exception as exc:
    print(f"{count} records, then {type(exc).__name__}: {str(exc)[:60]}")
"""

ZIP_RUN = """
import sys, zipfile, importlib.util
LIMIT = 256 << 20
refused = count = 0
with open(sys.argv[2], "rb") as stream:
    if sys.argv[1] == "zipfile":
        with zipfile.ZipFile(stream) as archive:
            for info in archive.infolist():
                count += 1
                if info.file_size > LIMIT:
                    refused += 1
                    continue
                with archive.open(info) as member:
                    member.read(LIMIT + 1)
    else:
        spec = importlib.util.spec_from_file_location("zipstream", sys.argv[1])
        zipstream = importlib.util.module_from_spec(spec); sys.modules["zipstream"] = zipstream
        spec.loader.exec_module(zipstream)
        for member in zipstream.members(stream):
            count += 1
            if member.size > LIMIT:
                refused += 1
                continue
            member.stream.read(LIMIT + 1)
print(f"{count} members, {refused} refused")
"""


def records() -> list[object]:
    found: list[object] = []
    folder = REAL if REAL.is_dir() else FIXTURES
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            found += data.get("results", [data])
        else:
            found += data
    return found


def make_inputs(folder: Path) -> None:
    rng = random.Random(2026)
    pool = records()
    bulk = {"meta": {"results": {"total": 10_000}}, "results": rng.choices(pool, k=10_000)}
    (folder / "bulk.json").write_text(json.dumps(bulk), encoding="utf-8")
    (folder / "deep.json").write_text('{"results": [' + "[" * 10**6 + "]" * 10**6 + "]}")
    with open(folder / "space.json", "wb") as out:
        out.write(b'{"results": [')
        block = b" " * (1 << 20)
        for _ in range(512):
            out.write(block)
        out.write(b"]}")
    words = [f"word{i}".encode() for i in range(5000)]
    with zipfile.ZipFile(folder / "release.zip", "w", zipfile.ZIP_DEFLATED) as release:
        for index in range(10_000):
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as label:
                body = b" ".join(rng.choices(words, k=4000))
                label.writestr(f"{index:05d}.xml", b"<document>" + body + b"</document>")
            release.writestr(f"label_{index:05d}.zip", inner.getvalue())
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("zeros.xml", "w", force_zip64=True) as member:
            zeros = b"\0" * (1 << 24)
            for _ in range(128):
                member.write(zeros)
        z.writestr("after.xml", b"<document/>")


def measure(code: str, args: list[str], timeout: float) -> tuple[str, float, float]:
    """Run a reader in a child process: its output, wall seconds and peak RSS in MiB."""
    wrapper = (
        "import os, subprocess, sys, resource\n"
        "proc = subprocess.run([sys.executable, '-c', sys.argv[1], *sys.argv[2:]],"
        " capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(proc.stdout.strip() + '\\t' + f'{peak:.0f}')\n"
    )
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", wrapper, code, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"still running after {timeout:.0f} s (stopped)", timeout, float("nan")
    elapsed = time.perf_counter() - start
    out, _, peak = done.stdout.strip().rpartition("\t")
    return out, elapsed, float(peak or "nan")


def old_module(revision: str, path: str, folder: Path) -> Path:
    text = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    target = folder / Path(path).name.replace(".py", "_old.py")
    target.write_text(text, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="217f9dc", help="commit with the old readers")
    parser.add_argument("--timeout", type=float, default=120.0, help="per run, in seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("generating inputs…", file=sys.stderr)
        make_inputs(folder)
        new_json = ROOT / "src" / "medref" / "importer" / "jsonstream.py"
        old_json = old_module(args.baseline, "src/medref/importer/jsonstream.py", folder)
        old_zip = old_module(args.baseline, "src/medref/importer/zipstream.py", folder)
        rows = []
        for name in ("bulk.json", "deep.json", "space.json"):
            for label, module in (("ijson (now)", new_json), ("hand-written", old_json)):
                result = measure(JSON_RUN, [str(module), str(folder / name)], args.timeout)
                rows.append((name, label, *result))
        for name in ("release.zip", "bomb.zip"):
            for label, reader in (("zipfile (now)", "zipfile"), ("hand-written", str(old_zip))):
                result = measure(ZIP_RUN, [reader, str(folder / name)], args.timeout)
                rows.append((name, label, *result))
    print(f"{'input':12} {'reader':14} {'seconds':>8} {'peak MiB':>9}  result")
    for name, label, out, seconds, peak in rows:
        print(f"{name:12} {label:14} {seconds:8.2f} {peak:9.0f}  {out}")


if __name__ == "__main__":
    main()
