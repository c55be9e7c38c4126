"""Standard streams at their edges, in real processes: closed, cut short, full, interrupted."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

MLPROG = [sys.executable, "-m", "mlprog"]
FORMATS = ([], ["--json"], ["--format", "csv"], ["--format", "ndjson"], ["--format", "markdown"])


# Starts mlprog with one standard stream closed: python -c CLOSER FD MLPROG...
CLOSER = "import os, sys; os.close(int(sys.argv[1])); os.execv(sys.argv[2], sys.argv[2:])"


def with_closed(fd: int, args: list[str], **kwargs: int) -> subprocess.CompletedProcess[bytes]:
    """Run mlprog ARGS with file descriptor fd closed; kwargs choose stdout and stderr."""
    command = [sys.executable, "-c", CLOSER, str(fd), *MLPROG, *args]
    return subprocess.run(command, timeout=30, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 programs: enough output that a reader leaving early surely breaks the pipe."""
    entries = [
        f'[[programs]]\nid = "p{n}"\nrank = {n}\nname = "Program University Number {n}"\n'
        f'city = "Springfield"\nstate = "IL"\ntype = "public"\ntuition = {1000 + n}\nscore = 50.0\n'
        for n in range(1, 3001)
    ]
    path = tmp_path_factory.mktemp("big") / "big.toml"
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def test_a_closed_stdout_is_an_error_not_a_crash() -> None:
    for args in (["rank"], ["rank", "--json"], ["--help"], ["show", "cmu"]):
        result = subprocess.run(
            [*MLPROG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30, check=False
        )
        closed = subprocess.run(
            [
                sys.executable,
                "-c",
                "import os, sys; os.close(1); os.execv(sys.argv[1], sys.argv[1:])",
                *MLPROG,
                *args,
            ],
            stderr=subprocess.PIPE,
            timeout=30,
            check=False,
        )
        assert result.returncode == 0, args
        assert closed.returncode == 1, args
        assert closed.stderr == b"Error: standard output is closed, so there is nowhere to print the result\n"


def test_closed_stdin_and_stderr_change_nothing() -> None:
    piped = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    shown = with_closed(0, ["show", "cmu", "--json"], **piped)
    assert shown.returncode == 0
    assert b'"id":"cmu"' in shown.stdout
    asked = with_closed(0, ["shortlist", "clear"], **piped)
    assert asked.returncode == 2  # no terminal to ask at: needs --yes, as with any non-terminal stdin
    assert b"needs --yes" in asked.stderr
    silent = with_closed(2, ["rank", "--bogus"], stdout=subprocess.PIPE)
    assert silent.returncode == 2
    assert silent.stdout == b""


@pytest.mark.slow
@pytest.mark.parametrize("output", FORMATS, ids=lambda f: " ".join(f) or "table")
def test_a_reader_that_leaves_early_ends_mlprog_quietly_with_success(
    big_data: Path, output: list[str]
) -> None:
    process = subprocess.Popen(
        [*MLPROG, "rank", "--data", str(big_data), *output], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.read(200)  # like `| head -c 200`
    process.stdout.close()
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("output", FORMATS, ids=lambda f: " ".join(f) or "table")
def test_a_full_disk_is_an_error(output: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [*MLPROG, "rank", *output], stdout=full, stderr=subprocess.PIPE, timeout=30, check=False
        )
    assert result.returncode == 1
    assert result.stderr == b"Error: cannot write the output: No space left on device\n"


# Runs the entry point as the `mlprog` console script does, after installing an import hook
# that sends this very process SIGINT the first time module sys.argv[1] is imported (and says so
# on stderr first, so the test knows the signal was sent): python -c INTERRUPT MODULE ARGS...
INTERRUPT = """
import os, signal, sys

class SigintOnImport:
    def __init__(self, name):
        self.name = name

    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.name:
            sys.meta_path.remove(self)
            os.write(2, b"SIGINT on import of " + fullname.encode() + b"\\n")
            os.kill(os.getpid(), signal.SIGINT)
        return None  # the real finders import the module, if the process is still there

sys.meta_path.insert(0, SigintOnImport(sys.argv[1]))
sys.argv = ["mlprog", *sys.argv[2:]]
from mlprog.__main__ import main
main()
"""


# From the first import after the entry point's handler (gc) to the command at work (tomli reads
# the data, rich draws the table). Before the handler, in Python's own start-up and `import mlprog`
# (which imports nothing: test_startup_structure.py), a signal ends the interpreter; see README.
# A command line mlprog.direct leaves to Typer (--limit 0, which Typer refuses) imports Typer.
@pytest.mark.parametrize(
    ("module", "typer_reads"),
    [
        ("gc", False),
        ("mlprog.direct", False),
        ("mlprog.commands.explore", False),
        ("mlprog.cli", True),
        ("typer", True),
        ("mlprog.dataset.load", False),
        ("tomli", False),
        ("rich", False),
    ],
)
def test_ctrl_c_during_start_up_exits_130_quietly(big_data: Path, module: str, typer_reads: bool) -> None:
    refused = ["--limit", "0"] if typer_reads else []
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPT, module, "rank", "--data", str(big_data), *refused],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    # The signal was sent (the hook fired), and nothing else was said: no traceback, no "Aborted!".
    assert result.stderr == f"SIGINT on import of {module}\n".encode()
    assert result.returncode == 130


@pytest.mark.slow
def test_ctrl_c_while_writing_exits_130(big_data: Path) -> None:
    process = subprocess.Popen(
        [*MLPROG, "rank", "--data", str(big_data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.read(100)  # it has started writing; the pipe fills and it waits
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr == b""


def test_the_entry_point_handles_ctrl_c_first() -> None:
    """The handler is installed before anything else in the entry point runs."""
    source = Path(__file__).resolve().parents[1] / "src" / "mlprog" / "__main__.py"
    code = [
        line for line in source.read_text(encoding="utf-8").split('"""', 2)[2].splitlines() if line.strip()
    ]
    assert code[:3] == ["import os", "import signal", "import sys"]  # sys and os: loaded already
    installed = code.index("    signal.signal(signal.SIGINT, _interrupted)")
    before = code[3:installed]
    # Nothing runs before it but the handler's definition and the check for an ignored SIGINT.
    assert before[0].startswith("def _interrupted(")
    assert all(line.startswith(("    ", "#", "if signal.getsignal(")) for line in before[1:]), before
