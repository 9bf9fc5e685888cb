"""score.shows_reuse, branch docacc: a reworded passage no seed found, a small part of a
long text, sharing few words in order (``_unseeded_loose``), and the names a condensed
passage may hold (``CONDENSED_NAMES``). Contracts on hand-made statistics, and properties
(monotone in the evidence)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect.models import Statistics
from spundetect.passages import Reuse
from spundetect.score import (
    CONDENSED_NAMES, CONDENSED_SUPPORT, MAX_NAMES, QUIET_BACKGROUND, UNSEEDED_COMMON, UNSEEDED_LONG_TEXT,
    UNSEEDED_PART,
    changed_share, load_model, shows_reuse,
)

MODEL = load_model()


def loose(words: int, *, common: int, total: int = 400, equal: int | None = None,
          original: int | None = None) -> Statistics:
    """A run of two derived sentence pairs (``words`` words on each side, strongly matched,
    nothing swapped: the spin score stays low) inside two texts of ``total`` words (the
    original of ``original`` words when given)."""
    same = words // 2 if equal is None else equal
    return Statistics(
        original_sentences=20, suspect_sentences=20, original_tokens=total if original is None else original,
        suspect_tokens=total,
        aligned_pairs=2, aligned_original_tokens=words, aligned_suspect_tokens=words,
        equal_tokens=same, swaps=0, swapped_original_tokens=0, swapped_suspect_tokens=0,
        synonym_swaps=0, flagged_swaps=0, swap_weight=0.0, inserted_tokens=words - same,
        deleted_tokens=words - same, moved_tokens=0, repeated_swaps=0, consistent_swaps=0, tells=0,
        strong_tokens=words, passages=1, reused_original_tokens=words, reused_suspect_tokens=words,
        reused_common_tokens=common,
    )


def run(words: int) -> Reuse:
    """A passage made of a run of aligned sentence pairs: no seed found it (seeds 0)."""
    return Reuse((100, 100 + words), (200, 200 + words), 0, False, 0.0)


def test_a_loose_pairing_inside_a_long_text_on_one_topic_is_not_reuse() -> None:
    words = 50
    assert words <= UNSEEDED_PART * 400
    few = loose(words, common=UNSEEDED_COMMON - 5)
    assert changed_share(few) > MODEL.copy_change
    # the rest of the two texts shares some of their words, or is too short to tell
    assert not shows_reuse(few, run(words), MODEL, background=0.15)
    assert not shows_reuse(few, run(words), MODEL, background=None)
    # many words in order: reuse
    assert shows_reuse(loose(words, common=UNSEEDED_COMMON), run(words), MODEL, background=0.15)
    # between texts that share nothing else (a machine-translated stretch): reuse
    assert shows_reuse(few, run(words), MODEL, background=QUIET_BACKGROUND)
    # found by seeds: the rule does not apply
    seeded = Reuse((100, 100 + words), (200, 200 + words), 30, False, 0.9)
    assert shows_reuse(few, seeded, MODEL, background=0.15)


def test_a_whole_short_pair_and_a_copy_keep_their_passage() -> None:
    words = 50
    # the passage is most of both texts (a sentence pair, a short reworded note)
    assert shows_reuse(loose(words, common=10, total=60), run(words), MODEL, background=None)
    # a small part of the longer text, but both texts short (a reworded sentence pair of
    # 17/57 tokens): few sentences to pair by chance
    assert UNSEEDED_LONG_TEXT > 57
    assert shows_reuse(loose(14, common=4, total=57, original=17), run(14), MODEL, background=None)
    assert not shows_reuse(loose(50, common=4, total=UNSEEDED_LONG_TEXT, original=60), run(50), MODEL,
                           background=None)
    # nearly unchanged over its sentence pairs: a copy, not a loose pairing
    copied = loose(words, common=10, equal=words - 2)
    assert changed_share(copied) <= MODEL.copy_change
    assert shows_reuse(copied, run(words), MODEL, background=0.15)


def test_a_summary_may_hold_more_names_than_a_reworded_passage() -> None:
    words = 90
    base = Statistics(**{**loose(words, common=40).model_dump(), "aligned_pairs": 0, "aligned_original_tokens": 0,
                         "aligned_suspect_tokens": 0, "equal_tokens": 0, "inserted_tokens": 0,
                         "deleted_tokens": 0, "strong_tokens": 0, "reused_original_tokens": 4 * words,
                         "condensed_tokens": words, "original_tokens": 5000, "suspect_tokens": 5000})
    assert MAX_NAMES < 0.47 < CONDENSED_NAMES

    def summary(names: float) -> Reuse:
        return Reuse((0, 4 * words), (1000, 1000 + words), CONDENSED_SUPPORT + 20, True, 0.6, names)

    assert shows_reuse(base, summary(0.47), MODEL)
    assert not shows_reuse(base, summary(CONDENSED_NAMES + 0.05), MODEL)


@settings(max_examples=80, deadline=None)
@given(words=st.integers(20, 150), common=st.integers(0, 150), more=st.integers(1, 60),
       total=st.integers(60, 3000), background=st.one_of(st.none(), st.floats(0.0, 1.0)))
def test_more_words_in_order_never_drop_a_passage(words: int, common: int, more: int, total: int,
                                                  background: float | None) -> None:
    total = max(total, words)
    common = min(common, words)
    higher = min(words, common + more)
    if shows_reuse(loose(words, common=common, total=total), run(words), MODEL, background=background):
        assert shows_reuse(loose(words, common=higher, total=total), run(words), MODEL, background=background)


@settings(max_examples=80, deadline=None)
@given(words=st.integers(20, 150), common=st.integers(0, 150), total=st.integers(60, 3000),
       cut=st.integers(0, 3000), background=st.one_of(st.none(), st.floats(0.0, 1.0)))
def test_a_passage_shown_inside_long_texts_is_shown_inside_shorter_ones(
        words: int, common: int, total: int, cut: int, background: float | None) -> None:
    """The larger the part of the texts a passage makes up, the less it needs: a loose
    pairing is dropped only as a small part of a long text."""
    total = max(total, words)
    shorter = max(words, total - cut)
    common = min(common, words)
    if shows_reuse(loose(words, common=common, total=total), run(words), MODEL, background=background):
        assert shows_reuse(loose(words, common=common, total=shorter), run(words), MODEL, background=background)
