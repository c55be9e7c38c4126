"""The shortlist file against a hostile world: nothing lost, nothing followed, no crash."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Invoke

MLPROG = [sys.executable, "-m", "mlprog"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLPROG_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def shortlist_file(home: Path) -> Path:
    return home / "data" / "shortlist.json"


def write(home: Path, content: str | bytes) -> Path:
    path = shortlist_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MLPROG_HOME": str(home)}
    return subprocess.run([*MLPROG, *args], capture_output=True, text=True, env=env, timeout=30, check=False)


def test_deeply_nested_json_is_corrupt_kept_aside_and_clear_still_works(home: Path) -> None:
    path = write(home, "[" * 100_000)
    listed = run(home, "shortlist", "list")
    assert listed.returncode == 1
    assert "not a valid shortlist file (nested too deeply to read)" in listed.stderr
    assert "Traceback" not in listed.stderr
    assert (path.parent / "shortlist.json.corrupt").read_text() == "[" * 100_000
    cleared = run(home, "shortlist", "clear", "--yes")
    assert cleared.returncode == 0, cleared.stderr
    assert json.loads(path.read_text())["programs"] == []


def test_keys_this_version_does_not_know_are_kept(home: Path, invoke: Invoke) -> None:
    path = write(
        home, json.dumps({"version": 1, "programs": ["cmu"], "notes": {}, "deadlines": {"cmu": "x"}})
    )
    assert invoke("shortlist", "add", "uw").exit_code == 0
    assert invoke("note", "uw", "cheap").exit_code == 0
    saved = json.loads(path.read_text())
    assert saved["deadlines"] == {"cmu": "x"}
    assert saved["programs"] == ["cmu", "uw"]
    assert saved["notes"] == {"uw": "cheap"}


def test_a_newer_file_is_shown_but_never_rewritten(home: Path, invoke: Invoke) -> None:
    original = json.dumps({"version": 2, "programs": ["cmu"], "notes": {}, "future": True})
    path = write(home, original)
    assert invoke("shortlist", "list", "--json").exit_code == 0
    for args in (("shortlist", "add", "uw"), ("note", "cmu", "x"), ("shortlist", "clear", "--yes")):
        result = invoke(*args)
        assert result.exit_code == 1, args
        assert "written by a newer mlprog (file version 2" in result.stderr
    assert path.read_text() == original


def test_a_byte_order_mark_is_accepted(home: Path, invoke: Invoke) -> None:
    write(home, b"\xef\xbb\xbf" + json.dumps({"version": 1, "programs": ["uw"], "notes": {}}).encode())
    assert [e["id"] for e in json.loads(invoke("shortlist", "list", "--json").stdout)] == ["uw"]


def test_undecodable_bytes_in_a_note_and_escaped_surrogates_in_the_file(home: Path) -> None:
    env = {**os.environ, "MLPROG_HOME": str(home)}
    saved = subprocess.run(
        [*MLPROG, "note", "cmu", os.fsdecode(b"caf\xe9")],
        env=env,
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert saved.returncode == 0, saved.stderr
    assert json.loads(shortlist_file(home).read_text(encoding="utf-8"))["notes"]["cmu"] == "caf\ufffd"
    write(home, '{"version": 1, "programs": ["cmu"], "notes": {"cmu": "a \\ud800 b"}}')
    assert run(home, "note", "uw", "fine").returncode == 0
    assert json.loads(shortlist_file(home).read_text())["notes"] == {"cmu": "a \ufffd b", "uw": "fine"}


@pytest.mark.parametrize("kind", ["fifo", "directory", "huge"])
def test_a_shortlist_that_is_not_a_plain_file_is_refused_at_once(home: Path, kind: str) -> None:
    path = shortlist_file(home)
    path.parent.mkdir(parents=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        path.write_text("{}")
        os.truncate(path, 32 * 1024 * 1024)
    for args in (("shortlist", "list"), ("shortlist", "add", "cmu"), ("show", "cmu")):
        result = run(home, *args)
        assert result.returncode == 1, (kind, args, result.stderr)
        assert result.stderr.startswith(f"Error: {path}: "), result.stderr
        assert "Traceback" not in result.stderr


def test_the_data_folder_being_a_file_is_an_error_naming_it(home: Path) -> None:
    home.mkdir()
    (home / "data").write_text("not a folder")
    result = run(home, "shortlist", "add", "cmu")
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {shortlist_file(home)}: cannot be written (")
    assert (home / "data").read_text() == "not a folder"


def test_a_full_disk_leaves_the_old_file_whole(
    home: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("shortlist", "add", "cmu").exit_code == 0
    before = shortlist_file(home).read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = invoke("shortlist", "add", "uw")
    assert result.exit_code == 1
    assert "cannot be written (No space left on device" in result.stderr
    assert shortlist_file(home).read_bytes() == before
    assert [p.name for p in shortlist_file(home).parent.iterdir() if p.name.startswith(".")] == []


def test_links_planted_beside_the_file_are_never_followed(home: Path, tmp_path: Path) -> None:
    path = write(home, "not json")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    missing = tmp_path / "must-not-appear"
    (path.parent / "shortlist.json.corrupt").symlink_to(victim)
    listed = run(home, "shortlist", "list")
    assert listed.returncode == 1
    assert victim.read_text() == "precious"  # the copy went elsewhere, not through the link
    assert (path.parent / "shortlist.json.corrupt.1").read_text() == "not json"
    path.write_text('{"version": 1, "programs": [], "notes": {}}')  # readable: the lock is next
    (path.parent / "shortlist.json.lock").symlink_to(missing)
    added = run(home, "shortlist", "add", "cmu")
    assert added.returncode == 1
    assert "cannot be written" in added.stderr
    assert not missing.exists()
    assert path.read_text() == '{"version": 1, "programs": [], "notes": {}}'


def test_a_temporary_file_left_by_a_killed_writer_is_cleaned_up(home: Path, invoke: Invoke) -> None:
    path = write(home, json.dumps({"version": 1, "programs": [], "notes": {}}))
    orphan = path.parent / ".shortlist.json.abc123"
    orphan.write_text("half a file")
    assert invoke("shortlist", "add", "cmu").exit_code == 0
    assert not orphan.exists()
    assert json.loads(path.read_text())["programs"] == ["cmu"]


def test_a_lone_surrogate_in_a_kept_key_survives_a_rewrite(home: Path, invoke: Invoke) -> None:
    """Found by a second review: kept keys are not cleaned, so they are written escaped."""
    path = write(home, '{"version": 1, "programs": ["cmu"], "notes": {}, "extra": "a \\ud800 b"}')
    result = invoke("shortlist", "add", "uw")
    assert result.exit_code == 0, result.stderr
    saved = json.loads(path.read_bytes().decode("utf-8"))  # valid UTF-8
    assert saved["extra"] == "a \ud800 b"  # the same value, exactly
    assert saved["programs"] == ["cmu", "uw"]
