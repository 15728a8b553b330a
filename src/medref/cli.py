"""medref's command line: thin Typer commands over the library, the views and the renderers.

Core raises, CLI reports: commands let ``MedrefError`` propagate; ``MedrefGroup`` turns it
into one line on stderr and the exception's exit code. Imports of anything heavier than the
model stay inside the commands that need them, so a lookup starts fast.
"""

# No `from __future__ import annotations` here: Typer reads these signatures on every run,
# and string annotations would have to be compiled and evaluated each time.
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import (
    EXIT_BROKEN,
    EXIT_INTERNAL,
    EXIT_IO,
    EXIT_NOT_FOUND,
    EXIT_USAGE,
    MedrefError,
    SelectionError,
)
from .terminal import emit, emit_json, message

# click's ClickException: typer >= 0.28 carries its own copy of click, older typers use
# click itself; BadParameter derives from it in both.
ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)

if TYPE_CHECKING:  # kept off the start-up path
    from .library import Entry, Library
    from .model import Monograph

OUTPUT_FORMAT = 1  # bump when rendering changes, to retire kept pages

EXIT_CODES_HELP = (
    f"Exit codes: 0 found; {EXIT_NOT_FOUND} not found, nothing matched or ambiguous; "
    f"{EXIT_USAGE} bad usage; {EXIT_BROKEN} the monograph asked for is broken; "
    f"{EXIT_IO} a file could not be read or written; {EXIT_INTERNAL} a bug in medref; "
    "130 interrupted."
)
MAX_BROKEN_SHOWN = 3


def report_error(exc: MedrefError) -> None:
    text = exc.message
    if isinstance(exc, SelectionError) and exc.choices:
        text += f"; {exc.choices_label}: " + "; ".join(exc.choices)
    message(f"error: {text}")


class MedrefGroup(TyperGroup):
    """Reports medref's errors and click's usage errors as one line each, with exit codes.

    Like ``tldr tar``, a bare drug name means ``show`` (``medref pomalidomide``), unless it is
    a command's name or looks like a mistyped one; ``medref help [COMMAND]`` is ``--help``.
    """

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        import difflib

        if args and not args[0].startswith("-"):
            first = args[0]
            if first == "help":
                target = self.get_command(ctx, args[1]) if len(args) > 1 else None
                if target is not None:
                    return args[1], target, ["--help"]
                typer.echo(ctx.get_help())
                raise typer.Exit(0)
            commands = self.list_commands(ctx)
            if first not in commands and not difflib.get_close_matches(first, commands, 1, 0.75):
                show = self.get_command(ctx, "show")
                if show is not None:
                    return "show", show, args
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MedrefError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except ClickException as exc:
            hint = ""
            ctx = getattr(exc, "ctx", None)
            code = getattr(exc, "exit_code", 1)
            if ctx is not None and code == EXIT_USAGE:
                hint = f" (see '{ctx.command_path} --help')"
            text = exc.format_message()  # type: ignore[attr-defined]
            if text:  # empty when `medref` alone printed the help
                message(f"error: {text}{hint}")
        except typer.Abort:
            message("aborted")
            code = 130
        except ValueError as exc:  # Typer's path conversion of an argument with a NUL byte
            if "null byte" not in str(exc):
                raise
            message("error: an argument contains a NUL byte")
            code = EXIT_USAGE
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=MedrefGroup,
    name="medref",
    help=(
        "An offline medication reference: monographs, dosing per indication, side effects "
        "and search, for the terminal.\n\n"
        "Examples:  medref show pomalidomide  ·  medref dosage pomalidomide --indication "
        "myeloma  ·  medref search blood clots  ·  medref list"
    ),
    epilog=EXIT_CODES_HELP + "  Not medical advice: see the disclaimer in every monograph.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


# --------------------------------------------------------------------------- shared options


def _complete_names(ctx: typer.Context, incomplete: str) -> list[str]:
    from .textutil import name_key

    try:
        lib = _library(ctx, ctx.params.get("library"), ctx.params.get("no_bundled", False))
        lib.sync(whole=True)
        prefix = name_key(incomplete)
        return sorted(
            {k for k, _n, _kind, _p in lib.catalogue.names(lib.folder_keys) if k.startswith(prefix)}
        )
    except Exception:  # completion must never print a traceback into the shell
        return []


