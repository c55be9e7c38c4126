"""Property-based tests: whatever the arguments and data file, mlprog answers cleanly.

Every run must end with exit code 0, 1 or 2, never show a traceback or report
an internal error (mlprog's "this is a bug" message, which also exits 1), never
let a control character from the data reach the output, and, when it succeeds
with JSON, print JSON that parses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import examples, toml_document
from mlprog.cli import app
from mlprog.dataset.schema import PROGRAM_FIELDS

# Characters a terminal obeys; none may reach stdout, whatever the data holds.
FORBIDDEN = {chr(c) for c in range(0x20) if chr(c) not in "\n"} | {chr(c) for c in range(0x7F, 0xA0)}
FORBIDDEN |= {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}

nasty_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=25),
    st.sampled_from(
        [
            "[bold red]x[/]",
            "[/]",
            "[link=https://x.example]y[/link]",
            "\x1b]0;title\x07",
            "\x1b]52;c;aGk=\x07",
            "\x1b[2J\x1b[H",
            "a\rb",
            "\u202eevil",
            "cmu",
            "Amazon",
            "robotics",
            "",
            "😀" * 30,
            "e\u0301\u0302",
        ]
    ),
)
anything = st.one_of(
    nasty_text,
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(nasty_text, max_size=3),
    st.lists(st.fixed_dictionaries({"name": nasty_text}, optional={"focus": nasty_text}), max_size=2),
)
states = st.sampled_from(["CA", "NY", "PA", "ZZ", "ca", "", "California"])


printable_text = nasty_text.filter(lambda t: t.strip() != "")
named_items = st.lists(
    st.fixed_dictionaries({"name": printable_text}, optional={"focus": nasty_text}), max_size=2
)


@st.composite
def valid_entries(draw: st.DrawFn, position: int) -> dict[str, Any]:
    """A program that passes validation, but with hostile text in every string."""
    entry: dict[str, Any] = {
        "id": f"p{position}",
        "rank": position,
        "name": draw(printable_text),
        "city": draw(printable_text),
        "state": draw(st.sampled_from(["CA", "NY", "PA", "MA", "PR"])),
        "type": draw(st.sampled_from(["public", "private"])),
        "tuition": draw(st.integers(0, 100_000)),
        "score": draw(st.floats(0, 100, allow_nan=False)),
    }
    if draw(st.booleans()):
        entry["graduation_rate"] = draw(st.integers(0, 100))
    optional = {
        "overview": nasty_text,
        "highlight": nasty_text,
        "industry_partners": st.lists(nasty_text, max_size=3),
        "top_employers": st.lists(nasty_text, max_size=3),
        "notes": st.lists(nasty_text, max_size=2),
        "labs": named_items,
        "faculty": named_items,
        "degrees": st.lists(
            st.fixed_dictionaries({"name": printable_text}, optional={"duration": nasty_text}), max_size=2
        ),
        "delivery": st.lists(st.sampled_from(["online", "part-time", "on campus"]), max_size=2, unique=True),
    }
    for key in draw(st.lists(st.sampled_from(list(optional)), max_size=4, unique=True)):
        entry[key] = draw(optional[key])
    return entry


@st.composite
def chaotic_entries(draw: st.DrawFn, position: int) -> dict[str, Any]:
    """A program with any value of any type in any field, some fields missing."""
    entry: dict[str, Any] = {
        "id": draw(st.one_of(st.just(f"p{position}"), st.sampled_from(["cmu", "p1", "BAD ID"]), nasty_text)),
        "rank": draw(st.one_of(st.just(position), st.integers(-2, 5))),
        "name": draw(nasty_text),
        "city": draw(nasty_text),
        "state": draw(states),
        "type": draw(st.sampled_from(["public", "private", "Public", "other"])),
        "tuition": draw(st.one_of(st.integers(-10, 100_000), anything)),
        "graduation_rate": draw(st.one_of(st.integers(-5, 120), anything)),
        "score": draw(st.one_of(st.floats(0, 100), anything)),
    }
    for key in draw(st.lists(st.sampled_from(PROGRAM_FIELDS[9:]), max_size=4, unique=True)):
        entry[key] = draw(anything)
    if draw(st.booleans()):
        entry["aliases"] = draw(st.lists(nasty_text, max_size=2))
    if draw(st.integers(0, 9)) == 0:
        entry["unexpected"] = 1
    for key in draw(st.lists(st.sampled_from(list(entry)), max_size=2)):
        entry.pop(key, None)
    return entry


@st.composite
def data_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 19))
    if kind == 0:
        return draw(st.binary(max_size=200))
    if kind == 1:
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    count = draw(st.integers(2 if kind > 4 else 0, 4))
    entries = chaotic_entries if kind in (2, 3, 4) else valid_entries
    text = toml_document([draw(entries(n)) for n in range(1, count + 1)])
    if kind == 2:
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode("utf-8", "surrogatepass")


program_names = st.one_of(st.sampled_from(["p1", "p2", "p3", "cmu", "P1", ""]), nasty_text)
output_options = st.one_of(
    st.tuples(st.just("--format"), st.sampled_from(["table", "json", "ndjson", "csv", "markdown"])),
    st.tuples(
        st.just("--fields"), st.sampled_from(["id,name", "name,overview,labs", "notes,degrees", "city"])
    ),
    st.just(("--json",)),
    st.just(("--no-color",)),
)
good_options = st.one_of(
    output_options,
    st.tuples(st.just("--state"), st.sampled_from(["CA", "ny", "PA", "massachusetts"])),
    st.tuples(st.just("--type"), st.sampled_from(["public", "private"])),
    st.tuples(st.just("--limit"), st.integers(1, 5).map(str)),
    st.tuples(st.just("--max-tuition"), st.integers(0, 100_000).map(str)),
    st.tuples(st.just("--min-graduation-rate"), st.integers(0, 100).map(str)),
    st.tuples(st.just("--min-score"), st.integers(0, 100).map(str)),
    st.tuples(st.just("--sort"), st.sampled_from(["rank", "tuition", "graduation_rate", "name", "state"])),
    st.tuples(st.just("--format"), st.sampled_from(["table", "json", "ndjson", "csv", "markdown"])),
    st.tuples(
        st.just("--fields"), st.sampled_from(["id,name", "name,overview,labs", "notes,degrees", "city"])
    ),
    st.just(("--json",)),
    st.just(("--reverse",)),
    st.just(("--no-color",)),
)
filter_options = st.tuples(
    st.sampled_from(["--partner", "--employer", "--lab", "--degree", "--search", "--faculty", "--delivery"]),
    nasty_text.filter(lambda t: t.strip() != ""),
)
bad_options = st.one_of(
    st.tuples(
        st.sampled_from(["--limit", "--max-tuition", "--min-score"]), st.sampled_from(["-1", "nan", "x", ""])
    ),
    st.tuples(st.just("--fields"), st.sampled_from(["id,bogus", "", "best_in"])),
    st.tuples(st.just("--format"), st.sampled_from(["xml", ""])),
    st.tuples(st.just("--state"), st.sampled_from(["ZZ", ""])),
    st.tuples(nasty_text),
)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["rank", "filter", "filter", "compare", "show", "show", "validate"]))
    args = [command]
    if command == "show":
        args.append(draw(st.one_of(st.sampled_from(["p1", "p2", "P1"]), program_names)))
    if command == "compare":
        args += ["p1", "p2", *draw(st.lists(program_names, max_size=2))]
    if command == "validate":
        return args + (["--json"] if draw(st.booleans()) else [])
    extra = {"filter": st.one_of(good_options, filter_options), "rank": good_options}.get(
        command, output_options
    )
    if command == "filter" and draw(st.integers(0, 4)) == 0:
        args += ["--explain", draw(program_names)]
    for option in draw(st.lists(extra, max_size=3)):
        args += list(option)
    if draw(st.integers(0, 5)) == 0:
        args += list(draw(bad_options))
    return args


def _check_outcome(code: int, stdout: str, stderr: str, args: list[str]) -> None:
    assert code in (0, 1, 2), (code, args, stderr)
    assert "Traceback" not in stderr
    assert "Traceback" not in stdout
    # Exit 1 is a fair answer to bad input, but not when it is mlprog reporting its own bug.
    assert "internal error" not in stderr, (args, stderr)
    assert "This is a bug in mlprog" not in stderr, (args, stderr)
    if code != 0:
        return
    if "--help" in args or "-h" in args:  # help wins over every other option, --json included
        assert stdout.startswith("Usage: mlprog"), (args, stdout[:200])
        return
    formats = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "--format"]
    chosen = "json" if "--json" in args else (formats[-1] if formats else "table")
    allowed = {"\r"} if chosen == "csv" else set()
    leaked = (set(stdout) & FORBIDDEN) - allowed
    assert not leaked, (leaked, args)
    if chosen == "json" and stdout.strip():
        json.loads(stdout)
    if chosen == "ndjson":
        for line in stdout.splitlines():
            json.loads(line)


@pytest.mark.slow
@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=command_lines(), data=data_files())
def test_any_command_line_and_data_file_ends_cleanly(args: list[str], data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.toml"
        path.write_bytes(data)
        full = [*args, str(path)] if args[0] == "validate" else [*args, "--data", str(path)]
        result = CliRunner().invoke(app, full)
    # Only a clean exit is acceptable: an exception escaping the app is a bug.
    assert result.exception is None or isinstance(result.exception, SystemExit), (full, result.exception)
    _check_outcome(result.exit_code, result.stdout, result.stderr, full)


@pytest.mark.slow
@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=command_lines(), data=data_files())
def test_the_real_process_ends_cleanly(args: list[str], data: bytes) -> None:
    assume(not any("\x00" in arg for arg in args))  # no shell can pass a NUL byte in an argument
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.toml"
        path.write_bytes(data)
        full = [*args, str(path)] if args[0] == "validate" else [*args, "--data", str(path)]
        env = {"PATH": os.environ.get("PATH", "/usr/bin"), "HOME": folder}
        result = subprocess.run(
            [sys.executable, "-m", "mlprog", *full], capture_output=True, env=env, check=False, timeout=60
        )
    _check_outcome(
        result.returncode,
        result.stdout.decode("utf-8"),
        result.stderr.decode("utf-8", "backslashreplace"),
        full,
    )
