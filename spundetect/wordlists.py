"""Closed-class English word lists: function words and number words.

Small, fixed lists that no dictionary lookup is needed for. Kept in one place so the
diff engine, the evidence rules and the synthetic spinner agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "FUNCTION_WORDS",
    "NUMBER_WORDS",
    "ORDINAL_WORDS",
    "FUNCTION_SYNONYMS",
    "CONTRACTIONS",
    "is_number_token",
    "is_number_word",
    "is_number",
    "number_value",
    "function_synonyms",
    "contraction_of",
    "CONTRACTION_PAIRS",
    "EXPANSIONS",
    "MODAL_SWAPS",
    "expansion_of",
    "modal_swap",
    "is_number_phrase",
    "number_spans",
]

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


def is_number(token: str) -> bool:
    """True for a number in digits or in words: ``2,600``, ``37th``, ``two``, ``seventh``."""
    return is_number_token(token) or is_number_word(token)


_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion"})


def number_value(tokens: Sequence[str]) -> tuple[float, str] | None:
    """The value of a number written in digits, words or both, and its kind.

    The kind is ``"ordinal"`` (``37th``, ``thirty seventh``), ``"percent"``, ``"plural"``
    (``1990s``) or ``"cardinal"``. Words are read leniently (``twenty five hundred`` is
    2500); None when a token is not part of a number.

    Examples:
        >>> number_value(["thirty", "seventh"]), number_value(["37th"])
        ((37.0, 'ordinal'), (37.0, 'ordinal'))
        >>> number_value(["1.5", "million"]), number_value(["2,600"])
        ((1500000.0, 'cardinal'), (2600.0, 'cardinal'))
    """
    total = current = 0.0
    kind = "cardinal"
    for k, token in enumerate(tokens):
        t = token.lower()
        last = k == len(tokens) - 1
        if _connector(tokens, k):
            continue
        m = _NUMERIC.match(t)
        if m:
            try:
                current += float(m.group(1).replace(",", "").rstrip("."))
            except ValueError:
                return None
            suffix = (m.group(2) or "").lower()
            if suffix:
                if not last:
                    return None
                kind = {"s": "plural", "%": "percent"}.get(suffix, "ordinal")
        elif t in ORDINAL_WORDS and last:
            value = ORDINAL_WORDS[t]
            if t.removesuffix("th") in _SCALE_WORDS:
                current = max(current, 1.0) * value
            else:
                current += value
            kind = "ordinal"
        elif t in _SCALE_WORDS:
            if t == "hundred":
                current = max(current, 1.0) * 100
            else:
                total += max(current, 1.0) * NUMBER_WORDS[t]
                current = 0.0
        elif t in NUMBER_WORDS:
            current += NUMBER_WORDS[t]
        else:
            return None
    return (total + current, kind) if tokens else None


def _connector(tokens: Sequence[str], k: int) -> bool:
    """The "a" of "a hundred" or the "and" of "hundred and seventy", both spellings of
    a number that spinner dictionaries use ("170" -> "a hundred and seventy")."""
    t = tokens[k].lower()
    if k + 1 >= len(tokens):
        return False
    after = tokens[k + 1].lower()
    if t == "a":
        return k == 0 and after in _SCALE_WORDS
    if t == "and":
        return k > 0 and tokens[k - 1].lower() in _SCALE_WORDS and (
            after in NUMBER_WORDS or after in ORDINAL_WORDS) and after not in _SCALE_WORDS
    return False


def is_number_phrase(tokens: Sequence[str]) -> bool:
    """True for a number written in one or more tokens, with the connectors of "a
    hundred and seventy" allowed (every token a number or such a connector).

    Examples:
        >>> is_number_phrase(["a", "hundred", "and", "seventy"]), is_number_phrase(["a", "dog"])
        (True, False)
    """
    return bool(tokens) and all(is_number(t) or _connector(tokens, k) for k, t in enumerate(tokens)) and (
        number_value(tokens) is not None
    )


def number_spans(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """The numbers among a sentence's words, in digits or spelled out, each as ``(start,
    end, value)``: one key for every spelling of a number ("1979" and "one thousand nine
    hundred seventy nine" are both ``"1979"``).

    A number in digits is one word. Spelled-out words run on while they can continue one
    number: a unit or a teen ("six", "fifteen") is followed only by a scale word
    ("hundred", "thousand"), a tens word ("twenty") by a unit or a scale word; an "and"
    between a scale word and a number word belongs to the number. So "two thousand six
    two thousand seven" is two numbers, 2006 and 2007, as a spinner writes "2006 - 2007".
    Words whose value cannot be read are left out.

    Examples:
        >>> number_spans(["7", "one", "thousand", "nine", "hundred", "seventy", "nine"])
        [(0, 1, '7'), (1, 7, '1979')]
        >>> number_spans(["two", "thousand", "six", "two", "thousand", "seven", "kb"])
        [(0, 3, '2006'), (3, 6, '2007')]
        >>> number_spans(["one", "hundred", "and", "fifty", "cars"])
        [(0, 4, '150')]
    """
    spans: list[tuple[int, int]] = []
    start = -1
    for k, word in enumerate(words):
        t = word.lower()
        if is_number_token(t):
            if start >= 0:
                spans.append((start, k))
            spans.append((k, k + 1))
            start = -1
            continue
        if start >= 0 and t == "and" and k + 1 < len(words):
            after = words[k + 1].lower()
            if words[k - 1].lower() in _SCALE_WORDS and after in NUMBER_WORDS and after not in _SCALE_WORDS:
                continue
        if not is_number_word(t):
            if start >= 0:
                spans.append((start, k))
            start = -1
            continue
        if start >= 0 and not _continues(words[k - 1].lower(), t):
            spans.append((start, k))
            start = -1
        if start < 0:
            start = k
    if start >= 0:
        spans.append((start, len(words)))
    out = []
    for a, b in spans:
        value = number_value([w for w in words[a:b] if w.lower() != "and"])
        if value is not None:
            v = value[0]
            out.append((a, b, str(int(v)) if v.is_integer() else repr(v)))
    return out


def _continues(previous: str, word: str) -> bool:
    """Whether ``word`` can follow ``previous`` inside one spelled-out number."""
    if word in _SCALE_WORDS:
        return previous not in ORDINAL_WORDS
    if previous in _SCALE_WORDS or previous == "and":
        return True
    value = NUMBER_WORDS.get(previous)
    # a tens word takes a unit after it ("twenty one", "seventy ninth")
    return value is not None and 20 <= value < 100 and value % 10 == 0 and (
        NUMBER_WORDS.get(word, ORDINAL_WORDS.get(word, 0)) < 10)


# Closed-class words that thesauri list as interchangeable. WordNet has no entries for
# most function words, yet spinners swap them ("in" -> "within", "but" -> "however").
_FUNCTION_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("in", "within", "inside", "into"),
    ("but", "however", "yet", "nevertheless", "nonetheless", "though"),
    ("may", "might", "could", "can"),
    ("will", "shall", "would", "will certainly"),
    ("must", "should", "need to", "have to", "ought to"),
    ("both", "each", "every", "all"),
    ("also", "additionally", "likewise", "too", "as well", "moreover", "furthermore"),
    ("more", "extra", "additional", "further", "greater"),
    ("less", "fewer", "lower"),
    ("toward", "towards"),
    ("among", "amongst", "between"),
    ("until", "till", "up until", "up to"),
    ("about", "regarding", "concerning", "relating to", "with regards to", "approximately",
     "around", "roughly", "nearly", "almost"),
    ("while", "whilst", "whereas", "when"),
    ("because", "since", "as", "due to", "because of", "owing to"),
    ("although", "though", "even though", "despite", "in spite of"),
    ("before", "earlier than", "prior to", "ahead of"),
    ("after", "following", "later than", "subsequent to", "once"),
    ("according to", "based on", "in accordance with", "in line with"),
    ("so", "therefore", "thus", "hence", "consequently"),
    ("many", "numerous", "several", "quite a few", "a lot of", "lots of", "a number of",
     "various", "loads of", "plenty of"),
    ("some", "a few", "several", "certain"),
    ("very", "really", "extremely", "quite", "highly"),
    ("over", "above", "more than", "greater than", "in excess of"),
    ("under", "below", "beneath", "less than", "fewer than"),
    ("by", "through", "via", "by means of"),
    ("with", "along with", "together with"),
    ("without", "with out", "lacking"),
    ("during", "throughout", "in the course of", "amid", "amidst"),
    ("near", "close to", "next to", "nearby"),
    ("if", "whether", "in case"),
    ("than", "compared to", "compared with"),
    ("now", "currently", "presently", "at present", "right now"),
    ("still", "nonetheless", "nevertheless", "even so"),
    ("then", "next", "afterwards", "subsequently"),
    ("often", "frequently", "usually", "typically", "generally"),
    ("already", "previously", "beforehand"),
    ("each other", "one another"),
    ("other", "another", "different"),
)

FUNCTION_SYNONYMS: dict[str, frozenset[str]] = {}
for _group in _FUNCTION_SYNONYM_GROUPS:
    for _word in _group:
        FUNCTION_SYNONYMS[_word] = FUNCTION_SYNONYMS.get(_word, frozenset()) | frozenset(_group)

CONTRACTIONS: dict[str, str] = {
    "'s": "is", "'re": "are", "'m": "am", "'ve": "have", "'d": "would", "'ll": "will",
    "n't": "not", "ca": "can", "wo": "will", "sha": "shall",
}


def function_synonyms(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are listed together in a closed-class synonym group."""
    group = FUNCTION_SYNONYMS.get(a)
    return group is not None and b in group and a != b


# Clitics that stand for more than one word: "it's" (it has), "let's" (let us), "we'd" (we had).
_OTHER_READINGS: dict[str, frozenset[str]] = {
    "'s": frozenset({"has", "us"}), "'d": frozenset({"had"}), "'ll": frozenset({"shall"}),
}


def contraction_of(a: str, b: str) -> bool:
    """True when one side is the contracted form of the other (``is`` / ``'s``).

    Examples:
        >>> contraction_of("'s", "is"), contraction_of("us", "'s"), contraction_of("'s", "was")
        (True, True, False)
    """
    a, b = a.replace("\u2019", "'"), b.replace("\u2019", "'")
    return (
        CONTRACTIONS.get(a) == b
        or CONTRACTIONS.get(b) == a
        or b in _OTHER_READINGS.get(a, ())
        or a in _OTHER_READINGS.get(b, ())
    )


#: Full forms and their contractions; spinner dictionaries list them both ways
#: ("does not" <-> "doesn't", "I'm" -> "I am").
CONTRACTION_PAIRS: tuple[tuple[str, str], ...] = tuple(
    tuple(pair.split("|"))  # type: ignore[misc]
    for pair in (
        "is not|isn't", "are not|aren't", "was not|wasn't", "were not|weren't", "do not|don't",
        "does not|doesn't", "did not|didn't", "has not|hasn't", "have not|haven't",
        "had not|hadn't", "will not|won't", "would not|wouldn't", "should not|shouldn't",
        "could not|couldn't", "cannot|can't", "must not|mustn't", "need not|needn't",
        "i am|i'm", "i have|i've", "i will|i'll", "i would|i'd", "you are|you're",
        "you have|you've", "you will|you'll", "we are|we're", "we have|we've", "we will|we'll",
        "they are|they're", "they have|they've", "they will|they'll", "it is|it's",
        "that is|that's", "there is|there's", "he is|he's", "she is|she's", "what is|what's",
        "let us|let's", "he will|he'll", "she will|she'll", "it will|it'll",
    )
)

#: Words and longer phrases that contain them, as spinner dictionaries offer them
#: ("here" -> "right here", "whether" -> "whether or not"): the meaning barely changes,
#: the text only grows.
EXPANSIONS: dict[str, tuple[str, ...]] = {
    "here": ("right here",),
    "there": ("right there", "over there"),
    "now": ("right now", "just now"),
    "whether": ("whether or not",),
    "another": ("yet another",),
    "without": ("with out",),
    "again": ("once again", "yet again"),
    "more": ("much more", "even more"),
    "every": ("each and every",),
    "since": ("ever since",),
    "soon": ("very soon",),
    "often": ("very often", "quite often"),
    "much": ("very much",),
    "many": ("so many", "a great many"),
    "together": ("all together",),
    "first": ("first of all",),
    "always": ("always and forever",),
    "enough": ("just enough",),
    "away": ("right away",),
}

#: Modal verbs and the modals a spinner dictionary swaps them for: tense pairs
#: ("can" -> "could") and near synonyms ("might" -> "may", "must" -> "have to").
MODAL_SWAPS: dict[str, tuple[str, ...]] = {
    "might": ("may", "could"),
    "may": ("might", "can"),
    "can": ("could", "may"),
    "could": ("can", "might"),
    "will": ("would", "shall"),
    "would": ("will", "could"),
    "shall": ("will", "should"),
    "should": ("ought to", "shall"),
    "must": ("have to", "need to"),
}


def expansion_of(a: str, b: str) -> bool:
    """True when one side is a listed expansion of the other ("here" / "right here").

    Examples:
        >>> expansion_of("right here", "here"), expansion_of("here", "there")
        (True, False)
    """
    return b in EXPANSIONS.get(a, ()) or a in EXPANSIONS.get(b, ())


def modal_swap(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are two different modals (``"might"`` / ``"may"``).

    Examples:
        >>> modal_swap("might", "may"), modal_swap("can", "can")
        (True, False)
    """
    return a != b and (b in MODAL_SWAPS.get(a, ()) or a in MODAL_SWAPS.get(b, ()))
