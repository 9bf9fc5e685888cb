"""The closed-class lists shared by the spinner and the evidence: numbers, expansions, modals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spundetect.lexicon import get_lexicon
from spundetect.spin import number_to_words
from spundetect.wordlists import (
    CONTRACTION_PAIRS,
    EXPANSIONS,
    MODAL_SWAPS,
    contraction_of,
    expansion_of,
    is_number_phrase,
    modal_swap,
    number_spans,
    number_value,
)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("a hundred and seventy", 170),
        ("one hundred and seventy", 170),
        ("one hundred seventy", 170),
        ("a thousand two hundred and thirty four", 1234),
        ("forty three", 43),
    ],
)
def test_spellings_of_numbers_read_back(words: str, value: int) -> None:
    assert number_value(words.split()) == (float(value), "cardinal")
    assert is_number_phrase(words.split())


@pytest.mark.parametrize("words", ["a", "and", "a dog", "and seventy", "hundred and", "two and five", "a seventy"])
def test_connectors_alone_are_no_number(words: str) -> None:
    assert not is_number_phrase(words.split())


@given(st.integers(0, 10**9 - 1))
def test_every_spelling_with_and_reads_back(n: int) -> None:
    # differential: number_to_words (no "and") against the lenient reader, with "and" added
    # after every "hundred" that more words follow, as British spellings do
    words = number_to_words(n).split()
    british = []
    for k, w in enumerate(words):
        british.append(w)
        if w == "hundred" and k + 1 < len(words) and words[k + 1] not in ("thousand", "million", "billion"):
            british.append("and")
    assert number_value(british) == (float(n), "cardinal")


def test_expansions_contain_their_word_and_go_both_ways() -> None:
    for word, phrases in EXPANSIONS.items():
        for phrase in phrases:
            assert word in phrase.split() or phrase.replace(" ", "") == word, (word, phrase)
            assert expansion_of(word, phrase) and expansion_of(phrase, word)
    assert not expansion_of("here", "there")


def test_modal_swaps_are_modals() -> None:
    assert modal_swap("might", "may") and modal_swap("may", "might")
    assert not modal_swap("can", "can") and not modal_swap("can", "dog")
    assert all(alts for alts in MODAL_SWAPS.values())


def test_contraction_pairs_are_read_as_contractions_word_by_word() -> None:
    from spundetect.segment import segment

    for full, short in CONTRACTION_PAIRS:
        a = [t.norm for s in segment(full) for t in s.tokens if t.is_word]
        b = [t.norm for s in segment(short) for t in s.tokens if t.is_word]
        if len(a) == len(b):
            assert all(x == y or contraction_of(x, y) for x, y in zip(a, b)), (full, short, a, b)


def test_compounds_are_kinds_of_the_word() -> None:
    lex = get_lexicon()
    found = lex.compounds("campaign")
    assert "political campaign" in found
    assert all(c.endswith(" campaign") for c in found)
    assert lex.compounds("7am") == [] and lex.compounds("") == []


# --- number_spans: one key for every spelling of a number (the synonym round, seams) ---------

@given(st.integers(0, 10**9 - 1), st.integers(0, 10**9 - 1), st.booleans())
def test_number_spans_read_spelled_numbers_as_their_value(a: int, b: int, digits: bool) -> None:
    # Differential against the spinner's own speller: a spelled-out number is one span of its
    # value, a number in digits one word; a word between two numbers keeps them apart.
    first = number_to_words(a).split()
    second = [str(b)] if digits else number_to_words(b).split()
    words = ["about", *first, "kb", *second]
    assert number_spans(words) == [(1, 1 + len(first), str(a)),
                                   (2 + len(first), 2 + len(first) + len(second), str(b))]


@given(st.lists(st.sampled_from(["one", "two", "twenty", "hundred", "thousand", "and", "a", "7", "sixth",
                                 "cars", "1,200", "fifteen"]), max_size=12))
def test_number_spans_are_ordered_disjoint_and_read_back(words: list[str]) -> None:
    spans = number_spans(words)
    ends = [0]
    for a, b, value in spans:
        assert ends[-1] <= a < b <= len(words)
        ends.append(b)
        read = number_value([w for w in words[a:b] if w != "and"])
        assert read is not None and float(value) == read[0]
        assert words[a] != "and" and words[b - 1] != "and"


def test_number_spans_split_numbers_written_side_by_side() -> None:
    # a spinner's "2006 - 2007" spelled out loses the dash to the tokenizer
    assert number_spans("two thousand six two thousand seven".split()) == [(0, 3, "2006"), (3, 6, "2007")]
    assert number_spans(["sixth", "6th"]) == [(0, 1, "6"), (1, 2, "6")]
    assert number_spans(["seventy", "nine", "nine"]) == [(0, 2, "79"), (2, 3, "9")]
    assert number_spans(["and", "cars"]) == []
