"""Direction: which of two texts is the original, from the asymmetry of spinning.

A spinner swaps natural, frequent words for whatever its dictionary lists: rarer
synonyms, links through rare senses, multiword dictionary lemmas, substitutes that break
the article or the collocation around them. Read the other way round, the same swaps
look like a writer *improving* a clumsy text, which is not what spun pairs look like.
Every swap of a :class:`~spundetect.models.Comparison` is measured on both of its sides,
and each feature (:data:`FEATURES`) is a sum over swaps of "original side minus suspect
side", so that exchanging the texts flips its sign. A logistic model without intercept
(``spundetect/_data/direction.json``, fitted by ``benchmarks/fit_direction.py`` on
spun pairs of the development data, held-out figures in docs/scoring.md) turns them into
the probability that the texts were given the wrong way round: that ``original`` is the
machine-reworded copy of ``suspect``. With no swap to read it is 0.5.

Examples:
    >>> import spundetect
    >>> a = "The two men met an old friend near the big house."
    >>> b = "The 2 work forces ran into an erstwhile ally near the heavy household."
    >>> spundetect.compare(a, b).reversed < 0.5 < spundetect.compare(b, a).reversed
    True
    >>> o = spundetect.orient(b, a)
    >>> o.original == a, o.swapped
    (True, True)
"""

from __future__ import annotations

import bisect
import math
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from spundetect.errors import ResourceError
from spundetect.evidence import article_fits, lexical_reasons
from spundetect.lexicon import get_lexicon
from spundetect.wordlists import FUNCTION_WORDS

__all__ = ["FEATURES", "DirectionModel", "Orientation", "direction_features", "load_direction_model",
           "reversed_probability", "probability_from_features", "orient", "reversed_note", "LIKELY"]

#: ``Comparison.reversed`` above this is reported (text, HTML and CLI reports).
LIKELY = 0.5

#: The direction features, each a sum over swaps of (original side - suspect side) or of
#: (spinner reading forwards - spinner reading backwards): positive when the texts were
#: given the right way round.
FEATURES: dict[str, str] = {
    "zipf_synonym": "dictionary swaps: Zipf frequency of the original side's rarest content "
    "word minus the suspect side's (clipped to +-3)",
    "zipf_other": "the same for swaps without a dictionary link",
    "zipf_form": "the same for inflection form swaps ('today' -> 'todays'): a spinner's "
    "re-inflection leaves rare or broken forms",
    "rare_sense": "dictionary swaps whose link goes through a rare sense of the original "
    "word, minus those that do read backwards",
    "frequency_drop": "dictionary swaps to a much rarer word, minus those read backwards",
    "sense_rank": "log sense rank of the link read backwards minus forwards (a spinner "
    "takes any sense of the original word)",
    "longer": "words added by the swap (suspect side minus original side, clipped to +-2)",
    "article": "'a'/'an' that fits the original side but not the suspect side, minus the "
    "reverse",
    "collocation": "swapped words that form a WordNet phrase with their neighbour on the "
    "original side, minus on the suspect side",
    "unknown_word": "swaps with a word that is no known English word on the suspect side, "
    "minus on the original side",
    "capital": "substitutes capitalised inside a sentence on the suspect side, minus on the "
    "original side",
}

_ZIPF_CLIP = 3.0


@dataclass(frozen=True)
class DirectionModel:
    """A fitted direction model: ``P(reversed) = 1 / (1 + exp(sum(coef * x / scale)))``."""

    name: str
    features: tuple[str, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]


class Orientation(NamedTuple):
    """Two texts put original first, by :func:`orient`.

    Attributes:
        original: the text judged the original.
        suspect: the text judged the machine-reworded copy.
        probability: the probability that this order is right (at least 0.5).
        swapped: True when the texts were given the other way round (``orient(a, b)``
            returned ``b`` first).

    Examples:
        >>> import spundetect
        >>> o = spundetect.orient("2 males met a previous pal.", "Two men met an old friend.")
        >>> o.original, o.swapped, o.probability > 0.5
        ('Two men met an old friend.', True, True)
    """

    original: str
    suspect: str
    probability: float
    swapped: bool


