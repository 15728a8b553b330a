#!/usr/bin/env python3
"""Import benchmark: labels per second and peak memory of ``medref import`` on SPL XML.

Builds a DailyMed-style full release — a zip of per-label zips, each holding one SPL XML —
by replicating the real labels in ``tests/fixtures/fda-labels/spl`` with new set ids, new
versions and (unless ``--same-names``) new drug names, so that every label becomes its own
monograph (the most writing, the most names to remember). Then, for each size, runs
``medref import RELEASE.zip --dir EMPTY`` in a child process and prints wall time,
labels/s and peak RSS (``os.wait4``'s ``ru_maxrss``: the largest of the command and its
worker processes), the CPU seconds of them all, the load average after the run (other
work on the machine slows the figures), and checks that every label was written.

    .venv/bin/python bench/import_bench.py                      # 100 and 10,000 labels
    .venv/bin/python bench/import_bench.py --sizes 100 1000 --jobs 1

Targets (issue 5): at least 200 labels/s, and peak memory flat from 100 to 10,000 labels.
Generating 10,000 labels (about 2 GB of XML, zipped as it goes) takes a minute first.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPL = ROOT / "tests" / "fixtures" / "fda-labels" / "spl"
SET_ID = re.compile(rb'<setId root="([^"]+)"')
VERSION = re.compile(rb'<versionNumber value="[0-9]+"')
UNII = re.compile(  # a substance code: its first 4 characters kept, 6 made new
    rb'(<code code=")([0-9A-Z]{4})[0-9A-Z]{6}(?=" codeSystem="2\.16\.840\.1\.113883\.4\.9")'
)


def bases() -> list[tuple[bytes, list[bytes]]]:
    """The real labels, each with the names to vary: active moieties, generic and brand
    names (a new drug has its own brand; shared brands would only be left out as
    aliases)."""
    sys.path.insert(0, str(ROOT / "src"))
    from medref.importer.spl import parse_spl

    out = []
    for path in sorted(SPL.glob("*.xml")):
        data = path.read_bytes()
        label = parse_spl(data, path.name)
        names = [*label.moieties, *label.generic, *label.brands]
        out.append((data, [n.encode() for n in dict.fromkeys(names) if "<" not in n]))
    return out


def build_release(target: Path, count: int, same_names: bool) -> int:
    """A zip of ``count`` per-label zips; returns its size in bytes."""
    templates = bases()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as outer:
        for index in range(count):
            data, moieties = templates[index % len(templates)]
            set_id = str(uuid.uuid4()).encode()
            data = SET_ID.sub(b'<setId root="' + set_id + b'"', data, count=1)
            data = VERSION.sub(b'<versionNumber value="%d"' % (index + 1), data, count=1)
            if not same_names:
                for moiety in moieties:
                    data = data.replace(
                        b"<name>" + moiety + b"</name>", b"<name>%s X%d</name>" % (moiety, index)
                    )
                # A new drug has its own substance codes too: import tells products apart
                # by them (UNII), not by their names.
                data = UNII.sub(rb"\g<1>\g<2>%06d" % index, data)
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as label_zip:
                label_zip.writestr(f"{set_id.decode()}.xml", data)
            outer.writestr(f"prescription/{index:06d}_{set_id.decode()[:8]}.zip", inner.getvalue())
    return target.stat().st_size


def run_import(release: Path, out: Path, jobs: int | None) -> tuple[float, float, int, int, str]:
    """Wall seconds, CPU seconds, exit status, peak RSS in KiB and the summary line.

    The command's worker processes are its children: ``wait4`` counts their CPU time and
    their peak RSS (``ru_maxrss`` is the largest single process of the tree)."""
    command = [sys.executable, "-m", "medref", "import", str(release), "--dir", str(out)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    env = dict(os.environ, MEDREF_CACHE_DIR=str(out.parent / "cache"))
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        summary = log.read().decode("utf-8", "replace").strip().splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, proc.returncode, usage.ru_maxrss, summary[0] if summary else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--jobs", type=int, default=None, help="medref import --jobs")
    parser.add_argument(
        "--same-names", action="store_true", help="keep the drug names: labels merge into 4"
    )
    args = parser.parse_args()
    print(f"medref import benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(
        f"{'labels':>7} {'zip MB':>7} {'seconds':>8} {'labels/s':>9} {'CPU s':>7} "
        f"{'peak RSS':>10} {'load':>5}  result"
    )
    failed = False
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="medref-import-bench-") as tmp:
            release = Path(tmp) / "release.zip"
            megabytes = build_release(release, size, args.same_names) / 2**20
            out = Path(tmp) / "library"
            seconds, cpu, code, rss_kib, summary = run_import(release, out, args.jobs)
            load = os.getloadavg()[0]
            written = len(list(out.glob("*.md")))
            rate = size / seconds
            ok = code == 0 and (written == size or args.same_names)
            failed |= not ok
            print(
                f"{size:>7} {megabytes:>7.1f} {seconds:>8.2f} {rate:>9.1f} {cpu:>7.1f} "
                f"{rss_kib / 1024:>6.1f} MiB {load:>5.2f}  {written} files; {summary}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
