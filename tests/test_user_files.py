"""The user's own files: folders, shortlist and notes, own programs, settings, completion.

The autouse fixture in conftest points HOME and XDG_* at a temporary folder, so
nothing here reads or writes the real home folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from conftest import Invoke, program_entry, run_json, toml_document
from mlprog.files.paths import user_paths

WriteData = Callable[..., Path]
MLPROG = [sys.executable, "-m", "mlprog"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MLPROG_HOME in a temporary folder."""
    root = tmp_path / "mlprog-home"
    monkeypatch.setenv("MLPROG_HOME", str(root))
    return root


def shortlist_file(home: Path) -> Path:
    return home / "data" / "shortlist.json"


# --- folders -------------------------------------------------------------------------


def test_mlprog_home_moves_every_folder(home: Path, invoke: Invoke) -> None:
    report = run_json(invoke, "paths")
    assert report["config_file"]["path"] == str(home / "config" / "config.toml")
    assert report["programs_file"]["path"] == str(home / "config" / "programs.toml")
    assert report["shortlist_file"]["path"] == str(home / "data" / "shortlist.json")
    assert report["cache_dir"]["path"] == str(home / "cache")
    assert report["shortlist_file"]["exists"] is False


def test_xdg_variables_move_the_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "dat"))
    folders = user_paths()
    assert folders.config_file == tmp_path / "cfg" / "mlprog" / "config.toml"
    assert folders.shortlist_file == tmp_path / "dat" / "mlprog" / "shortlist.json"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the direct XDG rules apply on Linux")
@pytest.mark.parametrize("xdg_set", [True, False])
def test_folders_agree_with_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg_set: bool
) -> None:
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        if xdg_set:
            monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
        else:
            monkeypatch.delenv(variable, raising=False)
    dirs = platformdirs.PlatformDirs("mlprog", appauthor=False)
    folders = user_paths()
    assert str(folders.config_dir) == dirs.user_config_dir
    assert str(folders.data_dir) == dirs.user_data_dir
    assert str(folders.cache_dir) == dirs.user_cache_dir


# --- shortlist and notes ------------------------------------------------------------------


def test_shortlist_add_list_remove(home: Path, invoke: Invoke) -> None:
    assert invoke("shortlist", "add", "cmu", "uc irvine", "usc").exit_code == 0
    again = invoke("shortlist", "add", "Carnegie Mellon")
    assert "Already on your shortlist: cmu" in again.stderr
    listed = run_json(invoke, "shortlist", "list")
    assert [item["id"] for item in listed] == ["cmu", "uci", "usc"]
    assert listed[0] == {
        "id": "cmu",
        "in_data": True,
        "rank": 1,
        "name": "Carnegie Mellon University",
        "tuition": 62260,
        "note": None,
    }
    assert invoke("shortlist", "remove", "uci").exit_code == 0
    saved = json.loads(shortlist_file(home).read_text())
    assert saved == {"version": 1, "programs": ["cmu", "usc"], "notes": {}}
    assert list(shortlist_file(home).parent.glob(".shortlist.json.*")) == []  # no temporary left behind


def test_adding_an_unknown_program_changes_nothing(home: Path, invoke: Invoke) -> None:
    invoke("shortlist", "add", "cmu")
    result = invoke("shortlist", "add", "usc", "cmuu")
    assert result.exit_code == 1
    assert "did you mean cmu?" in result.stderr
    assert json.loads(shortlist_file(home).read_text())["programs"] == ["cmu"]


def test_removing_what_is_not_there_is_a_usage_error(home: Path, invoke: Invoke) -> None:
    invoke("shortlist", "add", "cmu")
    result = invoke("shortlist", "remove", "usc")
    assert result.exit_code == 2
    assert "not on your shortlist: usc" in result.stderr


