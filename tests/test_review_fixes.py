"""What a new user's review of payoff, careers and the bundled figures found wrong, each checked
where it showed: a loss written "$-4,235", figures of living and debt labelled as earnings, a
wage area's JSON without the keys every other one has, and --fields that named a bundled figure
printing a dash for every program."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import Invoke, run_json
from mlprog.render.common import money_text


def test_a_loss_is_written_with_its_sign_before_the_dollar_sign() -> None:
    assert money_text(-4235) == "-$4,235"
    assert money_text(0) == "$0"
    assert money_text(62260) == "$62,260"


def test_payoff_writes_a_negative_gain_as_a_loss(invoke: Invoke) -> None:
    # Earnings below the salary given up: the yearly gain is negative for at least one program.
    document = run_json(invoke, "payoff", "--top", "25", "--current-salary", "200k")
    losses = [
        entry["yearly_gain"]["low"]
        for entry in document["programs"]
        if entry["yearly_gain"] is not None and entry["yearly_gain"]["low"] < 0
    ]
    assert losses
    result = invoke("payoff", "--top", "25", "--current-salary", "200k", "--no-pager")
    assert result.exit_code == 0, result.stderr
    assert "$-" not in result.stdout
    assert f"-${-losses[0]:,}" in result.stdout


def test_payoff_json_says_what_each_figure_measures(invoke: Invoke) -> None:
    document = run_json(invoke, "payoff", "cmu", "uw")
    for entry in document["programs"]:
        assert entry["living_per_month"]["kind"] == "living"
        assert entry["debt"]["kind"] == "debt"
        assert entry["earnings"]["kind"] == "earnings"
        assert {figure["kind"] for figure in entry["earnings_sources"]} <= {"earnings", "gain"}
    own = run_json(invoke, "payoff", "cmu", "--living", "1500")
    assert own["programs"][0]["living_per_month"]["kind"] == "living"


def test_every_wage_area_has_the_same_keys_in_json(invoke: Invoke) -> None:
    """An area where BLS publishes nothing for the occupation has the keys every other has, each
    figure null with the reason, as withheld figures are."""
    checked_empty = 0
    for career in ("Machine Learning Research Scientist", "Data Scientist", "AI Product Manager"):
        wages = run_json(invoke, "careers", career)[0]["wages"]
        keys = set(wages["national"])
        for entry in wages["by_area"]:
            assert set(entry) == keys | {"programs"}, entry
            assert entry["soc"] == wages["soc"]
            if entry["median"] is None:
                assert entry["withheld"]["median"]
            if all(entry[name] is None for name in ("employment", "p10", "median", "p90")):
                checked_empty += 1
                assert entry["area_type"] in ("metro", "state")
    assert checked_empty  # the case that lacked the keys is there


def _payoff_all_in(invoke: Invoke) -> dict[str, int]:
    """The middle of each program's all-in cost as payoff works it out (no salary, no support)."""
    document = run_json(invoke, "payoff", "--top", "25")
    return {
        entry["id"]: (entry["all_in_cost"]["low"] + entry["all_in_cost"]["high"]) / 2
        for entry in document["programs"]
        if entry["all_in_cost"]
    }


def test_fields_naming_a_bundled_figure_print_it(invoke: Invoke) -> None:
    """--fields earnings_4yr,all_in_cost gives each program's figure, not null for every one: the
    same figures --sort finds."""
    sorted_rows = run_json(invoke, "rank", "--sort", "earnings_4yr")
    earnings = {row["id"]: row["earnings_4yr"] for row in sorted_rows}
    assert sum(value is not None for value in earnings.values()) >= 15
    all_in = _payoff_all_in(invoke)
    assert len(all_in) >= 20
    for command in ("rank", "filter"):
        rows = run_json(invoke, command, "--fields", "id,earnings_4yr,all_in_cost")
        assert {row["id"]: row["earnings_4yr"] for row in rows} == earnings, command
        costs = {row["id"]: row["all_in_cost"] for row in rows if row["all_in_cost"] is not None}
        assert costs.keys() == all_in.keys(), command
        assert all(abs(costs[key] - all_in[key]) <= 1 for key in costs), command  # payoff's are rounded
    result = invoke("rank", "--fields", "id,earnings_4yr", "--json")
    assert "federal student aid" in " ".join(result.stderr.split())  # whom the figures cover
    compared = run_json(invoke, "compare", "cmu", "uw", "--fields", "earnings_4yr,all_in_cost")
    text = json.dumps(compared)
    assert str(earnings["cmu"]) in text
    assert str(round(all_in["uw"])) in text


