"""Reworded passages: a run of suspect sentences whose content words come from the original.

Sentence alignment (:mod:`spundetect.align`) pairs sentences that keep much of one original
sentence. A summary or a heavy human rewrite keeps less: each of its sentences takes a few
content words from one or two original sentences, drops the rest and rewords the glue, so few
of its sentences align and the pair would look unrelated. What still shows is that, sentence
after sentence, most content words of the suspect occur *in the same order* inside one
original sentence (or two adjacent ones). An independent text on the same topic shares names
and event words, but not, over several sentences in a row, their order within sentences.

For each suspect sentence with at least :data:`MIN_CONTENT` content words (words that are not
function words), its *containment* is the longest common subsequence of its content words
with those of the best original sentence or pair of adjacent sentences, divided by its
number of content words. A passage is the run of :data:`WINDOW` consecutive such sentences
with the highest mean containment.

Two paths compute the containments: every sentence pair, scored in RapidFuzz's ``cdist``
(used up to :data:`EXACT_LIMIT` pairs), and an inverted index over the rarest content words
of each suspect sentence (for long texts, near-linear).

Examples:
    >>> from spundetect.passage import best_passage
    >>> original = [["the", "council", "met", "on", "tuesday", "to", "discuss", "the", "budget"],
    ...             ["residents", "spoke", "against", "the", "plan", "for", "an", "hour"]]
    >>> suspect = [["on", "tuesday", "the", "council", "discussed", "its", "budget"],
    ...            ["the", "residents", "spoke", "against", "it"]]
    >>> best_passage(original, suspect, window=2, min_content=2)
    PassageMatch(start=0, end=2, containment=0.75)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from spundetect.align import encode
from spundetect.wordlists import FUNCTION_WORDS

__all__ = [
    "PassageMatch", "containment", "best_passage", "longest_shared_run", "WINDOW", "MIN_CONTENT",
    "EXACT_LIMIT",
]

#: Consecutive suspect sentences (of at least MIN_CONTENT content words) in a passage.
WINDOW = 4
#: Sentences with fewer content words are too short to judge; they are skipped.
MIN_CONTENT = 4
#: Up to this many (suspect sentence, original candidate) pairs, every pair is scored.
EXACT_LIMIT = 1_000_000
#: Places of one anchor in the original that :func:`longest_shared_run` follows up (a
#: repeated line must not make the search quadratic).
MAX_RUN_STARTS = 8
#: With the index: rarest content words looked up, and original sentences kept, per sentence.
KEYS = 12
CANDIDATES = 8


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """Suspect sentences ``start``..``end`` (half-open) and their mean containment."""

    start: int
    end: int
    containment: float


def _is_content(token: str) -> bool:
    return token not in FUNCTION_WORDS and token.isalnum()


def _contained(a: str, b: str) -> float:
    """Share of ``b``'s characters found in order in ``a`` (LCS / len(b))."""
    lcs = (len(a) + len(b) - Indel.distance(a, b)) // 2
    return lcs / len(b)


def _exact(cands: list[str], susp: list[str], todo: list[int]) -> dict[int, float]:
    import numpy as np
    from rapidfuzz.process import cdist

    queries = [susp[j] for j in todo]
    dist = cdist(queries, cands, scorer=Indel.distance, workers=1)
    # LCS = (len(a) + len(b) - Indel distance) / 2, for every pair at once
    q_len = np.array([len(q) for q in queries])
    lcs = (np.array([len(c) for c in cands])[None, :] + q_len[:, None] - dist) // 2
    best = lcs.max(axis=1)
    return {j: int(best[row]) / int(q_len[row]) for row, j in enumerate(todo)}


def _indexed(orig: list[str], susp: list[str], todo: list[int]) -> dict[int, float]:
    n = len(orig)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, sent in enumerate(orig):
        for ch in set(sent):
            postings[ch].append(i)
    out = {}
    for j in todo:
        b = susp[j]
        present = sorted((len(postings[ch]), ch) for ch in set(b) if ch in postings)[:KEYS]
        votes: dict[int, float] = defaultdict(float)
        for df, ch in present:
            w = math.log((n + 1) / df)
            for i in postings[ch]:
                votes[i] += w
        best = 0.0
        for i in sorted(votes, key=votes.__getitem__, reverse=True)[:CANDIDATES]:
            for lo, hi in ((i, i + 1), (i - 1, i + 1), (i, i + 2)):
                if 0 <= lo and hi <= n:
                    best = max(best, _contained("".join(orig[lo:hi]), b))
        out[j] = best
    return out


