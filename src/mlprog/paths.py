"""Where the user's own files live: settings, programs, the shortlist.

``MLPROG_HOME`` moves all of them (``$MLPROG_HOME/config``, ``/data`` and
``/cache``). Otherwise the folders are the ones platformdirs gives for
``mlprog``, which honours the ``XDG_*`` variables on Linux and other Unixes.

On Linux the same XDG rules are applied here directly, because importing
platformdirs costs more (about 3 ms) than the rest of a JSON command's own
work, and every command looks for the settings file; a test checks that the
two agree.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from .errors import MlprogError

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


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "").strip()
    base = Path(value) if value else Path.home() / fallback
    return base / APP


def user_paths() -> UserPaths:
    """The folders in force now, from MLPROG_HOME, XDG variables or the platform's defaults."""
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        try:
            root = Path(home).expanduser()
        except RuntimeError:  # "~someone" for a user this machine does not know
            raise MlprogError(
                f"{HOME_ENV}={home!r}: no such user's home folder; set it to a folder's path"
            ) from None
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
