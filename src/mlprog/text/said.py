"""An error said on stderr as every path of mlprog says it: ``Error: ...``, then a hint.

Both the reader of plain command lines (:mod:`mlprog.direct`) and the Typer app
(:mod:`mlprog.cli`) speak through here, so a command's error reads the same
whichever ran it; neither the data nor Typer is imported for it.
"""

import os
import sys
from typing import NoReturn

from .sanitize import terminal_safe

#: Set, an unforeseen error shows its traceback (see :func:`internal_error`).
DEBUG_ENV = "MLPROG_DEBUG"


def report(exc: Exception, command: str) -> None:
    """An mlprog error as the command line says it: ``Error: ...``, and for a usage error, a hint."""
    exit_code = getattr(exc, "exit_code", 1)
    error(str(exc), f"Try '{command} --help'." if exit_code == 2 else None)


def error(message: str, hint: str | None = None) -> None:
    """Write ``Error: message`` (and a hint) to stderr, with control characters made visible,
    wrapped between words on a terminal (see :func:`mlprog.text.fitting.fitted_message`)."""
    from .fitting import fitted_message

    lines = [terminal_safe(line) for line in message.split("\n")]
    if hint:
        lines.append(hint)
    sys.stderr.write(fitted_message("Error: " + "\n".join(lines), sys.stderr))


def internal_error(exc: Exception) -> NoReturn:
    """The last line of defence: a bug said in one line, not a traceback (unless debugging)."""
    if os.environ.get(DEBUG_ENV):
        raise exc
    from ..version import __version__

    error(
        f"internal error: {type(exc).__name__}: {exc}\n"
        f"This is a bug in mlprog {__version__}. Please report it on mlprog's issue tracker "
        f"with the command you ran; {DEBUG_ENV}=1 shows the traceback."
    )
    sys.exit(1)
