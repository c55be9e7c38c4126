"""The user's settings: defaults for output, filters and ranking.

Precedence, highest first: a command-line flag, an ``MLPROG_*`` environment
variable, the settings file (``config.toml`` in the config folder), the
built-in default. :func:`load_settings` resolves the last three; commands let
their flags win.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dataset.states import state_code
from ..errors import DataError, Problem, UsageError
from ..formats import OutputFormat
from ..model import NamedTuple

if TYPE_CHECKING:
    from ..model import Dataset
    from ..weights import Weights

FORMATS = tuple(f.value for f in OutputFormat)


class Setting(NamedTuple):
    """One setting's value and where it came from."""

    value: Any
    source: str  # "default", "config file", or the environment variable's name


class Settings(NamedTuple):
    """Every setting in force, each with its source."""

    format: Setting = Setting("table", "default")
    color: Setting = Setting(True, "default")
    states: Setting = Setting((), "default")
    profile: Setting = Setting(None, "default")
    weights: Setting = Setting((), "default")
    #: What living where a program is costs you, in US dollars a month (`--living`); None: not given.
    living: Setting = Setting(None, "default")
    #: The pager for long output on a terminal: a command, False for none, None for $PAGER or less.
    pager: Setting = Setting(None, "default")

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """JSON-ready: each setting's value and source."""
        return {
            name: {"value": list(s.value) if isinstance(s.value, tuple) else s.value, "source": s.source}
            for name, s in self._asdict().items()
        }


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on", "always"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "off", "never"):
        return False
    return None


def _parse(name: str, value: Any) -> tuple[Any, str | None]:
    """A setting's value from the file or the environment, or why it is not valid."""
    if name == "format":
        if isinstance(value, str) and value.strip().lower() in FORMATS:
            return value.strip().lower(), None
        return None, f"must be one of {', '.join(FORMATS)}, got {value!r}"
    if name == "color":
        flag = _bool(value)
        return (flag, None) if flag is not None else (None, f"must be true or false, got {value!r}")
    if name == "states":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            return None, f'must be a list of state codes such as ["CA", "WA"], got {value!r}'
        codes = []
        for item in (i for i in items if i.strip()):
            code = state_code(item)
            if code is None:
                return None, f"has {item!r}, which is not a US state or territory"
            codes.append(code)
        return tuple(codes), None
    if name == "profile":
        if isinstance(value, str) and value.strip():
            return value.strip().lower(), None
        return None, f"must be a profile's id, got {value!r}"
    if name == "weights":
        from ..weights import parse_weights

        if isinstance(value, str):
            items = [part for part in value.split(",") if part.strip()]
        elif isinstance(value, dict):
            items = [f"{field}={weight}" for field, weight in value.items()]
        else:
            return None, f"must be a table such as {{ score = 2, tuition = -1 }}, got {value!r}"
        try:
            return parse_weights(items), None
        except UsageError as exc:  # in a file, a bad weight is a problem with the file
            return None, str(exc).removeprefix("--weight").lstrip(": ")
    if name == "living":
        return _monthly_dollars(value)
    if name == "pager":
        flag = _bool(value)
        if flag is not None:  # true: the usual pager ($PAGER, else less); false: never page
            return (None if flag else False), None
        if isinstance(value, str) and value.strip():
            return value.strip(), None
        return None, f'must be a command such as "less -R", or false for no pager, got {value!r}'
    return None, "is not a setting"


def _monthly_dollars(value: Any) -> tuple[int | None, str | None]:
    """A monthly sum of whole US dollars: 1800 in the file; 1800, 1,800, $1,800 or 1.8k as text."""
    from ..dataset.validators import MONEY_CEILING

    amount: float | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        amount = value
    elif isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("_", "").removeprefix("$").strip().lower()
        factor = 1_000 if cleaned.endswith("k") else 1
        try:
            amount = float(cleaned.removesuffix("k")) * factor if len(cleaned) <= 20 else None
        except ValueError:
            amount = None
    if amount is None or not 0 <= amount <= MONEY_CEILING:  # NaN fails the comparison too
        return (
            None,
            f"must be whole US dollars a month from 0 to {MONEY_CEILING:,}, such as 1800, got {value!r}",
        )
    return round(amount), None