def test_clear_needs_yes_off_a_terminal(home: Path, invoke: Invoke) -> None:
    invoke("shortlist", "add", "cmu", "usc")
    refused = invoke("shortlist", "clear")
    assert refused.exit_code == 2
    assert "needs --yes" in refused.stderr
    assert json.loads(shortlist_file(home).read_text())["programs"] == ["cmu", "usc"]
    assert invoke("shortlist", "clear", "--yes").exit_code == 0
    assert json.loads(shortlist_file(home).read_text())["programs"] == []


def _answer_at_a_terminal(home: Path, typed: bytes) -> subprocess.CompletedProcess[bytes]:
    """`shortlist clear` with stdin on a pseudo-terminal, answered with what is typed there."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "mlprog", "shortlist", "clear"],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    os.close(follower)
    os.write(leader, typed)
    stdout, stderr = process.communicate(timeout=60)
    os.close(leader)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.mark.parametrize(
    ("typed", "cleared"),
    [(b"y\n", True), (b"YES\n", True), (b"n\n", False), (b"\n", False), (b"\x04", False)],
)
def test_clear_asks_at_a_terminal(home: Path, invoke: Invoke, typed: bytes, cleared: bool) -> None:
    """Only yes clears; no, Enter or Ctrl-D (no answer) keep the list, said in words, not "Aborted."."""
    invoke("shortlist", "add", "cmu", "usc")
    asked = _answer_at_a_terminal(home, typed)
    stderr = asked.stderr.decode()
    assert stderr.startswith("Empty your shortlist and drop your notes (")
    assert asked.stdout == b""  # the question is on stderr
    assert "Aborted" not in stderr
    left = json.loads(shortlist_file(home).read_text())["programs"]
    if cleared:
        assert (asked.returncode, left) == (0, []), stderr
        assert stderr.endswith("Shortlist cleared.\n")
    else:
        assert (asked.returncode, left) == (1, ["cmu", "usc"]), stderr
        assert stderr.endswith("[y/N]: \nKept as it is.\n") or stderr.endswith("[y/N]: Kept as it is.\n")


def test_notes_show_in_show_and_the_shortlist(home: Path, invoke: Invoke) -> None:
    assert invoke("note", "cmu", "Visit in March; ask about the practicum").exit_code == 0
    assert run_json(invoke, "show", "cmu")["note"] == "Visit in March; ask about the practicum"
    card = invoke("show", "cmu")
    assert "Your note" in card.stdout
    assert "Visit in March" in card.stdout
    assert invoke("note", "carnegie mellon").stdout == "Visit in March; ask about the practicum\n"
    invoke("shortlist", "add", "cmu")
    assert run_json(invoke, "shortlist", "list")[0]["note"] == "Visit in March; ask about the practicum"
    assert invoke("note", "cmu", "--delete").exit_code == 0
    assert "note" not in run_json(invoke, "show", "cmu")


def test_rank_filter_and_compare_on_the_shortlist(home: Path, invoke: Invoke) -> None:
    empty = invoke("rank", "--shortlist")
    assert empty.exit_code == 1
    assert "shortlist is empty" in empty.stderr
    invoke("shortlist", "add", "uw", "cmu", "uci")
    assert [p["id"] for p in run_json(invoke, "rank", "--shortlist")] == ["cmu", "uw", "uci"]
    assert [p["id"] for p in run_json(invoke, "filter", "--shortlist", "--type", "public")] == ["uw", "uci"]
    report = run_json(invoke, "compare", "--shortlist")
    assert [p["id"] for p in report["programs"]] == ["uw", "cmu", "uci"]
    plus = run_json(invoke, "compare", "--shortlist", "usc")
    assert [p["id"] for p in plus["programs"]] == ["uw", "cmu", "uci", "usc"]


def test_a_program_gone_from_the_data_stays_and_is_reported(home: Path, invoke: Invoke) -> None:
    path = shortlist_file(home)
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps({"version": 1, "programs": ["cmu", "closed-u"], "notes": {"closed-u": "gone?"}})
    )
    result = invoke("shortlist", "list", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert listed[1] == {
        "id": "closed-u",
        "in_data": False,
        "rank": None,
        "name": None,
        "tuition": None,
        "note": "gone?",
    }
    assert "no longer in the data, kept on your shortlist: closed-u" in result.stderr
    assert "no longer in the data" in invoke("shortlist", "list").stdout
    ranked = invoke("rank", "--shortlist", "--json")
    assert [p["id"] for p in json.loads(ranked.stdout)] == ["cmu"]
    assert "closed-u" in ranked.stderr
    invoke("shortlist", "add", "usc")
    assert json.loads(path.read_text())["programs"] == ["cmu", "closed-u", "usc"]
    assert invoke("shortlist", "remove", "closed-u").exit_code == 0


@pytest.mark.parametrize("garbage", [b"{not json", b'{"programs": "cmu"}', b"\xff\xfe\x00", b"[]"])
def test_a_corrupt_shortlist_is_reported_and_kept(home: Path, invoke: Invoke, garbage: bytes) -> None:
    path = shortlist_file(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(garbage)
    for args in (
        ["shortlist", "list"],
        ["shortlist", "add", "cmu"],
        ["note", "cmu", "x"],
        ["rank", "--shortlist"],
    ):
        result = invoke(*args)
        assert result.exit_code == 1, args
        assert str(path) in result.stderr
        assert "Traceback" not in result.stderr
        assert path.read_bytes() == garbage  # never overwritten silently
    copies = list(path.parent.glob("shortlist.json.corrupt*"))
    assert [c.read_bytes() for c in copies] == [garbage]  # one copy aside, however often it is read
    assert invoke("shortlist", "clear", "--yes").exit_code == 0
    assert json.loads(path.read_text())["programs"] == []
    assert copies[0].read_bytes() == garbage


@pytest.mark.slow
def test_many_processes_adding_at_once_all_succeed(home: Path, write_data: WriteData) -> None:
    data = write_data([program_entry(n) for n in range(1, 13)])
    env = {**os.environ, "MLPROG_HOME": str(home), "MLPROG_DATA": str(data)}
    processes = [
        subprocess.Popen(
            [*MLPROG, "shortlist", "add", f"prog{n}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for n in range(1, 13)
    ]
    said = [
        (n, *process.communicate(timeout=60), process.returncode) for n, process in enumerate(processes, 1)
    ]
    failed = [f"prog{n}: exit {code}, stdout {out!r}, stderr {err!r}" for n, out, err, code in said if code]
    assert not failed, "\n".join(failed)
    saved = json.loads(shortlist_file(home).read_text())
    assert sorted(saved["programs"]) == sorted(f"prog{n}" for n in range(1, 13))


def test_a_folder_another_process_makes_while_this_one_looks_is_a_folder(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first changes of two processes at once: the data folder is missing when one looks, and
    made by the other a moment later. Whatever this process looks at next, it is a folder, not
    "a file where a folder must be" (what one of twelve `shortlist add`s at once once said)."""
    from mlprog.user import shortlist

    path = shortlist_file(home)
    real_stat = os.stat
    made: list[Path] = []

    def stat_then_made_elsewhere(target: object, *args: object, **kwargs: object) -> os.stat_result:
        try:
            return real_stat(target, *args, **kwargs)  # type: ignore[arg-type]
        except FileNotFoundError:
            if Path(str(target)) == path.parent and not made:
                path.parent.mkdir(parents=True)  # the other process's mkdir lands just after this look
                made.append(path.parent)
            raise

    monkeypatch.setattr(os, "stat", stat_then_made_elsewhere)
    _, new = shortlist.add(path, ["cmu"])
    monkeypatch.undo()
    assert made  # the folder really appeared between two looks
    assert new == ["cmu"]
    assert json.loads(path.read_text())["programs"] == ["cmu"]