@lru_cache(maxsize=4)
def load_direction_model(path: Path | None = None) -> DirectionModel:
    """Load (once) the shipped direction model, or one at ``path``.

    Raises:
        ResourceError: the file is missing or malformed.

    Examples:
        >>> set(load_direction_model().features) <= set(FEATURES)
        True
    """
    from spundetect.score import read_model_json

    where = path or "spundetect/_data/direction.json"
    data = read_model_json(path, "direction.json", "direction model")
    try:
        model = DirectionModel(
            name=str(data["name"]),
            features=tuple(str(f) for f in data["features"]),  # type: ignore[attr-defined]
            scale=tuple(float(x) for x in data["scale"]),  # type: ignore[attr-defined]
            coef=tuple(float(x) for x in data["coef"]),  # type: ignore[attr-defined]
        )
    except (ValueError, KeyError, TypeError) as err:
        raise ResourceError(f"the direction model {where} is malformed: {err}") from err
    unknown = set(model.features) - set(FEATURES)
    if unknown or not len(model.features) == len(model.scale) == len(model.coef):
        raise ResourceError(f"the direction model {where} is malformed (features {sorted(unknown)})")
    return model


def _zipf(words: Sequence[str]) -> float | None:
    content = [w for w in words if w not in FUNCTION_WORDS and w.isalpha()]
    if not content:
        return None
    lex = get_lexicon()
    return min(lex.zipf(w) for w in content)


@lru_cache(maxsize=1 << 16)
def _is_phrase(text: str) -> bool:
    return get_lexicon().is_lemma(text)


_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")  # hyphens separate: "best-known"


def _words_of(text: str) -> tuple[array[int], array[int]]:
    """Starts and ends of the words of a text (the matches of :data:`_WORD`: from the
    first letter of a run of ASCII letters and apostrophes to the run's end).

    Found by NumPy over the text's characters (a third of the time a regular-expression
    scan took, which had been kept per text across calls: only a caller comparing the same
    texts again saw it fast). Machine integers, and no word strings: a long text has
    hundreds of thousands of words (lists of them cost a 100k-word pair ~25 MB at its
    peak), the swaps read a few.

    Examples:
        >>> [list(x) for x in _words_of("It's 'old' -- x2y")]
        [[0, 6, 14, 16], [4, 10, 15, 17]]
    """
    import numpy as np

    starts: array[int] = array("q")
    ends: array[int] = array("q")
    if not text:
        return starts, ends
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    letter = ((cp >= 65) & (cp <= 90)) | ((cp >= 97) & (cp <= 122))
    word = letter | (cp == 39) | (cp == 0x2019)
    del cp
    # where runs of word characters begin (+1) and end (-1)
    edge = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    del word
    run_s, run_e = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    del edge
    lead = ~letter[run_s]
    if lead.any():
        # a run that starts with apostrophes: its word starts at its first letter (few)
        run_s = run_s.copy()
        for k in np.flatnonzero(lead).tolist():
            p, e = int(run_s[k]), int(run_e[k])
            while p < e and not letter[p]:
                p += 1
            run_s[k] = p
        keep = run_s < run_e
        run_s, run_e = run_s[keep], run_e[keep]
    starts.frombytes(run_s.astype(np.int64).tobytes())
    ends.frombytes(run_e.astype(np.int64).tobytes())
    return starts, ends


def _neighbours(of_text: tuple[array[int], array[int]], spans: Sequence[tuple[int, int]]
                ) -> tuple[list[int], list[int]]:
    """Per span, the index of the last word of the text that ends at or before its start
    (-1 for none), and of the first word that starts at or after its end (``of_text``:
    :func:`_words_of` the text): ``bisect`` of each span, made for all spans of a text in
    two C calls (NumPy's ``searchsorted`` on the offsets' own buffers), where a bisection per
    swap and side cost a fifth of the direction features."""
    import numpy as np

    starts, ends = of_text
    a = np.fromiter((span[0] for span in spans), dtype=np.int64, count=len(spans))
    b = np.fromiter((span[1] for span in spans), dtype=np.int64, count=len(spans))
    before = np.searchsorted(np.frombuffer(ends, dtype=np.int64), a, side="right") - 1
    after = np.searchsorted(np.frombuffer(starts, dtype=np.int64), b, side="left")
    return before.tolist(), after.tolist()


