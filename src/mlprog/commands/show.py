"""show: one program's full card.

A module of its own, apart from the explorer's (:mod:`.explore`): show takes
no selection option, and importing those (:mod:`.selecting`, fifteen
``typer.Option`` declarations and their enumerations) cost each of its runs
about 6 M instructions.
"""

from ..dataset.load import load_dataset, widened
from ..output import Output, emit
from ..user.settings import Settings
from .common import user_notes
from .options import ProgramWordsArgument, emitting


@emitting()
def show(out: Output, settings: Settings, data: str | None, program: ProgramWordsArgument) -> None:
    """Print one program's full card: figures, degrees, labs, partners, outcomes, faculty.

    With a College Scorecard import, an institution the page does not rank is
    found too, by its id or whole name (mlprog rank --unranked lists them).

    Examples:

      mlprog show cmu
      mlprog show new york university
      mlprog show cmu --json | jq .tuition
      mlprog show cmu --fields all_in_cost,earnings_4yr --json
    """
    from ..answers.programs import show_program
    from ..errors import ProgramNotFound

    name = " ".join(program)
    try:
        dataset = widened(load_dataset(data, name=name), [name])
        if out.fields and "all_in_cost" in out.fields:  # worked out only when asked for
            from ..answers.payoff import with_all_in_cost

            dataset = with_all_in_cost(dataset, settings.living.value)
        card = show_program(dataset, name, user_notes(), living_usd_per_month=settings.living.value)
    except ProgramNotFound as exc:
        if exc.suggestions or not _scorecard_imported():
            raise
        raise ProgramNotFound(name, (), imported=True) from None
    emit(card, out)


def _scorecard_imported() -> bool:
    """Whether the user has a College Scorecard import, whose institutions --unranked adds."""
    from ..errors import MlprogError
    from ..files.paths import is_there, user_paths

    try:
        return is_there(user_paths().scorecard_file)
    except MlprogError:
        return False
