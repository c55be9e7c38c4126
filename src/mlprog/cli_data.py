"""Commands about the data itself: its fields, its JSON Schema, and validation.

They register on the app in :mod:`mlprog.cli`, which imports this module last.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli import JsonOption, app
from .formats import write_json
from .load import check_files
from .sanitize import terminal_safe


@app.command()
def fields(json_output: JsonOption = False) -> None:
    """List the fields of a program, for --fields and for scripts reading JSON."""
    properties = program_schema()["properties"]
    if json_output:
        write_json([{"name": name, "description": spec["description"]} for name, spec in properties.items()])
        return
    width = max(len(name) for name in properties)
    for name, spec in properties.items():
        sys.stdout.write(f"{name:<{width}}  {spec['description']}\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a program object, as rank, filter, compare and show print it."""
    write_json(program_schema())


def program_schema() -> dict[str, Any]:
    """The JSON Schema shipped inside the package."""
    import json

    text = (Path(__file__).parent / "program.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@app.command()
def validate(
    file: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="The data file to check (default: the data in use)."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Check a data file and list every problem in it; exit 0 only if it is clean.

    With no FILE, checks the bundled data and, if you have one, your own
    programs file as laid over it.
    """
    results = check_files(file)
    failed = any(problems for _, problems in results)
    if json_output:
        reports = [
            {"file": str(path), "ok": not problems, "problems": [str(p) for p in problems]}
            for path, problems in results
        ]
        write_json(reports[0] if file is not None else reports)
    else:
        for path, problems in results:
            if not problems:
                sys.stdout.write(f"{terminal_safe(str(path))}: ok\n")
                continue
            count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
            sys.stderr.write(f"{terminal_safe(str(path))}: {count}\n")
            for problem in problems:
                sys.stderr.write(f"  {terminal_safe(str(problem))}\n")
    if failed:
        raise typer.Exit(1)
