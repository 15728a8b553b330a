"""Lookups: one monograph, whole or one of its sections.

Each command says what to make of the monograph; ``context.lookup`` does the rest
(resolving the name, the kept page, the output).
"""

# No `from __future__ import annotations`: Typer reads these signatures at run time.
from typing import Annotated, Any

import typer

from .context import lookup
from .options import IndicationOpt, IndicationWords, JsonOpt, NameArg, with_library
from .root import app


@app.command()
@with_library
def show(
    ctx: typer.Context,
    name: NameArg,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never use a pager.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Print a whole monograph: its boxed warnings first, ending with its disclaimer.

    On a terminal, long output goes through $MANPAGER or $PAGER (default: less).

    Examples: medref show pomalidomide  ·  medref pomalidomide  ·  medref show POMALYST
    --no-pager  ·  medref show pomalidomide --json
    """
    from ..output import build, payloads

    lookup(
        ctx,
        name,
        lambda mono: payloads.show(mono) if json_out else build.whole(mono),
        page=not no_pager and not json_out,
        pointer=False,
    )


@app.command()
@with_library
def usage(ctx: typer.Context, name: NameArg, json_out: JsonOpt = False) -> None:
    """What the drug is used for: its indications.

    Example: medref usage lenalidomide
    """

    def make(mono: Any) -> Any:
        from ..output import build, payloads
        from ..views import require_section

        require_section(mono, "usage", bool(mono.usage.indications or mono.usage.intro))
        return (
            payloads.section(mono, "usage")
            if json_out
            else build.section(mono, "usage", build.usage(mono))
        )

    lookup(ctx, name, make)


@app.command()
@with_library
def dosage(
    ctx: typer.Context,
    name: NameArg,
    words: IndicationWords = None,
    indication: IndicationOpt = None,
    json_out: JsonOpt = False,
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

    def make(mono: Any) -> Any:
        from ..output import build, payloads
        from ..views import require_section, select_dosing

        require_section(mono, "dosage", bool(mono.dosage.blocks or mono.dosage.intro))
        selection = select_dosing(mono, asked) if asked.strip() or indication is not None else None
        return payloads.dosage(mono, selection) if json_out else build.dosing(mono, selection)

    lookup(ctx, name, make)


@app.command("side-effects")
@with_library
def side_effects(
    ctx: typer.Context,
    name: NameArg,
    serious: Annotated[bool, typer.Option("--serious", help="Only serious side effects.")] = False,
    common: Annotated[bool, typer.Option("--common", help="Only common side effects.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Side effects, in groups by how common or serious they are.

    Examples: medref side-effects pomalidomide  ·  medref side-effects pomalidomide --serious
    """

    def make(mono: Any) -> Any:
        from ..output import build, payloads
        from ..views import filter_side_effects

        groups = filter_side_effects(mono, serious=serious, common=common)
        if json_out:
            return payloads.side_effects(mono, groups)
        body = build.side_effects(mono, groups if serious or common else None)
        return build.section(mono, "side_effects", body)

    lookup(ctx, name, make)


def _items_lookup(ctx: typer.Context, name: str, key: str, json_out: bool) -> None:
    """How it Works and Precautions: a section of labelled items."""

    def make(mono: Any) -> Any:
        from ..output import build, payloads
        from ..views import require_section

        section = getattr(mono, key)
        require_section(mono, key, bool(section.items or section.intro))
        if json_out:
            return payloads.section(mono, key)
        return build.section(mono, key, build.items(section))

    lookup(ctx, name, make)


@app.command()
@with_library
def mechanism(ctx: typer.Context, name: NameArg, json_out: JsonOpt = False) -> None:
    """How the drug works (the "How it Works" section).

    Example: medref mechanism pomalidomide
    """
    _items_lookup(ctx, name, "mechanism", json_out)


@app.command()
@with_library
def precautions(ctx: typer.Context, name: NameArg, json_out: JsonOpt = False) -> None:
    """Precautions and warnings, boxed warnings first.

    Example: medref precautions pomalidomide
    """
    _items_lookup(ctx, name, "precautions", json_out)


@app.command()
@with_library
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
) -> None:
    """Frequently asked questions, or those about one topic (read by meaning, as dosage's
    indication words are).

    Examples: medref faqs pomalidomide  ·  medref faqs pomalidomide --about alcohol
    """

    def make(mono: Any) -> Any:
        from ..output import build, payloads
        from ..views import select_faqs

        chosen = select_faqs(mono, about)
        return (
            payloads.faqs(mono, chosen)
            if json_out
            else build.section(mono, "faqs", build.faqs(chosen))
        )

    lookup(ctx, name, make)
