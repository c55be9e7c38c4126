"""Every link between the README and the pages of docs/ leads somewhere.

A relative link must name a file that exists, and its ``#anchor`` a heading of
that file, with the anchor GitHub makes for it (lowercase, punctuation dropped,
spaces as hyphens; a repeated heading gets ``-1``, ``-2``...).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def prose(text: str) -> str:
    """A page without its fenced code blocks, where brackets are not links."""
    return _FENCE.sub("", text)


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown page."""
    seen: dict[str, int] = {}
    for line in prose(path.read_text(encoding="utf-8")).splitlines():
        if not line.startswith("#"):
            continue
        heading = line.lstrip("#").strip().lower()
        slug = re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        if count:
            seen[f"{slug}-{count}"] = 1
    return set(seen)


def test_github_anchors_are_made_as_github_makes_them(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text('# Title\n## Unknown is not "no"\n## cost: what a degree costs\n## rank\n## rank\n')
    assert anchors(page) == {"title", "unknown-is-not-no", "cost-what-a-degree-costs", "rank", "rank-1"}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_link_leads_to_a_file_and_a_heading(page: Path) -> None:
    for match in _LINK.finditer(prose(page.read_text(encoding="utf-8"))):
        target = match.group("target")
        if re.match(r"[a-z]+:", target):  # https:, mailto: ...
            continue
        name, _, anchor = target.partition("#")
        linked = (page.parent / name).resolve() if name else page
        assert linked.exists(), f"{page.name}: {target}: no such file"
        if anchor:
            assert anchor in anchors(linked), f"{page.name}: {target}: no such heading"


def test_the_readme_links_to_every_docs_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"](docs/{page.name}" in readme, page.name
