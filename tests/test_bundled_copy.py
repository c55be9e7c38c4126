"""The bundled files' parsed copies (files.reading.parsed_copy): the data's and the figures',
each used only when it is the file's."""

from __future__ import annotations

import json
import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli

from conftest import snapshot
from mlprog.errors import MlprogError
from mlprog.figures import files
from mlprog.files.reading import PARSED_COPY, bundled_data_path, copy_path, parsed_copy, read_data_document

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def test_the_shipped_copy_is_the_bundled_file_parsed() -> None:
    """Fails when data/programs.toml changed and scripts/bundled_copy.py was not run."""
    bundled = bundled_data_path()
    raw = bundled.read_bytes()
    source, document = marshal.loads(bundled.with_name(PARSED_COPY).read_bytes())
    assert source == raw
    assert document == tomli.loads(raw.decode("utf-8"))
    assert read_data_document(bundled) == document


def _data_with_copy(folder: Path, text: str, copied_from: str) -> Path:
    data = folder / "programs.toml"
    data.write_text(text, encoding="utf-8")
    raw = copied_from.encode("utf-8")
    (folder / PARSED_COPY).write_bytes(marshal.dumps((raw, tomli.loads(copied_from))))
    return data


def test_the_copy_is_used_for_the_bytes_it_was_made_from(tmp_path: Path) -> None:
    data = _data_with_copy(tmp_path, 'title = "a"\n', 'title = "a"\n')
    assert parsed_copy(data, data.read_bytes()) == {"title": "a"}


def test_a_copy_of_other_bytes_is_not_used(tmp_path: Path) -> None:
    """An edited data file is parsed as it is, never shadowed by an older copy."""
    data = _data_with_copy(tmp_path, 'title = "edited"\n', 'title = "a"\n')
    before = snapshot(tmp_path)
    assert parsed_copy(data, data.read_bytes()) is None
    assert snapshot(tmp_path) == before


def test_a_missing_or_damaged_copy_is_ignored(tmp_path: Path) -> None:
    data = tmp_path / "programs.toml"
    data.write_text('title = "a"\n', encoding="utf-8")
    assert parsed_copy(data, data.read_bytes()) is None  # no copy
    not_a_document = marshal.dumps((b'title = "a"\n', [1]))
    for damaged in (b"", b"\x00garbage", marshal.dumps(b"only bytes"), not_a_document):
        (tmp_path / PARSED_COPY).write_bytes(damaged)
        assert parsed_copy(data, data.read_bytes()) is None, damaged


# --- the bundled figure files' copies (figures.files.read_figures) ---------------------------

FIGURE_FILES = ("outcomes.json", "wages.json", "living.json")


@pytest.fixture
def figures_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The bundled figure files looked for in a folder of the test's own, read afresh."""
    monkeypatch.setattr(files, "bundled_file", lambda name: tmp_path / name)
    files.read_figures.cache_clear()
    yield tmp_path
    files.read_figures.cache_clear()


def test_the_shipped_figure_copies_are_the_files_parsed() -> None:
    """Fails when a figure file changed and scripts/bundled_copy.py was not run."""
    for name in FIGURE_FILES:
        bundled = files.bundled_file(name)
        raw = bundled.read_bytes()
        source, document = marshal.loads(copy_path(bundled).read_bytes())
        assert source == raw, name
        assert document == json.loads(raw), name


def test_figures_are_read_from_their_copy(figures_in: Path) -> None:
    """A copy of the file's exact bytes is what is read: here it holds another document, to tell."""
    raw = b'{"source": {"name": "the file"}}\n'
    (figures_in / "wages.json").write_bytes(raw)
    (figures_in / "wages.marshal").write_bytes(marshal.dumps((raw, {"source": {"name": "the copy"}})))
    before = snapshot(figures_in)
    assert files.read_figures("wages.json") == {"source": {"name": "the copy"}}
    assert snapshot(figures_in) == before


def test_a_figure_copy_of_other_bytes_is_not_used(figures_in: Path) -> None:
    """A figure file regenerated without its copy is parsed as it is, never shadowed by the old copy."""
    (figures_in / "wages.json").write_bytes(b'{"source": {"name": "regenerated"}}\n')
    old = b'{"source": {"name": "old"}}\n'
    (figures_in / "wages.marshal").write_bytes(marshal.dumps((old, {"source": {"name": "old"}})))
    assert files.read_figures("wages.json") == {"source": {"name": "regenerated"}}


def test_a_damaged_figure_file_is_named_whatever_its_copy(figures_in: Path) -> None:
    """A copy made from good bytes does not hide a damaged file: the file's own bytes decide."""
    (figures_in / "outcomes.json").write_bytes(b'{"source": ')
    good = b'{"source": {}}'
    (figures_in / "outcomes.marshal").write_bytes(marshal.dumps((good, {"source": {}})))
    with pytest.raises(MlprogError, match=r"outcomes\.json: the bundled figures are damaged"):
        files.read_figures("outcomes.json")


def test_a_table_of_the_figures_does_not_import_json() -> None:
    """payoff's grid shows all three figure files and writes no JSON: their copies spare it json."""
    from test_startup_structure import loaded, modules_after

    modules = modules_after("payoff", "cmu")
    assert "mlprog.figures.wages" in modules  # the probe really read the figures
    assert not loaded(modules, "json")


def test_a_regenerated_figure_file_in_data_gets_its_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The regeneration scripts' writer refreshes the copy of a file it writes into data/ (here a
    folder standing for it), and writes none beside a file written anywhere else (--output)."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import bundled_copy
    import package_data

    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    data.mkdir()
    elsewhere.mkdir()
    monkeypatch.setattr(bundled_copy, "DATA", data)
    document = {"source": {"name": "BLS"}, "areas": {}}
    package_data.write_json(data / "wages.json", document)
    package_data.write_json(elsewhere / "wages.json", document)
    raw = (data / "wages.json").read_bytes()
    assert marshal.loads((data / "wages.marshal").read_bytes()) == (raw, document)
    assert sorted(path.name for path in elsewhere.iterdir()) == ["wages.json"]
