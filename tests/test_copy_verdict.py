"""The copy / paraphrase boundary of the verdict (``score.changed_share``): a copy needs
one of two countings of changed words to be low. Contracts on texts, properties of the
rule, and a differential check of ``score.decide`` against a plain reading of it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_compare import check_contract

import spundetect
from spundetect.models import Statistics
from spundetect.score import MIN_PASSAGE_TOKENS, changed_share, decide, is_verbatim, load_model

A = "The committee agreed that the old bridge would close to heavy trucks in March."
B = "Engineers will survey its steel frame and cables during the spring months."
C = "Drivers were told to use the northern ring road until the repair work ends in May."
ORIGINAL = f"Officials met for three hours on Tuesday. {A} {B} {C} The mayor did not comment on the plan."


def counts(*, o_aligned: int, s_aligned: int, equal: int, o_reused: int, s_reused: int, common: int,
           verbatim: int = 0, condensed: int = 0, passages: int = 1) -> Statistics:
    """Statistics of one passage with its sentence pairs (no swaps counted: never spun)."""
    values = dict.fromkeys(Statistics.model_fields, 0)
    values.update(
        original_tokens=max(o_aligned, o_reused) + 50, suspect_tokens=max(s_aligned, s_reused) + 50,
        aligned_pairs=1 if s_aligned else 0, aligned_original_tokens=o_aligned, aligned_suspect_tokens=s_aligned,
        equal_tokens=equal, strong_tokens=equal, verbatim_tokens=verbatim, passages=passages,
        reused_original_tokens=o_reused, reused_suspect_tokens=s_reused, reused_common_tokens=common,
        condensed_tokens=condensed,
    )
    return Statistics(**values)


def test_a_passage_pasted_between_new_words_is_a_copy() -> None:
    # Three copied sentences, none 20 words long (no verbatim stretch), glued after a new
    # lead-in and before a new ending in the same sentences: the aligned pairs are a third
    # new words, the passage itself is unchanged.
    suspect = (f"According to a short notice posted online last night by a local resident who follows "
               f"council business, {A[0].lower()}{A[1:]} {B} {C[:-1]}, and shop owners on the bridge road "
               f"fear that the closure will cost them most of their summer trade.")
    c = spundetect.compare(ORIGINAL, suspect)
    check_contract(c)
    model = load_model()
    assert c.stats.verbatim_share < model.copy_verbatim
    assert c.stats.two_sided_change_rate > model.copy_change >= c.stats.reused_change_rate
    assert c.verdict == "copy"
    assert [p.kind for p in c.passages] == ["copy"]


def test_a_reworded_passage_is_still_a_paraphrase() -> None:
    suspect = ("At a meeting on Tuesday, council members decided that heavy lorries may no longer cross the "
               "ageing bridge from March. Over the spring, specialists are going to inspect its iron frame "
               "and its wires. Motorists have been asked to take the ring road to the north while the "
               "repairs go on.")
    c = spundetect.compare(ORIGINAL, suspect)
    check_contract(c)
    assert c.verdict in ("paraphrase", "unrelated")
    if c.passages:
        assert changed_share(c.stats) > load_model().copy_change


def test_pasted_passage_counts_and_the_edited_copy_counts() -> None:
    model = load_model()
    # new words around the passage in its sentences: the extent shows the copy
    pasted = counts(o_aligned=40, s_aligned=70, equal=40, o_reused=40, s_reused=40, common=40)
    # a light edit that dropped sentences inside the passage: the pairs show the copy
    edited = counts(o_aligned=80, s_aligned=80, equal=76, o_reused=140, s_reused=80, common=76)
    reworded = counts(o_aligned=80, s_aligned=80, equal=40, o_reused=90, s_reused=85, common=42)
    assert pasted.two_sided_change_rate > model.copy_change and decide(0.0, pasted, model) == "copy"
    assert edited.reused_change_rate > model.copy_change and decide(0.0, edited, model) == "copy"
    assert decide(0.0, reworded, model) == "paraphrase"
    # a summary stays a paraphrase however copied its sentences are
    summary = counts(o_aligned=40, s_aligned=40, equal=40, o_reused=300, s_reused=40, common=40, condensed=40)
    assert decide(0.0, summary, model) == "paraphrase"


def test_without_pairs_or_without_a_passage_one_counting_is_left() -> None:
    no_pairs = counts(o_aligned=0, s_aligned=0, equal=0, o_reused=50, s_reused=50, common=30)
    assert changed_share(no_pairs) == no_pairs.reused_change_rate
    # no passage words: the empty extent (rate 0) must not make a copy
    no_extent = counts(o_aligned=50, s_aligned=50, equal=10, o_reused=0, s_reused=0, common=0)
    assert changed_share(no_extent) == no_extent.two_sided_change_rate == 0.8
    # one reworded sentence: its in-order count is not read (a person's paraphrase keeps it)
    sentence = counts(o_aligned=20, s_aligned=21, equal=14, o_reused=20, s_reused=21, common=17)
    assert sentence.reused_change_rate <= load_model().copy_change < sentence.two_sided_change_rate
    assert decide(0.0, sentence, load_model()) == "paraphrase"


def test_a_reworded_sentence_stays_a_paraphrase() -> None:
    original = "Amrozi accused his brother, whom he called the witness, of deliberately distorting his evidence."
    suspect = "Referring to him as only the witness, Amrozi accused his brother of deliberately distorting his evidence."
    c = spundetect.compare(original, suspect)
    check_contract(c)
    assert c.stats.reused_suspect_tokens < MIN_PASSAGE_TOKENS
    assert changed_share(c.stats) == c.stats.two_sided_change_rate


sizes = st.integers(min_value=1, max_value=400)


@st.composite
def passage_statistics(draw: st.DrawFn) -> Statistics:
    o_aligned, s_aligned = draw(sizes), draw(sizes)
    o_reused, s_reused = draw(sizes), draw(sizes)
    return counts(
        o_aligned=o_aligned, s_aligned=s_aligned, equal=draw(st.integers(0, min(o_aligned, s_aligned))),
        o_reused=o_reused, s_reused=s_reused, common=draw(st.integers(0, min(o_reused, s_reused))),
        verbatim=draw(st.integers(0, s_aligned)), condensed=draw(st.integers(0, s_reused)),
    )


def reference_verdict(s: Statistics, copy_change: float, copy_verbatim: float) -> str:
    """A plain reading of the rule for statistics that are not spun and hold passages."""
    if 2 * s.condensed_tokens > s.reused_suspect_tokens:
        return "paraphrase"
    pairs = 1 - 2 * s.equal_tokens / (s.aligned_original_tokens + s.aligned_suspect_tokens)
    extent = 1 - 2 * s.reused_common_tokens / (s.reused_original_tokens + s.reused_suspect_tokens)
    verbatim = s.verbatim_tokens / s.aligned_suspect_tokens
    change = min(pairs, extent) if s.reused_suspect_tokens >= 40 else pairs
    if change <= copy_change or verbatim >= copy_verbatim:
        return "copy"
    return "paraphrase"


@settings(max_examples=300, deadline=None)
@given(passage_statistics())
def test_decide_matches_a_plain_reading(s: Statistics) -> None:
    model = load_model()
    assert decide(0.0, s, model) == reference_verdict(s, model.copy_change, model.copy_verbatim)


@settings(max_examples=300, deadline=None)
@given(passage_statistics(), st.integers(min_value=0, max_value=400))
def test_more_shared_words_never_turn_a_copy_into_a_paraphrase(s: Statistics, more: int) -> None:
    model = load_model()
    assert changed_share(s) <= s.two_sided_change_rate
    if s.reused_suspect_tokens >= MIN_PASSAGE_TOKENS:
        assert changed_share(s) == min(s.two_sided_change_rate, s.reused_change_rate)
    common = min(s.reused_common_tokens + more, s.reused_original_tokens, s.reused_suspect_tokens)
    closer = s.model_copy(update={"reused_common_tokens": common})
    if decide(0.0, s, model) == "copy":
        assert decide(0.0, closer, model) == "copy"
    assert is_verbatim(closer, model) == is_verbatim(s, model)
