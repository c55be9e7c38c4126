"""In CI, a missing source page fails the run instead of skipping the data-fidelity tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _run_copied_suite(tmp_path: Path, ci: str) -> subprocess.CompletedProcess[str]:
    """Run a one-test suite with this conftest, two levels down where no shared/seed is beside it."""
    copied = tmp_path / "checkout" / "tests"
    copied.mkdir(parents=True)
    for name in ("conftest.py", "source_page.py"):
        shutil.copy(TESTS / name, copied / name)
    (copied / "test_one.py").write_text("def test_one() -> None:\n    assert True\n", encoding="utf-8")
    env = {**os.environ, "CI": ci}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(copied)],
        cwd=copied,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_ci_fails_when_the_source_page_is_missing(tmp_path: Path) -> None:
    result = _run_copied_suite(tmp_path, "true")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the source page is missing" in result.stdout + result.stderr


def test_outside_ci_a_missing_page_does_not_stop_the_run(tmp_path: Path) -> None:
    result = _run_copied_suite(tmp_path, "")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