def containment(
    original: Sequence[Sequence[str]],
    suspect: Sequence[Sequence[str]],
    *,
    min_content: int = MIN_CONTENT,
    exact: bool | None = None,
) -> list[float | None]:
    """Per suspect sentence: share of its content words found in order in the original.

    Args:
        original: normalised word tokens per original sentence.
        suspect: the same for the suspect.
        min_content: sentences with fewer content words get ``None``.
        exact: score every pair (``True``), use the index (``False``), or choose by size.

    Returns:
        One value per suspect sentence, in [0, 1], or ``None`` for a short sentence.
    """
    # content words only, one character per word (shared by both texts)
    orig, susp = encode(original, suspect, keep=_is_content)
    todo = [j for j, b in enumerate(susp) if len(b) >= min_content]
    values: list[float | None] = [None] * len(susp)
    if not todo:
        return values
    cands = [a for a in orig if a] + [orig[i] + orig[i + 1] for i in range(len(orig) - 1)
                                      if orig[i] and orig[i + 1]]
    if not cands:
        for j in todo:
            values[j] = 0.0
        return values
    if exact is None:
        exact = len(todo) * len(cands) <= EXACT_LIMIT
    found = _exact(cands, susp, todo) if exact else _indexed(orig, susp, todo)
    for j, v in found.items():
        values[j] = v
    return values


def best_passage(
    original: Sequence[Sequence[str]],
    suspect: Sequence[Sequence[str]],
    *,
    window: int = WINDOW,
    min_content: int = MIN_CONTENT,
    exact: bool | None = None,
) -> PassageMatch | None:
    """The run of ``window`` judged suspect sentences with the highest mean containment.

    Returns ``None`` when the suspect has fewer than ``window`` sentences long enough to judge.
    """
    values = containment(original, suspect, min_content=min_content, exact=exact)
    judged = [(j, v) for j, v in enumerate(values) if v is not None]
    if window < 1 or len(judged) < window:
        return None
    best: PassageMatch | None = None
    for k in range(len(judged) - window + 1):
        run = judged[k : k + window]
        mean = round(sum(v for _, v in run) / window, 6)
        if best is None or mean > best.containment:
            best = PassageMatch(run[0][0], run[-1][0] + 1, mean)
    return best


def longest_shared_run(original: Sequence[str], suspect: Sequence[str], min_run: int) -> int:
    """Length of the longest run of ``min_run`` or more words the two texts share verbatim.

    The words are taken across sentence boundaries, so a copy whose lines were merged into
    other text (a list or a listing pasted without its line breaks) still shows, where no
    sentence pair holds it. Returns 0 when no run reaches ``min_run``.

    Anchors of ``k`` words are taken every ``step`` words of the original, with ``step + k
    - 1 == min_run``, so every run of ``min_run`` words holds one whole anchor; the
    suspect's windows that equal an anchor are grown both ways. Found for sure unless an
    anchor recurs more than :data:`MAX_RUN_STARTS` times in the original (a line repeated
    over and over); the length is exact for the run found at an anchor, and a longer run
    starting inside it at another place of the original is not looked for.

    Examples:
        >>> words = "the quick brown fox jumps over the lazy dog".split()
        >>> longest_shared_run(words, ["so", *words[1:7], "cat"], 4)
        6
        >>> longest_shared_run(words, words[::-1], 4)
        0
    """
    if min_run < 1 or len(original) < min_run or len(suspect) < min_run:
        return 0
    # One character per distinct word: windows are then string slices, which Python cuts,
    # hashes and compares in C.
    (a,), (b,) = encode([original], [suspect])
    step = (min_run + 1) // 2
    k = min_run - step + 1
    anchors: dict[str, list[int]] = {}
    for i in range(0, len(a) - k + 1, step):
        places = anchors.setdefault(a[i : i + k], [])
        if len(places) < MAX_RUN_STARTS:
            places.append(i)
    hits = [j for j in range(len(b) - k + 1) if b[j : j + k] in anchors]
    best = 0
    covered = 0  # the suspect up to here lies in a run already measured
    for j in hits:
        if j < covered:
            continue
        for i in anchors[b[j : j + k]]:
            back = _common(a, b, i - 1, j - 1, -1)
            run = back + k + _common(a, b, i + k, j + k, 1)
            if run >= min_run:
                best = max(best, run)
                covered = max(covered, j - back + run)
    return best


def _common(a: str, b: str, i: int, j: int, direction: int) -> int:
    """How many characters ``a`` and ``b`` share from ``i`` and ``j`` on, going one way."""
    n = 0
    while 0 <= i < len(a) and 0 <= j < len(b) and a[i] == b[j]:
        n += 1
        i += direction
        j += direction
    return n
