"""The bundled data's parsed copy (files.reading.parsed_copy): used only when it is the file's."""

from __future__ import annotations

import marshal
from pathlib import Path

import tomli

from conftest import snapshot
from mlprog.files.reading import PARSED_COPY, bundled_data_path, parsed_copy, read_data_document


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
