"""Planning commands: the ranking profiles and the cost of a degree.

They register on the app in :mod:`mlprog.cli`, which imports this module last.
"""

import math
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import (
    DataOption,
    FormatOption,
    JsonOption,
    NoColorOption,
    _complete_employers,
    _complete_programs,
    _unique,
    app,
    current_settings,
)
from .formats import OutputFormat, write_json
from .load import load_dataset
from .model import PROFILE_KEYS
from .output import Output, emit_list
from .query import find_programs

if TYPE_CHECKING:
    from rich.console import RenderableType


@app.command()
def profiles(
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """List the ranking profiles, each with its weights and filters (use: rank --profile NAME)."""
    out = Output.from_options(output_format, json_output, None, no_color, (), current_settings())
    dataset = load_dataset(data)
    records = [profile.as_dict() for profile in dataset.profiles]

    def table() -> "RenderableType":
        from .render import profiles_table

        return profiles_table(dataset.profiles)

    emit_list(records, out, table, empty_note=f"No profiles in {dataset.path}.", fields_default=PROFILE_KEYS)


@app.command()
def cost(
    programs: Annotated[
        list[str],
        typer.Argument(
            metavar="PROGRAM...", help="One or more ids, aliases or names.", autocompletion=_complete_programs
        ),
    ],
    years: Annotated[
        float | None,
        typer.Option(
            min=0.1, max=10, metavar="YEARS", help="Full-time length in years, instead of the stated one."
        ),
    ] = None,
    part_time: Annotated[
        bool, typer.Option("--part-time", help="Study part time: a longer degree, the same total tuition.")
    ] = False,
    employer: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            autocompletion=_complete_employers,
            help="Your employer's tuition benefit, as the source lists it (e.g. google).",
        ),
    ] = None,
    sponsorship: Annotated[
        int | None, typer.Option(min=0, metavar="USD", help="Your employer pays up to this much a year.")
    ] = None,
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """What a whole degree costs you after employer support, and its payback time.

    Tuition per year times the program's length, less what your employer pays,
    and the years a master's salary premium takes to pay it back, as ranges.
    Every assumption is listed with its source.
    """
    from .cost import COST_KEYS, assumptions, degree_cost, find_benefit, flat_cost, support_from

    out = Output.from_options(output_format, json_output, None, no_color, (), current_settings())
    if years is not None and math.isnan(years):
        raise typer.BadParameter("must be a number of years", param_hint="--years")
    dataset = load_dataset(data)
    found = _unique(find_programs(dataset.programs, programs))
    benefit = find_benefit(dataset, employer) if employer is not None else None
    support = support_from(benefit, sponsorship)
    costs = [degree_cost(p, dataset.meta, years=years, part_time=part_time, support=support) for p in found]
    notes = assumptions(dataset.meta, costs, part_time=part_time, support=support)
    if out.format is OutputFormat.json:
        write_json(
            {
                "programs": [c.as_dict() for c in costs],
                "part_time": part_time,
                "employer": benefit._asdict() if benefit else None,
                "sponsorship_per_year": sponsorship,
                "assumptions": [n._asdict() for n in notes],
            }
        )
        return

    def table() -> "RenderableType":
        from .render import cost_table

        return cost_table(costs, notes, benefit)

    emit_list([flat_cost(c) for c in costs], out, table, fields_default=COST_KEYS)
