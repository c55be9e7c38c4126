"""The page's careers, top states and guide: every value read back from the page itself."""

from __future__ import annotations

import json
import re

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
        assert topic.section in page or topic.section == "the page's opening list", topic.section
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
        "specialisations",
        "thesis",
        "experience",
        "part-time",
        "financing",
        "advancement",
        "sponsorship",
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
    assert [t["id"] for t in listed][:3] == ["headline", "specialisations", "thesis"]
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