def _side_marks(text: str, span: tuple[int, int], words: Sequence[str],
                of_text: tuple[array[int], array[int]], near: tuple[int, int] | None = None) -> tuple[bool, bool]:
    """Of one side of a swap: whether an "a" or "an" just before it does not fit its first
    word, and whether its words (at most two) make a WordNet phrase with the word before
    or after them (``of_text``: :func:`_words_of` the text; ``near``: the span's
    :func:`_neighbours`, looked up here when not given)."""
    starts, ends = of_text
    a, b = span
    k = bisect.bisect_right(ends, a) - 1 if near is None else near[0]
    before = text[starts[k] : ends[k]].lower() if k >= 0 and a - ends[k] <= 3 else ""
    misfit = before in ("a", "an") and not article_fits(before, words[0])
    if len(words) > 2:
        return misfit, False
    phrase = " ".join(words)
    if before and _is_phrase(f"{before} {phrase}"):
        return misfit, True
    k = bisect.bisect_left(starts, b) if near is None else near[1]
    after = text[starts[k] : ends[k]].lower() if k < len(starts) and starts[k] - b <= 3 else ""
    return misfit, bool(after and _is_phrase(f"{phrase} {after}"))


def _mid_capital(text: str, span: tuple[int, int], written: str) -> bool:
    """Capitalised (not all capitals) where the sentence does not start."""
    if not written[:1].isupper() or written.isupper():
        return False
    head = text[max(0, span[0] - 3) : span[0]].rstrip()
    return bool(head) and head[-1] not in ".!?:\"'\u201c\u2018(\n"


@lru_cache(maxsize=1 << 16)
def _word_part(o_norm: str, s_norm: str, form: bool, synonym: bool) -> tuple[tuple[str, float], ...]:
    """The features of one swap that depend on its words only (cached: the same swap
    recurs across a document and across documents)."""
    lex = get_lexicon()
    o_words, s_words = o_norm.split(), s_norm.split()
    zo, zs = _zipf(o_words), _zipf(s_words)
    zipf = None if zo is None or zs is None else max(-_ZIPF_CLIP, min(_ZIPF_CLIP, zo - zs))
    if form:
        # A form swap: only a re-inflected word says which side is the spinner's.
        single = len(o_words) == len(s_words) == 1
        return (("zipf_form", zipf),) if single and zipf is not None else ()
    part: list[tuple[str, float]] = []
    if zipf is not None:
        part.append(("zipf_synonym" if synonym else "zipf_other", zipf))
    part.append(("longer", float(max(-2, min(2, len(s_words) - len(o_words))))))
    if synonym:
        forward, backward = lexical_reasons(o_norm, s_norm), lexical_reasons(s_norm, o_norm)
        for name in ("rare_sense", "frequency_drop"):
            part.append((name, float((name in forward) - (name in backward))))
        rank_f = lex.relation(o_norm, s_norm).sense_rank
        rank_b = lex.relation(s_norm, o_norm).sense_rank
        if rank_f is not None and rank_b is not None:
            part.append(("sense_rank", math.log(rank_f) - math.log(rank_b)))
    unknown = any(not lex.is_known(w) for w in s_words if w.isalpha()) - any(
        not lex.is_known(w) for w in o_words if w.isalpha()
    )
    part.append(("unknown_word", float(unknown)))
    return tuple(part)


