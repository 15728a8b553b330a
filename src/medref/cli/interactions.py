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
    its Interactions section, contraindications, boxed warnings or dose adjustments: the
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
    from ..interactions import check
    from ..medlist import read_list
    from ..output import build, payloads
    from ..output.console import emit, emit_json, message

    with session(ctx) as lib:
        medicines = read_list(lib, names)
        report = check(medicines.subjects)
    for asked, first, title in medicines.duplicates:
        message(f"note: {asked!r} is {title}, like {first!r}: checked once", dim=True)
    if json_out:
        emit_json(payloads.interactions(report, medicines))
    else:
        emit(build.interactions(report, medicines))
    if not report.pairs:
        raise typer.Exit(ExitCode.NOT_FOUND)


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
