"""Tampering tells in a suspect text: spintax, homoglyphs, invisible characters, tortured phrases.

These are signs that need no original: leftover spinner syntax ``{quick|fast|rapid}``,
words that mix Latin letters with look-alike Cyrillic or Greek ones (used to dodge copy
checkers), zero-width characters hidden inside words, and tortured phrases (established
terms with their words swapped for synonyms, "counterfeit consciousness" for "artificial
intelligence"; see :mod:`spundetect.tortured`). :func:`fold` maps look-alikes back to Latin
so that matching is not defeated by them.

Examples:
    >>> from spundetect.tells import find_tells, fold
    >>> [t.code for t in find_tells("a {quick|fast} fox")]
    ['spintax']
    >>> fold("\\u0430pple")
    'apple'
"""

from __future__ import annotations

import re

from spundetect.models import Tell

__all__ = ["find_tells", "fold", "HOMOGLYPHS", "INVISIBLE"]

#: Cyrillic and Greek letters that look like Latin ones.
HOMOGLYPHS: dict[str, str] = {
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0456": "i", "\u0458": "j", "\u04bb": "h", "\u0501": "d", "\u051b": "q",
    "\u0455": "s", "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M",
    "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X",
    "\u0406": "I", "\u0408": "J", "\u0405": "S",
    "\u03bf": "o", "\u03b1": "a", "\u03bd": "v", "\u03c1": "p", "\u0391": "A", "\u0392": "B",
    "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I", "\u039a": "K", "\u039c": "M",
    "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T", "\u03a5": "Y", "\u03a7": "X",
}
#: Zero-width and other invisible characters that can hide inside a word.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
_FOLD_TABLE = str.maketrans({**HOMOGLYPHS, **{c: None for c in INVISIBLE}})
_SPINTAX = re.compile(r"\{[^{}|\n]{1,80}(?:\|[^{}|\n]{0,80})+\}")
_INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")
_WORD = re.compile(r"\w+")
_LATIN = re.compile(r"[A-Za-z]")
_CONFUSABLE = re.compile("[" + "".join(HOMOGLYPHS) + "]")


def fold(text: str) -> str:
    """Map look-alike letters to Latin and drop invisible characters."""
    return text.translate(_FOLD_TABLE)


def find_tells(suspect: str, *, tortured: bool = True) -> list[Tell]:
    """Find spintax, homoglyph words, invisible characters and tortured phrases, in text order.

    Args:
        suspect: the text.
        tortured: also look for tortured phrases (:func:`spundetect.tortured.tortured_tells`).

    Examples:
        >>> [t.code for t in find_tells("a {quick|fast} counterfeit consciousness")]
        ['spintax', 'tortured_phrase']
    """
    tells: list[Tell] = []
    for m in _SPINTAX.finditer(suspect):
        tells.append(Tell(code="spintax", suspect_span=(m.start(), m.end()),
                          detail="unresolved spinner syntax {a|b|c} left in the text"))
    # Most texts have no look-alike letter at all: then no word needs checking.
    words = _WORD.finditer(suspect) if _CONFUSABLE.search(suspect) else iter(())
    for m in words:
        word = m.group()
        if _CONFUSABLE.search(word) and _LATIN.search(word):
            tells.append(Tell(code="homoglyph", suspect_span=(m.start(), m.end()),
                              detail=f"Latin letters mixed with look-alikes: reads as {fold(word)!r}"))
    for m in _INVISIBLE_RUN.finditer(suspect):
        before = suspect[m.start() - 1 : m.start()]
        after = suspect[m.end() : m.end() + 1]
        if before.isalnum() and after.isalnum():
            tells.append(Tell(code="invisible_char", suspect_span=(m.start(), m.end()),
                              detail="zero-width character hidden inside a word"))
    if tortured:
        from spundetect.tortured import tortured_tells

        tells.extend(tortured_tells(suspect))
    tells.sort(key=lambda t: t.suspect_span)
    return tells
