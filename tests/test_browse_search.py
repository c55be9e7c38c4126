"""browse's search index finds exactly what ``--search`` finds, on the bundled data and on
generated data with accents, abbreviations, phrases and prefixes. (Its speed over 100,000
programs is measured in benchmarks/browse_search.py.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from mlprog.browse.view import SearchIndex, search_matches
from mlprog.model import Dataset

QUERIES = [
    "robot",
    "robo",
    "robotics lab",
    "nlp",
    "natural language processing",
    '"machine learning" vision',
    '"learning machine"',
    "ml",
    "ai",
    "artificial",
    "zurich",
    "Zürich",
    "human-centered",
    "new york",
    '"new york university"',
    "pittsburgh ca",
    "cmu",
    "ms",
    "  deep   learning  ",
    '""',
    '"',
    "phd statistics",
    "amazon google",
    "amazo",
    "data",
    "datas",
    "x",
    "stanford",
    "wireless communications",
    "cs",
]


@pytest.mark.parametrize("typed", QUERIES)
def test_the_index_finds_what_search_finds(bundled: Dataset, typed: str) -> None:
    programs = list(bundled.programs)
    index = SearchIndex(programs)
    assert [p.id for p in index.matches(typed)] == [p.id for p in search_matches(programs, typed)]


def test_the_queries_find_something_and_not_everything(bundled: Dataset) -> None:
    index = SearchIndex(list(bundled.programs))
    counts = [len(index.matches(typed)) for typed in QUERIES]
    assert any(0 < count < len(bundled.programs) for count in counts)
    assert 0 in counts


def _words(dataset: Dataset) -> list[str]:
    from mlprog.criteria import text_fields

    return sorted({w for p in dataset.programs for _, text in text_fields(p) for w in text.split()})


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=examples(100))
@given(data=st.data())
def test_any_words_of_the_data_find_the_same(bundled: Dataset, data: st.DataObject) -> None:
    words = _words(bundled)
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=3))
    cut = data.draw(st.integers(min_value=1, max_value=40))
    quoted = data.draw(st.booleans())
    typed = " ".join(chosen)[:cut]
    typed = f'"{typed}"' if quoted else typed
    programs = list(bundled.programs)
    assert [p.id for p in SearchIndex(programs).matches(typed)] == [
        p.id for p in search_matches(programs, typed)
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "zurich",
        "Zürich",
        "eth",
        "ecole",
        "école polytechnique",
        "straße",
        "strasse",
        "münchen",
        '"new york"',
        '"york college"',
        '"enew york"',
        '"deep learning"',
        '"college new"',
        "under_score",
        '"score board"',
    ],
)
def test_accents_and_word_edges_as_search_sees_them(bundled: Dataset, typed: str) -> None:
    base = bundled.programs[0]
    programs = [
        base._replace(id="eth", name="ETH Zürich", city="Zürich"),
        base._replace(id="epfl", name="École Polytechnique Fédérale", city="Lausanne"),
        base._replace(id="tum", name="Technische Universität München", city="Straße des 17. Juni"),
        base._replace(id="renew", name="Renew York College", city="New Haven", aliases=()),
        base._replace(id="lines", name="Deep\nLearning Under_Score", city="Board", overview="Score!\n"),
        *bundled.programs[1:],
    ]
    found = [p.id for p in SearchIndex(programs).matches(typed)]
    assert found == [p.id for p in search_matches(programs, typed)]
    if typed in ("zurich", "Zürich", "münchen", "strasse", '"deep learning"', "under_score"):
        assert found
    if typed in ('"college new"', '"score board"'):  # the words are in two fields: not a phrase
        assert found == []
