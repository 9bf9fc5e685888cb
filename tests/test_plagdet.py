"""PAN's text-alignment measure (spundetect.plagdet): hand-made cases, properties, and a
differential check against a naive per-character implementation of the published
definition."""

from __future__ import annotations

import doctest
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spundetect.plagdet as plagdet_module
from spundetect.errors import InputError
from spundetect.plagdet import PlagdetScore, SpanPair, plagdet

CASE: SpanPair = ((100, 300), (1000, 1200))


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-12)


# ----------------------------------------------------------------- hand-made cases


def test_perfect_detection() -> None:
    s = plagdet([[CASE]], [[CASE]])
    assert (s.precision, s.recall, s.granularity, s.f1, s.plagdet) == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert (s.pairs, s.cases, s.detections, s.detected_cases, s.false_detections) == (1, 1, 1, 1, 0)


def test_half_overlap_on_both_sides() -> None:
    # The detection covers the second half of the case on both documents, plus as much
    # again outside it: half of the case found, half of the detection right.
    det = ((200, 400), (1100, 1300))
    s = plagdet([[CASE]], [[det]])
    assert s.recall == approx(0.5)
    assert s.precision == approx(0.5)
    assert s.granularity == 1.0
    assert s.plagdet == approx(0.5)


def test_uneven_sides_count_characters_of_both_documents() -> None:
    # Whole case on the original side (200 chars), a quarter on the suspect side (50).
    det = ((100, 300), (1000, 1050))
    s = plagdet([[CASE]], [[det]])
    assert s.recall == approx((200 + 50) / 400)
    assert s.precision == approx(1.0)


def test_split_detection_has_granularity_two() -> None:
    halves = [((100, 200), (1000, 1100)), ((200, 300), (1100, 1200))]
    s = plagdet([[CASE]], [halves])
    assert s.recall == 1.0 and s.precision == 1.0
    assert s.granularity == 2.0
    assert s.plagdet == approx(1 / math.log2(3))
    assert s.detected_cases == 1 and s.false_detections == 0


def test_overlapping_detections_are_not_counted_twice() -> None:
    dets = [((100, 250), (1000, 1150)), ((150, 300), (1050, 1200))]
    s = plagdet([[CASE]], [dets])
    assert s.recall == 1.0
    assert s.granularity == 2.0


def test_detection_overlapping_only_one_side_detects_nothing() -> None:
    # Right place in the suspect, wrong place in the original: no detection of the case.
    wrong_source = ((5000, 5200), (1000, 1200))
    s = plagdet([[CASE]], [[wrong_source]])
    assert s.recall == 0.0 and s.precision == 0.0 and s.plagdet == 0.0
    assert s.detected_cases == 0 and s.false_detections == 1
    assert s.granularity == 1.0
    wrong_suspect = ((100, 300), (0, 200))
    assert plagdet([[CASE]], [[wrong_suspect]]).recall == 0.0


def test_touching_spans_do_not_overlap() -> None:
    # Half-open offsets: a detection ending where the case starts shares no character.
    s = plagdet([[CASE]], [[((0, 100), (900, 1000))]])
    assert s.detected_cases == 0 and s.recall == 0.0


def test_pairs_are_kept_apart() -> None:
    # The same offsets in another document pair detect nothing.
    s = plagdet([[CASE], []], [[], [CASE]])
    assert s.recall == 0.0 and s.precision == 0.0 and s.false_detections == 1


def test_macro_average_over_cases_and_detections_not_pairs() -> None:
    other: SpanPair = ((0, 100), (0, 100))
    # Pair 1: two cases, one found perfectly; pair 2: one case found perfectly.
    s = plagdet([[CASE, other], [CASE]], [[CASE], [CASE]])
    assert s.recall == approx(2 / 3)
    assert s.precision == 1.0
    assert (s.cases, s.detections, s.detected_cases) == (3, 2, 2)


