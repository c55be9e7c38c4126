"""Words people type, matched against a program's text, and the match shown in context.

Matching ignores case, accents and punctuation (``Zürich`` = ``zurich``,
``human-centered`` = ``human centered``) and works on whole words; a word of
five letters or more also matches the start of a longer one (``robot`` finds
``robotics``). A few abbreviations people type work both ways, from
:data:`ABBREVIATIONS` (``nlp`` finds "natural language processing", and the
phrase finds "NLP"). Several words must all match; double quotes keep a phrase
together (``"data science" ethics``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Abbreviation -> what it stands for. Both forms find both.
ABBREVIATIONS: dict[str, str] = {
    "ai": "artificial intelligence",
    "cv": "computer vision",
    "hci": "human computer interaction",
    "ml": "machine learning",
    "nlp": "natural language processing",
    "rl": "reinforcement learning",
}

#: A word at least this long also matches the start of a longer word.
PREFIX_LENGTH = 5
#: Characters of context kept on each side of a match when it is shown.
CONTEXT = 28

_NOT_WORD = re.compile(r"[\W_]")
_QUOTED = re.compile(r'"([^"]*)"|(\S+)')


def _fold_char(char: str) -> str:
    import unicodedata  # only for text outside ASCII

    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", kept) or " "


def folded(text: str) -> tuple[str, list[int]]:
    """The text lowercased, accents and punctuation gone, with each character's place in the original."""
    if text.isascii():
        return _NOT_WORD.sub(" ", text.lower()), list(range(len(text)))
    pieces: list[str] = []
    places: list[int] = []
    for place, char in enumerate(text):
        piece = _fold_char(char) if not char.isascii() else _NOT_WORD.sub(" ", char.lower())
        pieces.append(piece)
        places.extend([place] * len(piece))
    return "".join(pieces), places


def fold(text: str) -> str:
    """The text as matching sees it, spaces collapsed."""
    return " ".join(folded(text)[0].split())


class Term:
    """One word or phrase that must be found, in any of its written forms."""

    __slots__ = ("forms", "pattern", "typed")

    def __init__(self, typed: str, forms: Sequence[str]) -> None:
        self.typed = typed
        self.forms = tuple(form for form in forms if form)  # folded, one space between words
        alternatives = sorted({_form_pattern(form) for form in forms if form}, key=len, reverse=True)
        self.pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")

    def find(self, text: str) -> tuple[int, int] | None:
        """Where the term is in the text (start and end in the original), or None."""
        plain, places = folded(text)
        found = self.pattern.search(plain)
        if found is None:
            return None
        return places[found.start()], places[found.end() - 1] + 1

    def __repr__(self) -> str:
        return f"Term({self.typed!r})"


def _form_pattern(form: str) -> str:
    words = form.split()
    last = re.escape(words[-1]) + (r"\w*" if len(words[-1]) >= PREFIX_LENGTH else "")
    return " +".join([*(re.escape(word) for word in words[:-1]), last])


_EXPANSIONS = {long: short for short, long in ABBREVIATIONS.items()}


def terms(typed: str) -> list[Term]:
    """The terms in what was typed: quoted phrases, known multi-word names, and single words."""
    found: list[Term] = []
    bare_words: list[str] = []
    for quoted, bare in _QUOTED.findall(typed):
        if not quoted:
            bare_words.extend(fold(bare).split())
            continue
        found.extend(_phrases(bare_words))
        bare_words = []
        phrase = fold(quoted)
        if phrase:
            found.append(Term(quoted, _forms(phrase)))
    found.extend(_phrases(bare_words))
    return found


def _phrases(words: list[str]) -> list[Term]:
    """Words as terms, a known expansion (``natural language processing``) kept as one."""
    found = []
    start = 0
    while start < len(words):
        for long in _EXPANSIONS:
            size = len(long.split())
            if words[start : start + size] == long.split():
                found.append(Term(long, _forms(long)))
                start += size
                break
        else:
            found.append(Term(words[start], _forms(words[start])))
            start += 1
    return found


def _forms(phrase: str) -> list[str]:
    """A phrase and the other form of any abbreviation it is or holds."""
    forms = [phrase]
    if phrase in ABBREVIATIONS:
        forms.append(ABBREVIATIONS[phrase])
    if phrase in _EXPANSIONS:
        forms.append(_EXPANSIONS[phrase])
    return forms


def in_context(text: str, span: tuple[int, int], width: int = CONTEXT) -> str:
    """The match with a few words either side, cut between words and marked with "…"."""
    start, end = span
    text = text.replace("\n", " ")
    before = text[:start]
    after = text[end:]
    if len(before) > width:
        cut = before[-width:]
        space = cut.find(" ")
        before = "…" + (cut[space + 1 :] if 0 <= space < len(cut) - 1 else cut)
    if len(after) > width:
        cut = after[:width]
        space = cut.rfind(" ")
        after = (cut[:space] if space > 0 else cut).rstrip(" ,;:.") + "…"
    return before + text[start:end] + after
