"""Machine-readable output: JSON today, built on the standard library only."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


def write_json(data: Any, stream: TextIO | None = None) -> None:
    """Write data as UTF-8 JSON with a trailing newline; NaN is refused, never written."""
    out = stream if stream is not None else sys.stdout
    out.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
    out.write("\n")
