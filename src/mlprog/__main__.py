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

Two more that make a short-lived process behave at the edges:

- Ctrl-C ends the process at once with exit code 130 and no traceback, from
  the moment this module starts (the handler is its first statement), not only
  once Typer is running. Every file mlprog writes is replaced atomically, so an
  interrupted write leaves the old file whole, and the handler removes the
  temporary files of a write under way (see :mod:`mlprog.files.interrupted`).
- A closed standard stream (``mlprog rank >&-``) is not a crash: with no stdout
  there is nowhere to print, which is said on stderr (exit 1); a closed stdin or
  stderr reads or writes nothing.
"""

import os
import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    try:  # temporary files of a write under way go with the process (see mlprog.files.interrupted)
        pending = sys.modules.get("mlprog.files.interrupted")
        if pending is not None:
            pending.remove_pending()
    finally:
        os._exit(130)


# A SIGINT ignored by whoever started mlprog (a shell's background job, nohup) stays ignored.
if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
    signal.signal(signal.SIGINT, _interrupted)

import gc  # noqa: E402  (after the Ctrl-C handler, on purpose)
from typing import NoReturn  # noqa: E402


def _reopen_closed_streams() -> bool:
    """Give a closed stdin or stderr the null device; False if stdout is closed."""
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    return sys.stdout is not None


def main() -> NoReturn:
    """Run mlprog with the command line in ``sys.argv`` and exit with its code."""
    gc.disable()
    if not _reopen_closed_streams():
        sys.stderr.write("Error: standard output is closed, so there is nowhere to print the result\n")
        sys.stderr.flush()
        os._exit(1)
    try:
        from mlprog.direct import main as run

        run()
    except SystemExit as stop:
        _exit_now(_exit_code(stop))
    except KeyboardInterrupt:  # before Typer's own handling is in place
        _exit_now(130)
    _exit_now(0)


def _exit_code(stop: SystemExit) -> int:
    if stop.code is None or isinstance(stop.code, int):
        return stop.code or 0
    from mlprog.text.sanitize import terminal_safe

    sys.stderr.write(f"{terminal_safe(str(stop.code))}\n")
    return 1


def _exit_now(code: int) -> NoReturn:
    """Flush stdout and stderr, then end the process without interpreter teardown.

    A reader that has gone (``| head``) is no failure; a stream that cannot be
    written (a full disk) is, and says so if stderr still can.
    """
    from mlprog.formats import silence

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            silence(stream)
        except (OSError, ValueError) as exc:
            silence(stream)
            reason = getattr(exc, "strerror", None) or str(exc)
            if stream is sys.stdout:
                try:
                    sys.stderr.write(f"Error: cannot write the output: {reason}\n")
                    sys.stderr.flush()
                except (OSError, ValueError):
                    pass
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