def load_settings(config_file: Path | None = None) -> Settings:
    """The settings from the environment and the settings file, over the defaults.

    A bad settings file, or a bad ``MLPROG_*`` value, is a DataError naming the
    file (or variable) and the key.
    """
    if config_file is None:
        from ..files.paths import user_paths

        config_file = user_paths().config_file
    values, problems = _file_settings(config_file)
    if problems:
        raise DataError(str(config_file), problems)
    for name in values:
        variable = f"MLPROG_{name.upper()}"
        raw = os.environ.get(variable, "")
        if raw.strip():
            value, error = _parse(name, raw)
            if error:
                raise DataError(variable, [Problem("", error)])
            values[name] = Setting(value, variable)
    return Settings(**values)


def ranking_problems(settings: Settings, dataset: Dataset) -> dict[str, str]:
    """What is wrong with the profile and weights the settings rank by, for this data: a
    profile it does not have, weights that come to all zero. Setting name -> what is wrong.

    Which profiles there are depends on the data in use (a programs file may add some), so a
    profile is checked here, once the data is loaded, not when the settings are read.
    """
    name = settings.profile.value
    if name in (None, "none") and not settings.weights.value:
        return {}  # nothing to check, and ranking's module stays unloaded (start-up time)
    from ..weights import combine_weights, find_profile

    problems: dict[str, str] = {}
    chosen = None
    if name is not None and name != "none":
        try:
            chosen = find_profile(dataset, name)
        except UsageError as exc:
            problems["profile"] = str(exc)
    try:
        combine_weights(chosen.weights if chosen else (), settings.weights.value)
    except UsageError:
        under = f", with the weights of profile {chosen.id!r} under them" if chosen else ""
        problems["weights"] = f"all weights are zero{under}; give at least one a non-zero weight"
    return problems


def ranking_settings(
    settings: Settings, dataset: Dataset, config_file: Path | None = None
) -> tuple[str | None, Weights]:
    """The profile (None for none) and weights the settings rank by, checked against the data.

    A problem is the settings' own, not the command line's: a DataError (exit 1) naming the
    settings file and the key, or the ``MLPROG_*`` variable, that holds it.
    """
    problems = ranking_problems(settings, dataset)
    if problems:
        name, message = next(iter(problems.items()))
        source = getattr(settings, name).source
        if source != "config file":  # an environment variable
            raise DataError(source, [Problem("", message)])
        if config_file is None:
            from ..files.paths import user_paths

            config_file = user_paths().config_file
        from ..files.locate import with_lines

        raise DataError(
            str(config_file), with_lines(config_file, [Problem(f"key {name!r}", message, ("", 0, name))])
        )
    profile = settings.profile.value
    return (None if profile == "none" else profile), settings.weights.value


def _file_settings(config_file: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The defaults with the settings file's values over them, and what is wrong in the file."""
    values = Settings()._asdict()
    problems: list[Problem] = []
    document = _read_config(config_file)
    for key in sorted(set(document) - set(values)):
        message = f"is not a setting; settings: {', '.join(values)}"
        problems.append(Problem(f"key {key!r}", message, ("", 0, key)))
    for name in values:
        if name in document:
            value, error = _parse(name, document[name])
            if error:
                problems.append(Problem(f"key {name!r}", error, ("", 0, name)))
            else:
                values[name] = Setting(value, "config file")
    return values, problems


def check_settings_file(config_file: Path) -> list[Problem]:
    """Every problem in a settings file (none if it is clean), each on its line where known."""
    from ..files.reading import Unreadable

    try:
        problems = _file_settings(config_file)[1]
    except Unreadable as exc:
        return [Problem("", exc.reason)]
    except DataError as exc:
        return list(exc.problems)
    from ..files.locate import with_lines

    return with_lines(config_file, problems)


def _read_config(path: Path) -> dict[str, Any]:
    """The settings file's content; nothing if there is none. Read as carefully as a data file."""
    from ..files.paths import is_there

    if not is_there(path):
        return {}
    from ..files.reading import read_toml

    return read_toml(path, allow_empty=True)