# --- the user's own programs -----------------------------------------------------------------


def write_user_programs(home: Path, text: str) -> Path:
    path = home / "config" / "programs.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_user_programs_are_added_and_override_by_id(home: Path, invoke: Invoke) -> None:
    new = program_entry(26, id="newu", name="New University", tuition=1000)
    write_user_programs(home, toml_document([new, {"id": "cmu", "tuition": 60000}]))
    programs = {p["id"]: p for p in run_json(invoke, "rank")}
    assert len(programs) == 26
    assert programs["newu"]["source"] == "user"
    assert programs["cmu"]["tuition"] == 60000
    assert programs["cmu"]["source"] == "user_override"
    assert programs["cmu"]["name"] == "Carnegie Mellon University"  # fields not given are kept
    assert programs["usc"]["source"] == "bundled"
    card = " ".join(invoke("show", "cmu").stdout.replace("│", " ").split())  # the card's words, unwrapped
    assert "changed by your programs file" in card or "replaced by your programs file" in card


def test_data_option_replaces_everything_including_the_user_file(
    home: Path, invoke: Invoke, write_data: WriteData
) -> None:
    write_user_programs(home, toml_document([program_entry(26, id="newu")]))
    path = write_data([program_entry(1), program_entry(2)])
    programs = run_json(invoke, "rank", "--data", str(path))
    assert [p["id"] for p in programs] == ["prog1", "prog2"]
    assert {p["source"] for p in programs} == {"file"}


