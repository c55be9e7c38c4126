"""mlprog run as real processes, many from one interpreter start: a driver that has imported
mlprog (one for each test process, started on first use) forks a child for each run.

Each child is a real process with real file descriptors: standard input from the null device,
stdout and stderr on pipes, or any of them on a pseudo-terminal of a chosen size; the
environment and folder given; Python's standard streams made again over them as a new
interpreter makes them (line-buffered on a terminal, stderr always; UTF-8, as mlprog's entry
point sets them anyway). It then runs ``python -m mlprog``'s own entry point, which ends the
process with the command's exit code. What a new process does before that (starting Python,
importing mlprog: the same every time) is done once, by the driver. So a test of what a
command imports, or of what happens while Python starts (the locale, a closed stream, Ctrl-C
during start-up), needs a process of its own (see test_startup_structure.py, test_streams.py).
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

_DRIVER = r"""
import fcntl, io, json, os, pty, selectors, struct, sys, termios
import mlprog.__main__
import mlprog.cli

def stream(fd, mode, errors, line_buffered):
    buffering = 1 if line_buffered else -1
    return io.open(fd, mode, buffering, encoding="utf-8", errors=errors, closefd=False)

def run(job):
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    leader = follower = None
    if job["terminal"]:
        leader, follower = pty.openpty()
        lines, columns = job["size"]
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    child = os.fork()
    if child == 0:
        try:
            os.chdir(job["cwd"])
            os.environ.clear()
            os.environ.update(job["env"])
            on = job["terminal"] or []
            stdin = follower if "stdin" in on else os.open(os.devnull, os.O_RDONLY)
            stdout = follower if "stdout" in on else out_write
            stderr = follower if "stderr" in on else err_write
            for source, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
                os.dup2(source, target)
            os.closerange(3, 1024)
            sys.stdin = stream(0, "r", "strict", False)
            sys.stdout = stream(1, "w", "strict", os.isatty(1))
            sys.stderr = stream(2, "w", "backslashreplace", True)
            sys.argv = ["mlprog", *job["args"]]
            mlprog.__main__.main()  # ends the process with the command's exit code
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            os._exit(70)  # never back into the driver's loop
    os.close(out_write)
    os.close(err_write)
    if follower is not None:
        os.close(follower)
    received = {out_read: b"", err_read: b""}
    if leader is not None:
        received[leader] = b""
    selector = selectors.DefaultSelector()
    for fd in received:
        selector.register(fd, selectors.EVENT_READ)
    open_ends = set(received)
    while open_ends:
        for key, _ in selector.select():
            try:
                chunk = os.read(key.fd, 65536)
            except OSError:  # EIO: the terminal's every writer has gone
                chunk = b""
            if chunk:
                received[key.fd] += chunk
            else:
                selector.unregister(key.fd)
                open_ends.discard(key.fd)
                os.close(key.fd)
    _, status = os.waitpid(child, 0)
    return {
        "code": os.waitstatus_to_exitcode(status),
        "stdout": received[out_read].decode("utf-8", "replace"),
        "stderr": received[err_read].decode("utf-8", "replace"),
        "screen": received[leader].decode("utf-8", "replace") if leader is not None else "",
    }

for request in sys.stdin:  # one line of jobs, one line of their outcomes, until the tests end
    sys.stdout.write(json.dumps([run(job) for job in json.loads(request)]) + "\n")
    sys.stdout.flush()
"""


class Run(NamedTuple):
    """What one run left: its exit code, stdout and stderr (what was not on the terminal), and
    the terminal's screen (CR LF made LF)."""

    code: int
    stdout: str
    stderr: str
    screen: str


class Job(NamedTuple):
    """One run: the arguments after ``mlprog``, and where and how it runs."""

    args: Sequence[str]
    env: Mapping[str, str]
    cwd: Path
    #: The streams on a pseudo-terminal ("stdin", "stdout", "stderr"); stdin is otherwise the
    #: null device, stdout and stderr pipes.
    terminal: tuple[str, ...] = ()
    size: tuple[int, int] = (24, 80)  # the terminal's lines and columns


_driver: subprocess.Popen[str] | None = None


def _started() -> subprocess.Popen[str]:
    """This process's driver, started on first use; it ends when its stdin closes with the tests."""
    global _driver  # noqa: PLW0603 - one driver per test process, started when first needed
    if _driver is None or _driver.poll() is not None:
        _driver = subprocess.Popen(
            [sys.executable, "-c", _DRIVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    return _driver


def run_each(jobs: Sequence[Job], timeout: float = 300) -> list[Run]:
    """Run each job in a process of its own, forked from the driver; their outcomes in order."""
    request = [
        {
            "args": list(job.args),
            "env": dict(job.env),
            "cwd": str(job.cwd),
            "terminal": list(job.terminal),
            "size": list(job.size),
        }
        for job in jobs
    ]
    driver = _started()
    assert driver.stdin is not None
    assert driver.stdout is not None
    driver.stdin.write(json.dumps(request) + "\n")
    driver.stdin.flush()
    ready, _, _ = select.select([driver.stdout], [], [], timeout)
    answer = driver.stdout.readline() if ready else ""
    if not answer:  # the driver died or hangs: what it said, and a fresh one for the next test
        driver.kill()
        _, said = driver.communicate()
        raise AssertionError(f"the driver gave no answer in {timeout} s: {said}")
    runs = [
        Run(item["code"], item["stdout"], item["stderr"], item["screen"].replace("\r\n", "\n"))
        for item in json.loads(answer)
    ]
    assert len(runs) == len(jobs)
    return runs


def stop() -> None:
    """End this process's driver, if one was started, and wait for it (at the end of the tests)."""
    global _driver
    if _driver is None:
        return
    driver, _driver = _driver, None
    driver.communicate(timeout=60)  # closes its stdin: it ends after the run under way
