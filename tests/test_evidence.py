"""Evidence for spinners whose dictionary is not ours: hyphenated compounds as one swap,
and loose links to much rarer words (``rare_loose``) counted apart.

Contracts, hypothesis properties, and differential checks against plain references (a
reading of the characters for the hyphen glue, a count over the reported swaps for the
statistics)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.diff import Op, apply, diff_tokens
from spundetect.evidence import (
    FLAGGABLE,
    LOOSE,
    Context,
    Side,
    _glue_compounds,
    glued_words,
    judge,
    mark_consistency,
    rare_loose,
)
from spundetect.segment import segment


def swaps(original: str, suspect: str) -> list[tuple[str, str]]:
    c = spundetect.compare(original, suspect)
    return [(c.original[slice(*s.original_span)], c.suspect[slice(*s.suspect_span)]) for s in c.swaps]


# --- contracts ---------------------------------------------------------------------------


def test_a_hyphenated_substitute_is_one_swap_not_an_insertion() -> None:
    c = spundetect.compare("He was kind to all of the men in the national team.",
                           "He was long-suffering to all of the men in the all-encompassing team.")
    got = [(c.original[slice(*s.original_span)], c.suspect[slice(*s.suspect_span)]) for s in c.swaps]
    assert got == [("kind", "long-suffering"), ("national", "all-encompassing")]
    assert c.edits == [] and c.stats.inserted_tokens == 0


def test_a_hyphenated_original_replaced_by_one_word_is_one_swap() -> None:
    assert swaps("He stood by the well-known gate of the old town.",
                 "He stood by the famous gate of the old town.") == [("well-known", "famous")]


def test_a_spaced_dash_glues_nothing() -> None:
    # "kind - and" is a dash between words, not a compound: the inserted word stays an insertion
    c = spundetect.compare("He was kind to the men of the team.", "He was nice - and to the men of the team.")
    assert [e.tag for e in c.edits] == ["insert"]


def test_rare_loose_needs_a_loose_link_and_a_much_rarer_substitute() -> None:
    assert rare_loose("thesaurus", ("thesaurus", "frequency_drop"))
    assert not rare_loose("thesaurus", ("thesaurus",))
    assert not rare_loose("same_synset", ("same_synset", "frequency_drop"))  # a close link flags instead
    assert not rare_loose("none", ("no_relation", "frequency_drop"))  # an edit, not a thesaurus swap
    # two-step links and siblings: what the words of a chance pairing meet in WordNet
    assert not rare_loose("related", ("related", "frequency_drop"))
    assert not rare_loose("co_hyponym", ("co_hyponym", "frequency_drop"))
    j = judge("government", "hamlet", Context())
    assert j.relation in LOOSE and rare_loose(j.relation, j.reasons) and not j.flagged


def test_two_rare_loose_swaps_in_a_paragraph_lean_to_spun() -> None:
    original = ("The new plan was drawn up by the government after a long debate in the city council, "
                "and it was approved by a large majority of the members on Tuesday evening.")
    rare = spundetect.compare(original, original.replace("government", "hamlet").replace("new", "prevalent"))
    assert rare.stats.rare_loose_swaps == 2
    assert rare.score > 0.5


def test_rare_loose_swaps_are_counted_in_the_statistics_and_features() -> None:
    c = spundetect.compare("The government said it would study the new plan.",
                           "The hamlet said it would study the prevalent plan.")
    assert c.stats.rare_loose_swaps == 2
    assert c.features["rare_loose_swaps"] == 2.0


def test_results_saved_before_the_count_read_back_with_zero() -> None:
    c = spundetect.compare("The government said it would study the new plan.",
                           "The hamlet said it would study the prevalent plan.")
    data = c.stats.model_dump()
    del data["rare_loose_swaps"]
    assert type(c.stats).model_validate(data).rare_loose_swaps == 0

# --- properties --------------------------------------------------------------------------


PIECES = st.sampled_from(["kind", "long", "suffering", "all", "vis", "a", "well", "known", "men", "team"])


@st.composite
def sides(draw: st.DrawFn) -> tuple[list[str], list[str], set[int], set[int]]:
    a = draw(st.lists(PIECES, max_size=10))
    b = draw(st.lists(PIECES, max_size=10))
    ga = draw(st.sets(st.integers(0, max(len(a) - 2, 0)))) if len(a) > 1 else set()
    gb = draw(st.sets(st.integers(0, max(len(b) - 2, 0)))) if len(b) > 1 else set()
    return a, b, ga, gb


def _side(norms: list[str], glued: set[int]) -> Side:
    return Side([], norms, set(), glued)


@settings(max_examples=300, deadline=None)
@given(sides())
def test_gluing_keeps_the_ops_a_cover_of_both_sides(case: tuple[list[str], list[str], set[int], set[int]]) -> None:
    a, b, ga, gb = case
    ops = diff_tokens(a, b)
    glued = _glue_compounds(ops, _side(a, ga), _side(b, gb))
    assert apply(glued, a, b) == b  # contiguous, covering both sides, equal ops hold
    assert [op for op in glued if op.tag == "equal"] == [op for op in ops if op.tag == "equal"]
    assert len(glued) <= len(ops)
    assert _glue_compounds(glued, _side(a, ga), _side(b, gb)) == glued  # nothing left to fold
    for op in glued:  # what was folded was a glued piece next to a substitution
        if op not in ops:
            assert op.tag == "replace"


@settings(max_examples=300, deadline=None)
@given(sides())
def test_without_hyphens_the_ops_are_untouched(case: tuple[list[str], list[str], set[int], set[int]]) -> None:
    a, b, _, _ = case
    ops = diff_tokens(a, b)
    assert _glue_compounds(ops, _side(a, set()), _side(b, set())) == ops


WORDS = st.sampled_from(["long", "suffering", "a", "vis", "x1", "well", "known", "of", "the"])


GLUE = st.sampled_from([" ", "-", " - ", "--", "\u2010", ", ", "/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, GLUE), min_size=1, max_size=12))
def test_glued_words_match_a_regular_expression_reading(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + g for w, g in parts).strip()
    tokens = segment(text)[0].tokens if segment(text) else []
    words = [t for t in tokens if t.is_word]
    got = {words[k].start for k in glued_words(tokens, words)}
    # reference, read off the characters: a word token right before one hyphen character
    # that is followed by a letter or digit starting the next word token
    starts = {t.start for t in words}
    expected = {t.start for t in words if t.end + 1 < len(text) and text[t.end] in "-\u2010\u2011"
                and text[t.end + 1].isalnum() and t.end + 1 in starts}
    assert got == expected


LEXICON_WORDS = st.sampled_from([
    "government", "hamlet", "new", "prevalent", "just", "luminous", "people", "cognate", "time", "silurian",
    "old", "previous", "friend", "pal", "town", "city", "big", "large", "study", "dreaming", "kind", "nice",
])


@settings(max_examples=200, deadline=None)
@given(LEXICON_WORDS, LEXICON_WORDS)
def test_a_rare_loose_swap_is_a_thesaurus_swap_and_never_flagged(original: str, suspect: str) -> None:
    j = judge(original, suspect, Context())
    if rare_loose(j.relation, j.reasons):
        assert j.synonym and not j.flagged and j.relation not in FLAGGABLE

# --- differential: the statistic is a plain count over the reported swaps -----------------


PAIRS = [
    ("The government said it would study the new plan for the old town.",
     "The hamlet said it would study the prevalent plan for the previous town."),
    ("Just two people came to the new market that time.", "Luminous 2 cognate came to the prevalent market that silurian."),
    ("He was kind to all of the men in the national team.",
     "He was long-suffering to all of the men in the all-encompassing team."),
]


def test_rare_loose_count_equals_a_count_over_the_swaps() -> None:
    for original, suspect in PAIRS:
        c = spundetect.compare(original, suspect)
        expected = sum(1 for s in c.swaps if s.synonym and s.relation in LOOSE and "frequency_drop" in s.reasons)
        assert c.stats.rare_loose_swaps == expected


def test_folded_ops_are_plain_ops() -> None:
    ops = [Op("insert", 0, 0, 0, 1), Op("replace", 0, 1, 1, 2)]
    assert _glue_compounds(ops, _side(["kind"], set()), _side(["long", "suffering"], {0})) == [
        Op("replace", 0, 1, 0, 2)]


# --- differential: mark_consistency against counting substitutes per original ----------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["big", "old", "fast", "x y"]),
                          st.sampled_from(["large", "aged", "quick", "prior", "x z"])), max_size=12))
def test_mark_consistency_is_the_counted_definition(pairs: list[tuple[str, str]]) -> None:
    # One substitute seen for an original, two or more times: every one of its swaps.
    from collections import Counter, defaultdict

    subs: dict[str, Counter[str]] = defaultdict(Counter)
    for o, s in pairs:
        subs[o][s] += 1
    want = {k for k, (o, _) in enumerate(pairs) if len(subs[o]) == 1 and sum(subs[o].values()) >= 2}
    assert mark_consistency(pairs) == want


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["old", "Old", "OLD", "friend", "Moscow", "1956", "x-ray", "É"]), min_size=1,
                max_size=3),
       st.lists(st.sampled_from(["previous", "Previous", "pal", "Moscow", "one", "É"]), min_size=1, max_size=3),
       st.booleans())
def test_proper_noun_reason_is_its_definition(o_words: list[str], s_words: list[str], initial: bool) -> None:
    # judge tells "proper_noun" from a capitalised original word (not all capitals) missing
    # from the suspect, away from a sentence start, the two sides not equal but for case;
    # an original without a capital is passed by at once (branch seedspeed2).
    o_text, s_text = " ".join(o_words), " ".join(s_words)
    ctx = Context(o_text, s_text, initial, False, None)
    want = (not initial
            and any(w[0].isupper() and not w.isupper() and w not in s_words for w in o_words)
            and o_text.lower() != s_text.lower())
    assert ("proper_noun" in judge(o_text.lower(), s_text.lower(), ctx).reasons) == want
