"""Closed-class English word lists: function words and number words.

Small, fixed lists that no dictionary lookup is needed for. Kept in one place so the
diff engine, the evidence rules and the synthetic spinner agree.
"""

from __future__ import annotations

import re

__all__ = ["FUNCTION_WORDS", "NUMBER_WORDS", "ORDINAL_WORDS", "is_number_token", "is_number_word"]

FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    a an the this that these those some any each every no all both either neither
    i me my mine we us our ours you your yours he him his she her hers it its they them
    their theirs who whom whose which what
    am is are was were be been being have has had having do does did done
    will would shall should can could may might must
    and or but nor so yet for if then than because while although though as
    of to in on at by from with within without about above below over under into onto
    upon out off up down through across after before between among against during
    per via like near toward towards since until till
    not n't 's 're 've 'd 'll 'm there here
    """.split()
)

NUMBER_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12}
)

ORDINAL_WORDS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split()
    )
}
ORDINAL_WORDS.update(
    {"thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
     "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000}
)

_NUMERIC = re.compile(r"^[+-]?(\d[\d,.]*)(st|nd|rd|th|s|%)?$", re.IGNORECASE)


def is_number_token(token: str) -> bool:
    """True for digits-based tokens: ``2``, ``2,600``, ``37th``, ``1990s``, ``66%``."""
    return _NUMERIC.match(token) is not None


def is_number_word(token: str) -> bool:
    """True for spelled-out numbers and ordinals: ``two``, ``thirty``, ``seventh``."""
    t = token.lower()
    return t in NUMBER_WORDS or t in ORDINAL_WORDS
