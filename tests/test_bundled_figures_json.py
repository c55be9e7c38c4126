"""The bundled College Scorecard figures in JSON and in criteria (issue 29's review): every JSON
document carrying them carries their source and the federal-aid caveat; null means "not asked
for" where filling them would cost every run; --min-earnings checks them when there is no import."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from conftest import Invoke
from mlprog.answers.chart import bundled_sources
from mlprog.criteria import Criteria, evaluate, missing_words
from mlprog.dataset.document_schemas import chart_json_schema
from mlprog.dataset.schema import program_json_schema
from mlprog.figures import outcomes
from mlprog.model import Dataset

ATTRIBUTION = "College Scorecard"
FEDERAL_AID = "federal student aid"


def _earnings(dataset: Dataset, program_id: str) -> tuple[int, int]:
    """A program's bundled earnings figure and its years after, read straight from the bundled file."""
    program = next(p for p in dataset.programs if p.id == program_id)
    institution = outcomes.bundled_outcomes(program.name)
    assert institution is not None
    field = outcomes.earnings_field(institution)
    assert field is not None
    assert field.earnings_median
    assert field.earnings_years_after
    return field.earnings_median, field.earnings_years_after


def _valid(document: Any, schema: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator_class(schema).validate(document)


def _says_whose(source: dict[str, Any]) -> None:
    """A bundled source object: the Scorecard's attribution, its release and the federal-aid caveat."""
    assert ATTRIBUTION in source["attribution"]
    assert "CC BY 4.0" in source["attribution"]
    assert source["release"] == outcomes.source()["release"]
    assert FEDERAL_AID in source["coverage"]


# --- 1. the attribution in every JSON document carrying the figures ----------------------------


def test_chart_json_names_the_sources_of_the_bundled_figures_it_plots(invoke: Invoke) -> None:
    result = invoke("chart", "--x", "all_in_cost", "--y", "earnings_4yr", "--json")
    assert result.exit_code == 0, result.stderr
    chart = json.loads(result.stdout)
    _valid(chart, chart_json_schema())
    [scorecard, rents] = chart["sources"]
    _says_whose(scorecard)
    assert "Fair Market Rents" in rents["attribution"]


def test_chart_of_the_pages_figures_names_no_bundled_source(invoke: Invoke) -> None:
    result = invoke("chart", "--json")
    assert result.exit_code == 0, result.stderr
    chart = json.loads(result.stdout)
    _valid(chart, chart_json_schema())
    assert chart["sources"] == []


def test_with_your_own_living_cost_no_rents_are_named(bundled: Dataset) -> None:
    filled = outcomes.with_bundled_outcomes(bundled.programs)
    [scorecard] = bundled_sources(filled, ("all_in_cost", "earnings_4yr"), living=2000)
    _says_whose(scorecard)
    assert bundled_sources(bundled.programs, ("earnings_4yr",)) == []  # nothing bundled filled


def test_rank_sorted_by_bundled_earnings_gives_each_program_their_source(
    invoke: Invoke, bundled: Dataset
) -> None:
    result = invoke("rank", "--sort", "earnings_4yr", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    validator = program_json_schema()
    with_figures = [row for row in rows if row["earnings_4yr"] is not None]
    assert len(with_figures) >= 15
    for row in rows:
        _valid(row, validator)
    for row in with_figures:
        assert row["outcomes"]["in_use"] == "bundled"
        _says_whose(row["outcomes"]["source"])
    cmu = next(row for row in rows if row["id"] == "cmu")
    assert cmu["earnings_4yr"] == _earnings(bundled, "cmu")[0]


def test_fields_keep_the_bare_list_and_the_source_beside_the_figure(invoke: Invoke, bundled: Dataset) -> None:
    result = invoke("rank", "--fields", "earnings_4yr", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert len(rows) == len(bundled.programs)
    for row in rows:
        assert set(row) <= {"earnings_4yr", "outcomes"}
        if row["earnings_4yr"] is not None:
            _says_whose(row["outcomes"]["source"])
    assert rows[0] == {"earnings_4yr": _earnings(bundled, "cmu")[0], "outcomes": rows[0]["outcomes"]}


def test_fields_of_the_pages_own_carry_no_bundled_source(invoke: Invoke) -> None:
    result = invoke("rank", "--fields", "id,tuition", "--json")
    assert result.exit_code == 0, result.stderr
    assert all(set(row) == {"id", "tuition"} for row in json.loads(result.stdout))


# --- 2. null means "not asked for" where filling would cost every run ---------------------------


def test_show_fills_the_bundled_figures_it_reads_for_its_card(invoke: Invoke, bundled: Dataset) -> None:
    result = invoke("show", "cmu", "--json")
    assert result.exit_code == 0, result.stderr
    card = json.loads(result.stdout)
    _valid(card, program_json_schema())
    figure, years_after = _earnings(bundled, "cmu")
    assert years_after == 4
    assert card["earnings_4yr"] == figure
    assert card["debt_median"] is not None
    assert card["completions"] is not None
    assert card["outcomes"]["in_use"] == "bundled"
    _says_whose(card["outcomes"]["source"])


def test_show_works_out_the_all_in_cost_when_fields_ask(invoke: Invoke, bundled: Dataset) -> None:
    result = invoke("show", "cmu", "--fields", "all_in_cost,earnings_4yr", "--json")
    assert result.exit_code == 0, result.stderr
    card = json.loads(result.stdout)
    assert card["earnings_4yr"] == _earnings(bundled, "cmu")[0]
    assert isinstance(card["all_in_cost"], int)
    assert card["all_in_cost"] > 0
    from mlprog.answers.payoff import with_all_in_cost

    expected = next(p for p in with_all_in_cost(bundled).programs if p.id == "cmu").all_in_cost
    assert card["all_in_cost"] == expected


def test_the_schema_says_null_means_not_asked_for_and_how_to_ask(invoke: Invoke) -> None:
    schema = json.loads(invoke("schema").stdout)
    for name in ("earnings_4yr", "all_in_cost"):
        described = schema["properties"][name]["description"]
        assert "null" in described, name
        assert "--fields" in described, name
    assert "not asked for" in schema["properties"]["earnings_4yr"]["description"]


# --- 3. --min-earnings checks the bundled figures when there is no import -----------------------


def test_min_earnings_checks_the_bundled_figures_and_says_which(invoke: Invoke, bundled: Dataset) -> None:
    result = invoke("filter", "--min-earnings", "150000", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    expected = set()
    for program in bundled.programs:
        institution = outcomes.bundled_outcomes(program.name)
        field = outcomes.earnings_field(institution) if institution else None
        if field is not None and field.earnings_median is not None and field.earnings_median >= 150_000:
            expected.add(program.id)
    assert expected
    assert {row["id"] for row in rows} == expected
    said = " ".join(result.stderr.split())
    assert "--min-earnings (median earnings four years after" in said
    assert "bundled College Scorecard figures" in said
    assert FEDERAL_AID in said
    assert "imported" not in said


def test_min_earnings_fails_a_program_below_naming_the_bundled_figure(
    invoke: Invoke, bundled: Dataset
) -> None:
    figure, _ = _earnings(bundled, "cmu")
    result = invoke("filter", "--explain", "cmu", "--min-earnings", str(figure + 1), "--json")
    assert result.exit_code == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["matches"] is False
    assert verdict["failures"] == [
        f"median earnings four years after ${figure:,} (bundled College Scorecard) are below ${figure + 1:,}"
    ]


def test_programs_without_a_bundled_figure_are_said_so_of_the_bundled_figures(invoke: Invoke) -> None:
    result = invoke("filter", "--min-earnings", "1", "--json")
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())  # the notes of a JSON result go to stderr
    assert "not checked: no median earnings in the bundled College Scorecard figures" in said
    assert "imported from the College Scorecard" not in said


def test_missing_words_say_bundled_or_imported() -> None:
    assert missing_words(["min_earnings"]) == "no median earnings imported from the College Scorecard"
    assert missing_words(["min_earnings"], bundled=True) == (
        "no median earnings in the bundled College Scorecard figures"
    )


def test_an_import_keeps_checking_earnings_a_year_after(bundled: Dataset) -> None:
    cmu = next(p for p in bundled.programs if p.id == "cmu")._replace(
        earnings_1yr=90_000, earnings_4yr=200_000
    )
    verdict = evaluate(cmu, Criteria(min_earnings=100_000))
    assert verdict.failures == ("median earnings $90,000 are below $100,000",)
    bundled_cmu = cmu._replace(earnings_1yr=None)
    assert evaluate(bundled_cmu, Criteria(min_earnings=100_000, bundled_figures=True)).passed


def test_min_earnings_help_names_both_figures(invoke: Invoke) -> None:
    said = " ".join(invoke("filter", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "a year after, from your College Scorecard import" in said
    assert "bundled Scorecard figures' four years after" in said


def test_payoff_json_names_bea_beside_hud_and_says_the_price_level_it_does_not_count(invoke: Invoke) -> None:
    from mlprog.figures import living

    result = invoke("payoff", "cmu", "bu", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    attributions = [source["attribution"] for source in report["sources"]]
    assert living.source()["attribution"] in attributions
    assert living.price_parity_source() in report["sources"]
    cmu, bu = report["programs"]
    # The figure is HUD's rent alone; BEA's index is said in its note, not folded into the amount.
    assert cmu["living_per_month"]["amount"] == {"low": 1077, "high": 1077}
    assert cmu["living_per_month"]["note"].endswith(
        "prices in Pittsburgh, PA (Metropolitan Statistical Area): 94.7 for all items (US = 100; BEA 2024)"
    )
    assert (
        "Boston-Cambridge-Newton, MA-NH (Metropolitan Statistical Area): 108.3"
        in (bu["living_per_month"]["note"])
    )
    # With the user's own figure there is no HUD rent, so neither HUD nor BEA is named.
    own = json.loads(invoke("payoff", "cmu", "--living", "2000", "--json").stdout)
    assert living.price_parity_source() not in own["sources"]
    assert "BEA" not in (own["programs"][0]["living_per_month"]["note"] or "")