def test_false_detection_lowers_precision_only() -> None:
    s = plagdet([[CASE]], [[CASE, ((5000, 5300), (7000, 7300))]])
    assert s.recall == 1.0 and s.precision == approx(0.5)
    assert s.false_detections == 1 and s.granularity == 1.0


def test_no_cases_and_no_detections() -> None:
    s = plagdet([[], []], [[], []])
    assert (s.precision, s.recall, s.granularity, s.plagdet) == (1.0, 1.0, 1.0, 1.0)
    assert s.pairs == 2 and s.cases == 0
    assert plagdet([], []).plagdet == 1.0


def test_no_detections() -> None:
    s = plagdet([[CASE]], [[]])
    assert (s.precision, s.recall, s.granularity, s.plagdet) == (0.0, 0.0, 1.0, 0.0)
    assert s.detected_cases == 0 and s.false_detections == 0


def test_detections_without_cases_are_false() -> None:
    s = plagdet([[]], [[CASE, CASE]])
    assert (s.precision, s.recall, s.plagdet) == (0.0, 0.0, 0.0)
    assert s.false_detections == 2


def test_one_sided_detection_is_allowed_but_detects_nothing() -> None:
    s = plagdet([[CASE]], [[((0, 0), (1000, 1200))]])
    assert s.false_detections == 1 and s.recall == 0.0
    # An empty span lying inside the case's span shares no character with it either.
    s = plagdet([[CASE]], [[((100, 300), (1100, 1100))]])
    assert s.false_detections == 1 and s.recall == 0.0


# ----------------------------------------------------------------- contracts


@pytest.mark.parametrize(
    ("cases", "detections", "where"),
    [
        ([[CASE]], [[((10, 5), (0, 1))]], "detections[0][0] original_span"),
        ([[CASE]], [[((0, 5), (-1, 1))]], "detections[0][0] suspect_span"),
        ([[((0, 5.0), (0, 1))]], [[]], "cases[0][0] original_span"),
        ([[((0, True), (0, 1))]], [[]], "cases[0][0] original_span"),
        ([[CASE]], [[(1, 2, 3)]], "detections[0][0] must be"),
        ([[CASE]], [[((0, 0), (5, 5))]], "covers no character"),
        ([[CASE]], [[], []], "same document pairs"),
        ("abc", [[]], "cases must be a sequence"),
        ([CASE], [[]], "cases[0][0] original_span"),
        ([[CASE]], [None], "detections[0] must be a list"),
    ],
)
def test_bad_input_is_a_coded_error(cases: object, detections: object, where: str) -> None:
    with pytest.raises(InputError) as info:
        plagdet(cases, detections)  # type: ignore[arg-type]
    assert info.value.code == "E120"
    assert where in str(info.value)


def test_lists_work_as_tuples() -> None:
    assert plagdet([[[[100, 300], [1000, 1200]]]], [[CASE]]).plagdet == 1.0  # type: ignore[list-item]


def test_result_is_frozen_and_round_trips() -> None:
    s = plagdet([[CASE]], [[((200, 400), (1100, 1300))]])
    assert PlagdetScore.model_validate_json(s.model_dump_json()) == s
    with pytest.raises(Exception):
        s.plagdet = 1.0
    assert s.signature.startswith("pan-plagdet-macro|")
    assert "cases:1" in s.signature and "detections:1" in s.signature
    assert str(s).startswith("plagdet 0.5000 (P 0.5000, R 0.5000, granularity 1.0000)")


def test_docstring_examples_run() -> None:
    failed, attempted = doctest.testmod(plagdet_module)
    assert attempted > 0 and failed == 0


# ----------------------------------------------------------------- differential + properties


