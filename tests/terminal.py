"""mlprog run in a real pseudo-terminal of a chosen size, as a person's terminal runs it."""

from __future__ import annotations

from pathlib import Path

from forked import Job, run_each


class Run:
    """What a run in a pseudo-terminal left: its exit code, the screen, stderr."""

    def __init__(self, code: int, screen: str, stderr: str) -> None:
        self.code, self.screen, self.stderr = code, screen, stderr


def in_terminal(
    args: list[str], env: dict[str, str], columns: int = 80, lines: int = 24, *, stderr_too: bool = False
) -> Run:
    """mlprog run with stdin and stdout on a pseudo-terminal of that size (stderr piped, or on the
    same terminal with ``stderr_too``, as in a person's shell: then the screen has both), in a real
    process forked from the test process's driver (see forked.py), in the current folder."""
    on = ("stdin", "stdout", "stderr") if stderr_too else ("stdin", "stdout")
    job = Job(args, env, Path.cwd(), terminal=on, size=(lines, columns))
    (run,) = run_each([job])
    return Run(run.code, run.screen, run.stderr)