def test_the_card_names_a_field_by_its_cip_code_as_payoff_does(invoke: Invoke) -> None:
    card = invoke("show", "cmu", "--no-pager")
    assert card.exit_code == 0, card.stderr
    assert "(CIP 11.01)" in card.stdout
    assert "(CIP 1101)" not in card.stdout
    payoff = run_json(invoke, "payoff", "cmu")
    assert "CIP 11.01 " in payoff["programs"][0]["earnings"]["source"]


def test_the_card_s_hints_have_no_markdown_and_withheld_counts_read_as_the_others(invoke: Invoke) -> None:
    # NYU's Computer Science row has no completion count; the note under the fields explains "withheld".
    card = invoke("show", "nyu", "--no-pager")
    assert card.exit_code == 0, card.stderr
    assert "`" not in card.stdout
    assert "mlprog config show" in " ".join(card.stdout.split())
    completions = [line for line in card.stdout.splitlines() if "Completions" in line]
    assert any("withheld" in line for line in completions)
    assert not any("suppressed" in line for line in completions)


def test_payoff_says_what_hud_s_rent_and_a_bls_wage_leave_out(invoke: Invoke) -> None:
    """The table, not only the JSON, says that HUD's figure is rent only and that a BLS wage is not
    about graduates, each with its attribution; neither is said where neither is used."""
    # clark's earnings are the local BLS wage of its careers (its Scorecard earnings are withheld).
    document = run_json(invoke, "payoff", "clark")
    assert document["programs"][0]["earnings"]["source"].startswith("BLS")
    labels = {note["label"]: note for note in document["assumptions"]}
    assert "Rent and basic utilities only" in labels["Living"]["text"]
    assert labels["Living"]["source"].startswith("Rents: U.S. Department of Housing")
    assert "not a figure about any program's graduates" in labels["Wages"]["text"]
    assert labels["Wages"]["source"].startswith("Wages: U.S. Bureau of Labor Statistics")
    table = " ".join(invoke("payoff", "clark", "--no-pager").stdout.split())
    assert "Rent and basic utilities only" in table
    assert "not a figure about any program's graduates" in table
    own = run_json(invoke, "payoff", "cmu", "--living", "2000")
    assert {note["label"] for note in own["assumptions"]}.isdisjoint({"Living", "Wages"})


def _piped(*args: str) -> str:
    """What a command writes to a pipe, with no COLUMNS set (as `mlprog ... | grep` sees it)."""
    env = {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [sys.executable, "-m", "mlprog", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_states_and_a_career_s_wages_keep_each_row_on_one_line_in_a_pipe() -> None:
    """Piped into grep, a row is whole: the area's or the top program's name is not wrapped."""
    wages = _piped("careers", "Data Scientist")
    atlanta = [line for line in wages.splitlines() if "Atlanta" in line]
    assert len(atlanta) == 1
    assert "Roswell, GA" in atlanta[0]
    assert "emory" in atlanta[0]
    states = _piped("states")
    michigan = [line for line in states.splitlines() if "Michigan" in line]
    assert len(michigan) == 1
    assert michigan[0].split()[0] == "MI"
    assert "Ann Arbor" in michigan[0]


def test_weight_s_help_names_every_kind_of_field_it_takes(invoke: Invoke) -> None:
    result = invoke("rank", "--help")
    assert result.exit_code == 0
    words = " ".join(result.stdout.split())
    start = words.index("--weight FIELD=NUMBER")
    described = words[start : words.index("--sort FIELD", start)]
    assert "College Scorecard figure" in described
    assert "all_in_cost" in described
    weighted = run_json(invoke, "rank", "-w", "all_in_cost=-1")
    assert weighted[0]["id"]  # what the help promises is accepted


def test_a_quoted_command_in_a_message_is_never_split_when_it_fits_a_line() -> None:
    from mlprog.text.fitting import fit_message

    message = "No admitted offers to compare. Record one with 'mlprog apply set PROGRAM --decision admitted'."
    for width in (50, 60, 80):
        lines = fit_message(message, width)
        assert all(len(line) <= width for line in lines), lines
        assert any("'mlprog apply set PROGRAM --decision admitted'." in line for line in lines), lines
        assert " ".join(lines) == message
    # Wider than the line: broken between its words rather than running over the width.
    assert all(len(line) <= 30 for line in fit_message(message, 30))


def test_an_empty_offers_comparison_names_the_command_whole_at_60_columns(invoke: Invoke) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlprog", "payoff", "--applications"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "60"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "'mlprog apply set PROGRAM --decision admitted'" in result.stderr
    assert all(len(line) <= 60 for line in result.stderr.splitlines())


def test_a_misspelt_decision_gets_did_you_mean(invoke: Invoke) -> None:
    result = invoke("apply", "set", "cmu", "--decision", "admited")
    assert result.exit_code == 2
    assert "did you mean admitted?" in result.stderr
    assert "Traceback" not in result.stderr