def naive_plagdet(cases: list[list[SpanPair]], detections: list[list[SpanPair]]) -> tuple[float, float, float]:
    """The published definition, word for word, on sets of (document, side, char) marks."""

    def chars(k: int, item: SpanPair) -> set[tuple[int, str, int]]:
        (o0, o1), (s0, s1) = item
        return {(k, "o", i) for i in range(o0, o1)} | {(k, "s", i) for i in range(s0, s1)}

    def side(marks: set[tuple[int, str, int]], name: str) -> set[tuple[int, str, int]]:
        return {m for m in marks if m[1] == name}

    S = [chars(k, c) for k, cs in enumerate(cases) for c in cs]
    R = [chars(k, d) for k, ds in enumerate(detections) for d in ds]

    def detects(r: set[tuple[int, str, int]], s: set[tuple[int, str, int]]) -> bool:
        return bool(side(r, "o") & side(s, "o")) and bool(side(r, "s") & side(s, "s"))

    def meet(s: set[tuple[int, str, int]], r: set[tuple[int, str, int]]) -> set[tuple[int, str, int]]:
        return s & r if detects(r, s) else set()

    if not S and not R:
        return 1.0, 1.0, 1.0
    if not S or not R:
        return 0.0, 0.0, 1.0
    rec = sum(len(set().union(*(meet(s, r) for r in R))) / len(s) for s in S) / len(S)
    prec = sum(len(set().union(*(meet(s, r) for s in S))) / len(r) for r in R) / len(R)
    per_case = [sum(1 for r in R if detects(r, s)) for s in S]
    found = [n for n in per_case if n]
    gran = sum(found) / len(found) if found else 1.0
    return prec, rec, gran


def span_pairs(max_pos: int = 60) -> st.SearchStrategy[SpanPair]:
    def span(lo_hi: tuple[int, int]) -> tuple[int, int]:
        return (min(lo_hi), max(lo_hi))

    pos = st.integers(0, max_pos)
    return st.tuples(st.tuples(pos, pos).map(span), st.tuples(pos, pos).map(span)).filter(
        lambda p: p[0][1] > p[0][0] or p[1][1] > p[1][0]
    )


def documents() -> st.SearchStrategy[tuple[list[list[SpanPair]], list[list[SpanPair]]]]:
    return st.integers(0, 3).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(span_pairs(), max_size=3), min_size=n, max_size=n),
            st.lists(st.lists(span_pairs(), max_size=4), min_size=n, max_size=n),
        )
    )


@settings(max_examples=300, deadline=None)
@given(documents())
def test_matches_the_naive_per_character_definition(docs: tuple[list[list[SpanPair]], list[list[SpanPair]]]) -> None:
    cases, detections = docs
    s = plagdet(cases, detections)
    prec, rec, gran = naive_plagdet(cases, detections)
    assert s.precision == approx(prec)
    assert s.recall == approx(rec)
    assert s.granularity == approx(gran)


@settings(max_examples=200, deadline=None)
@given(documents())
def test_bounds_and_symmetry(docs: tuple[list[list[SpanPair]], list[list[SpanPair]]]) -> None:
    cases, detections = docs
    s = plagdet(cases, detections)
    assert 0.0 <= s.precision <= 1.0 and 0.0 <= s.recall <= 1.0
    assert s.granularity >= 1.0
    assert 0.0 <= s.plagdet <= s.f1 <= 1.0
    assert s.detected_cases <= s.cases and s.false_detections <= s.detections
    # Precision is recall with the roles of cases and detections swapped.
    swapped = plagdet(detections, cases)
    assert swapped.recall == approx(s.precision)
    assert swapped.precision == approx(s.recall)


def two_sided(p: SpanPair) -> bool:
    return p[0][1] > p[0][0] and p[1][1] > p[1][0]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(span_pairs().filter(two_sided), min_size=1, max_size=3), min_size=1, max_size=3))
def test_detecting_exactly_the_cases_is_perfect_in_precision_and_recall(cases: list[list[SpanPair]]) -> None:
    s = plagdet(cases, cases)
    assert s.precision == approx(1.0) and s.recall == approx(1.0)
    assert s.false_detections == 0 and s.detected_cases == s.cases
