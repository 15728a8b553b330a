"""What every command that reads the library shares: opening it, reporting its warnings,
and a lookup's whole trip — resolve the name, replay the kept page or build, render and
keep it.

Pages are kept like man's pre-formatted pages, behind the library's interface: the key is
everything the output depends on (the command and its options, the file's path, size and
modification time, medref's version, the terminal's layout), so a repeated lookup writes
the kept text without parsing, selecting or importing Rich, and any change to the file or
the options makes a new page.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..output.console import Layout, message

if TYPE_CHECKING:
    from ..library import Entry, Library
    from ..model import Monograph
    from ..output.document import Doc

OUTPUT_FORMAT = 2  # bump when rendering changes, to retire kept pages
MAX_BROKEN_SHOWN = 3

# What a lookup makes from the monograph: a document, or a JSON payload.
Make = Callable[["Monograph"], "Doc | dict[str, Any]"]


def open_library(ctx: Any, library: list[Path] | None = None, no_bundled: bool = False) -> Library:
    """The library the command line asks for: its folders from ``-L`` (before or after the
    command), ``--no-bundled``, MEDREF_PATH and the defaults."""
    from ..library import Library
    from ..output.progress import Bar

    root: dict[str, Any] = (ctx.find_root().obj or {}) if ctx is not None else {}
    folders = [*(library or []), *root.get("library", [])]
    bundled = not (no_bundled or root.get("no_bundled", False))
    return Library(folders, bundled=bundled, progress=Bar("indexing monographs"))


@contextmanager
def session(ctx: Any) -> Iterator[Library]:
    """The library for one command; its warnings are reported however the command ends."""
    lib = open_library(ctx)
    try:
        yield lib
    finally:
        report_warnings(lib)
        lib.close()


def report_warnings(lib: Library) -> None:
    for warning in lib.warnings:
        message(f"warning: {warning}")
    # A broken monograph the user asked for is the command's error, not also a warning.
    broken = [b for b in lib.known_broken() if b.path != lib.asked]
    for entry in broken[:MAX_BROKEN_SHOWN]:
        message(f"warning: {entry.path}:{entry.error_line}: {entry.error} (skipped)")
    if len(broken) > MAX_BROKEN_SHOWN:
        message(
            f"warning: {len(broken) - MAX_BROKEN_SHOWN} more broken monographs skipped "
            "(medref validate lists them)"
        )


def lookup(ctx: Any, name: str, make: Make, *, page: bool = False, pointer: bool = True) -> None:
    """Print what ``make`` makes of the monograph NAME: its kept page when there is one."""
    from ..output.console import json_text, render, show

    with session(ctx) as lib:
        entry = resolve(lib, name)
        layout = Layout.of_stdout()
        key = page_key(ctx, entry, layout)
        text = lib.kept_page(key) if keep_pages() else None
        if text is None:
            made = make(lib.load(entry))
            if isinstance(made, dict):
                text = json_text(made)
            else:
                if pointer and layout.terminal:
                    from ..output.build import pointer as disclaimer_pointer

                    made = [*made, disclaimer_pointer(entry.name)]
                text = render(made, layout)
            if keep_pages():
                lib.keep_page(key, text)
        show(text, page=page)


def keep_pages() -> bool:
    return os.environ.get("MEDREF_PAGE_CACHE", "1") != "0"  # 0: for benchmarks


def page_key(ctx: Any, entry: Entry, layout: Layout) -> str:
    params = sorted((k, v) for k, v in ctx.params.items() if k not in ("library", "no_bundled"))
    return json.dumps(
        [OUTPUT_FORMAT, __version__, ctx.info_name, params, str(entry.path), entry.mtime_ns,
         entry.size, *layout.key()],
        default=str,
    )  # fmt: skip


def resolve(lib: Library, name: str) -> Entry:
    """The monograph a name stands for; a note when it wins over another file."""
    entry = lib.resolve(name)
    for shadowed in entry.overrides:
        message(f"note: using {entry.path} (overrides {shadowed})", dim=True)
    if entry.passed_over:
        others = ", ".join(str(p) for p in entry.passed_over)
        message(
            f"note: using {entry.path} ({entry.title or entry.name}); {others} also "
            f"answers to {name!r}",
            dim=True,
        )
    return entry
