"""The page's careers, top states and guide: every value read back from the page itself."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import source_page
from conftest import Invoke
from mlprog.dataset.states import state_code
from mlprog.model import Dataset

pytestmark = pytest.mark.skipif(source_page.page_path() is None, reason="source page not found")


@pytest.fixture(scope="module")
def page() -> str:
    return source_page.read_page()


def test_careers_are_the_pages_eight_with_their_soc_codes(page: str, bundled: Dataset) -> None:
    section = page[page.index("Career Paths\n") :]
    found = re.findall(r"^(.+)\nSOC (\d{2}-\d{4})", section, re.M)
    assert len(found) == 8
    assert [(c.title, c.soc) for c in bundled.careers] == found
    assert all(c.section == "Career Paths" for c in bundled.careers)


def test_top_states_are_the_pages_ten_rows(page: str, bundled: Dataset) -> None:
    rows = re.findall(
        r"^\| Best Machine Learning Master's Programs in ([^|]+?) \| (\d+) \| \$([\d,]+) \| ([^|]+?) \|$",
        page,
        re.M,
    )
    expected = [(state_code(s), int(n), int(t.replace(",", "")), top) for s, n, t, top in rows]
    assert len(expected) == 10
    assert [(r.state, r.programs, r.median_tuition, r.top_program) for r in bundled.top_states] == expected


def test_guide_figures_are_the_pages(page: str, bundled: Dataset) -> None:
    """Every number in the guide, and every source it names, is in the page."""
    for topic in bundled.guide:
        assert topic.section in page or topic.id == "headline", topic.section
        texts = [topic.summary]
        texts += [" ".join(filter(None, (i.name, i.detail, i.figure))) for i in topic.items]
        texts += [f.text for f in topic.facts]
        for text in texts:
            for number in re.findall(r"\$?\d[\d,.]*(?:%|\+)?", text):
                assert number.rstrip(".,") in page, (topic.id, number)
        sources = [i.source for i in topic.items if i.source] + [f.source for f in topic.facts if f.source]
        for source in sources:
            assert source in page, (topic.id, source)
    ids = [t.id for t in bundled.guide]
    assert ids == [
        "headline",
        "market",
        "reviews",
        "specialisations",
        "thesis",
        "experience",
        "part-time",
        "financing",
        "advancement",
        "sponsorship",
        "selection",
    ]


def test_the_guide_has_what_the_issue_lists(bundled: Dataset) -> None:
    topics = {t.id: t for t in bundled.guide}
    assert len(topics["specialisations"].items) == 5
    assert len(topics["thesis"].items) == 2
    assert len(topics["experience"].items) == 4
    assert len(topics["part-time"].items) == 4
    assert any("62%" in f.text for f in topics["part-time"].facts)
    financing = " ".join(f.text for f in topics["financing"].facts)
    for figure in ("$25,000", "$140,000", "67%", "$25,000-$35,000", "70-100%", "2-3 years"):
        assert figure in financing
    assert topics["part-time"].see_also == "mlprog filter --delivery part-time"


def test_careers_command_lists_the_programs_that_name_each(invoke: Invoke, bundled: Dataset) -> None:
    careers = json.loads(invoke("careers", "--json").stdout)
    assert [c["title"] for c in careers] == [c.title for c in bundled.careers]
    scientist = json.loads(invoke("careers", "Data Scientist", "--json").stdout)
    assert len(scientist) == 1
    by_id = {p.id: p for p in bundled.programs}
    assert scientist[0]["programs"]
    for program_id in scientist[0]["programs"]:
        assert any("data scientist" in role.lower() for role in by_id[program_id].common_roles)
    assert "salary" not in scientist[0]  # the page gives none per career
    unknown = invoke("careers", "Astronaut")
    assert unknown.exit_code == 2
    assert "no career path 'Astronaut'; careers: AI/ML Engineer" in unknown.stderr


def test_states_command_marks_exactly_the_recorded_disagreements(invoke: Invoke) -> None:
    rows = {r["state"]: r["disagree"] for r in json.loads(invoke("states", "--json").stdout)}
    assert rows == {
        "CA": ["top_program"],
        "NY": ["top_program"],
        "MA": ["median_tuition", "top_program"],
        "PA": ["median_tuition"],
        "TX": ["top_program"],
        "IL": ["top_program"],
        "WA": [],
        "GA": ["programs", "median_tuition", "top_program"],
        "MI": [],
        "NC": [],
    }


def test_guide_command_lists_topics_and_shows_one(invoke: Invoke) -> None:
    listed = json.loads(invoke("guide", "--json").stdout)
    assert [t["id"] for t in listed][:3] == ["headline", "market", "reviews"]
    thesis = json.loads(invoke("guide", "thesis", "--json").stdout)
    assert [i["name"] for i in thesis["items"]] == ["Thesis track", "Coursework track"]
    text = invoke("guide", "part-time").stdout
    assert "(source: Graduate Management News)" in text
    assert "(the page cites no source)" in text
    assert invoke("guide", "astrology").exit_code == 2


def test_every_see_also_command_runs(invoke: Invoke, bundled: Dataset) -> None:
    examples = {"TOPIC": "robotics", "PROGRAM": "cmu", "NAME": "google"}
    for topic in bundled.guide:
        if topic.see_also is None:
            continue
        words = [examples.get(word, word) for word in topic.see_also.split()]
        assert words[0] == "mlprog", topic.see_also
        result = invoke(*words[1:])
        assert result.exit_code == 0, (topic.id, topic.see_also, result.stderr)


@pytest.mark.parametrize(
    ("document", "args", "many"),
    [
        ("career", ["careers"], True),
        ("state", ["states"], True),
        ("guide-topic", ["guide", "financing"], False),
        ("sources", ["sources"], False),
    ],
)
def test_the_new_documents_validate_against_their_schemas(
    invoke: Invoke, document: str, args: list[str], many: bool
) -> None:
    import jsonschema

    schema = json.loads(invoke("schema", document).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    output = json.loads(invoke(*args, "--json").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for item in output if many else [output]:
        validator.validate(item)
    broken = (output[0] if many else output) | {"surprise": 1}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_an_unknown_schema_lists_the_documents(invoke: Invoke) -> None:
    result = invoke("schema", "nonsense")
    assert result.exit_code == 2
    assert "documents: program, career, state, guide-topic, sources" in result.stderr


@pytest.mark.parametrize("args", [["careers"], ["states"], ["guide"], ["guide", "thesis"], ["sources"]])
@pytest.mark.parametrize("fmt", ["csv", "ndjson", "markdown"])
def test_the_new_commands_speak_every_format(invoke: Invoke, args: list[str], fmt: str) -> None:
    import csv
    import io

    result = invoke(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len(rows) >= 2
        assert all(len(row) == len(rows[0]) for row in rows)
    elif fmt == "ndjson":
        assert all(isinstance(json.loads(line), dict) for line in result.stdout.splitlines())
    else:
        assert result.stdout.startswith("| ")


# --- the fact-check of issue 29, point 6 -------------------------------------------------------


def test_the_market_reviews_and_selection_sections_have_topics(page: str, bundled: Dataset) -> None:
    """Each of the page's three sections that had no topic has one, under the page's own heading."""
    topics = {t.id: t for t in bundled.guide}
    sections = {
        "market": "Machine Learning Master's Programs: 2026 Market Overview\n",
        "reviews": "Student Experience and Reviews Analysis\n",
        "selection": "Program Selection Guide: Choose Based on Your Profile\n",
    }
    for topic_id, heading in sections.items():
        assert heading in page
        assert topics[topic_id].section == heading.strip()
    market = " ".join(f.text for f in topics["market"].facts)
    for figure in ("340%", "127", "$170,000+"):
        assert figure in market
    reviews = " ".join(f.text for f in topics["reviews"].facts)
    assert "1,847" in reviews
    assert "47 machine learning master's programs" in reviews
    # One item per profile of `mlprog profiles`, named by its title and id.
    assert [i.name for i in topics["selection"].items] == [f"{p.title} ({p.id})" for p in bundled.profiles]
    assert topics["selection"].see_also == "mlprog profiles"


def test_the_headline_topic_names_its_place_once(invoke: Invoke) -> None:
    first = invoke("guide", "headline").stdout.splitlines()[0]
    assert first == "The figures in brief  (the page's key takeaways)"
    assert invoke("guide", "thesis").stdout.splitlines()[0] == (
        "Thesis or coursework  (the page's 'Thesis vs Non-Thesis Programs')"
    )


def test_the_job_growth_says_whose_growth_it_is(page: str, bundled: Dataset) -> None:
    assert "mL Engineers earn a median salary of $157,000 with 40% projected job growth" in page
    headline = next(t for t in bundled.guide if t.id == "headline")
    growth = [f.text for f in headline.facts if "growth" in f.text]
    assert growth == ["Projected job growth for machine learning engineers through 2032: 40%"]


def test_programs_analysed_does_not_count_the_reviewed_programs(page: str, bundled: Dataset) -> None:
    """47 is how many programs' reviews were read, not another count of programs analysed."""
    assert "student reviews across 47 ML master's programs" in page
    analysed = next(c for c in bundled.conflicts if c.id == "programs-analysed")
    assert [v.value for v in analysed.values] == ["50", "127"]
    assert "47" in analysed.summary  # said, as what it is
    assert not any("its review analysis of 47" in note for note in bundled.meta.notes)


