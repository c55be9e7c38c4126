"""mlprog run in a real pseudo-terminal of a chosen size, as a person's terminal runs it."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios


class Run:
    """What a run in a pseudo-terminal left: its exit code, the screen, stderr."""

    def __init__(self, code: int, screen: str, stderr: str) -> None:
        self.code, self.screen, self.stderr = code, screen, stderr


def in_terminal(
    args: list[str], env: dict[str, str], columns: int = 80, lines: int = 24, *, stderr_too: bool = False
) -> Run:
    """mlprog run with stdin and stdout on a pseudo-terminal of that size (stderr piped, or on the
    same terminal with ``stderr_too``, as in a person's shell: then the screen has both)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "mlprog", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower if stderr_too else subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: every writer to the terminal has gone
            break
        if not chunk:
            break
        screen += chunk
    stderr = process.stderr.read().decode() if process.stderr is not None else ""
    code = process.wait()
    os.close(leader)
    return Run(code, screen.decode().replace("\r\n", "\n"), stderr)
