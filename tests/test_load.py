"""The loader: every kind of bad data gives a message naming file, program and field."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke, program_entry
from mlprog.dataset.load import check_files, load_dataset
from mlprog.errors import DataError
from mlprog.files.reading import bundled_data_path

WriteData = Callable[..., Path]


def problems_of(path: Path) -> list[str]:
    """The problems as validate words them, without the line each is on (tested on its own)."""
    [(_, problems)] = check_files(path)
    return [re.sub(r"^line \d+: ", "", str(p)) for p in problems]


def test_bundled_data_is_clean_and_complete() -> None:
    [(path, problems)] = check_files(bundled_data_path())
    assert problems == []
    dataset = load_dataset(path)
    assert len(dataset.programs) == 25
    assert [p.rank for p in dataset.programs] == list(range(1, 26))


def test_a_valid_user_file_loads(write_data: WriteData) -> None:
    without_rate = program_entry(2)
    del without_rate["graduation_rate"]
    path = write_data([program_entry(1), without_rate])
    dataset = load_dataset(path)
    assert [p.id for p in dataset.programs] == ["prog1", "prog2"]
    assert dataset.programs[1].graduation_rate is None


def test_toml_syntax_error_names_line_and_column(write_data: WriteData) -> None:
    path = write_data('[[programs]]\nid = "x"\nrank = = 3\n')
    [problem] = problems_of(path)
    assert "line 3, column" in problem
    assert "invalid TOML" in problem


def test_unknown_keys_are_reported(write_data: WriteData) -> None:
    path = write_data([program_entry(1, tution=5)], meta={"source_name": "x", "colour": "red"})
    problems = problems_of(path)
    assert "program 'prog1': unknown field 'tution'" in problems
    assert "meta: unknown field 'colour'" in problems


def test_unknown_top_level_key(write_data: WriteData) -> None:
    path = write_data('programme = 1\n[[programs]]\nid = "a"\n')
    assert any("unknown top-level key 'programme'" in p for p in problems_of(path))


def test_missing_required_keys_are_each_reported(write_data: WriteData) -> None:
    entry = program_entry(1)
    del entry["tuition"], entry["state"]
    problems = problems_of(write_data([entry]))
    assert "program 'prog1': missing required field 'state'" in problems
    assert "program 'prog1': missing required field 'tuition'" in problems


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("tuition", "62,260", "field 'tuition' must be a whole number of US dollars per year, got a string"),
        ("rank", 1.5, "field 'rank' must be a whole number, got a number (1.5)"),
        ("score", True, "field 'score' must be a number from 0 to 100, got a boolean (true)"),
        ("aliases", "cmu", "field 'aliases' must be an array of strings, got a string"),
        ("name", 7, "field 'name' must be a string, got a whole number (7)"),
        ("degrees", ["MS"], "field 'degrees' item 1 must be a table, got a string"),
        ("labs", [{"focus": "x"}], "field 'labs' item 1 is missing its required 'name'"),
    ],
)
def test_wrong_types_are_reported(write_data: WriteData, field: str, value: object, expected: str) -> None:
    problems = problems_of(write_data([program_entry(1, **{field: value})]))
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("graduation_rate", 101, "field 'graduation_rate' must be a whole percent from 0 to 100, got 101"),
        (
            "tuition",
            -5,
            "field 'tuition' must be a whole number of US dollars per year from 0 to 10000000, got -5",
        ),
        ("score", 100.5, "field 'score' must be a number from 0 to 100, got 100.5"),
        ("score", -1, "field 'score' must be a number from 0 to 100, got -1"),
        ("rank", 0, "field 'rank' must be a whole number from 1 to 1000000, got 0"),
    ],
)
def test_out_of_range_values_are_reported(
    write_data: WriteData, field: str, value: object, expected: str
) -> None:
    problems = problems_of(write_data([program_entry(1, **{field: value})]))
    assert f"program 'prog1': {expected}" in problems


def test_nan_score_is_refused(write_data: WriteData) -> None:
    path = write_data([program_entry(1)])
    path.write_text(path.read_text().replace('"score" = 50.0', '"score" = nan'), encoding="utf-8")
    assert any("field 'score' must be a number from 0 to 100, got nan" in p for p in problems_of(path))


def test_state_must_be_a_us_state_or_territory(write_data: WriteData) -> None:
    problems = problems_of(write_data([program_entry(1, state="ZZ"), program_entry(2, state="PR")]))
    assert problems == [
        "program 'prog1': field 'state' must be a two-letter US state or territory code "
        "such as 'PA', got 'ZZ'"
    ]


def test_type_must_be_public_or_private(write_data: WriteData) -> None:
    problems = problems_of(write_data([program_entry(1, type="Public")]))
    assert problems == ["program 'prog1': field 'type' must be 'public' or 'private', got 'Public'"]


def test_duplicate_ids(write_data: WriteData) -> None:
    problems = problems_of(write_data([program_entry(1), program_entry(2, id="prog1")]))
    # A repeated id names neither entry: each is named by its place.
    assert problems == [
        "program entry 2 (id 'prog1', repeated): duplicate id: another program already uses it"
    ]


def test_alias_colliding_with_another_programs_id_or_alias(write_data: WriteData) -> None:
    path = write_data(
        [
            program_entry(1, aliases=["shared"]),
            program_entry(2, aliases=["PROG1"]),
            program_entry(3, aliases=["Shared"]),
        ]
    )
    problems = problems_of(path)
    assert "program 'prog2': alias 'PROG1' collides with program 'prog1'" in problems
    assert "program 'prog3': alias 'Shared' collides with program 'prog1'" in problems


def test_repeated_ranks(write_data: WriteData) -> None:
    problems = problems_of(write_data([program_entry(1), program_entry(2, rank=1)]))
    assert problems == ["program 'prog2': field 'rank' repeats rank 1, already held by 'prog1'"]


def test_every_problem_is_reported_not_only_the_first(write_data: WriteData) -> None:
    path = write_data(
        [
            program_entry(1, tuition=-1, graduation_rate=200),
            program_entry(2, state="XX"),
            program_entry(3, bogus=1),
        ]
    )
    problems = problems_of(path)
    assert len(problems) == 4, problems
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    assert [(path, list(caught.value.problems))] == check_files(path)
    assert f"{path}: 4 problems" in str(caught.value)


def test_programs_must_be_a_list_of_tables(write_data: WriteData) -> None:
    assert problems_of(write_data('programs = "many"\n')) == [
        "'programs' must be an array of tables ([[programs]]), got a string ('many')"
    ]
    assert problems_of(write_data("programs = [1, 2]\n")) == [
        "program entry 1: must be a table, got a whole number (1)",
        "program entry 2: must be a table, got a whole number (2)",
    ]


# --- through the CLI: message and exit code ---------------------------------------


def test_bad_data_is_exit_1_with_file_program_and_field(invoke: Invoke, write_data: WriteData) -> None:
    path = write_data([program_entry(1, graduation_rate=101)])
    result = invoke("rank", "--data", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}: line 10: program 'prog1': field 'graduation_rate' must be a whole percent "
        "from 0 to 100, got 101\n"
    )
    assert "Traceback" not in result.stderr


def test_mlprog_data_environment_variable_is_used(invoke: Invoke, write_data: WriteData) -> None:
    path = write_data([program_entry(1), program_entry(2)])
    result = invoke("rank", "--json", env={"MLPROG_DATA": str(path)})
    assert result.exit_code == 0
    assert '"prog2"' in result.stdout


def test_validate_passes_on_the_bundled_data(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout.endswith("programs.toml: ok\n")


def test_validate_lists_every_problem_and_fails(invoke: Invoke, write_data: WriteData) -> None:
    path = write_data([program_entry(1, tuition=-1), program_entry(2, id="prog1", state="XX")])
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}: 3 problems"
    assert lines[1].startswith(
        "  line 9: program entry 1 (id 'prog1', repeated): field 'tuition' must be a whole number"
    )
    assert lines[2].startswith("  line 14: program entry 2 (id 'prog1', repeated): duplicate id")
    assert lines[3].startswith(
        "  line 18: program entry 2 (id 'prog1', repeated): field 'state' must be a two-letter"
    )


def test_validate_json_reports_problems(invoke: Invoke, write_data: WriteData) -> None:
    path = write_data([program_entry(1, rank=0)])
    result = invoke("validate", str(path), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["file"] == str(path)
    assert report["problems"] == [
        "line 4: program 'prog1': field 'rank' must be a whole number from 1 to 1000000, got 0"
    ]


def _docs_toml(name: str, section: str) -> list[str]:
    page = (Path(__file__).resolve().parents[1] / "docs" / name).read_text(encoding="utf-8")
    text = page.split(f"\n{section}\n", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0] for block in text.split("```toml\n")[1:]]


def test_the_docs_example_data_file_is_valid(tmp_path: Path) -> None:
    blocks = _docs_toml("data.md", "## Your own data file")
    assert len(blocks) == 2  # programs; then employer benefits and profiles
    path = tmp_path / "example.toml"
    path.write_text("\n".join(blocks), encoding="utf-8")
    assert check_files(path) == [(path, [])]
    dataset = load_dataset(path)
    assert dataset.programs[0].degrees[0].name == "MS in Machine Learning"
    assert [b.id for b in dataset.employer_benefits] == ["initech"]
    assert [p.id for p in dataset.profiles] == ["cheap"]


def test_the_docs_examples_of_user_files_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlprog.user.settings import load_settings

    [programs] = _docs_toml("your-files.md", "## Your own programs")
    [settings] = _docs_toml("your-files.md", "## config")
    monkeypatch.setenv("MLPROG_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "programs.toml").write_text(programs, encoding="utf-8")
    (tmp_path / "config" / "config.toml").write_text(settings, encoding="utf-8")
    cmu = next(p for p in load_dataset().programs if p.id == "cmu")
    assert (cmu.tuition, cmu.source) == (60000, "user_override")
    loaded = load_settings()
    assert loaded.states.value == ("WA", "CA")
    assert loaded.profile.value == "value"