def test_validate_checks_the_user_file_with_the_same_messages(home: Path, invoke: Invoke) -> None:
    user_file = write_user_programs(
        home,
        toml_document([{"id": "cmu", "graduation_rate": 101}, {"id": "newu", "name": "Half a Program"}]),
    )
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stdout.endswith("programs.toml: ok\n")  # the bundled data
    assert f"{user_file}: 7 problems" in result.stderr  # 1 for cmu; newu lacks 6 required fields
    assert (
        "program 'cmu': field 'graduation_rate' must be a whole percent from 0 to 100, got 101"
        in result.stderr
    )
    assert "program 'newu': missing required field 'city'" in result.stderr
    ranked = invoke("rank")
    assert ranked.exit_code == 1
    assert str(user_file) in ranked.stderr


def test_a_user_alias_that_collides_names_the_user_file(home: Path, invoke: Invoke) -> None:
    user_file = write_user_programs(
        home, toml_document([program_entry(26, id="newu", aliases=["carnegie mellon"])])
    )
    result = invoke("rank")
    assert result.exit_code == 1
    assert str(user_file) in result.stderr
    assert "alias 'carnegie mellon' collides with program 'cmu'" in result.stderr


# --- settings -------------------------------------------------------------------------------


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_precedence_flag_over_environment_over_file_over_default(home: Path, invoke: Invoke) -> None:
    assert invoke("show", "cmu").stdout.startswith("╭")  # default: a card
    write_config(home, 'format = "json"\n')
    assert json.loads(invoke("show", "cmu").stdout)["id"] == "cmu"  # the file
    csv_out = invoke("show", "cmu", env={"MLPROG_FORMAT": "csv"}).stdout
    assert csv_out.startswith("id,rank,name")  # the environment over the file
    table = invoke("show", "cmu", "--format", "table", env={"MLPROG_FORMAT": "csv"}).stdout
    assert table.startswith("╭")  # the flag over both


def test_config_show_says_where_each_setting_comes_from(home: Path, invoke: Invoke) -> None:
    write_config(home, 'format = "csv"\nstates = ["ca", "Washington"]\n')
    report = json.loads(invoke("config", "show", "--json", env={"MLPROG_COLOR": "0"}).stdout)
    assert report["settings"]["format"] == {"value": "csv", "source": "config file"}
    assert report["settings"]["states"] == {"value": ["CA", "WA"], "source": "config file"}
    assert report["settings"]["color"] == {"value": False, "source": "MLPROG_COLOR"}
    assert report["settings"]["profile"] == {"value": None, "source": "default"}
    text = invoke("config", "show", env={"MLPROG_COLOR": "0"}).stdout
    # values as the settings file would hold them
    assert 'format   "csv"  (config file)' in text
    assert 'states   ["CA", "WA"]  (config file)' in text
    assert "color    false  (MLPROG_COLOR)" in text


