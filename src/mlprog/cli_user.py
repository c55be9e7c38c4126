"""Commands for the user's own files: shortlist, notes, settings and folders.

They register on the app in :mod:`mlprog.cli`, which imports this module last.
"""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import (
    DataOption,
    FormatOption,
    JsonOption,
    NoColorOption,
    _complete_programs,
    app,
    current_settings,
)
from .errors import UsageError
from .formats import write_json
from .load import load_dataset
from .output import Output, emit_list
from .paths import user_paths
from .query import find_programs
from .sanitize import terminal_safe

if TYPE_CHECKING:
    from rich.console import RenderableType

shortlist_app = typer.Typer(
    help="Keep a shortlist of programs: add, remove, list, clear.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
config_app = typer.Typer(
    help="Your settings: see what is in force and where it comes from.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(shortlist_app, name="shortlist")
app.add_typer(config_app, name="config")

ProgramsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="PROGRAM...", help="Ids, aliases or names, e.g. cmu usc.", autocompletion=_complete_programs
    ),
]


@shortlist_app.command("add")
def shortlist_add(programs: ProgramsArgument, data: DataOption = None) -> None:
    """Add programs to your shortlist (each name is checked against the data)."""
    from .shortlist import add

    dataset = load_dataset(data)
    ids = [p.id for p in find_programs(dataset.programs, programs)]
    updated, new = add(user_paths().shortlist_file, ids)
    already = [pid for pid in dict.fromkeys(ids) if pid not in new]
    if already:
        sys.stderr.write(f"Already on your shortlist: {', '.join(already)}\n")
    sys.stderr.write(f"Shortlist: {', '.join(updated.programs)}\n")


@shortlist_app.command("remove")
def shortlist_remove(
    programs: Annotated[list[str], typer.Argument(metavar="PROGRAM...", help="Ids on your shortlist.")],
) -> None:
    """Remove programs from your shortlist (ids no longer in the data can be removed too)."""
    from .shortlist import read, remove

    path = user_paths().shortlist_file
    on_list = read(path).programs
    ids = [name.strip().lower() for name in programs]
    missing = [pid for pid in ids if pid not in on_list]
    if missing:
        raise UsageError(
            f"not on your shortlist: {', '.join(missing)}; it holds: {', '.join(on_list) or 'nothing'}"
        )
    updated, _ = remove(path, ids)
    sys.stderr.write(f"Shortlist: {', '.join(updated.programs) or '(empty)'}\n")


@shortlist_app.command("list")
def shortlist_list(
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """Show your shortlist, with your notes; ids no longer in the data are reported, not dropped."""
    from .shortlist import read

    out = Output.from_options(output_format, json_output, None, no_color, default=current_settings())
    shortlist = read(user_paths().shortlist_file)
    dataset = load_dataset(data)
    by_id = {p.id: p for p in dataset.programs}
    records = []
    for pid in shortlist.programs:
        program = by_id.get(pid)
        records.append(
            {
                "id": pid,
                "in_data": program is not None,
                "rank": program.rank if program else None,
                "name": program.name if program else None,
                "tuition": program.tuition if program else None,
                "note": shortlist.notes.get(pid),
            }
        )
    gone = [pid for pid in shortlist.programs if pid not in by_id]
    if gone:
        sys.stderr.write(f"Note: no longer in the data, kept on your shortlist: {', '.join(gone)}\n")

    def table() -> "RenderableType":
        from .render import shortlist_table

        return shortlist_table(records)

    fields = ("id", "in_data", "rank", "name", "tuition", "note")
    emit_list(records, out, table, empty_note="Your shortlist is empty.", fields_default=fields)


@shortlist_app.command("clear")
def shortlist_clear(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Empty your shortlist and drop your notes (asks first on a terminal; needs --yes otherwise)."""
    from .shortlist import clear

    path = user_paths().shortlist_file
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("clearing the shortlist needs --yes when not asked at a terminal")
        if not typer.confirm(f"Empty your shortlist and drop your notes ({path})?", default=False):
            sys.stderr.write("Kept as it is.\n")
            raise typer.Exit(1)
    clear(path)
    sys.stderr.write("Shortlist cleared.\n")


@app.command()
def note(
    program: Annotated[
        str,
        typer.Argument(metavar="PROGRAM", help="An id, alias or name.", autocompletion=_complete_programs),
    ],
    text: Annotated[
        str | None, typer.Argument(metavar="[TEXT]", help="The note; leave out to show it.")
    ] = None,
    delete: Annotated[bool, typer.Option("--delete", help="Delete the note.")] = False,
    data: DataOption = None,
) -> None:
    """Write a note on a program (shown by show and the shortlist), or show it."""
    from .query import find_program
    from .shortlist import read, set_note

    path = user_paths().shortlist_file
    found = find_program(load_dataset(data).programs, program)
    if delete and text is not None:
        raise UsageError("--delete takes no text")
    if delete:
        set_note(path, found.id, None)
        sys.stderr.write(f"Note on {found.id} deleted.\n")
    elif text is None:
        saved = read(path).notes.get(found.id)
        if saved is None:
            sys.stderr.write(f"No note on {found.id}.\n")
        else:
            sys.stdout.write(terminal_safe(saved) + "\n")
    else:
        if not text.strip():
            raise UsageError("the note is empty; to delete it, use --delete")
        set_note(path, found.id, text)
        sys.stderr.write(f"Note on {found.id} saved.\n")


@app.command()
def paths(json_output: JsonOption = False) -> None:
    """Show where your settings, programs and shortlist live (MLPROG_HOME and XDG_* move them)."""
    folders = user_paths()
    listed = {
        "config_dir": folders.config_dir,
        "config_file": folders.config_file,
        "programs_file": folders.programs_file,
        "data_dir": folders.data_dir,
        "shortlist_file": folders.shortlist_file,
        "cache_dir": folders.cache_dir,
    }
    if json_output:
        write_json({name: {"path": str(p), "exists": p.exists()} for name, p in listed.items()})
        return
    for name, p in listed.items():
        mark = "" if p.exists() else "  (not there yet)"
        sys.stdout.write(f"{name:<15} {terminal_safe(str(p))}{mark}\n")


@config_app.command("show")
def config_show(json_output: JsonOption = False) -> None:
    """Print the settings in force and where each comes from (flag > MLPROG_* > config file > default)."""
    settings = current_settings()
    report = settings.as_dict()
    if json_output:
        write_json({"config_file": str(user_paths().config_file), "settings": report})
        return
    sys.stdout.write(f"config file: {terminal_safe(str(user_paths().config_file))}\n")
    for name, entry in report.items():
        value = entry["value"]
        if isinstance(value, list):  # states, or weights as [field, number] pairs
            value = ", ".join("=".join(map(str, v)) if isinstance(v, list | tuple) else str(v) for v in value)
        if value is None or value == "":
            value = "—"
        sys.stdout.write(f"{name:<8} {terminal_safe(str(value))}  ({entry['source']})\n")