def direction_features(original: str, suspect: str, swaps: Sequence[Any]) -> dict[str, float]:
    """The direction features (:data:`FEATURES`) of a comparison's swaps.

    Args:
        original: the original text the swaps' ``original_span`` index.
        suspect: the suspect text the swaps' ``suspect_span`` index.
        swaps: :class:`~spundetect.models.Swap` objects (or anything with their fields).

    Returns:
        Feature name -> value; all 0.0 when no swap can be read.

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("We met an old friend.", "We met an previous pal.")
        >>> f = direction_features(c.original, c.suspect, c.swaps)
        >>> f["article"], f["zipf_synonym"] > 0
        (1.0, True)
    """
    out = dict.fromkeys(FEATURES, 0.0)
    # each text's words looked up once here, not once per swap and side
    if not swaps:
        return out
    o_of, s_of = _words_of(original), _words_of(suspect)
    # the words around every swap's two sides, looked up at once
    s_before, s_after = _neighbours(s_of, [sw.suspect_span for sw in swaps])
    o_before, o_after = _neighbours(o_of, [sw.original_span for sw in swaps])
    for n, sw in enumerate(swaps):
        o_words, s_words = sw.original.lower().split(), sw.suspect.lower().split()
        if not o_words or not s_words:
            continue
        for name, value in _word_part(" ".join(o_words), " ".join(s_words), sw.relation == "identical", sw.synonym):
            out[name] += value
        if sw.relation == "identical":
            continue
        s_misfit, s_phrase = _side_marks(suspect, sw.suspect_span, s_words, s_of, (s_before[n], s_after[n]))
        o_misfit, o_phrase = _side_marks(original, sw.original_span, o_words, o_of, (o_before[n], o_after[n]))
        out["article"] += s_misfit - o_misfit
        out["collocation"] += o_phrase - s_phrase
        out["capital"] += _mid_capital(suspect, sw.suspect_span, sw.suspect) - _mid_capital(
            original, sw.original_span, sw.original
        )
    return out


def reversed_probability(original: str, suspect: str, swaps: Sequence[object],
                         *, model: DirectionModel | None = None) -> float:
    """The probability that ``original`` is the spun copy of ``suspect`` (given reversed).

    Args:
        original: the text given as the original.
        suspect: the text given as the suspect.
        swaps: the swaps :func:`spundetect.compare` found between them.
        model: a direction model; default the shipped one.

    Returns:
        A probability in [0, 1]; 0.5 when there is nothing to read.

    Examples:
        >>> reversed_probability("a", "a", [])
        0.5
    """
    return probability_from_features(direction_features(original, suspect, swaps), model or load_direction_model())


def probability_from_features(values: dict[str, float], model: DirectionModel) -> float:
    """P(reversed) from direction feature values (see :func:`direction_features`).

    Examples:
        >>> m = DirectionModel("m", ("article",), (1.0,), (2.0,))
        >>> round(probability_from_features({"article": 1.0}, m), 3)
        0.119
    """
    z = sum(w * values[name] / (sd or 1.0) for name, sd, w in zip(model.features, model.scale, model.coef))
    # z > 0: the swaps read as a spinner's, going from original to suspect
    if z >= 0:
        return math.exp(-z) / (1.0 + math.exp(-z))
    return 1.0 / (1.0 + math.exp(z))


def orient(a: str, b: str, **options: object) -> Orientation:
    """Put two near-identical texts in order: the original first, the spun copy second.

    Runs :func:`spundetect.compare` once and reads :attr:`Comparison.reversed`.

    Args:
        a: one text.
        b: the other text.
        **options: keyword options passed on to :func:`spundetect.compare`.

    Returns:
        An :class:`Orientation`: the two texts in order, the probability that this order
        is right, and whether it is the reverse of ``(a, b)``.

    Raises:
        InputTypeError: ``a`` or ``b`` is not a ``str``.
        SettingsError: an option is outside what is allowed.

    Examples:
        >>> import spundetect
        >>> a = "The two men met an old friend near the big house."
        >>> b = "The 2 work forces ran into an erstwhile ally near the heavy household."
        >>> o = spundetect.orient(b, a)
        >>> (o.original, o.swapped, o.probability > 0.5)
        ('The two men met an old friend near the big house.', True, True)
    """
    from spundetect.compare import compare

    c = compare(a, b, **options)  # type: ignore[arg-type]
    if c.reversed > 0.5:
        return Orientation(b, a, c.reversed, True)
    return Orientation(a, b, 1.0 - c.reversed, False)


def reversed_note(reversed_: float) -> str | None:
    """The line the reports show when the texts look given the wrong way round.

    Args:
        reversed_: :attr:`Comparison.reversed`.

    Returns:
        The line, or None when ``reversed_`` is not above :data:`LIKELY`.

    Examples:
        >>> reversed_note(0.91)
        'direction: probably reversed (0.91): the original looks like the spun copy of the suspect'
        >>> reversed_note(0.2) is None
        True
    """
    if reversed_ <= LIKELY:
        return None
    return f"direction: probably reversed ({reversed_:.2f}): the original looks like the spun copy of the suspect"
