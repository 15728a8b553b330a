"""``medref import``: read the inputs, convert each label, write the monographs, count.

Reading and writing happen in this process, in input order (so merging is deterministic);
converting (parsing the XML, building the monograph) is the costly part, and for large
batches it runs in worker processes, at most ``WINDOW`` labels in flight so memory stays
flat however many labels the inputs hold. Small batches never start a worker.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StorageError
from .build import build
from .detect import Document, Walker, expand
from .label import ImportProblem
from .markdown import Draft
from .openfda import parse_record
from .spl import parse_spl
from .writer import BLOCKED, CONFLICT, EXISTS, MERGED, WRITTEN, Writer

POOL_AFTER = 24  # labels converted in this process before workers are worth starting
BATCH = 8  # documents sent to a worker at once
BATCH_BYTES = 4 << 20
WINDOW_PER_JOB = 3  # batches in flight per worker: memory stays bounded
MAX_EXAMPLES = 50  # problems and skips listed one by one; beyond, counted

Progress = Callable[[int, int, int], None]  # (bytes done, bytes in all, labels read)


@dataclass
class ImportReport:
    directory: Path
    labels: int = 0  # drug labels read
    written: list[str] = field(default_factory=list)  # file names written (new or --force)
    replaced: int = 0  # of those, files that existed and --force replaced
    merged: int = 0  # labels folded into a monograph of this import
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> labels
    problems: list[tuple[str, str]] = field(default_factory=list)  # (input, why) examples
    problem_count: int = 0  # inputs that could not be read
    not_labels: int = 0  # documents that are not drug labels
    not_human: Counter[str] = field(default_factory=Counter)  # "veterinary label" -> documents
    missing: Counter[str] = field(default_factory=Counter)  # section -> labels without it
    examples: list[tuple[str, str]] = field(default_factory=list)  # (input, what happened)

    def note(self, origin: str, what: str) -> None:
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append((origin, what))


@dataclass(frozen=True)
class Problem:
    """An input that gave no draft, as it travels back from a worker (an ``ImportProblem``
    itself does not survive pickling)."""

    origin: str
    reason: str
    unreadable: bool
    kind: str = ""  # what a document for no human patient is: "veterinary label"

    @classmethod
    def of(cls, exc: ImportProblem) -> Problem:
        return cls(exc.origin, exc.reason, exc.unreadable, exc.kind)


Result = tuple[str, Any]  # ("draft", Draft) | ("problem", Problem)


def convert(document: Document, temp_dir: str = "", token: str = "") -> list[Result]:
    """One document (a zip in a zip: each of its documents) to drafts or problems.

    Runs in worker processes: returns plain values rather than raising, since an exception
    with its own constructor does not survive pickling. Drafts come rendered, so that the
    writer only writes.
    """
    if document.kind == "zip":
        results: list[Result] = []
        for inner in expand(document):
            if isinstance(inner, ImportProblem):
                results.append(("problem", Problem.of(inner)))
            else:
                results += convert(inner, temp_dir, token)
        return results
    try:
        if document.kind == "xml":
            label = parse_spl(document.payload, document.origin)
        else:
            label = parse_record(document.payload, document.origin)
        draft = build(label)
    except ImportProblem as exc:
        return [("problem", Problem.of(exc))]
    except RecursionError:
        return [("problem", Problem(document.origin, "nested too deeply to read", True))]
    draft.text = draft.render()
    draft.body = ""  # the text has it
    if temp_dir:
        # In a worker: write the file here, under a temporary name; the writer (in the
        # main process) moves it into place or deletes it. What goes back is small.
        draft.temp = os.path.join(
            temp_dir, f".{draft.key}.{token}-{os.getpid()}-{next(_SERIAL)}.tmp"
        )
        with open(draft.temp, "w", encoding="utf-8", newline="\n") as out:
            out.write(draft.text)
        draft.text, draft.temp_title = "", draft.title
    return [("draft", draft)]


_SERIAL = itertools.count()


def import_files(
    paths: list[Path],
    directory: Path,
    *,
    per_label: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every label in ``paths`` into ``directory``; never raises for one bad input."""
    report = ImportReport(directory)
    writer = Writer(directory, force=force, per_label=per_label)
    walker = Walker(paths)
    jobs = max(1, jobs if jobs is not None else min(4, os.cpu_count() or 1))

    def handle(result: Result) -> None:
        kind, value = result
        if kind == "problem":
            _problem(report, value)
        else:
            _written(report, writer, value)
        if progress is not None:
            progress(walker.done, walker.total, report.labels)

    token = secrets.token_hex(4)
    try:
        for item in _converted(walker, jobs, str(directory), token):
            handle(item)
        writer.finish()
        _renamed(report, writer.renamed)
    finally:
        # Temporary files of drafts never handed over (an interrupted import).
        for temp in directory.glob(f".*.{token}-*.tmp"):
            with contextlib.suppress(OSError):
                temp.unlink()
    return report