def test_every_heading_a_conflict_quotes_is_on_the_page(page: str, bundled: Dataset) -> None:
    """A place given in quotes ('Top States') is a heading or phrase the page has, word for word."""
    quoted = re.compile(r"(?<!\w)'(.+?)'(?!\w)")
    found = 0
    for conflict in bundled.conflicts:
        for value in conflict.values:
            for where in value.where:
                for heading in quoted.findall(where):
                    found += 1
                    assert heading in page, (conflict.id, heading)
    assert found >= 10


def test_location_advantages_are_in_mlprogs_words(page: str, bundled: Dataset) -> None:
    """The page's location bullets are summarised, never copied (Clark's and Northeastern's were)."""
    bullets = re.findall(r"^- •(.+)$", page, re.M)
    assert len(bullets) == 12
    said = [(p.id, a) for p in bundled.programs for a in p.location_advantages]
    assert {pid for pid, _ in said} == {"syracuse", "uw", "clark", "northeastern"}
    for program_id, advantage in said:
        assert advantage not in bullets, (program_id, advantage)


def test_median_tuition_is_always_a_whole_number(invoke: Invoke, write_data: Any) -> None:
    """The page's and the ranked programs' medians are integers in JSON, even of an even count."""
    rows = json.loads(invoke("states", "--json").stdout)
    medians = [row["ranked"]["median_tuition"] for row in rows] + [
        row["page"]["median_tuition"] for row in rows
    ]
    assert None in medians
    assert all(type(m) is int for m in medians if m is not None), medians
    assert {row["state"]: row["ranked"]["median_tuition"] for row in rows}["PA"] == 39387
    # Two ranked programs whose mean is a half: rounded up, still an integer.
    from conftest import program_entry, toml_document

    text = toml_document([program_entry(1, tuition=10000), program_entry(2, tuition=10001)])
    text += '\n[[top_states]]\nstate = "IL"\nprograms = 2\nmedian_tuition = 10000\n'
    text += 'top_program = "Test University 1"\nsection = "Top States"\n'
    path = write_data(text)
    row = json.loads(invoke("states", "--json", "--data", str(path)).stdout)[0]
    assert row["ranked"]["median_tuition"] == 10001
    assert type(row["ranked"]["median_tuition"]) is int


