"""The bundled data against the source page: every value is read from the page here."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import source_page
from mlprog.model import Dataset, Program

pytestmark = pytest.mark.skipif(
    source_page.page_path() is None,
    reason=f"source page not found at {source_page.SEED_DIR / source_page.SEED_NAME}",
)


@pytest.fixture(scope="module")
def page() -> str:
    return source_page.read_page()


@pytest.fixture(scope="module")
def by_rank(bundled: Dataset) -> dict[int, Program]:
    return {p.rank: p for p in bundled.programs}


def test_every_row_of_the_top_table_is_in_the_data(page: str, bundled: Dataset) -> None:
    rows = source_page.top_table(page)
    assert [r.rank for r in rows] == list(range(1, 26))
    assert [p.rank for p in bundled.programs] == [r.rank for r in rows]


@pytest.mark.parametrize("rank", range(1, 26))
def test_row_values_match_the_page(page: str, by_rank: dict[int, Program], rank: int) -> None:
    row = next(r for r in source_page.top_table(page) if r.rank == rank)
    program = by_rank[rank]
    assert (program.name, program.city, program.state, program.type) == (
        row.name,
        row.city,
        row.state,
        row.type,
    )
    assert program.tuition == row.tuition
    assert program.graduation_rate == row.graduation_rate
    assert program.score == row.score


@pytest.mark.parametrize("rank", range(1, 11))
def test_card_facts_match_the_page(page: str, by_rank: dict[int, Program], rank: int) -> None:
    card = next(c for c in source_page.cards(page) if c.rank == rank)
    program = by_rank[rank]
    assert program.detailed
    assert program.name == card.name
    assert (program.city, program.state, program.type) == (card.city, card.state, card.type)
    assert (program.tuition, program.graduation_rate, program.score) == (
        card.tuition,
        card.graduation_rate,
        card.score,
    )
    # "(not specified)" on the page is recorded as no duration.
    expected_degrees = [(name, None if d == "not specified" else d) for name, d in card.degrees]
    assert [(d.name, d.duration) for d in program.degrees] == expected_degrees
    # Names are the page's; what a lab works on is summarised in our words, for every lab the page describes.
    assert [(lab.name, bool(lab.focus)) for lab in program.labs] == [(n, bool(f)) for n, f in card.labs]
    # A vague entry ("Various industry partners") names no partner: it is a note, not a partner.
    vague = [name for name in card.partners if name.lower().startswith("various")]
    assert list(program.industry_partners) == [name for name in card.partners if name not in vague]
    for entry in vague:
        assert any(entry.lower() in note.lower() for note in program.notes), (program.id, entry)
    assert list(program.top_employers) == card.employers
    assert list(program.common_roles) == card.roles
    assert [(f.name, bool(f.focus)) for f in program.faculty] == [(n, bool(f)) for n, f in card.faculty]
    assert program.admissions_gpa == card.gpa
    assert list(program.accreditations) == card.accreditations


def test_ranks_11_to_25_have_no_invented_details(by_rank: dict[int, Program]) -> None:
    for rank in range(11, 26):
        program = by_rank[rank]
        assert not program.detailed, program.id
        assert program.overview is None
        assert not program.labs
        assert not program.faculty


@pytest.mark.parametrize("rank", range(1, 26))
def test_graduation_rate_is_the_value_the_page_states_most_often(
    page: str, by_rank: dict[int, Program], rank: int
) -> None:
    program = by_rank[rank]
    mentions = source_page.graduation_rate_mentions(page, program.name)
    if not mentions:
        assert program.graduation_rate is None
        return
    counts = Counter(mentions).most_common()
    assert program.graduation_rate == counts[0][0]
    if len(counts) > 1:
        # The page contradicts itself: the conflict is recorded for readers.
        notes = " ".join(program.notes)
        assert "Graduation rate" in notes
        for value, _ in counts:
            assert f"{value}%" in notes


def test_the_known_conflict_is_recorded(by_rank: dict[int, Program]) -> None:
    penn = by_rank[5]
    assert penn.graduation_rate == 100
    assert any("1%" in note and "100%" in note for note in penn.notes)


def test_headline_figures_match_the_page(page: str, bundled: Dataset) -> None:
    meta = bundled.meta
    figures = source_page.headline(page)
    assert meta.median_salary_usd_per_year == figures["median_salary_usd_per_year"]
    assert meta.job_growth_percent == figures["job_growth_percent"]
    assert meta.job_growth_through == figures["job_growth_through"]
    assert meta.statistics_source == figures["statistics_source"]
    assert meta.programs_analyzed == figures["programs_analyzed"]
    assert meta.data_basis == figures["data_basis"]
    assert meta.source_title is not None
    assert meta.source_title in page


def test_summaries_are_not_copied_from_the_page(page: str, bundled: Dataset) -> None:
    """Descriptions are summarised: no run of 12 words is lifted from the page's prose."""
    page_words = page.split()
    runs = {" ".join(page_words[i : i + 12]) for i in range(len(page_words) - 11)}
    for program in bundled.programs:
        for text in (program.highlight, program.insight, program.overview):
            if not text:
                continue
            words = text.split()
            for i in range(len(words) - 11):
                assert " ".join(words[i : i + 12]) not in runs, (program.id, " ".join(words[i : i + 12]))


