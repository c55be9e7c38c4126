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

# Unicode's format characters (category Cf, as of Unicode 15.1) but two: invisible, or
# reordering what follows (the bidi embeddings, overrides and isolates), they let a name look
# like another or hide text. The soft hyphen is among them: a one-line cell never hyphenates,
# and terminals disagree on its width (a hyphen, or nothing), which misaligns a table.
# Kept as they are: the zero-width non-joiner (U+200C) and joiner (U+200D), which some
# languages need to be spelled right (Persian, Hindi) and which join emoji sequences;
# neither moves nor hides text. The tag characters (U+E0020-E007F), whose only other use
# is a few flag emoji, are escaped: they can carry a whole invisible text.
_FORMAT = (
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# C0 controls, DEL, C1 controls, the line and paragraph separators, the format characters, and
# lone surrogates (kept exactly in user files' keys; shown escaped, as wide as they are printed).
_UNSAFE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_FORMAT}\ud800-\udfff]"
_SPACES = "[\t\n]+"
# Characters JSON may carry raw but a terminal may obey or hide: DEL, C1 controls, separators,
# format characters.
_JSON_UNSAFE = f"[\x7f-\x9f\u2028\u2029{_FORMAT}]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def terminal_safe(text: str) -> str:
    """The text with tabs and newlines made spaces and every other control shown escaped."""
    # Tabs, newlines and every character escaped are ones Python calls unprintable: the common
    # text, which has none, needs neither pattern (compiling them costs about a millisecond).
    if text.isprintable():
        return text
    return _compiled(_UNSAFE).sub(_visible, _compiled(_SPACES).sub(" ", text))


def escape_json_controls(encoded: str) -> str:
    """Escape, as ``\\uXXXX``, the characters ``json.dumps`` leaves raw but terminals obey.

    The result decodes to exactly the same data.
    """
    if encoded.isascii() and "\x7f" not in encoded:  # nothing to escape; two scans in C, no regex
        return encoded
    # Every character escaped below is one Python calls unprintable: text that has none needs no
    # regular expression (compiling this one costs more than a command's whole JSON output, and
    # scanning with it about ten times as much as this check).
    if encoded.isprintable():
        return encoded
    return _compiled(_JSON_UNSAFE).sub(_json_escape, encoded)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON spells a character past U+FFFF as a surrogate pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