def test_the_states_legend_says_top_programs_differ(invoke: Invoke) -> None:
    """The page never says what makes a "Top Program", so the legend says it differs, no more."""
    text = " ".join(invoke("states", env={"COLUMNS": "200"}).stdout.split())
    assert "its top program differs from the best ranked one" in text
    assert "cannot both hold" not in text


def test_the_bundled_page_sections_are_checked_when_first_read(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Only some commands read the conflicts, careers, top states and guide: the bundled data's are
    checked (and built) when first read, the same as a whole load checks them; one broken by hand
    fails the commands that read it, in the same words, and `validate`."""
    from conftest import snapshot
    from mlprog.dataset import load
    from mlprog.dataset.build import PAGE_SECTIONS, CheckedWhenRead, build_dataset
    from mlprog.files.reading import bundled_data_path, read_data_document

    dataset = load.load_dataset()
    assert all(isinstance(getattr(dataset, name), CheckedWhenRead) for name in PAGE_SECTIONS)
    assert dataset.careers._entries is None  # type: ignore[attr-defined]  # not read yet
    bundled = bundled_data_path()
    eager, problems = build_dataset(read_data_document(bundled), str(bundled))
    assert eager is not None
    assert not problems
    for name in PAGE_SECTIONS:
        read = [entry.as_dict() for entry in getattr(dataset, name)]
        assert read, name
        assert read == [entry.as_dict() for entry in getattr(eager, name)], name
    assert dataset.careers == tuple(dataset.careers)
    assert len(dataset.guide) == len(eager.guide)

    broken = tmp_path / "programs.toml"
    text = bundled.read_text(encoding="utf-8")
    assert 'soc = "15-1252"' in text
    broken.write_text(text.replace('soc = "15-1252"', "soc = 15", 1), encoding="utf-8")
    monkeypatch.setattr(load, "bundled_data_path", lambda: broken)
    before = snapshot(tmp_path)
    assert invoke("rank", "--json").exit_code == 0  # reads no career
    for args in (["careers"], ["show", "cmu"], ["validate"]):
        result = invoke(*args)
        assert result.exit_code == 1, args
        assert "career 'AI/ML Engineer': field 'soc' must be a string" in result.stderr, args
        assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before
