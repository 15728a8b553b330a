"""Writing monographs: check them, start one, import official labels."""

# No `from __future__ import annotations`: Typer reads these signatures at run time.
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode
from ..output.console import message
from .context import session
from .options import JsonOpt, with_library
from .root import app

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Monograph files or folders (default: every monograph the library loads).",
        show_default=False,
    ),
]
LabelsArg = Annotated[
    list[Path],
    typer.Argument(
        help="FDA labels: DailyMed SPL XML, openFDA JSON, zips of them (zips in a zip too), "
        "or a folder of such files.",
        show_default=False,
    ),
]
DirOpt = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        "-d",
        help="Folder to write the monographs into (default: your user monograph folder, "
        "which medref reads with no extra flag).",
        show_default=False,
    ),
]
PerLabelOpt = Annotated[
    bool,
    typer.Option(
        "--per-label",
        help="One monograph per label. Default: one per generic, from its most recent label, "
        "the other labels' brands added as aliases.",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", "-f", help="Replace monographs that already exist.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for large imports (default: the CPUs, at most 4).",
        show_default=False,
    ),
]


@app.command()
@with_library
def validate(ctx: typer.Context, paths: PathsArg = None, json_out: JsonOpt = False) -> None:
    """Check monographs: errors make one unusable, warnings make it weaker.

    Prints one line per finding as FILE:LINE: level: message, then a summary; exits 3 when
    there are errors. docs/monograph-format.md lists the rules.

    Examples: medref validate  ·  medref validate monographs/  ·  medref validate x.md --json
    """
    from ..errors import StorageError
    from ..output import build, payloads
    from ..output.console import emit, emit_json
    from ..paths import unreadable
    from ..textutil import printable_path
    from ..validate import ERROR
    from ..validate import validate as run_validate

    for path in paths or []:
        problem = unreadable(path)
        if problem:
            raise StorageError(f"{printable_path(path, 80)}: {problem}")
    if paths:
        targets = list(paths)
    else:
        with session(ctx) as lib:
            targets = [e.path for e in lib.entries()]
    count, findings = run_validate(targets)
    if json_out:
        emit_json(payloads.validation(count, findings))
    else:
        emit(build.validation(count, findings))
    if any(f.level == ERROR for f in findings):
        raise typer.Exit(ExitCode.BROKEN)


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
    from ..skeleton import write_skeleton

    target = write_skeleton(name, directory)
    message(f"wrote {target}", prefix="")


@app.command("import")
def import_(
    files: LabelsArg,
    directory: DirOpt = None,
    per_label: PerLabelOpt = False,
    force: ForceOpt = False,
    jobs: JobsOpt = None,
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
    from ..errors import NotFoundError
    from ..importer import import_files
    from ..output import build, payloads
    from ..output.console import emit, emit_json
    from ..output.progress import Bar
    from ..paths import user_library_dir

    target = directory if directory is not None else user_library_dir()
    bar = Bar("importing")

    def progress(done: int, total: int, labels: int) -> None:
        bar.update(done, total, f"importing: {labels} labels")

    try:
        report = import_files(
            list(files), target, per_label=per_label, force=force, jobs=jobs, progress=progress
        )
    finally:
        bar.stop()
    for origin, problem in report.problems:
        message(f"warning: {origin}: {problem} (skipped)")
    skipped = report.problem_count + report.not_labels + sum(report.not_human.values())
    unlisted = skipped - len(report.problems)
    if unlisted > 0:
        message(f"warning: {unlisted} more inputs skipped")
    if json_out:
        emit_json(payloads.import_report(report))
    else:
        emit(build.import_summary(report))
    if report.problem_count:
        raise typer.Exit(ExitCode.IO)
    if not report.labels:
        raise NotFoundError("no drug labels found in the files given")
