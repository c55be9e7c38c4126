"""Commands for the rest of the source page: career paths, the top states, the guide to choosing.

Their answers are imported inside each command: every run imports this module
(to register the commands), and only these commands need them.
"""

from typing import Annotated

from ..dataset.load import load_dataset
from ..output import Output, emit
from .declare import Argument
from .options import emitting


@emitting(fields=False)
def careers(
    out: Output,
    data: str | None,
    title: Annotated[
        str | None,
        Argument(metavar="[CAREER]", help="One career path, e.g. 'Data Scientist'.", show_default=False),
    ] = None,
) -> None:
    """List the career paths the source describes, each with the programs whose cards name it.

    Examples:

      mlprog careers
      mlprog careers 'Data Scientist'
    """
    from ..answers.page import list_careers

    emit(list_careers(load_dataset(data), title), out)


@emitting(fields=False)
def states(out: Output, data: str | None) -> None:
    """Show the source's top states beside what its ranked programs give, disagreements marked.

    Examples:

      mlprog states
      mlprog states --json
    """
    from ..answers.page import compare_states

    emit(compare_states(load_dataset(data)), out)


@emitting(fields=False)
def guide(
    out: Output,
    data: str | None,
    topic: Annotated[
        str | None,
        Argument(metavar="[TOPIC]", help="A topic's id, e.g. thesis or financing.", show_default=False),
    ] = None,
) -> None:
    """The source's guide to choosing: specialisations, thesis or not, experience, part time, money.

    Without a topic, lists the topics; each figure names the source the page cites.

    Examples:

      mlprog guide
      mlprog guide thesis
    """
    from ..answers.page import read_guide

    emit(read_guide(load_dataset(data), topic), out)
