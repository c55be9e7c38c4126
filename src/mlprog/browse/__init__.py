"""`mlprog browse`: the ranking in a full-screen, keyboard-driven view (Textual).

- :mod:`.view`: what the table shows (order, search, marks), plain Python, no Textual.
- :mod:`.app`: the Textual app: the table, the card pane, the keys.
- :mod:`.screens`: the help, card and comparison screens.

Only the ``browse`` command imports :mod:`.app` and :mod:`.screens`, inside the
command, so that no other command pays for importing Textual.
"""

import os
import sys

NEEDS_TERMINAL = "browse needs a terminal; use 'mlprog rank' or 'mlprog show PROGRAM' instead"


def has_terminal() -> bool:
    """Whether a full-screen view can run: stdin, stdout and stderr are a terminal, not a dumb one.

    Textual reads keys from stdin and draws on stderr; stdout piped means the
    user wants output to keep, which a full-screen view does not give.
    """
    if os.environ.get("TERM", "").strip().lower() == "dumb":
        return False
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr))