def _converted(walker: Walker, jobs: int, temp_dir: str, token: str) -> Iterator[Result]:
    """Results in input order: in this process first, then through workers."""
    documents = iter(walker)
    seen = 0
    for item in documents:
        if isinstance(item, ImportProblem):
            yield "problem", Problem.of(item)
            continue
        seen += 1
        yield from convert(item)
        if seen >= POOL_AFTER and jobs > 1:
            break
    else:
        return
    yield from _pooled(documents, jobs, temp_dir, token)


def convert_batch(documents: list[Document], temp_dir: str, token: str) -> list[Result]:
    """Several documents in one task: fewer round trips between the processes."""
    try:
        return [result for document in documents for result in convert(document, temp_dir, token)]
    except OSError as exc:  # the temporary file: the writer reports the folder's trouble
        reason = f"cannot write a temporary file: {exc}"
        return [("problem", Problem(documents[0].origin, reason, True))]


def _pooled(
    documents: Iterable[Document | ImportProblem], jobs: int, temp_dir: str, token: str
) -> Iterator[Result]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: workers are this process's own children (reaped, and counted in its resource
    # usage), start from a clean interpreter whatever threads this one has, and behave the
    # same on every platform; starting two costs a fraction of a second.
    context = multiprocessing.get_context("spawn")
    window: deque[Future[list[Result]] | list[Result]] = deque()
    limit = jobs * WINDOW_PER_JOB
    batch: list[Document] = []
    size = 0
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for item in documents:
            if isinstance(item, ImportProblem):
                if batch:  # keep the order: what came before the problem goes first
                    window.append(pool.submit(convert_batch, batch, temp_dir, token))
                    batch, size = [], 0
                window.append([("problem", Problem.of(item))])
            else:
                batch.append(item)
                size += len(item.payload) if isinstance(item.payload, bytes) else BATCH_BYTES
                if len(batch) >= BATCH or size >= BATCH_BYTES:
                    window.append(pool.submit(convert_batch, batch, temp_dir, token))
                    batch, size = [], 0
            while len(window) >= limit:
                yield from _results(window.popleft())
        if batch:
            window.append(pool.submit(convert_batch, batch, temp_dir, token))
        while window:
            yield from _results(window.popleft())


def _results(entry: Future[list[Result]] | list[Result]) -> list[Result]:
    return entry if isinstance(entry, list) else entry.result()


def _problem(report: ImportReport, problem: Problem) -> None:
    if problem.unreadable:
        report.problem_count += 1
    elif problem.kind:
        report.not_human[problem.kind] += 1
    else:
        report.not_labels += 1
    if len(report.problems) < MAX_EXAMPLES:
        report.problems.append((problem.origin, problem.reason))


def _renamed(report: ImportReport, renamed: dict[str, str]) -> None:
    """The report with the names files took at the end (a medicine with several
    products)."""
    if not renamed:
        return
    report.written = [renamed.get(name, name) for name in report.written]
    report.examples = [
        (origin, " ".join(renamed.get(word, word) for word in what.split(" ")))
        for origin, what in report.examples
    ]


def _written(report: ImportReport, writer: Writer, draft: Draft) -> None:
    report.labels += 1
    for section in draft.missing:
        report.missing[section] += 1
    try:
        outcome = writer.add(draft)
    except StorageError as exc:  # this label's file: reported, and the batch goes on
        _problem(report, Problem(draft.origin, exc.message, True))
        return
    if outcome.status == WRITTEN:
        report.written.append(outcome.name)
        report.replaced += outcome.replaced
        report.note(draft.origin, f"wrote {outcome.name}")
    elif outcome.status == MERGED:
        report.merged += 1
        how = "newer label, text replaced" if outcome.replaced else "brands added as aliases"
        report.note(draft.origin, f"merged into {outcome.name} ({how})")
    elif outcome.status == EXISTS:
        report.skipped["already in the folder (--force replaces)"] += 1
        report.note(draft.origin, f"skipped: {outcome.detail}")
    elif outcome.status == CONFLICT:
        report.skipped["named like another monograph of the folder"] += 1
        report.note(draft.origin, f"skipped: {outcome.detail}")
    elif outcome.status == BLOCKED:
        report.skipped["a folder or link in the way"] += 1
        if len(report.problems) < MAX_EXAMPLES:
            report.problems.append((draft.origin, outcome.detail))
