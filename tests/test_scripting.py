"""The scripting contract: formats, --fields, pipes, colour, encoding, exit codes, schema.

Where the process matters (pipes, terminals, environment, exit codes) these run
the real ``mlprog`` in a subprocess.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import Invoke, program_entry, run_json, toml_document
from mlprog.dataset.schema import PROGRAM_FIELDS, SUMMARY_FIELDS
from mlprog.dataset.schema import program_json_schema as program_schema

WriteData = Callable[..., Path]
MLPROG = [sys.executable, "-m", "mlprog"]
# SGR sequences that set a colour (foreground or background), as opposed to bold or italic.
COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")
ANY_ESCAPE = re.compile(r"\x1b\[")


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the real mlprog with a clean environment plus env."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin"), "HOME": os.environ["HOME"]}
    return subprocess.run(
        [*MLPROG, *args],
        env={**base, **(env or {})},
        capture_output=True,
        input=stdin.encode() if stdin is not None else None,
        check=False,
    )


def run_in_terminal(*args: str, env: dict[str, str] | None = None) -> bytes:
    """Run mlprog with stdout on a pseudo-terminal and return what it wrote there."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin"),
        "HOME": os.environ["HOME"],
        "TERM": "xterm-256color",
        "COLUMNS": "200",
    }
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [*MLPROG, *args], stdout=secondary, stderr=subprocess.PIPE, env={**base, **(env or {})}
    )
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([primary], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.wait(timeout=10) == 0
    return b"".join(chunks)


# --- formats ------------------------------------------------------------------------


def test_csv_has_a_header_and_rfc4180_quoting() -> None:
    result = run("rank", "--format", "csv", "--fields", "id,name,industry_partners,graduation_rate")
    assert result.returncode == 0
    text = result.stdout.decode("utf-8")
    assert text.startswith("id,name,industry_partners,graduation_rate\r\n")
    assert text.count("\r\n") == text.count("\n") == 26
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 25
    uw = next(r for r in rows if r["id"] == "uw")
    assert uw["industry_partners"] == "Boeing Company; Amazon; JP Morgan Chase & Co.; Costco IT; Zillow"
    nyu = next(r for r in rows if r["id"] == "nyu")
    assert nyu["graduation_rate"] == ""


def test_csv_quotes_commas_and_quotes(write_data: WriteData) -> None:
    path = write_data([program_entry(1, name='Test, "Quoted" University')])
    result = run("rank", "--format", "csv", "--fields", "id,name", "--data", str(path))
    assert result.stdout == b'id,name\r\nprog1,"Test, ""Quoted"" University"\r\n'


def test_csv_default_fields_are_the_summary(invoke: Invoke) -> None:
    result = invoke("rank", "--format", "csv", "--limit", "1")
    header, first = result.stdout.splitlines()[:2]
    assert header == ",".join(SUMMARY_FIELDS)
    assert first == "cmu,1,Carnegie Mellon University,Pittsburgh,PA,private,62260,98,94.4"


def test_markdown_is_a_github_table(invoke: Invoke, write_data: WriteData) -> None:
    path = write_data([program_entry(1, name="A | B University")])
    result = invoke("rank", "--format", "markdown", "--fields", "id,name,tuition", "--data", str(path))
    assert result.stdout.splitlines() == [
        "| id | name | tuition |",
        "|---|---|---:|",
        "| prog1 | A \\| B University | 10001 |",
    ]


def test_ndjson_is_one_object_per_line(invoke: Invoke, bundled: Any) -> None:
    result = invoke("rank", "--format", "ndjson")
    lines = result.stdout.splitlines()
    assert len(lines) == 25
    assert [json.loads(line) for line in lines] == [p.as_dict() for p in bundled.programs]


def test_json_flag_is_format_json(invoke: Invoke) -> None:
    assert invoke("show", "cmu", "--json").stdout == invoke("show", "cmu", "--format", "json").stdout


def test_json_and_another_format_conflict(invoke: Invoke) -> None:
    result = invoke("rank", "--json", "--format", "csv")
    assert result.exit_code == 2
    assert "--json and --format csv conflict" in result.stderr


def test_unknown_format_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("rank", "--format", "yaml")
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "markdown", "table"])
@pytest.mark.parametrize(
    "command",
    [["rank"], ["filter", "--partner", "amazon"], ["compare", "cmu", "uw"], ["show", "uci"]],
)
def test_every_command_speaks_every_format(invoke: Invoke, fmt: str, command: list[str]) -> None:
    result = invoke(*command, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    if fmt == "json":
        json.loads(result.stdout)
    elif fmt == "ndjson":
        assert all(json.loads(line) for line in result.stdout.splitlines())
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
        assert len({len(row) for row in rows}) == 1


# --- fields ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "markdown"])
def test_fields_choose_and_order_keys_in_every_format(invoke: Invoke, fmt: str) -> None:
    result = invoke("rank", "--format", fmt, "--fields", "tuition,id,name", "--limit", "2")
    assert result.exit_code == 0
    if fmt == "json":
        assert [list(p) for p in json.loads(result.stdout)] == [["tuition", "id", "name"]] * 2
    elif fmt == "ndjson":
        assert [list(json.loads(line)) for line in result.stdout.splitlines()] == [
            ["tuition", "id", "name"]
        ] * 2
    elif fmt == "csv":
        assert result.stdout.splitlines()[0] == "tuition,id,name"
    else:
        assert result.stdout.splitlines()[0] == "| tuition | id | name |"


def test_fields_in_the_table(invoke: Invoke) -> None:
    result = invoke("rank", "--fields", "id,tuition", "--limit", "1")
    lines = [line.split() for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == ["id", "tuition"]
    assert lines[-1] == ["cmu", "$62,260"]  # shown as every table shows money


def test_json_with_fields_prints_only_those_keys(invoke: Invoke) -> None:
    assert run_json(invoke, "show", "cmu", "--fields", "id,score") == {"id": "cmu", "score": 94.4}
    report = run_json(invoke, "compare", "cmu", "uw", "--fields", "id,tuition")
    assert report == {
        "programs": [{"id": "cmu", "tuition": 62260}, {"id": "uw", "tuition": 11524}],
        "best": {"tuition": ["uw"]},
    }


def test_unknown_field_is_a_usage_error_listing_the_valid_ones(invoke: Invoke) -> None:
    result = invoke("rank", "--fields", "id,colour")
    assert result.exit_code == 2
    assert "unknown field 'colour'" in result.stderr
    assert ", ".join(PROGRAM_FIELDS) in result.stderr


def test_empty_fields_is_a_usage_error(invoke: Invoke) -> None:
    assert invoke("rank", "--fields", ",").exit_code == 2


def test_filter_can_select_matched(invoke: Invoke) -> None:
    programs = run_json(invoke, "filter", "--partner", "zillow", "--fields", "id,matched")
    assert programs == [{"id": "uw", "matched": {"partner": ["Zillow"]}}]


def test_fields_command_lists_every_field(invoke: Invoke) -> None:
    result = invoke("fields")
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == [
        *PROGRAM_FIELDS,
        "matched",
        "unchecked",
        "best_in",
        "personal_score",
        "personal",
        "note",
        "outcomes",
        "local_wages",
        "living_cost",
    ]
    listed = run_json(invoke, "fields")
    assert [f["name"] for f in listed] == names
    assert all(f["description"] for f in listed)


# --- the JSON schema --------------------------------------------------------------------


def _validator(fields: Sequence[str] | None = None) -> jsonschema.protocols.Validator:
    schema = copy.deepcopy(program_schema())
    if fields is not None:
        schema["required"] = list(fields)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def test_schema_command_prints_the_shipped_schema(invoke: Invoke) -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == program_schema()


def test_schema_describes_exactly_the_program_keys(bundled: Any) -> None:
    schema = program_schema()
    assert list(schema["properties"])[: len(PROGRAM_FIELDS)] == list(PROGRAM_FIELDS)
    assert list(bundled.programs[0].as_dict()) == list(PROGRAM_FIELDS)


@pytest.mark.parametrize(
    ("args", "fields"),
    [
        (["rank"], None),
        (["rank", "--state", "CA", "--sort", "tuition"], None),
        (["filter", "--partner", "amazon"], None),
        (["filter", "--search", "robotics", "--fields", "id,name,matched"], ["id", "name", "matched"]),
        (["rank", "--fields", "id,graduation_rate"], ["id", "graduation_rate"]),
        (["show", "nyu"], None),
        (["show", "bu"], None),
        (["compare", "cmu", "usc", "bu"], None),
        (["rank", "--profile", "value"], None),
        (["rank", "-w", "score=1", "-w", "graduation_rate=2", "--fields", "id,personal"], ["id", "personal"]),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_every_json_output_validates_against_the_schema(
    invoke: Invoke, args: list[str], fields: list[str] | None, fmt: str
) -> None:
    result = invoke(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "ndjson":
        objects = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        parsed = json.loads(result.stdout)
        if args[0] == "compare":
            objects = parsed["programs"]
        elif isinstance(parsed, list):
            objects = parsed
        else:
            objects = [parsed]
    assert objects
    validator = _validator(fields)
    for obj in objects:
        validator.validate(obj)


def test_the_schema_rejects_a_wrong_object(invoke: Invoke) -> None:
    card = run_json(invoke, "show", "cmu")
    card["tuition"] = "62,260"
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(card)


# --- pipes, terminals, encoding --------------------------------------------------------


def test_off_a_terminal_the_table_never_wraps_a_row(write_data: WriteData, tmp_path: Path) -> None:
    long_name = "The Extremely Long Named Institute of Advanced Machine Learning and Data Science Studies"
    path = write_data([program_entry(1, name=long_name, city="A City With A Rather Long Name Too")])
    result = run("rank", "--data", str(path))
    assert result.returncode == 0
    rows = [line for line in result.stdout.decode().splitlines() if "prog1" in line]
    assert len(rows) == 1
    assert long_name in rows[0]


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data file far larger than a pipe's buffer."""
    programs = [program_entry(n, overview="word " * 400) for n in range(1, 2001)]
    path = tmp_path_factory.mktemp("big") / "big.toml"
    path.write_text(toml_document(programs), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "json", "ndjson", "csv", "markdown"])
def test_head_closing_the_pipe_ends_quietly(big_data: Path, fmt: str) -> None:
    process = subprocess.Popen(
        [*MLPROG, "rank", "--data", str(big_data), "--format", fmt, "--fields", "id,name,overview"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `| head -1` does after one line
    stderr = process.stderr.read()
    code = process.wait(timeout=60)
    assert first
    assert stderr == b""
    assert code in (0, 1)


def test_output_is_utf8_whatever_the_locale() -> None:
    for encoding in ("ascii", "latin-1"):
        result = run("show", "nyu", "--json", env={"PYTHONIOENCODING": encoding, "LC_ALL": "C"})
        assert result.returncode == 0
        assert "Machine Learning for Language (ML²) Group".encode() in result.stdout
        table = run("rank", env={"PYTHONIOENCODING": encoding})
        assert "—".encode() in table.stdout


def test_no_colour_when_piped() -> None:
    assert not ANY_ESCAPE.search(run("rank").stdout.decode())


def test_colour_on_a_terminal() -> None:
    assert COLOUR_SGR.search(run_in_terminal("rank").decode())


@pytest.mark.parametrize(
    ("env", "args"),
    [({"NO_COLOR": "1"}, []), ({"TERM": "dumb"}, []), ({}, ["--no-color"])],
)
def test_colour_off_on_a_terminal(env: dict[str, str], args: list[str]) -> None:
    output = run_in_terminal("rank", *args, env=env).decode()
    assert "Carnegie" in output
    assert not COLOUR_SGR.search(output)


def test_empty_no_color_does_not_turn_colour_off() -> None:
    assert COLOUR_SGR.search(run_in_terminal("rank", env={"NO_COLOR": ""}).decode())


def test_force_color_forces_it_into_a_pipe() -> None:
    result = run("rank", env={"FORCE_COLOR": "1"})
    assert COLOUR_SGR.search(result.stdout.decode())
    rows = [line for line in result.stdout.decode().splitlines() if "Carnegie" in line]
    assert len(rows) == 1  # forced colour still does not wrap rows in a pipe


# --- exit codes, with the real process ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["rank", "--json"], 0),
        (["rank", "--state", "AK", "--json"], 0),
        (["show", "cmuu"], 1),
        (["compare", "cmu", "zzz"], 1),
        (["rank", "--data", "/nonexistent/programs.toml"], 1),
        (["rank", "--limit", "-3"], 2),
        (["rank", "--fields", "nope"], 2),
        (["rank", "--bogus"], 2),
        (["nosuchcommand"], 2),
        (["compare", "cmu"], 2),
    ],
)
def test_exit_codes(args: list[str], code: int) -> None:
    result = run(*args)
    assert result.returncode == code
    assert b"Traceback" not in result.stderr
    if code:
        assert result.stdout == b""
        assert result.stderr.strip()


def test_empty_result_is_an_empty_json_array_and_a_note_for_tables() -> None:
    as_json = run("rank", "--state", "AK", "--json")
    assert json.loads(as_json.stdout) == []
    table = run("rank", "--state", "AK")
    assert table.stdout == b""
    assert (
        table.stderr
        == b"No programs match: state AK. Loosen a criterion, or see every program with 'mlprog rank'.\n"
    )


def test_json_stays_valid_when_stderr_is_discarded() -> None:
    result = run("compare", "cmu", "cmu", "usc", "--json")
    assert result.returncode == 0
    assert b"named more than once" in result.stderr
    assert json.loads(result.stdout)["programs"][0]["id"] == "cmu"
