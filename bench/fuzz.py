#!/usr/bin/env python3
"""A long fuzzing run: the property-based tests of tests/test_robustness.py with random
(not seeded) examples, many more of them than the test suite runs.

    .venv/bin/python bench/fuzz.py                 # 5,000 examples per property
    .venv/bin/python bench/fuzz.py --examples 50000

Each property asserts that hostile input (monograph text, names, search words, command
lines, XML and JSON label data, files for the import) ends in a result or a reported
refusal: no traceback, a documented exit code, and each example within the deadline. A
failure prints the smallest input hypothesis found, to add as a regression test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="per property (5000)")
    args = parser.parse_args()
    env = dict(
        os.environ,
        MEDREF_HYPOTHESIS_PROFILE="fuzz",
        MEDREF_FUZZ_EXAMPLES=str(args.examples),
    )
    command = [sys.executable, "-m", "pytest", "tests/test_robustness.py", "-k", "property", "-q"]
    raise SystemExit(subprocess.call(command, cwd=ROOT, env=env))


if __name__ == "__main__":
    main()
