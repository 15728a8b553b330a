"""``medref interactions``: check a medicine list against every label medref holds.

With two or more names, every pair both ways (``interactions.py``): what each label says
about the other medicine, worst first; exit 0 when a label names a pair, 1 when none does
(with the plain statement that this is not proof of safety). With one name, that drug's
own Interactions section.
"""

# No `from __future__ import annotations`: Typer reads these signatures at run time.
from typing import Annotated, Any

import typer

from ..errors import ExitCode
from .completion import complete_names
from .context import lookup, session
from .options import JsonOpt, with_library
from .root import app

NamesArg = Annotated[
    list[str],
    typer.Argument(
        help="Medicines: a monograph's name or alias (brand), or a medicine the class table "
        "or the labels name (ketoconazole, isoniazid).",
        metavar="NAME NAME...",
        autocompletion=complete_names,
        show_default=False,
    ),
]


@app.command()
@with_library
def interactions(ctx: typer.Context, names: NamesArg, json_out: JsonOpt = False) -> None:
    """Check a medicine list against every label medref holds, pair by pair, both ways.

    For each pair a label names — by name, alias, or a class the medicine belongs to — in
    its Interactions section, contraindications, boxed warnings, dose adjustments or OTC Drug
    Facts ("Do not use", "Ask a doctor before use if"): the
    severity in the label's own words (contraindicated, avoid, dose change, monitor,
    mentioned), the label's sentence with the matching words highlighted, the dose change
    it gives, and which label says it; worst first. Medicines without a monograph are
    checked against the other labels' text. Exit 0 when a label names a pair, 1 when none
    does: that is not proof that the combination is safe. One name: that drug's own
    Interactions section.

    Examples: medref interactions warfarin aspirin omeprazole clopidogrel  ·
    medref interactions apixaban ketoconazole clarithromycin  ·  medref interactions
    atorvastatin clarithromycin --json  ·  medref interactions sertraline
    """
    if len(names) == 1:
        _one(ctx, names[0], json_out)
        return
    from ..medlist import resolve_names
    from ..output.console import message, show

    with session(ctx) as lib:
        resolved = resolve_names(lib, names)
        for asked, first, title in resolved.duplicates:
            message(f"note: {asked!r} is {title}, like {first!r}: checked once", dim=True)
        found, text = _page(ctx, lib, resolved, json_out)
    show(text)
    if not found:
        raise typer.Exit(ExitCode.NOT_FOUND)


def _page(ctx: typer.Context, lib: Any, resolved: Any, json_out: bool) -> tuple[bool, str]:
    """Whether a label names a pair, and the page: kept (like a lookup's, keyed by every
    medicine's file and the class table), or checked now and kept."""
    import json

    from .. import __version__
    from ..drugclasses import fingerprint
    from ..output.console import Layout
    from .context import OUTPUT_FORMAT, keep_pages

    layout = Layout.of_stdout()
    parts = [r.page_part() for r in resolved.names]
    key = json.dumps(
        [OUTPUT_FORMAT, __version__, "interactions", json_out, parts, fingerprint(),
         *layout.key()]
    )  # fmt: skip
    kept = lib.kept_page(key) if keep_pages() else None
    if kept is not None:
        return kept[0] == "1", kept[1:]
    found, text = _checked(lib, resolved, json_out, layout)
    if keep_pages():
        lib.keep_page(key, ("1" if found else "0") + text)
    return found, text


def _checked(lib: Any, resolved: Any, json_out: bool, layout: Any) -> tuple[bool, str]:
    from ..interactions import check
    from ..medlist import medicine_list
    from ..output.console import json_text, render

    medicines = medicine_list(lib, resolved)
    report = check(medicines.subjects, medicines.classes)
    if json_out:
        from ..output import payloads

        return bool(report.pairs), json_text(payloads.interactions(report, medicines))
    from ..output import build

    return bool(report.pairs), render(build.interactions(report, medicines), layout)


def _one(ctx: typer.Context, name: str, json_out: bool) -> None:
    """One name: the drug's own Interactions section, as the section commands show theirs."""

    def make(mono: Any) -> Any:
        from ..output import build, payloads
        from ..views import require_section

        section = mono.interactions
        require_section(mono, "interactions", bool(section.items or section.intro))
        if json_out:
            return payloads.section(mono, "interactions")
        return build.section(mono, "interactions", build.items(section))

    lookup(ctx, name, make)