def test_ids_are_the_short_names_people_type(bundled: Dataset) -> None:
    ids = {p.id for p in bundled.programs}
    assert {"cmu", "usc", "syracuse", "uw", "penn", "nyu"} <= ids
    assert all(len(p.id) <= 12 for p in bundled.programs)


def test_delivery_formats_are_only_where_the_page_says_so(page: str, by_rank: dict[int, Program]) -> None:
    words = {"online": "online", "part-time": "part-time", "full-time": "full-time", "on campus": "on-campus"}
    for rank in range(1, 11):
        program = by_rank[rank]
        card = page[page.index(f"#{rank}. {program.name}") :]
        card = card[: card.index("\n#", 1)] if "\n#" in card[1:] else card
        for fmt in program.delivery:
            spelled = {words[fmt], fmt}
            assert any(s in card.lower() for s in spelled), (program.id, fmt)


def test_cost_figures_match_the_page(page: str, bundled: Dataset) -> None:
    meta = bundled.meta
    premium = re.search(r"salary premium can reach \$([\d,]+)-\$([\d,]+) annually", page)
    assert premium is not None
    assert meta.salary_premium_usd_per_year == tuple(int(v.replace(",", "")) for v in premium.groups())
    tax_free = re.search(r"federal \$([\d,]+) tax-free employer education benefit", page)
    assert tax_free is not None
    assert meta.tax_free_employer_benefit_usd == int(tax_free.group(1).replace(",", ""))
    timeline = re.search(
        r"Part-time programs take ([\d.]+)-([\d.]+) years versus ([\d.]+)-([\d.]+) years", page
    )
    assert timeline is not None
    low_pt, high_pt, low_ft, high_ft = (float(v) for v in timeline.groups())
    assert meta.part_time_years == (low_pt, high_pt)
    assert meta.full_time_years == (low_ft, high_ft)


def test_employer_benefits_match_the_page(page: str, bundled: Dataset) -> None:
    listed = re.findall(r"^- (.+?) — (.+)$", page[page.index("Top Employer Tuition Benefits") :], re.M)[:5]
    assert [b.name.replace(" / ", "/") for b in bundled.employer_benefits] == [name for name, _ in listed]
    for benefit, (_, terms) in zip(bundled.employer_benefits, listed, strict=True):
        cap = re.search(r"\$([\d,]+)/year", terms)
        share = re.search(r"(\d+)% of tuition", terms)
        if cap:
            assert benefit.cap_usd_per_year == int(cap.group(1).replace(",", ""))
        elif share:
            assert benefit.percent == int(share.group(1))
        else:
            assert terms.startswith("Full"), terms
            assert benefit.percent == 100
        commitment = re.search(r"(\d+)[- ]years?", terms)
        if commitment:
            assert benefit.service_commitment_years == int(commitment.group(1))
        if "no service commitment" in terms:
            assert benefit.service_commitment_years == 0


def test_one_profile_per_kind_of_student_in_the_selection_guide(page: str, bundled: Dataset) -> None:
    guide = page[page.index("Program Selection Guide") : page.index("Machine Learning & AI Career Track")]
    kinds = re.findall(r"^- (You want|You prefer|Currently employed)", guide, re.M)
    assert len(bundled.profiles) == len(kinds) == 4


