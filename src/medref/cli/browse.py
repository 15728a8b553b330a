"""The library as a whole: search it, list it, see where it comes from."""

# No `from __future__ import annotations`: Typer reads these signatures at run time.
from typing import Annotated

import typer

from .context import session
from .options import DrugOpt, JsonOpt, SectionOpt, with_library
from .root import app

TermsArg = Annotated[
    list[str],
    typer.Argument(
        help='Words or "quoted phrases"; every one must match (unless --any).',
        show_default=False,
    ),
]
AnyOpt = Annotated[bool, typer.Option("--any", help="Match any of the words, not all of them.")]
LimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, max=1000, help="At most this many hits.")
]
RefreshOpt = Annotated[
    bool, typer.Option("--refresh", help="Re-check every monograph file for changes first.")
]


@app.command()
@with_library
def search(
    ctx: typer.Context,
    terms: TermsArg,
    any_term: AnyOpt = False,
    section: SectionOpt = None,
    drug: DrugOpt = None,
    limit: LimitOpt = 20,
    refresh: RefreshOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Find the monograph sections that mention something, best matches first.

    Ranked with BM25 (a drug's names count most, then section headings, then text), with
    stemming (clots finds clot) and medical synonyms both ways (blood clot finds thrombosis,
    DVT and pulmonary embolism; exact words rank first). Hits are grouped by drug.

    Examples: medref search thrombosis  ·  medref search blood clots --section side-effects
    ·  medref search "pulmonary embolism"  ·  medref search alcohol --drug pomalidomide --json
    """
    from ..errors import NotFoundError, UsageError
    from ..output import build, payloads
    from ..output.console import emit, emit_json
    from ..search import SECTIONS

    unknown = [s for s in section or [] if s not in SECTIONS]
    if unknown:
        raise UsageError(f"no section {unknown[0]!r}; sections are: {', '.join(SECTIONS)}")
    wanted = [SECTIONS[s] for s in section] if section else None
    with session(ctx) as lib:
        hits, suggestions = lib.search(
            terms, limit=limit, any_term=any_term, sections=wanted, drug=drug, refresh=refresh
        )
        if not hits:
            text = f"nothing matches {' '.join(terms)!r}"
            if suggestions:
                text += "; did you mean " + " or ".join(suggestions) + "?"
            raise NotFoundError(text)
        if json_out:
            emit_json(payloads.search(" ".join(terms), hits))
        else:
            emit(build.search(hits))


@app.command("list")
@with_library
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
) -> None:
    """List the monographs available: name, class and indications.

    Examples: medref list  ·  medref list --class anticoagulant  ·  medref list --source --json
    """
    from ..errors import NotFoundError
    from ..output import build, payloads
    from ..output.console import emit, emit_json

    with session(ctx) as lib:
        entries = lib.of_class(drug_class) if drug_class is not None else lib.usable()
        if not entries:
            raise NotFoundError(f"no monograph has a class matching {drug_class!r}")
        if json_out:
            emit_json(payloads.listing(entries))
        else:
            emit(build.listing(entries, source=source))


@app.command()
@with_library
def paths(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """The folders monographs are read from, highest precedence first, with their counts.

    Add folders with --library DIR or MEDREF_PATH; your own monographs go in the user folder.
    """
    from ..output import build, payloads
    from ..output.console import emit, emit_json

    with session(ctx) as lib:
        counts = lib.folder_counts()
        if json_out:
            emit_json(payloads.paths(counts, lib))
        else:
            emit(build.paths(counts, lib))
