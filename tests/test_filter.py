"""score.shows_reuse: the passage filter's rules, each on hand-made passage statistics
(contracts), and its monotonicity in the evidence (properties)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect.models import Statistics
from spundetect.passages import Reuse
from spundetect.score import (
    CONDENSED_SUPPORT, LOOSE_IN_ORDER, MAX_NAMES, MIN_PASSAGE_TOKENS, QUIET_BACKGROUND, QUIET_DENSITY,
    QUIET_IN_ORDER, QUIET_LENGTH_RATIO, SHORT_PAIRS, SHORT_SEEDS,
    SHORT_TOKENS, SUPPORTED_IN_ORDER, SUPPORTED_SEEDS, TOPIC_BACKGROUND, TOPIC_PASSAGE_TOKENS, load_model,
    shows_reuse,
)

MODEL = load_model()


def stats(words: int, *, pairs: int = 0, strong: int = 0, common: int | None = None,
          condensed: bool = False, total: int = 5000) -> Statistics:
    """A passage of ``words`` suspect words inside two long texts; ``pairs`` sentence
    pairs of ``words // max(pairs, 1)`` words each, ``strong`` of them strongly matched,
    with nothing swapped (so the spin score stays low)."""
    aligned = words if pairs else 0
    return Statistics(
        original_sentences=200, suspect_sentences=200, original_tokens=total, suspect_tokens=total,
        aligned_pairs=pairs, aligned_original_tokens=aligned, aligned_suspect_tokens=aligned,
        equal_tokens=aligned // 2, swaps=0, swapped_original_tokens=0, swapped_suspect_tokens=0,
        synonym_swaps=0, flagged_swaps=0, swap_weight=0.0, inserted_tokens=aligned // 2,
        deleted_tokens=aligned // 2, moved_tokens=0, repeated_swaps=0, consistent_swaps=0, tells=0,
        strong_tokens=strong, passages=1, reused_original_tokens=words * (4 if condensed else 1),
        reused_suspect_tokens=words, reused_common_tokens=words // 3 if common is None else common,
        condensed_tokens=words if condensed else 0,
    )


def reuse(words: int, seeds: int, in_order: float, names: float = 0.0, condensed: bool = False) -> Reuse:
    return Reuse((0, words * (4 if condensed else 1)), (1000, 1000 + words), seeds, condensed, in_order, names)


def test_one_shared_sentence_is_not_reuse_two_reused_sentences_are() -> None:
    words = SHORT_TOKENS + 5
    assert words < MIN_PASSAGE_TOKENS
    one = stats(words, pairs=1, strong=words)
    two = stats(words, pairs=SHORT_PAIRS, strong=words)
    assert not shows_reuse(one, reuse(words, SHORT_SEEDS + 5, 1.0), MODEL)
    assert shows_reuse(two, reuse(words, SHORT_SEEDS + 5, 1.0), MODEL)
    # found by aligning sentences, not by seeds (a run of pairs): still one sentence's worth
    assert not shows_reuse(two, reuse(words, 0, 0.0), MODEL)
    assert not shows_reuse(stats(SHORT_TOKENS - 1, pairs=2, strong=SHORT_TOKENS - 1),
                           reuse(SHORT_TOKENS - 1, SHORT_SEEDS, 1.0), MODEL)


def test_names_and_numbers_do_not_carry_a_loosely_ordered_passage() -> None:
    words = 80
    base = stats(words)
    supported = reuse(words, SUPPORTED_SEEDS + 10, SUPPORTED_IN_ORDER + 0.02)
    assert shows_reuse(base, supported, MODEL)
    named = reuse(words, SUPPORTED_SEEDS + 10, SUPPORTED_IN_ORDER + 0.02, names=MAX_NAMES + 0.1)
    assert not shows_reuse(base, named, MODEL)
    # densely matched, few in order (a machine translation), content words: shown
    loose = reuse(words, int(0.5 * words), LOOSE_IN_ORDER + 0.02, names=0.1)
    assert shows_reuse(base, loose, MODEL)
    assert not shows_reuse(base, reuse(words, int(0.5 * words), LOOSE_IN_ORDER + 0.02, names=0.6), MODEL)
    assert not shows_reuse(base, reuse(words, int(0.2 * words), LOOSE_IN_ORDER + 0.02, names=0.1), MODEL)


def test_a_condensed_passage_needs_support_order_and_content_words() -> None:
    words = 90
    base = stats(words, condensed=True)
    good = reuse(words, CONDENSED_SUPPORT + 20, 0.6, names=0.2, condensed=True)
    assert shows_reuse(base, good, MODEL)
    assert not shows_reuse(base, reuse(words, CONDENSED_SUPPORT - 1, 0.6, 0.2, True), MODEL)
    assert not shows_reuse(base, reuse(words, CONDENSED_SUPPORT + 20, 0.6, MAX_NAMES + 0.1, True), MODEL)
    assert not shows_reuse(base, reuse(words, CONDENSED_SUPPORT + 20, 0.3, 0.2, True), MODEL)
    # even when its sentence pairs are derived (two reports sharing a few sentences)
    derived = stats(words, pairs=3, strong=words, condensed=True)
    assert not shows_reuse(derived, reuse(words, CONDENSED_SUPPORT + 20, 0.3, 0.2, True), MODEL)


@settings(max_examples=150, deadline=None)
@given(st.integers(20, 300), st.integers(0, 200), st.floats(0, 1), st.floats(0, 1), st.booleans(),
       st.integers(0, 6), st.floats(0, 0.3), st.floats(0, 0.3), st.integers(0, 30))
def test_more_evidence_never_removes_a_passage(words: int, seeds: int, in_order: float, names: float,
                                               condensed: bool, pairs: int, more_order: float,
                                               fewer_names: float, more_seeds: int) -> None:
    s = stats(words, pairs=pairs, strong=words if pairs else 0, condensed=condensed)
    weak = reuse(words, seeds, in_order, names, condensed)
    strong = reuse(words, seeds + more_seeds, min(1.0, in_order + more_order),
                   max(0.0, names - fewer_names), condensed)
    if shows_reuse(s, weak, MODEL):
        assert shows_reuse(s, strong, MODEL)


def test_between_two_texts_on_one_topic_a_short_passage_is_not_reuse() -> None:
    # Two reports of one event share a lead or a quotation (45 words, two sentence pairs,
    # copied): reuse between texts on other topics, not between texts on one topic.
    words = 45
    assert MIN_PASSAGE_TOKENS <= words < TOPIC_PASSAGE_TOKENS
    s = stats(words, pairs=2, strong=words, common=words)
    r = reuse(words, 30, 1.0)
    assert shows_reuse(s, r, MODEL)
    assert shows_reuse(s, r, MODEL, background=TOPIC_BACKGROUND - 0.01)
    assert not shows_reuse(s, r, MODEL, background=TOPIC_BACKGROUND)
    # a longer passage (several sentences) is reuse whatever the topic
    long_ = stats(TOPIC_PASSAGE_TOKENS, pairs=4, strong=TOPIC_PASSAGE_TOKENS)
    assert shows_reuse(long_, reuse(TOPIC_PASSAGE_TOKENS, 40, 1.0), MODEL, background=0.9)
    # so is a passage that makes up much of the shorter text (a wire copy of a short report)
    short_text = stats(words, pairs=2, strong=words, total=80)
    assert shows_reuse(short_text, r, MODEL, background=0.9)
    # the two-sentence rule for shorter passages does not apply between texts on one topic
    two = stats(SHORT_TOKENS + 5, pairs=SHORT_PAIRS, strong=SHORT_TOKENS + 5)
    assert shows_reuse(two, reuse(SHORT_TOKENS + 5, SHORT_SEEDS + 5, 1.0), MODEL)
    assert not shows_reuse(two, reuse(SHORT_TOKENS + 5, SHORT_SEEDS + 5, 1.0), MODEL, background=0.5)


def test_a_spun_passage_is_reuse_whatever_the_topic() -> None:
    # a spinner rewords; two reporters sharing a sentence do not: a passage whose pairs
    # score as spun at a threshold of 0 is kept, however short, between texts on one topic
    words = SHORT_TOKENS
    s = stats(words, pairs=1, strong=words)
    assert not shows_reuse(s, reuse(words, 12, 1.0), MODEL, background=0.9)
    assert shows_reuse(s, reuse(words, 12, 1.0), MODEL, threshold=0.0, background=0.9)


@settings(max_examples=150, deadline=None)
@given(st.integers(20, 300), st.integers(0, 200), st.floats(0, 1), st.booleans(), st.integers(0, 6),
       st.integers(40, 5000), st.floats(0, 1), st.floats(0, 1))
def test_a_more_related_rest_never_adds_a_passage(words: int, seeds: int, in_order: float, condensed: bool,
                                                  pairs: int, total: int, low: float, high: float) -> None:
    # the more the rest of the two texts shares its topic, the more a passage must show
    low, high = sorted((low, high))
    s = stats(words, pairs=pairs, strong=words if pairs else 0, condensed=condensed, total=total)
    r = reuse(words, seeds, in_order, 0.1, condensed)
    plain = shows_reuse(s, r, MODEL)
    at_low = shows_reuse(s, r, MODEL, background=low)
    at_high = shows_reuse(s, r, MODEL, background=high)
    assert at_high <= at_low
    # known to share little (up to QUIET_BACKGROUND) may add a passage; known to share
    # more never does, and below TOPIC_BACKGROUND nothing is taken away
    if low > QUIET_BACKGROUND:
        assert at_low <= plain
    if low < TOPIC_BACKGROUND:
        assert plain <= at_low


def quiet(words: int, o_words: int) -> Statistics:
    """A passage with no sentence pair (a machine translation's are all too reworded)."""
    return stats(words).model_copy(update=dict(reused_original_tokens=o_words))


def test_a_translated_passage_between_texts_that_share_nothing_else() -> None:
    words = 60
    r = reuse(words, int(QUIET_DENSITY * words) + 1, QUIET_IN_ORDER + 0.05, names=0.2)
    s = quiet(words, 66)
    assert not shows_reuse(s, r, MODEL)  # no rule of its own shows it
    assert shows_reuse(s, r, MODEL, background=QUIET_BACKGROUND)
    assert not shows_reuse(s, r, MODEL, background=QUIET_BACKGROUND + 0.01)  # the rest shares more
    # each condition on its own
    assert not shows_reuse(quiet(words, int(QUIET_LENGTH_RATIO * words) + 1), r, MODEL, background=0.0)
    # a shorter one needs more of its words in order (see the short rules below)
    from spundetect.score import SHORT_QUIET_IN_ORDER
    assert QUIET_IN_ORDER + 0.05 < SHORT_QUIET_IN_ORDER
    assert not shows_reuse(quiet(MIN_PASSAGE_TOKENS - 1, MIN_PASSAGE_TOKENS), reuse(
        MIN_PASSAGE_TOKENS - 1, MIN_PASSAGE_TOKENS - 1, QUIET_IN_ORDER + 0.05), MODEL, background=0.0)
    for weak in (reuse(words, int(QUIET_DENSITY * words) - 1, QUIET_IN_ORDER + 0.05),
                 reuse(words, int(QUIET_DENSITY * words) + 1, QUIET_IN_ORDER - 0.01)):
        assert not shows_reuse(s, weak, MODEL, background=0.0)


def test_a_translated_reference_list_between_unrelated_texts_is_reuse() -> None:
    """Mostly names (a bibliography, a book notice, reworded) between texts that share
    nothing else: the quiet rules keep it (QUIET_NAMES), the rules for texts whose rest is
    unknown or shared do not (MAX_NAMES, LOOSE_NAMES: two reports of one event)."""
    from spundetect.score import LOOSE_DENSITY, LOOSE_NAMES, QUIET_NAMES, SHORT_QUIET_IN_ORDER

    assert QUIET_NAMES > MAX_NAMES >= LOOSE_NAMES
    words = 50
    named = reuse(words, SUPPORTED_SEEDS + 1, LOOSE_IN_ORDER + 0.2, names=min(QUIET_NAMES, 0.95))
    assert SUPPORTED_SEEDS + 1 >= LOOSE_DENSITY * words
    s = quiet(words, 60)
    assert shows_reuse(s, named, MODEL, background=0.0)
    # with fewer matches, names past MAX_NAMES are what two reports share (a few names)
    few = reuse(words, SUPPORTED_SEEDS - 1, LOOSE_IN_ORDER + 0.2, names=min(QUIET_NAMES, 0.95))
    assert not shows_reuse(s, few, MODEL, background=0.0)
    assert shows_reuse(s, reuse(words, SUPPORTED_SEEDS - 1, LOOSE_IN_ORDER + 0.2, names=MAX_NAMES), MODEL,
                       background=0.0)
    assert shows_reuse(s, named, MODEL, background=QUIET_BACKGROUND)
    assert not shows_reuse(s, named, MODEL)  # the rest unknown
    assert not shows_reuse(s, named, MODEL, background=QUIET_BACKGROUND + 0.01)  # the rest shared
    # the same passage with few names is kept by the loose rule whatever the rest
    assert shows_reuse(s, reuse(words, int(LOOSE_DENSITY * words) + 1, LOOSE_IN_ORDER + 0.2), MODEL)
    # a short one too (one or two translated sentences of a reference list)
    short = 32
    r = reuse(short, SUPPORTED_SEEDS, SHORT_QUIET_IN_ORDER, names=min(QUIET_NAMES, 0.95))
    assert shows_reuse(quiet(short, 36), r, MODEL, background=0.0)
    r_few = reuse(short, int(LOOSE_DENSITY * short) + 1, SHORT_QUIET_IN_ORDER, names=MAX_NAMES + 0.05)
    assert int(LOOSE_DENSITY * short) + 1 < SUPPORTED_SEEDS
    assert not shows_reuse(quiet(short, 36), r_few, MODEL, background=0.0)
    assert not shows_reuse(quiet(short, 36), r, MODEL, background=QUIET_BACKGROUND + 0.01)


def test_a_short_ordered_passage_between_texts_that_share_nothing_else() -> None:
    from spundetect.score import SHORT_IN_ORDER

    words = 20  # one reworded sentence, under SHORT_TOKENS: the two-sentence rule cannot show it
    assert words < SHORT_TOKENS
    s = stats(words, pairs=1, strong=words)
    r = reuse(words, SHORT_SEEDS, SHORT_IN_ORDER)
    assert not shows_reuse(s, r, MODEL)  # the rest unknown
    assert shows_reuse(s, r, MODEL, background=QUIET_BACKGROUND)
    assert not shows_reuse(s, r, MODEL, background=QUIET_BACKGROUND + 0.01)
    assert not shows_reuse(s, reuse(words, SHORT_SEEDS, SHORT_IN_ORDER - 0.01), MODEL, background=0.0)
    assert not shows_reuse(s, reuse(words, SHORT_SEEDS - 1, 1.0), MODEL, background=0.0)
    # a condensed passage is judged by its own rules
    assert not shows_reuse(stats(words, condensed=True), reuse(words, SHORT_SEEDS, 1.0, condensed=True),
                           MODEL, background=0.0)


def test_a_short_translated_passage_between_texts_that_share_nothing_else() -> None:
    from spundetect.score import LOOSE_DENSITY, SHORT_IN_ORDER, SHORT_QUIET_IN_ORDER

    words = 32
    seeds = int(LOOSE_DENSITY * words) + 1
    r = reuse(words, seeds, SHORT_QUIET_IN_ORDER, names=0.2)
    s = quiet(words, 36)
    assert SHORT_QUIET_IN_ORDER < SHORT_IN_ORDER and not shows_reuse(s, r, MODEL)
    assert shows_reuse(s, r, MODEL, background=QUIET_BACKGROUND)
    assert not shows_reuse(s, r, MODEL, background=QUIET_BACKGROUND + 0.01)
    assert not shows_reuse(quiet(words, 2 * words), r, MODEL, background=0.0)  # one side twice as long
    assert not shows_reuse(s, reuse(words, int(LOOSE_DENSITY * words) - 1, 0.8), MODEL, background=0.0)


def test_a_short_passage_shared_word_for_word_is_boilerplate_not_reuse() -> None:
    from spundetect.score import SHORT_IN_ORDER, SHORT_SAME_CHANGE

    words = 16  # "We promise never to sell, rent, or trade your email() Privacy policy ..."
    same = stats(words, common=words)
    assert same.reused_change_rate <= SHORT_SAME_CHANGE
    r = reuse(words, SHORT_SEEDS + 1, 1.0)
    assert not shows_reuse(same, r, MODEL, background=0.0)
    reworded = stats(words, common=int(words * (1 - 2 * SHORT_SAME_CHANGE)))
    assert reworded.reused_change_rate > SHORT_SAME_CHANGE
    assert shows_reuse(reworded, reuse(words, SHORT_SEEDS + 1, SHORT_IN_ORDER), MODEL, background=0.0)