# Proper names the page writes in its prose, which our summaries quote as they are.
QUOTED_NAMES = (
    "MS in Artificial Intelligence and Machine Learning for Engineering",
    "Raj and Neera Singh Program in Artificial Intelligence (MSE-AI Online)",
    "Donald Bren School of Information and Computer Sciences",
)
RUN = 8


def _words(text: str) -> list[str]:
    """Words for comparing prose: lowercase, punctuation and dashes as spaces."""
    return re.findall(r"[a-z0-9$%]+(?:['.,][a-z0-9]+)*", text.lower().replace("’", "'"))


def _descriptive_fields(bundled: Dataset) -> list[tuple[str, str, str]]:
    """(who, field, text) for every field whose text is ours: summaries, focus lines, advantages, notes."""
    fields = []
    for p in bundled.programs:
        for name in ("highlight", "insight", "overview"):
            if getattr(p, name):
                fields.append((p.id, name, getattr(p, name)))
        fields += [(p.id, f"lab {lab.name!r}", lab.focus) for lab in p.labs if lab.focus]
        fields += [(p.id, f"faculty {f.name!r}", f.focus) for f in p.faculty if f.focus]
        fields += [(p.id, "location_advantages", text) for text in p.location_advantages]
        fields += [(p.id, "notes", text) for text in p.notes]
    fields += [("meta", "notes", text) for text in bundled.meta.notes]
    fields += [(pr.id, "profile summary", pr.summary) for pr in bundled.profiles if pr.summary]
    fields += [(b.id, "benefit note", b.note) for b in bundled.employer_benefits if b.note]
    fields += [(c.title, "career summary", c.summary) for c in bundled.careers]
    fields += [(c.id, "conflict summary", c.summary) for c in bundled.conflicts]
    for topic in bundled.guide:
        fields.append((topic.id, "guide summary", topic.summary))
        fields += [(topic.id, f"guide item {i.name!r}", i.detail) for i in topic.items if i.detail]
        fields += [(topic.id, "guide fact", f.text) for f in topic.facts]
    return fields


def _names(bundled: Dataset) -> list[list[str]]:
    """Every name the data holds, as words: quoting a name is not copying prose."""
    names = list(QUOTED_NAMES)
    for p in bundled.programs:
        names += [p.name, *p.aliases, *p.industry_partners, *p.top_employers, *p.common_roles]
        names += [d.name for d in p.degrees] + [lab.name for lab in p.labs] + [f.name for f in p.faculty]
    return sorted((_words(name) for name in names), key=len, reverse=True)


def copied_runs(text: str, page_runs: set[str], names: list[list[str]]) -> list[str]:
    """The runs of RUN words the text shares with the page, names masked out first."""
    words = _words(text)
    for name in names:
        for start in range(len(words) - len(name) + 1):
            if name and words[start : start + len(name)] == name:
                words[start : start + len(name)] = ["\0"] * len(name)
    runs = (" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1))
    return [run for run in runs if "\0" not in run and run in page_runs]


def test_no_descriptive_field_copies_eight_words_of_the_page(page: str, bundled: Dataset) -> None:
    """Facts carry over from the page; its sentences do not. Names may be quoted whole."""
    page_words = _words(page)
    page_runs = {" ".join(page_words[i : i + RUN]) for i in range(len(page_words) - RUN + 1)}
    names = _names(bundled)
    copied = {
        (who, field): runs
        for who, field, text in _descriptive_fields(bundled)
        if (runs := copied_runs(text, page_runs, names))
    }
    assert not copied, copied


def test_the_copy_finder_finds_copies_and_spares_names() -> None:
    page_words = _words(
        "Students benefit from LA's tech corridor proximity and extensive alumni network today"
    )
    runs = {" ".join(page_words[i : i + RUN]) for i in range(len(page_words) - RUN + 1)}
    assert copied_runs("They benefit from LA's tech corridor proximity and extensive alumni", runs, [])
    assert not copied_runs("Close to LA's technology corridor, with many alumni", runs, [])
    name = _words("benefit from LA's tech corridor proximity and extensive alumni")
    assert not copied_runs("benefit from LA's tech corridor proximity and extensive alumni", runs, [name])
