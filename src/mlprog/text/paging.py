"""Long output on a terminal through a pager, as git and gh do (standard library only).

Output is paged only when stdout is a terminal and the output is taller than
the screen; piped or redirected, it is written as it is. The pager is the
``pager`` setting (``MLPROG_PAGER`` or the settings file), else ``$PAGER``,
else ``less -FRX`` (``-F`` leaves output that fits on the screen, ``-R`` keeps
colour, ``-X`` leaves the text on the screen when it ends). A pager that cannot
be started, or that fails, never loses the output: it is written unpaged.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

#: The pager when neither the settings nor $PAGER name one.
DEFAULT_PAGER = "less -FRX"
#: Values of a pager setting or $PAGER that mean "do not page", as git reads them.
NO_PAGER = ("", "cat")


def pager_command(setting: str | None) -> str | None:
    """The pager to use: the setting, else $PAGER, else ``less -FRX``; None for none ("cat")."""
    chosen = setting if setting is not None else os.environ.get("PAGER")
    if chosen is None:
        chosen = DEFAULT_PAGER
    return None if chosen.strip() in NO_PAGER else chosen.strip()


class _Held(io.StringIO):
    """Output held back to be paged: a terminal to whoever writes it (width, colour), in memory.

    Rich and :mod:`mlprog.text.fitting` ask the stream whether it is a terminal to choose
    the width and colour; held output must be laid out as the terminal would show it.
    """

    def __init__(self, terminal: TextIO) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.terminal, "encoding", None) or "utf-8"

    def fileno(self) -> int:  # Rich asks the terminal's size through it
        return self.terminal.fileno()


@contextmanager
def paged(command: str | None, say: Callable[[str], None]) -> Iterator[None]:
    """Hold what is written to stdout inside the block, then page it if it is taller than the screen.

    Nothing happens (the output is written as it comes) when there is no pager
    or stdout is not a terminal. Whatever happens inside the block, an error
    included, what was written reaches the terminal: through the pager, or
    unpaged when the pager cannot be started or fails (``say`` explains why, on
    stderr).
    """
    terminal = sys.stdout
    if command is None or not _is_terminal(terminal):
        yield
        return
    held = _Held(terminal)
    sys.stdout = held
    try:
        yield
    finally:
        sys.stdout = terminal
        text = held.getvalue()
        if text:
            _show(text, command, terminal, say)


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # a closed or odd stream is not a terminal
        return False


def _show(text: str, command: str, terminal: TextIO, say: Callable[[str], None]) -> None:
    """The text through the pager when it is taller than the screen, else straight to the terminal."""
    if text.count("\n") < shutil.get_terminal_size().lines or not _through_pager(text, command, say):
        terminal.write(text)
        terminal.flush()


def _through_pager(text: str, command: str, say: Callable[[str], None]) -> bool:
    """Whether the pager showed the text; False (after saying why) when it could not."""
    try:
        arguments = shlex.split(command)
    except ValueError as exc:
        say(f"Note: the pager {command!r} cannot be read ({exc}); the output follows unpaged.")
        return False
    if not arguments:
        return False
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")  # as git does: a `PAGER=less` keeps colour and short output
    environment.setdefault("LV", "-c")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        pager = subprocess.Popen(arguments, stdin=subprocess.PIPE, env=environment)
    except OSError as exc:
        say(
            f"Note: the pager {command!r} could not be started ({exc.strerror or exc}); "
            "the output follows unpaged. Set MLPROG_PAGER, or use --no-pager."
        )
        return False
    # While the pager runs, Ctrl-C is the pager's (less uses it to stop a search): mlprog waits.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            assert pager.stdin is not None
            pager.stdin.write(text.encode(encoding, errors="replace"))
            pager.stdin.close()
        except BrokenPipeError:  # the reader quit before reading it all ("q" in less): fine
            pass
        status = pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if status not in (0, -signal.SIGPIPE, 128 + signal.SIGPIPE):
        say(f"Note: the pager {command!r} ended with status {status}; the output follows unpaged.")
        return False
    return True
