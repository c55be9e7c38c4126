"""The bundled data loads in all three ways people run mlprog: wheel, editable, checkout.

The wheel is built from the sdist, as ``python -m build`` does, so this also
proves the sdist holds what the wheel needs. (CI additionally installs the
wheel into a fresh virtual environment and runs the real command.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "programs.toml"

_PROBE = (
    "import json, mlprog, mlprog.dataset.load as load, mlprog.files.reading as reading; "
    "d = load.load_dataset(); "
    "print(json.dumps({'module': mlprog.__file__, 'data': str(reading.bundled_data_path()), "
    "'count': len(d.programs)}))"
)


def _probe(python_path: Path, cwd: Path) -> dict[str, object]:
    """Import mlprog with python_path first on sys.path, from cwd, and report what it loaded."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=cwd,
        env={"PYTHONPATH": str(python_path), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist and a wheel built from it, without network access."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.slow
def test_sdist_holds_what_the_wheel_needs(dist: Path) -> None:
    [sdist] = dist.glob("mlprog-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "data/programs.toml", "src/mlprog/cli.py"} <= names


def test_wheel_carries_the_data_file_inside_the_package(dist: Path) -> None:
    [wheel] = dist.glob("mlprog-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("mlprog/data/programs.toml") == DATA.read_bytes()
        # and its parsed copy, which spares each run tomli (see files.reading.parsed_copy)
        assert archive.read("mlprog/data/programs.marshal") == DATA.with_name("programs.marshal").read_bytes()
        entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
        assert "mlprog = mlprog.__main__:main" in archive.read(entry_points).decode()


def test_wheel_carries_the_bundled_figures_inside_the_package(dist: Path) -> None:
    [wheel] = dist.glob("mlprog-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        # each with its parsed copy, which spares a run parsing it (see figures.files.read_figures)
        names = [f"{stem}.{kind}" for stem in ("outcomes", "wages", "living") for kind in ("json", "marshal")]
        for name in names:
            assert archive.read(f"mlprog/data/{name}") == (ROOT / "data" / name).read_bytes()
        added = sum(archive.getinfo(f"mlprog/data/{n}").compress_size for n in names)
    assert added < 1 << 20  # the budget: at most 1 MB added to the wheel


def test_installed_wheel_reads_its_own_bundled_figures(dist: Path, tmp_path: Path) -> None:
    [wheel] = dist.glob("mlprog-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = (
        "import json; from mlprog.figures import files, outcomes, wages, living; "
        "from mlprog.files.reading import parsed_copy; "
        "copied = [parsed_copy(p, p.read_bytes()) is not None for p in "
        "map(files.bundled_file, ('outcomes.json', 'wages.json', 'living.json'))]; "
        "print(json.dumps([str(files.bundled_file('wages.json')), "
        "outcomes.bundled_outcomes('Carnegie Mellon University').main.cip, "
        "wages.area_of('Pittsburgh', 'PA').name, living.living_cost('Pittsburgh', 'PA').usd_per_month, "
        "copied]))"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(elsewhere)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    path, cip, area, rent, copied = json.loads(result.stdout)
    assert path == str(site / "mlprog" / "data" / "wages.json")
    assert (cip, area) == ("1101", "Pittsburgh, PA")
    assert rent > 0
    assert copied == [True, True, True]  # each read from its parsed copy, installed beside it


def test_installed_wheel_loads_its_own_data_from_anywhere(dist: Path, tmp_path: Path) -> None:
    [wheel] = dist.glob("mlprog-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = _probe(site, elsewhere)
    assert Path(str(report["module"])).is_relative_to(site)
    assert report["data"] == str(site / "mlprog" / "data" / "programs.toml")
    assert report["count"] == 25


def test_checkout_and_editable_install_use_the_top_level_data_file(tmp_path: Path) -> None:
    # An editable install puts src/ on sys.path, exactly as this does.
    report = _probe(ROOT / "src", tmp_path)
    assert Path(str(report["module"])).is_relative_to(ROOT / "src")
    assert report["data"] == str(DATA)
    assert report["count"] == 25


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlprog", "show", "cmu", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "cmu"
