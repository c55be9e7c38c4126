"""Temporary files a write has under way, removed if Ctrl-C ends the process.

Ctrl-C ends mlprog at once (``os._exit(130)`` in :mod:`mlprog.__main__`): no
``finally`` block runs, so a write that is building a large temporary file (an
import, a data cache) registers it here for as long as it exists, and the
handler removes whatever is registered before the process ends. The handler
finds this module in ``sys.modules`` and never imports it: a run that writes
nothing pays nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

_PENDING: set[str] = set()


@contextlib.contextmanager
def removed_if_interrupted(*paths: str | os.PathLike[str]) -> Iterator[None]:
    """While the block runs, Ctrl-C removes these files (and nothing else) before ending mlprog."""
    names = [os.fspath(path) for path in paths]
    _PENDING.update(names)
    try:
        yield
    finally:
        _PENDING.difference_update(names)


def remove_pending() -> None:
    """Remove every file registered now (called by the Ctrl-C handler); one already gone is fine."""
    for name in list(_PENDING):  # a copy: the handler may run between two changes of the set
        with contextlib.suppress(OSError):
            os.unlink(name)
