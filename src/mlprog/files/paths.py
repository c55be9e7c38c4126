"""Where the user's own files live: settings, programs, the shortlist, applications.

``MLPROG_HOME`` moves all of them (``$MLPROG_HOME/config``, ``/data`` and
``/cache``). A leading ``~`` or ``~user`` in it is expanded; one that names no
user is an error rather than a folder literally named ``~user`` in whatever
folder the command runs in. A relative value is taken from the current folder
and made absolute, so that messages name the full path. Otherwise the folders
are the ones platformdirs gives for ``mlprog``, which honours the ``XDG_*``
variables on Linux and other Unixes.

On Linux the same XDG rules are applied here directly, because importing
platformdirs costs more (about 3 ms) than the rest of a JSON command's own
work, and every command looks for the settings file; a test checks that the
two agree.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from ..errors import MlprogError
from ..records import NamedTuple

HOME_ENV = "MLPROG_HOME"
APP = "mlprog"


class UserPaths(NamedTuple):
    """The user's folders and the files mlprog keeps in them."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        """Settings: ``config.toml`` in the config folder."""
        return self.config_dir / "config.toml"

    @property
    def programs_file(self) -> Path:
        """The user's own programs, merged with the bundled data."""
        return self.config_dir / "programs.toml"

    @property
    def shortlist_file(self) -> Path:
        """The shortlist and notes."""
        return self.data_dir / "shortlist.json"

    @property
    def applications_file(self) -> Path:
        """Applications: deadlines, status, fees, letters and tests (`mlprog apply`)."""
        return self.data_dir / "applications.json"

    @property
    def scorecard_file(self) -> Path:
        """College Scorecard figures imported with `mlprog import scorecard`."""
        return self.data_dir / "scorecard.sqlite"


def is_there(path: Path) -> bool:
    """Whether one of the user's files or folders exists; an error naming it when the system
    cannot even look (a name longer than the file system allows, a folder that may not be
    searched), where ``Path.exists`` would raise a bare OSError.
    """
    there, problem = look(path)
    if problem is not None:
        raise MlprogError(f"{path}: {problem}")
    return there


def look(path: Path) -> tuple[bool, str | None]:
    """Whether the path exists, and why the system cannot tell (None when it can).

    A path through a file where a folder should be is simply not there, as ``Path.exists`` says.
    """
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False, None
    except OSError as exc:
        return False, os_reason(exc, users=True)
    return True, None


def os_reason(exc: OSError, *, users: bool = False) -> str:
    """Why the system refused a file, in mlprog's words; for one of the user's files
    (``users``), with what to do where there is something to do."""
    if exc.errno == errno.ENAMETOOLONG:
        hint = (
            f"; set {HOME_ENV} to a shorter folder" if users and os.environ.get(HOME_ENV, "").strip() else ""
        )
        return f"file name too long for the file system{hint}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: a folder in the path cannot be searched, or the file read"
    return (exc.strerror or str(exc)).lower()


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "").strip()
    base = Path(value) if value else _home() / fallback
    return base / APP


def _home() -> Path:
    """The user's home folder; an error that says what to set when there is none to find."""
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):  # no HOME and no entry in the password database
        raise MlprogError(
            f"cannot find your home folder (HOME is not set, and the system does not know one); "
            f"set HOME, or {HOME_ENV} to the folder where mlprog should keep your files"
        ) from None


def _mlprog_home(value: str) -> Path:
    """The folder MLPROG_HOME names: ``~`` expanded, made absolute."""
    try:
        root = Path(value).expanduser()
    except (RuntimeError, KeyError, OSError):  # "~nosuchuser", or "~" with no home to find
        user = value[1:].split("/", 1)[0].split(os.sep, 1)[0]
        whose = f"no user named {user!r} is known" if user else "your home folder cannot be found"
        raise MlprogError(
            f"{HOME_ENV}={value!r}: {whose}, so the folder cannot be found; "
            f"set {HOME_ENV} to a folder path, such as {HOME_ENV}=$HOME/mlprog"
        ) from None
    return Path(os.path.abspath(root))


def user_paths() -> UserPaths:
    """The folders in force now, from MLPROG_HOME, XDG variables or the platform's defaults."""
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        root = _mlprog_home(home)
        return UserPaths(root / "config", root / "data", root / "cache")
    if sys.platform.startswith("linux"):
        return UserPaths(
            _xdg("XDG_CONFIG_HOME", ".config"),
            _xdg("XDG_DATA_HOME", ".local/share"),
            _xdg("XDG_CACHE_HOME", ".cache"),
        )
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP, appauthor=False)
    return UserPaths(Path(dirs.user_config_dir), Path(dirs.user_data_dir), Path(dirs.user_cache_dir))