def _complete_indications(ctx: typer.Context, incomplete: str) -> list[str]:
    from .selection import complete_indications

    try:
        name = ctx.params.get("name") or _name_being_completed()
        if not name:
            return []
        lib = _library(ctx, ctx.params.get("library"), ctx.params.get("no_bundled", False))
        _entry, mono = lib.get(name)
        return complete_indications(mono, incomplete)
    except Exception:
        return []


def _name_being_completed() -> str | None:
    """The drug name on the line being completed.

    While an option's value is completed, click has not parsed the command's arguments, so
    the name is read from the words the shell passed (bash: COMP_WORDS; zsh, fish:
    _TYPER_COMPLETE_ARGS).
    """
    import shlex

    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    takes_value = {"--library", "-L", "--indication", "-i"}
    rest = words[1:-1]  # without the program name and the word being completed
    command_seen = False
    index = 0
    while index < len(rest):
        word = rest[index]
        if word in takes_value:
            index += 2
            continue
        index += 1
        if word.startswith("-"):
            continue
        if command_seen:
            return word
        command_seen = True
    return None


NameArg = Annotated[
    str,
    typer.Argument(
        help="Drug name: generic, brand or other alias (case-insensitive).",
        metavar="NAME",
        autocompletion=_complete_names,
        show_default=False,
    ),
]
LibraryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        "-L",
        help="Also read monographs from this folder, before all others (repeatable).",
        rich_help_panel="Library",
        show_default=False,
    ),
]
NoBundledOpt = Annotated[
    bool,
    typer.Option(
        "--no-bundled", help="Hide the monographs bundled with medref.", rich_help_panel="Library"
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print JSON (documented in the README) instead of text.")
]


def _library(ctx: typer.Context | None, library: list[Path] | None, no_bundled: bool) -> "Library":
    from .library import Library

    root: dict[str, Any] = {}
    if ctx is not None:
        root = ctx.find_root().obj or {}
    folders = [*(library or []), *root.get("library", [])]
    bundled = not (no_bundled or root.get("no_bundled", False))
    return Library(folders, bundled=bundled, progress=_LazyProgress())


class _LazyProgress:
    """A progress bar on stderr that appears only once a rebuild has taken over a second."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.bar: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        import time

        self.total, self.done, self.started = total, 0, time.monotonic()

    def advance(self, count: int = 1) -> None:
        import time

        self.done += count
        if self.bar is None and time.monotonic() - self.started > 1.0 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("indexing monographs", total=self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@contextmanager
def session(
    ctx: typer.Context, library: list[Path] | None, no_bundled: bool, *, whole: bool = False
) -> Iterator["Library"]:
    """Open the library for one command; report its warnings however the command ends."""
    lib = _library(ctx, library, no_bundled)
    try:
        yield lib
    finally:
        for warning in lib.warnings:
            message(f"warning: {warning}")
        broken = lib.known_broken()
        asked = getattr(lib, "asked", None)
        broken = [b for b in broken if b.path != asked]
        for entry in broken[:MAX_BROKEN_SHOWN]:
            message(f"warning: {entry.path}:{entry.error_line}: {entry.error} (skipped)")
        if len(broken) > MAX_BROKEN_SHOWN:
            message(
                f"warning: {len(broken) - MAX_BROKEN_SHOWN} more broken monographs skipped "
                "(medref validate lists them)"
            )
        lib.close()


@contextmanager
def lookup(
    ctx: typer.Context,
    name: str,
    library: list[Path] | None,
    no_bundled: bool,
    *,
    page: bool = False,
) -> Iterator["Page | None"]:
    """A lookup command's output for NAME; None when its kept page was written instead."""
    with session(ctx, library, no_bundled) as lib:
        out = Page(ctx, lib, _resolve(lib, name), page=page)
        yield None if out.replay() else out


def _resolve(lib: "Library", name: str) -> "Entry":
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


class Page:
    """A lookup's output, kept in the catalogue like man's pre-formatted pages.

    The key is everything the output depends on: the command and its options, the file's
    path, size and modification time, medref's version, and the terminal's styling and
    width. A repeated lookup then writes the kept text without parsing, selecting or
    importing Rich; any change to the file or the options makes a new page.
    """

    def __init__(self, ctx: typer.Context, lib: "Library", entry: "Entry", *, page: bool = False):
        from .terminal import colour, styled_terminal, width

        self.lib = lib
        self.entry = entry
        self.page = page
        self.styled = styled_terminal()
        self.coloured = self.styled and colour()
        self.columns = width() if self.styled else 0
        self.keep = os.environ.get("MEDREF_PAGE_CACHE", "1") != "0"  # 0: for benchmarks
        params = sorted((k, v) for k, v in ctx.params.items() if k not in ("library", "no_bundled"))
        self.key = json.dumps(
            [
                OUTPUT_FORMAT,
                __version__,
                ctx.info_name,
                params,
                str(entry.path),
                entry.mtime_ns,
                entry.size,
                self.styled,
                self.coloured,
                self.columns,
            ],
            default=str,
        )

    @property
    def mono(self) -> "Monograph":
        return self.lib.load(self.entry)

    def replay(self) -> bool:
        if not self.keep:
            return False
        found = self.lib.catalogue.render_get(self.key)
        if found is None:
            return False
        self._show(found[0])
        return True

    def doc(self, doc: list[Any], *, pointer: bool = True) -> None:
        from .terminal import render_text

        if pointer and self.styled:
            doc = [
                *doc,
                ("note", f"Not medical advice. The disclaimer: medref show {self.entry.name}"),
            ]
        self._keep(render_text(doc, self.styled, self.columns, self.coloured))

    def json(self, data: Any) -> None:
        from .terminal import json_text

        self._keep(json_text(data))

    def _keep(self, text: str) -> None:
        if self.keep:
            self.lib.catalogue.render_put(self.key, text, text.count("\n"))
        self._show(text)

    def _show(self, text: str) -> None:
        from .terminal import show

        show(text, page=self.page)


def _version_callback(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    obj = ctx.obj or {}
    with session(ctx, obj.get("library"), obj.get("no_bundled", False)) as lib:
        count = sum(1 for e in lib.entries() if e.error is None)
    typer.echo(f"medref {__version__} ({count} monograph{'s' if count != 1 else ''} loaded)")
    raise typer.Exit()


def _store_library(ctx: typer.Context, value: list[Path] | None) -> list[Path] | None:
    ctx.ensure_object(dict)["library"] = list(value or [])
    return value


def _store_no_bundled(ctx: typer.Context, value: bool) -> bool:
    ctx.ensure_object(dict)["no_bundled"] = value
    return value


@app.callback()
def _root(
    ctx: typer.Context,
    library: Annotated[
        list[Path] | None,
        typer.Option(
            "--library",
            "-L",
            help="Also read monographs from this folder (repeatable).",
            callback=_store_library,
            is_eager=True,
            show_default=False,
        ),
    ] = None,
    no_bundled: Annotated[
        bool,
        typer.Option(
            "--no-bundled",
            help="Hide the bundled monographs.",
            callback=_store_no_bundled,
            is_eager=True,
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version and how many monographs load.",
            callback=_version_callback,
        ),
    ] = False,
) -> None:
    """medref: an offline medication reference."""
    ctx.ensure_object(dict)


# --------------------------------------------------------------------------- lookups


@app.command()
def show(
    ctx: typer.Context,
    name: NameArg,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never use a pager.")] = False,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """Print a whole monograph, ending with its disclaimer.

    On a terminal, long output goes through $MANPAGER or $PAGER (default: less).

    Examples: medref show pomalidomide  ·  medref show POMALYST --no-pager  ·
    medref show pomalidomide --json
    """
    with lookup(ctx, name, library, no_bundled, page=not no_pager and not json_out) as out:
        if out is None:
            return  # a kept page was written
        from . import render

        mono = out.mono
        if json_out:
            out.json(mono.to_dict())
        else:
            out.doc(render.whole(mono), pointer=False)


@app.command()
def usage(
    ctx: typer.Context,
    name: NameArg,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """What the drug is used for: its indications.

    Example: medref usage lenalidomide
    """
    with lookup(ctx, name, library, no_bundled) as out:
        if out is None:
            return  # a kept page was written
        from . import render
        from .views import require_section

        mono = out.mono
        require_section(mono, "usage", bool(mono.usage.indications or mono.usage.intro), "Usage")
        if json_out:
            out.json(_section_json(mono, "usage"))
        else:
            out.doc(render.section(mono, "Usage", render.usage(mono)))


@app.command()
def dosage(
    ctx: typer.Context,
    name: NameArg,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help="Indication words, as with --indication (medref dosage apixaban afib).",
            metavar="[WORDS]...",
            show_default=False,
            autocompletion=_complete_indications,
        ),
    ] = None,
    indication: Annotated[
        str | None,
        typer.Option(
            "--indication",
            "-i",
            help="Only the dosing for this use: its name, an abbreviation or plain words, "
            "with 'children', 'adults', 'age 8', 'treatment', 'prevention' to narrow it.",
            autocompletion=_complete_indications,
            show_default=False,
        ),
    ] = None,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """Dosing, for every indication or for the one you name; boxed warnings first.

    The words are read by meaning: abbreviations (PE, AFib, MDD, T2DM), plain words (heart
    attack, epilepsy), intent (treatment, prevention) and population (children, elderly,
    age 8). When they could mean several indications, or none, medref lists the indications
    and exits 1: it never shows one indication's, or one population's, dose for another.

    Examples: medref dosage pomalidomide  ·  medref dosage pomalidomide --indication myeloma
    ·  medref dosage apixaban PE treatment  ·  medref dosage lisinopril hypertension children
    """
    asked = " ".join([*(words or []), *([indication] if indication is not None else [])])
    with lookup(ctx, name, library, no_bundled) as out:
        if out is None:
            return  # a kept page was written
        from . import render
        from .views import require_section

        mono = out.mono
        require_section(mono, "dosage", bool(mono.dosage.blocks or mono.dosage.intro), "Dosage")
        selection = None
        if asked.strip() or indication is not None:
            from .selection import select_dosing

            selection = select_dosing(mono, asked)
        if json_out:
            out.json(render.dosing_json(mono, selection))
        else:
            out.doc(render.dosing(mono, selection))


@app.command("side-effects")
def side_effects(
    ctx: typer.Context,
    name: NameArg,
    serious: Annotated[bool, typer.Option("--serious", help="Only serious side effects.")] = False,
    common: Annotated[bool, typer.Option("--common", help="Only common side effects.")] = False,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """Side effects, in groups by how common or serious they are.

    Examples: medref side-effects pomalidomide  ·  medref side-effects pomalidomide --serious
    """
    with lookup(ctx, name, library, no_bundled) as out:
        if out is None:
            return  # a kept page was written
        from . import render
        from .views import filter_side_effects

        mono = out.mono
        groups = filter_side_effects(mono, serious=serious, common=common)
        if json_out:
            from dataclasses import asdict

            out.json(
                {"drug": mono.name, "title": mono.title, "groups": [asdict(g) for g in groups]}
            )
        else:
            body = render.side_effects(mono, groups, intro=not (serious or common))
            out.doc(render.section(mono, "Side Effects", body))


def _item_command(key: str, title: str, help_text: str) -> Any:
    """A command printing one labelled-items section (How it Works, Precautions)."""

    def command(
        ctx: typer.Context,
        name: NameArg,
        json_out: JsonOpt = False,
        library: LibraryOpt = None,
        no_bundled: NoBundledOpt = False,
    ) -> None:
        _item_section(ctx, name, key, title, json_out, library, no_bundled)

    command.__doc__ = f"{help_text}\n\n    Example: medref {key} pomalidomide\n    "
    return command


app.command("mechanism")(
    _item_command("mechanism", "How it Works", 'How the drug works (the "How it Works" section).')
)
app.command("precautions")(
    _item_command("precautions", "Precautions", "Precautions and warnings, boxed warnings first.")
)


def _item_section(
    ctx: typer.Context,
    name: str,
    key: str,
    title: str,
    json_out: bool,
    library: list[Path] | None,
    no_bundled: bool,
) -> None:
    with lookup(ctx, name, library, no_bundled) as out:
        if out is None:
            return  # a kept page was written
        from . import render
        from .views import require_section

        mono = out.mono
        section = getattr(mono, key)
        require_section(mono, key, bool(section.items or section.intro), title)
        if json_out:
            out.json(_section_json(mono, key))
        else:
            out.doc(render.section(mono, title, render.items(section)))


def _section_json(mono: "Monograph", key: str) -> dict[str, Any]:
    return {"drug": mono.name, "title": mono.title, key: mono.to_dict()[key]}


@app.command()
def faqs(
    ctx: typer.Context,
    name: NameArg,
    about: Annotated[
        str | None,
        typer.Option(
            "--about", "-a", help="Only questions about this (e.g. alcohol).", show_default=False
        ),
    ] = None,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """Frequently asked questions, or those about one topic.

    Examples: medref faqs pomalidomide  ·  medref faqs pomalidomide --about alcohol
    """
    with lookup(ctx, name, library, no_bundled) as out:
        if out is None:
            return  # a kept page was written
        from . import render
        from .views import select_faqs

        mono = out.mono
        chosen = select_faqs(mono, about)
        if json_out:
            from dataclasses import asdict

            out.json({"drug": mono.name, "title": mono.title, "faqs": [asdict(f) for f in chosen]})
        else:
            out.doc(render.section(mono, "FAQs", render.faqs(chosen)))


# --------------------------------------------------------------------------- the library


def _complete_sections(incomplete: str) -> list[str]:
    from .search import SECTIONS

    return [name for name in SECTIONS if name.startswith(incomplete)]


@app.command()
def search(
    ctx: typer.Context,
    terms: Annotated[
        list[str],
        typer.Argument(
            help='Words or "quoted phrases"; every one must match (unless --any).',
            show_default=False,
        ),
    ],
    any_term: Annotated[
        bool, typer.Option("--any", help="Match any of the words, not all of them.")
    ] = False,
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section",
            "-s",
            help="Only this section: names, usage, dosage, side-effects, mechanism, "
            "precautions, faqs (repeatable).",
            autocompletion=_complete_sections,
            show_default=False,
        ),
    ] = None,
    drug: Annotated[
        str | None,
        typer.Option(
            "--drug",
            "-d",
            help="Only this drug's monograph.",
            show_default=False,
            autocompletion=_complete_names,
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=1000, help="At most this many hits.")
    ] = 20,
    refresh: Annotated[
        bool,
        typer.Option("--refresh", help="Re-check every monograph file for changes first."),
    ] = False,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """Find the monograph sections that mention something, best matches first.

    Ranked with BM25 (a drug's names count most, then section headings, then text), with
    stemming (clots finds clot) and medical synonyms both ways (blood clot finds thrombosis,
    DVT and pulmonary embolism; exact words rank first). Hits are grouped by drug.

    Examples: medref search thrombosis  ·  medref search blood clots --section side-effects
    ·  medref search "pulmonary embolism"  ·  medref search alcohol --drug pomalidomide --json
    """
    from .errors import NotFoundError, UsageError
    from .search import SECTIONS

    wanted: list[str] | None = None
    if section:
        unknown = [s for s in section if s not in SECTIONS]
        if unknown:
            raise UsageError(f"no section {unknown[0]!r}; sections are: {', '.join(SECTIONS)}")
        wanted = [SECTIONS[s] for s in section]
    with session(ctx, library, no_bundled, whole=True) as lib:
        hits, suggestions = lib.search(
            terms, limit=limit, any_term=any_term, sections=wanted, drug=drug, refresh=refresh
        )
        if not hits:
            text = f"nothing matches {' '.join(terms)!r}"
            if suggestions:
                text += "; did you mean " + " or ".join(suggestions) + "?"
            raise NotFoundError(text)
        if json_out:
            emit_json({"query": " ".join(terms), "hits": [h.to_dict() for h in hits]})
            return
        rows: list[list[Any]] = []
        previous = None
        for hit in hits:
            where = hit.section_title
            spans: list[tuple[int, int]] = []
            if hit.label:
                where += " › "
                spans = [(s + len(where), e + len(where)) for s, e in hit.label_highlights]
                where += hit.label
            drug_cell = hit.title if hit.path != previous else ""
            previous = hit.path
            rows.append([drug_cell, [where, spans], [hit.snippet, hit.highlights]])
        emit([("table", ["Drug", "Section", "Match"], rows)])


@app.command("list")
def list_(
    ctx: typer.Context,
    source: Annotated[bool, typer.Option("--source", help="Show where each comes from.")] = False,
    drug_class: Annotated[
        str | None,
        typer.Option(
            "--class",
            help="Only drugs whose class has these words (e.g. anticoagulant).",
            show_default=False,
        ),
    ] = None,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """List the monographs available: name, class and indications.

    Examples: medref list  ·  medref list --class anticoagulant  ·  medref list --source --json
    """
    from .errors import NotFoundError
    from .textutil import words

    with session(ctx, library, no_bundled, whole=True) as lib:
        entries = [e for e in lib.entries() if e.error is None]
        if drug_class is not None:
            wanted = words(drug_class)
            entries = [
                e
                for e in entries
                if all(any(w2.startswith(w) for w2 in words(e.drug_class or "")) for w in wanted)
            ]
            if not entries:
                raise NotFoundError(f"no monograph has a class matching {drug_class!r}")
        if json_out:
            emit_json(
                [
                    {
                        "name": e.name,
                        "title": e.title,
                        "aliases": e.aliases,
                        "drug_class": e.drug_class,
                        "indications": e.indications,
                        "path": str(e.path),
                        "origin": e.folder.origin,
                        "overrides": [str(p) for p in e.overrides],
                    }
                    for e in entries
                ]
            )
            return
        columns = ["Name", "Class", "Indications"]
        if source:
            columns.append("Source")
        rows = []
        for e in entries:
            row = [e.title or e.name, e.drug_class or "", ", ".join(e.indications)]
            if source:
                where = e.folder.origin if e.folder.origin == "bundled" else str(e.path)
                if e.overrides:
                    where += " (overrides " + ", ".join(str(p) for p in e.overrides) + ")"
                row.append(where)
            rows.append(row)
        emit([("table", columns, rows)])


@app.command()
def paths(
    ctx: typer.Context,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """The folders monographs are read from, highest precedence first, with their counts.

    Add folders with --library DIR or MEDREF_PATH; your own monographs go in the user folder.
    """
    with session(ctx, library, no_bundled, whole=True) as lib:
        counts = lib.folder_counts()
        if json_out:
            emit_json(
                [
                    {
                        "path": str(f.path),
                        "origin": f.origin,
                        "monographs": n,
                        "problem": lib.problems.get(f.path),
                    }
                    for f, n in counts
                ]
            )
            return
        rows = [
            [
                str(i),
                f.origin,
                str(f.path),
                str(n) if n is not None else lib.problems.get(f.path, ""),
            ]
            for i, (f, n) in enumerate(counts, 1)
        ]
        emit([("table", ["#", "Origin", "Folder", "Monographs"], rows)])


# --------------------------------------------------------------------------- authoring


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Monograph files or folders (default: every monograph the library loads).",
            show_default=False,
        ),
    ] = None,
    json_out: JsonOpt = False,
    library: LibraryOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """Check monographs: errors make one unusable, warnings make it weaker.

    Prints one line per finding as FILE:LINE: level: message, then a summary; exits 3 when
    there are errors. docs/monograph-format.md lists the rules.

    Examples: medref validate  ·  medref validate monographs/  ·  medref validate x.md --json
    """
    from .validate import ERROR
    from .validate import validate as run_validate

    if paths:
        from .paths import unreadable
        from .textutil import printable_path

        for path in paths:
            problem = unreadable(path)
            if problem:
                from .errors import StorageError

                raise StorageError(f"{printable_path(path, 80)}: {problem}")
        targets = list(paths)
    else:
        with session(ctx, library, no_bundled) as lib:
            targets = [e.path for e in lib.entries()]
    count, findings = run_validate(targets)
    errors = sum(1 for f in findings if f.level == ERROR)
    warnings = len(findings) - errors
    if json_out:
        emit_json(
            {
                "files": count,
                "errors": errors,
                "warnings": warnings,
                "findings": [f.to_dict() for f in findings],
            }
        )
    else:
        from .terminal import write

        lines = [str(f) for f in findings]
        lines.append(
            f"{count} monograph{'s' if count != 1 else ''} checked: "
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )
        write("\n".join(lines) + "\n")
    if errors:
        raise typer.Exit(EXIT_BROKEN)


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="The drug's generic name.", show_default=False)],
    directory: Annotated[
        Path, typer.Option("--dir", "-d", help="Folder to write NAME.md into.")
    ] = Path(),
) -> None:
    """Write a skeleton monograph with every section and front matter key.

    Refuses to overwrite an existing file. Fill it in from the official label, then run
    medref validate on it.

    Examples: medref new ondansetron  ·  medref new ondansetron --dir ~/my-monographs
    """
    from .skeleton import write_skeleton

    target = write_skeleton(name, directory)
    message(f"wrote {target}", prefix="")


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="FDA labels: DailyMed SPL XML, openFDA JSON, zips of them (zips in a zip too), "
            "or a folder of such files.",
            show_default=False,
        ),
    ],
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            "-d",
            help="Folder to write the monographs into (default: your user monograph folder, "
            "which medref reads with no extra flag).",
            show_default=False,
        ),
    ] = None,
    per_label: Annotated[
        bool,
        typer.Option(
            "--per-label",
            help="One monograph per label. Default: one per generic, from its most recent "
            "label, the other labels' brands added as aliases.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Replace monographs that already exist.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes for large imports (default: the CPUs, at most 4).",
            show_default=False,
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Turn official FDA labels into monographs (DailyMed SPL XML, openFDA JSON).

    Inputs are recognised by their content: an SPL document, a zip of them (DailyMed's
    full release is a zip of zips), an openFDA label response or bulk file (plain or
    zipped), or one label record. Files that are not labels, or are broken, are reported
    and skipped. Existing monographs are never replaced without --force.

    Examples: medref import dm_spl_release_human_rx_part1.zip  ·
    medref import drug-label-0001-of-0013.json.zip --dir ~/labels  ·  medref import lipitor.xml
    """
    from .errors import NotFoundError
    from .importer import import_files
    from .paths import user_library_dir

    target = directory if directory is not None else user_library_dir()
    bar = _ImportBar()
    try:
        report = import_files(
            list(files), target, per_label=per_label, force=force, jobs=jobs, progress=bar.update
        )
    finally:
        bar.stop()
    for origin, problem in report.problems:
        message(f"warning: {origin}: {problem} (skipped)")
    unlisted = report.problem_count + report.not_labels - len(report.problems)
    if unlisted > 0:
        message(f"warning: {unlisted} more inputs skipped")
    if json_out:
        emit_json(report.to_dict())
    else:
        from .terminal import write

        write(_import_summary(report))
    if report.problem_count:
        raise typer.Exit(EXIT_IO)
    if not report.labels:
        raise NotFoundError("no drug labels found in the files given")


def _import_summary(report: Any) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    first = (
        f"{count(report.labels, 'label')} read: {count(len(report.written), 'monograph')} "
        f"written to {report.directory}"
    )
    if report.replaced:
        first += f" ({report.replaced} replaced)"
    if report.merged:
        first += (
            f", {count(report.merged, 'label')} merged into a monograph of the same generic "
            "(its newest label's text, every brand an alias)"
        )
    lines = [first + "."]
    skipped = [f"{n} {why}" for why, n in report.skipped.items()]
    if report.not_labels:
        skipped.append(
            f"{report.not_labels} not {'a drug label' if report.not_labels == 1 else 'drug labels'}"
        )
    if report.problem_count:
        skipped.append(f"{report.problem_count} unreadable")
    if skipped:
        lines.append("Skipped: " + "; ".join(skipped) + ".")
    if report.missing:
        parts = [f"{what} ({n})" for what, n in report.missing.most_common()]
        lines.append("Not in every label (imported without it): " + ", ".join(parts) + ".")
    return "\n".join(lines) + "\n"


class _ImportBar:
    """A progress bar on stderr for imports that take more than a second (terminals only)."""

    def __init__(self) -> None:
        import time

        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def update(self, done: int, total: int, labels: int) -> None:
        import time

        if self.bar is None:
            if not sys.stderr.isatty() or time.monotonic() - self.started < 1.0:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("importing", total=max(total, 1))
        self.bar.update(
            self.task, completed=min(done, total), description=f"importing: {labels} labels"
        )

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


_ROOT_OPTIONS_WITH_VALUE = ("--library", "-L")


def _only_command_asked(args: list[str]) -> None:
    """Register only the subcommand named on the command line, when there is one.

    Typer builds every command's parameters on every run (~2 ms a command); a lookup needs
    one. Help, completion and unknown names still see every command.
    """
    if any(k.endswith("_COMPLETE") for k in os.environ):
        return
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _ROOT_OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            chosen = [
                c
                for c in app.registered_commands
                if (c.name or (c.callback.__name__ if c.callback else "")) == arg
            ]
            if len(chosen) == 1:
                app.registered_commands = chosen
            return


def main() -> None:
    """Console-script entry point. Whatever goes wrong ends in one line on stderr and an
    exit code, never a traceback (MEDREF_DEBUG=1 shows one for a bug report)."""
    try:
        _only_command_asked(sys.argv[1:])
        app(prog_name="medref")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("MEDREF_DEBUG"):
            raise
        message(
            f"internal error: {type(exc).__name__}: {exc} "
            "(please report it; MEDREF_DEBUG=1 shows the traceback)"
        )
        sys.exit(EXIT_INTERNAL)
