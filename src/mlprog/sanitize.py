"""Make untrusted text safe to write to a terminal.

Data files and command-line arguments may hold control characters and escape
sequences (cursor moves, OSC 8 links, OSC 52 clipboard writes, bidirectional
overrides). Before any of it reaches a terminal, each such character is
replaced by a visible escape such as ``\\x1b``, so the text is shown, never obeyed.
"""

from __future__ import annotations

import re
from functools import cache

# Each pattern is compiled on first use: compiling all three costs about a
# millisecond, and a run needs one (JSON) or two (tables), or none.

# C0 controls, DEL, C1 controls, the Unicode bidi and line-separator controls, and lone
# surrogates (kept exactly in user files' keys; shown escaped, as wide as they are printed).
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_SPACES = "[\t\n]+"
# Characters JSON may carry raw but a terminal may obey: DEL, C1 controls, bidi and separators.
_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """The text with tabs and newlines made spaces and every other control shown escaped."""
    return _compiled(_UNSAFE).sub(_visible, _compiled(_SPACES).sub(" ", text))


def escape_json_controls(encoded: str) -> str:
    """Escape, as ``\\uXXXX``, the characters ``json.dumps`` leaves raw but terminals obey.

    The result decodes to exactly the same data.
    """
    if encoded.isascii() and "\x7f" not in encoded:  # nothing to escape; two scans in C, no regex
        return encoded
    return _compiled(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