def test_default_states_and_profile_apply_until_overridden(home: Path, invoke: Invoke) -> None:
    write_config(home, 'states = ["WA", "CA"]\nprofile = "value"\n')
    programs = run_json(invoke, "rank")
    assert {p["state"] for p in programs} == {"WA", "CA"}
    assert all(p["type"] == "public" and "personal" in p for p in programs)
    assert len(run_json(invoke, "rank", "--state", "all", "--profile", "none")) == 25
    assert {p["state"] for p in run_json(invoke, "rank", "--state", "NY", "--profile", "none")} == {"NY"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('format = "yaml"\n', "key 'format': must be one of table, json"),
        ("colour = true\n", "key 'colour': is not a setting"),
        ('states = ["ZZ"]\n', "key 'states': has 'ZZ', which is not a US state"),
        ("weights = { colour = 1 }\n", "key 'weights': unknown field 'colour'"),
        ("format = \n", "invalid TOML"),
    ],
)
def test_a_bad_settings_file_names_the_file_and_the_key(
    home: Path, invoke: Invoke, text: str, key: str
) -> None:
    path = write_config(home, text)
    result = invoke("rank", "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}")
    assert key in result.stderr


def test_a_bad_environment_setting_names_the_variable(home: Path, invoke: Invoke) -> None:
    result = invoke("rank", env={"MLPROG_FORMAT": "xml"})
    assert result.exit_code == 1
    assert "MLPROG_FORMAT" in result.stderr


# --- completion -------------------------------------------------------------------------------


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash completion offers for the command line typed so far (ending in the word completed)."""
    parts = words.split(" ")
    script = Path(sys.executable).parent / "mlprog"  # the console script: completion keys on its name
    result = subprocess.run(
        [str(script)],
        env={
            **os.environ,
            **(env or {}),
            "_MLPROG_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_completion_offers_subcommands() -> None:
    assert set(complete("mlprog r")) == {"rank"}
    assert {"shortlist", "show"} <= set(complete("mlprog sh"))


def test_completion_offers_program_ids_and_aliases() -> None:
    offered = complete("mlprog show c")
    assert {"cmu", "clark", "cuse"} <= set(offered)
    assert "usc" not in offered
    assert {"uw", "udub", "uci", "upenn"} <= set(complete("mlprog compare cmu u"))


def test_completion_offers_fields_states_formats_and_profiles() -> None:
    assert complete("mlprog rank --fields id,tu") == ["id,tuition"]
    assert set(complete("mlprog rank --state C")) == {"CA", "CO", "CT"}
    assert set(complete("mlprog rank --format n")) == {"ndjson"}
    assert complete("mlprog rank --profile va") == ["value"]
    assert complete("mlprog cost cmu --employer go") == ["google"]


def test_completion_sees_the_users_own_programs(home: Path) -> None:
    write_user_programs(home, toml_document([program_entry(26, id="zeta-u")]))
    assert complete("mlprog show ze", env={"MLPROG_HOME": str(home)}) == ["zeta-u"]


def test_show_completion_prints_a_script() -> None:
    """The script for the shell named. Left to itself, Typer guesses the shell from this process's
    ancestors (shellingham): under `sh -c` it finds sh, which it does not support, so the test
    turns the guess off, as Typer's own tests do, and names the shell."""
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    for shell in ("bash", "zsh", "fish"):
        result = subprocess.run(
            [*MLPROG, "--show-completion", shell], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == 0, shell
        assert f"_MLPROG_COMPLETE=complete_{shell}" in result.stdout, shell
