"""Where the user's files live when MLPROG_HOME or the home folder is odd: a clear error, never a guess.

The autouse fixture in conftest points HOME and XDG_* at a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Invoke
from mlprog.errors import MlprogError
from mlprog.files.paths import user_paths

MLPROG = [sys.executable, "-m", "mlprog"]


def test_mlprog_home_with_an_unknown_user(monkeypatch: pytest.MonkeyPatch, invoke: Invoke) -> None:
    monkeypatch.setenv("MLPROG_HOME", "~nosuchuser")
    with pytest.raises(MlprogError, match="no user named 'nosuchuser'"):
        user_paths()
    for args in (["shortlist", "list"], ["shortlist", "add", "cmu"], ["paths"], ["note", "cmu", "x"]):
        result = invoke(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("Error: MLPROG_HOME='~nosuchuser': no user named 'nosuchuser'")
    assert not Path("~nosuchuser").exists()  # no folder by that name appeared here


def test_mlprog_home_with_an_unknown_user_in_the_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "MLPROG_HOME": "~nosuchuser/mlprog"}
    result = subprocess.run(
        [*MLPROG, "shortlist", "add", "cmu"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: MLPROG_HOME='~nosuchuser/mlprog'")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_mlprog_home_expands_the_tilde_and_a_relative_value_becomes_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLPROG_HOME", "~/mine")
    assert user_paths().data_dir == tmp_path / "home" / "mine" / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLPROG_HOME", "relative")
    assert user_paths().shortlist_file == tmp_path / "relative" / "data" / "shortlist.json"


def test_no_home_folder_to_find(monkeypatch: pytest.MonkeyPatch) -> None:
    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", nowhere)
    monkeypatch.delenv("XDG_DATA_HOME")
    with pytest.raises(MlprogError, match=r"cannot find your home folder.*MLPROG_HOME"):
        user_paths()
