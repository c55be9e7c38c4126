"""Planning commands: the ranking profiles, the cost of a degree and its payoff."""

import math
from typing import TYPE_CHECKING, Annotated

from ..dataset.load import load_dataset, widened
from ..errors import BadOptionValue, UsageError
from ..output import Output, emit
from ..query import find_programs
from ..user.settings import Settings
from .common import say, unique_named
from .completion import complete_employers
from .declare import Option
from .options import emitting, parse_money
from .selecting import NamedProgramsArgument, Picked, TopOption, picked_programs, selecting

if TYPE_CHECKING:
    from ..model import Dataset, Program
    from ..user.offers import Offer


@emitting(fields=False)
def profiles(out: Output, data: str | None) -> None:
    """List the ranking profiles, each with its weights and filters (use: rank --profile NAME).

    Examples:

      mlprog profiles
      mlprog rank --profile value
    """
    from ..answers.programs import list_profiles

    emit(list_profiles(load_dataset(data)), out)


#: The employers the bundled data lists a tuition benefit for (a test keeps this in step with it).
KNOWN_EMPLOYERS = ("google", "amazon", "microsoft", "apple", "deloitte")

# The options cost and payoff share, declared once.
YearsOption = Annotated[
    float | None,
    Option(min=0.1, max=10, metavar="YEARS", help="Full-time length in years, instead of the stated one."),
]
EmployerOption = Annotated[
    str | None,
    Option(
        metavar="NAME",
        autocompletion=complete_employers,
        help=f"Your employer's tuition benefit, as the source lists it: {', '.join(KNOWN_EMPLOYERS)}.",
    ),
]
SponsorshipOption = Annotated[
    int | None,
    Option(
        metavar="USD", parser=parse_money, help="Your employer pays up to this much a year: 10000 or 10k."
    ),
]


def _checked_years(years: float | None) -> None:
    """--years is a number: Click's float range lets NaN through."""
    if years is not None and math.isnan(years):
        raise BadOptionValue("must be a number of years", param_hint="--years")


@selecting(taken=("--employer",))
@emitting(fields=False)
def cost(
    picked: Picked,
    out: Output,
    settings: Settings,
    data: str | None,
    programs: NamedProgramsArgument = None,
    top: TopOption = None,
    years: YearsOption = None,
    part_time: Annotated[
        bool, Option("--part-time", help="Study part time: a longer degree, the same total tuition.")
    ] = False,
    employer: EmployerOption = None,
    sponsorship: SponsorshipOption = None,
) -> None:
    """What a whole degree costs you after employer support, and its payback time.

    Tuition per year times the program's length, less what your employer pays
    (only when you name an employer or a sponsorship), and the years a master's
    salary premium takes to pay it back, as ranges. Every assumption is listed
    with its source. Name programs, or cost the first N of a selection with
    --top N (any rank or filter option chooses it), or your shortlist.

    Examples:

      mlprog cost cmu uw --employer google
      mlprog cost --top 5 --state TX
      mlprog cost ucf --part-time --json
    """
    from ..answers.cost import cost_programs

    _checked_years(years)
    dataset = widened(picked.widen(load_dataset(data)), programs or [])
    named = find_programs(dataset.programs, programs or [])
    chosen = unique_named(picked_programs(picked, dataset, settings, top, named) + named)
    found = [p for p in chosen if p.tuition is not None]
    unpriced = [p.id for p in chosen if p.tuition is None]  # institutions the page does not rank
    if unpriced and found:
        one = len(unpriced) == 1
        say(
            f"Not costed: {', '.join(unpriced)}: the page does not rank {'it' if one else 'them'}, "
            "so gives no tuition."
        )
    elif unpriced:
        raise UsageError(
            f"nothing to cost: the page does not rank {', '.join(unpriced)}, so gives no tuition"
        )
    if not found:
        raise UsageError("name at least one program, or use --top N or --shortlist")
    report = cost_programs(
        dataset, found, years=years, part_time=part_time, employer=employer, sponsorship=sponsorship
    )
    emit(report, out)


@selecting(taken=("--employer",))
@emitting(fields=False)
def payoff(
    picked: Picked,
    out: Output,
    settings: Settings,
    data: str | None,
    programs: NamedProgramsArgument = None,
    top: TopOption = None,
    applications: Annotated[
        bool,
        Option(
            "--applications",
            help="Your admitted offers side by side, their scholarship and assistantship counted.",
        ),
    ] = False,
    current_salary: Annotated[
        int | None,
        Option(
            metavar="USD",
            parser=parse_money,
            help="What you earn now: counted as given up while you study, and set against the earnings.",
        ),
    ] = None,
    living: Annotated[
        int | None,
        Option(
            metavar="USD/MONTH",
            parser=parse_money,
            help="What living costs you a month, instead of the living setting and HUD's rent.",
        ),
    ] = None,
    years: YearsOption = None,
    employer: EmployerOption = None,
    sponsorship: SponsorshipOption = None,
) -> None:
    """Will a degree pay off: its all-in cost, the earnings it leads to, and the payback time.

    The all-in cost is tuition over the program's length, plus living costs
    (HUD's rent where it is, or --living), plus the salary you give up
    (--current-salary), less employer support and awards. Earnings come from
    the best source there is, each labelled with its cohort: the program's own
    College Scorecard earnings, the local BLS wage of its careers, the page's
    premium. "not enough data" where no honest figure exists. --applications
    compares your admitted offers.

    Examples:

      mlprog payoff cmu uw --current-salary 85k
      mlprog payoff --top 5 --living 1800
      mlprog payoff --applications
    """
    from ..answers.payoff import payoff_programs

    _checked_years(years)
    dataset = widened(picked.widen(load_dataset(data)), programs or [])
    offers = None
    if applications:
        if programs or top is not None or picked.shortlist:
            raise UsageError(
                "--applications compares your admitted offers: name no programs, --top or --shortlist with it"
            )
        chosen, offers = _admitted(dataset)
    else:
        named = find_programs(dataset.programs, programs or [])
        chosen = unique_named(picked_programs(picked, dataset, settings, top, named) + named)
        if not chosen:
            raise UsageError("name at least one program, or use --top N, --shortlist or --applications")
    report = payoff_programs(
        dataset,
        chosen,
        years=years,
        current_salary=current_salary,
        living_per_month=living if living is not None else settings.living.value,
        employer=employer,
        sponsorship=sponsorship,
        offers=offers,
    )
    emit(report, out)


def _admitted(dataset: "Dataset") -> "tuple[list[Program], dict[str, Offer]]":
    """The programs of the user's admitted offers, in id order, and each offer; an application
    whose program is no longer in the data is said and left out."""
    from ..files.paths import user_paths
    from ..user.applications import read

    entries = read(user_paths().applications_file).entries
    by_id = {program.id: program for program in dataset.programs}
    offers = {
        program_id: entry.offer
        for program_id, entry in sorted(entries.items())
        if entry.offer is not None and entry.offer.decision == "admitted"
    }
    gone = [program_id for program_id in offers if program_id not in by_id]
    if gone:
        say(f"Left out: {', '.join(gone)}: no longer in the data.")
    return [by_id[program_id] for program_id in offers if program_id in by_id], offers
