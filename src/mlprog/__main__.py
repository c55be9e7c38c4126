"""The ``mlprog`` command's entry point, also run by ``python -m mlprog``.

Two start-up measures live here, outside the library, because they suit a
short-lived process and nothing else (see benchmarks/startup.py):

- The cyclic garbage collector is switched off: a single command allocates
  little, and the collector would otherwise run dozens of times while Typer
  and Rich import.
- Once the command has finished and its output is flushed, the process ends
  with ``os._exit``, skipping the interpreter's teardown of every imported
  module, which costs more than the command itself. mlprog registers no
  ``atexit`` handlers and closes every file it writes before this point.
"""

import gc
import os
import sys
from typing import NoReturn


def main() -> NoReturn:
    """Run mlprog with the command line in ``sys.argv`` and exit with its code."""
    gc.disable()
    try:
        from mlprog.cli import main as run

        run()
    except SystemExit as stop:
        _exit_now(_exit_code(stop))
    except KeyboardInterrupt:  # before Typer's own handling is in place
        _exit_now(130)
    _exit_now(0)


def _exit_code(stop: SystemExit) -> int:
    if stop.code is None or isinstance(stop.code, int):
        return stop.code or 0
    sys.stderr.write(f"{stop.code}\n")
    return 1


def _exit_now(code: int) -> NoReturn:
    """Flush stdout and stderr, then end the process without interpreter teardown."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader has gone (| head): nothing more to say
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
