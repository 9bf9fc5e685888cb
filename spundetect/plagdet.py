"""PAN's text-alignment measure: precision, recall, granularity and plagdet.

The measure of Potthast, Stein, Barrón-Cedeño and Rosso, "An Evaluation Framework for
Plagiarism Detection" (COLING 2010), used by every PAN text-alignment task since. A *case*
is a known reused passage, a *detection* one that a system reports; both are a pair of
character spans, one in the original (source) document and one in the suspect
(suspicious) document, and both are read as the set of characters they cover on the two
documents together.

* A detection *detects* a case when the two overlap on both documents (at least one
  character in common in the original and one in the suspect).
* **Recall** (macro): for each case, the share of its characters (both documents) covered by
  the detections that detect it, averaged over all cases.
* **Precision** (macro): for each detection, the share of its characters covered by the
  cases it detects, averaged over all detections. A detection that detects no case
  counts 0 (a *false detection*).
* **Granularity**: the mean number of detections per detected case (1 is perfect; a case
  found in two pieces counts 2).
* **plagdet** = F1(precision, recall) / log2(1 + granularity).

Cases and detections are grouped by document pair: they only meet inside their own pair,
and the averages run over all pairs together (macro over cases and detections, not over
pairs), as in the PAN evaluations. Empty sides follow PAN's evaluation code: with neither
cases nor detections, precision and recall are 1; with only one of the two, both are 0;
with no case detected, granularity is 1.

This module does not depend on the rest of the library (only its error class), so it is
cheap to use on detections of any system.

Examples:
    >>> from spundetect.plagdet import plagdet
    >>> cases = [[((0, 100), (500, 600))]]              # one pair, one case
    >>> found = [[((0, 50), (500, 550)), ((50, 100), (550, 600))]]  # found in two halves
    >>> score = plagdet(cases, found)
    >>> score.precision, score.recall, score.granularity, round(score.plagdet, 3)
    (1.0, 1.0, 2.0, 0.631)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from spundetect.errors import InputError, describe

__all__ = ["Span", "SpanPair", "PlagdetScore", "plagdet", "detects", "MEASURE"]

Span = tuple[int, int]
#: ``(original_span, suspect_span)``: one case or one detection.
SpanPair = tuple[Span, Span]

#: Names the definition in every :class:`PlagdetScore` (and its signature line).
MEASURE = "pan-plagdet-macro"


class PlagdetScore(BaseModel):
    """PAN's macro-averaged text-alignment scores over a set of document pairs.

    Attributes:
        precision: macro precision in [0, 1] (over detections).
        recall: macro recall in [0, 1] (over cases).
        granularity: detections per detected case, >= 1.
        f1: harmonic mean of precision and recall.
        plagdet: ``f1 / log2(1 + granularity)``.
        pairs: document pairs scored.
        cases: known cases.
        detections: detections reported.
        detected_cases: cases detected by at least one detection.
        false_detections: detections that detect no case.
        measure: the definition used (:data:`MEASURE`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    precision: float
    recall: float
    granularity: float
    f1: float
    plagdet: float
    pairs: int
    cases: int
    detections: int
    detected_cases: int
    false_detections: int
    measure: str = MEASURE

    @property
    def signature(self) -> str:
        """A compact line naming the measure and what it was computed on."""
        return (
            f"{self.measure}|detects:overlap-on-both-documents|chars:both-documents"
            f"|pairs:{self.pairs}|cases:{self.cases}|detections:{self.detections}"
        )

    def __str__(self) -> str:
        return (
            f"plagdet {self.plagdet:.4f} (P {self.precision:.4f}, R {self.recall:.4f}, "
            f"granularity {self.granularity:.4f}) [{self.signature}]"
        )


def _check_span(value: object, where: str) -> Span:
    if (
        not isinstance(value, tuple | list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] <= value[1]
    ):
        raise InputError(
            f"{where} must be a (start, end) pair of ints with 0 <= start <= end, got "
            f"{describe(value)}",
            code="E120",
        )
    return (value[0], value[1])


def _check_pairs(name: str, value: object) -> list[list[SpanPair]]:
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        raise InputError(
            f"{name} must be a sequence with one list of (original_span, suspect_span) per "
            f"document pair, got {describe(value)}",
            code="E120",
        )
    out: list[list[SpanPair]] = []
    for k, items in enumerate(value):
        if not isinstance(items, Sequence) or isinstance(items, str | bytes):
            raise InputError(
                f"{name}[{k}] must be a list of (original_span, suspect_span), got {describe(items)}",
                code="E120",
            )
        spans: list[SpanPair] = []
        for j, item in enumerate(items):
            if not isinstance(item, tuple | list) or len(item) != 2:
                raise InputError(
                    f"{name}[{k}][{j}] must be an (original_span, suspect_span) pair, got "
                    f"{describe(item)}",
                    code="E120",
                )
            o = _check_span(item[0], f"{name}[{k}][{j}] original_span")
            s = _check_span(item[1], f"{name}[{k}][{j}] suspect_span")
            if o[0] == o[1] and s[0] == s[1]:
                raise InputError(
                    f"{name}[{k}][{j}] covers no character on either document: {describe(item)}",
                    code="E120",
                )
            spans.append((o, s))
        out.append(spans)
    return out


def _overlap(a: Span, b: Span) -> bool:
    # At least one shared character: an empty span inside another shares none.
    return max(a[0], b[0]) < min(a[1], b[1])


def detects(case: SpanPair, detection: SpanPair) -> bool:
    """True when ``detection`` shares a character with ``case`` in both documents.

    Examples:
        >>> from spundetect.plagdet import detects
        >>> detects(((0, 10), (50, 60)), ((5, 20), (55, 70)))
        True
        >>> detects(((0, 10), (50, 60)), ((5, 20), (0, 50)))
        False
    """
    return _overlap(case[0], detection[0]) and _overlap(case[1], detection[1])


def _covered(span: Span, others: Sequence[Span]) -> int:
    """Characters of ``span`` inside the union of ``others``."""
    pieces = sorted((max(span[0], o[0]), min(span[1], o[1])) for o in others)
    total, reach = 0, span[0]
    for lo, hi in pieces:
        lo = max(lo, reach)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


def _coverage(item: SpanPair, others: Sequence[SpanPair]) -> float:
    """Share of ``item``'s characters (both documents) covered by ``others`` that detect it."""
    hits = [o for o in others if detects(item, o)]
    if not hits:
        return 0.0
    covered = _covered(item[0], [h[0] for h in hits]) + _covered(item[1], [h[1] for h in hits])
    return covered / (item[0][1] - item[0][0] + item[1][1] - item[1][0])


def plagdet(cases: Sequence[Sequence[SpanPair]], detections: Sequence[Sequence[SpanPair]]) -> PlagdetScore:
    """Score detections against known cases with PAN's text-alignment measure.

    Args:
        cases: one list per document pair of the known reused passages, each an
            ``(original_span, suspect_span)`` pair of ``(start, end)`` character offsets.
        detections: one list per document pair (the same pairs, in the same order) of the
            passages a system reported, in the same form.

    Returns:
        The :class:`PlagdetScore` over all pairs.

    Raises:
        InputError: (E120) the two lists differ in length, or a span is not a
            ``(start, end)`` pair of ints with ``0 <= start <= end``, or an item covers no
            character at all.

    Examples:
        >>> from spundetect.plagdet import plagdet
        >>> s = plagdet([[((0, 100), (0, 100))]], [[((0, 100), (50, 150))]])
        >>> s.recall, s.precision, s.granularity
        (0.75, 0.75, 1.0)
        >>> plagdet([[]], [[((0, 10), (0, 10))]]).false_detections
        1
    """
    case_lists = _check_pairs("cases", cases)
    det_lists = _check_pairs("detections", detections)
    if len(case_lists) != len(det_lists):
        raise InputError(
            f"cases and detections must list the same document pairs: got {len(case_lists)} "
            f"and {len(det_lists)} pairs",
            code="E120",
        )
    n_cases = sum(map(len, case_lists))
    n_dets = sum(map(len, det_lists))
    recall_sum = precision_sum = 0.0
    detected = hits = false = 0
    for pair_cases, pair_dets in zip(case_lists, det_lists):
        for case in pair_cases:
            recall_sum += _coverage(case, pair_dets)
            found = sum(1 for d in pair_dets if detects(case, d))
            detected += found > 0
            hits += found
        for det in pair_dets:
            share = _coverage(det, pair_cases)
            precision_sum += share
            false += not any(detects(det, c) for c in pair_cases)
    if n_cases == 0 and n_dets == 0:
        precision = recall = 1.0
    elif n_cases == 0 or n_dets == 0:
        precision = recall = 0.0
    else:
        precision, recall = precision_sum / n_dets, recall_sum / n_cases
    granularity = hits / detected if detected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return PlagdetScore(
        precision=precision,
        recall=recall,
        granularity=granularity,
        f1=f1,
        plagdet=f1 / math.log2(1 + granularity),
        pairs=len(case_lists),
        cases=n_cases,
        detections=n_dets,
        detected_cases=detected,
        false_detections=false,
    )
