"""Tests of spundetect.spin: exact spans, reproducibility, modes, dictionaries, numbers, capitals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spundetect.errors import FileFormatError, InputTypeError, SettingsError
from spundetect.spin import (
    RULES,
    _number_spellings,
    SpinResult,
    Substitution,
    Thesaurus,
    number_to_words,
    spin,
    words_to_number,
)

TEXT = (
    "The two men met an old friend in Moscow on the 37th day. More than two hundred people "
    "queued in the rain before the doors opened. The building stands on the site of an old "
    "fish market, and the project cost 3.2 million pounds. Children were running and "
    "playing while their parents waited. Bigger houses were built near the river.\n\n"
    "A second paragraph: forty-two students studied history, and 2,600 books arrived."
)

VOCAB = [
    "the", "a", "an", "old", "friend", "Friend", "men", "two", "Two", "37th", "2,600", "3.2",
    "forty", "-", "thirty seventh", "houses", "running", "took", "bigger", "Paris", "NASA",
    "take place", "more than", "in", "and", ",", ".", "!", "?", "\"", "(", ")", "don't",
    "well-known", "café", "日本", "🙂", "\n", "\n\n", "  ", "\t", "happy", "studied",
]


def check_spans(result: SpinResult) -> None:
    """Every span slices back exactly, spans are ordered, and nothing else changed."""
    source, text = result.source, result.text
    rebuilt: list[str] = []
    cursor = 0
    previous_end = (-1, -1)
    for sub in result.substitutions:
        (a, b), (c, d) = sub.original_span, sub.spun_span
        assert source[a:b] == sub.original
        assert text[c:d] == sub.replacement
        assert a >= previous_end[0] and c >= previous_end[1]
        assert sub.original != sub.replacement
        assert sub.kind in ("word", "multiword", "number")
        rebuilt += [source[cursor:a], sub.replacement]
        assert len("".join(rebuilt)) == d
        cursor = b
        previous_end = (b, d)
    rebuilt.append(source[cursor:])
    assert "".join(rebuilt) == text


# ------------------------------------------------------------------ spans (property)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(VOCAB), max_size=40),
    seps=st.lists(st.sampled_from([" ", "", "\n", "  "]), min_size=40, max_size=40),
    mode=st.sampled_from(["first", "random"]),
    p=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32),
    protect=st.booleans(),
    numbers=st.booleans(),
    skip=st.booleans(),
    rules=st.booleans(),
)
def test_spans_slice_back_exactly(
    words: list[str],
    seps: list[str],
    mode: str,
    p: float,
    seed: int,
    protect: bool,
    numbers: bool,
    skip: bool,
    rules: bool,
) -> None:
    text = "".join(w + s for w, s in zip(words, seps))
    result = spin(
        text,
        mode=mode,  # type: ignore[arg-type]
        p=p,
        seed=seed,
        protect_capitalised=protect,
        numbers=numbers,
        skip_function_words=skip,
        rules=rules,
    )
    assert result.source == text
    check_spans(result)
    assert len(result.substitutions) <= result.candidates


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=200), seed=st.integers(0, 1000))
def test_spans_on_arbitrary_unicode(text: str, seed: int) -> None:
    check_spans(spin(text, p=0.7, seed=seed))
    check_spans(spin(text, mode="first", protect_capitalised=False))


def test_spans_on_a_real_text() -> None:
    for mode in ("first", "random"):
        for p in (0.25, 0.5, 1.0):
            result = spin(TEXT, mode=mode, p=p, seed=7)
            check_spans(result)
            assert result.substitutions
            assert {s.kind for s in result.substitutions} >= {"word", "number"} or mode == "random"


# ------------------------------------------------------------------ reproducibility and modes


def test_same_seed_same_result() -> None:
    assert spin(TEXT, p=0.5, seed=11) == spin(TEXT, p=0.5, seed=11)
    assert spin(TEXT, p=0.5, seed=11).text != spin(TEXT, p=0.5, seed=12).text


def test_p_zero_changes_nothing() -> None:
    result = spin(TEXT, p=0.0, seed=5)
    assert result.text == TEXT
    assert result.substitutions == ()
    assert result.candidates > 10


def test_p_one_replaces_every_candidate() -> None:
    result = spin(TEXT, p=1.0, seed=5)
    assert len(result.substitutions) == result.candidates


def test_rate_follows_p() -> None:
    counts = [len(spin(TEXT, p=0.25, seed=s).substitutions) for s in range(30)]
    candidates = spin(TEXT, p=0.25).candidates
    share = sum(counts) / (30 * candidates)
    assert 0.15 < share < 0.35


def test_mode_first_is_deterministic_and_takes_the_first_alternative() -> None:
    a = spin(TEXT, mode="first", seed=1)
    b = spin(TEXT, mode="first", seed=99, p=0.1)
    assert a.text == b.text
    assert a.p == 1.0
    assert len(a.substitutions) == a.candidates
    wordnet = Thesaurus.from_wordnet()
    for sub in a.substitutions:
        if sub.kind != "number":
            first = wordnet.alternatives(sub.original)[0]
            assert sub.replacement.lower() == first.lower()


def test_result_records_settings() -> None:
    result = spin("The old friend came.", p=0.5, seed=3, dictionary="wordnet-test")
    assert result.settings == {
        "mode": "random",
        "p": 0.5,
        "seed": 3,
        "dictionary": "wordnet-test",
        "numbers": True,
        "protect_capitalised": True,
        "skip_function_words": True,
        "rules": [],
    }
    sub = Substitution("a", "b", (0, 1), (0, 1), "word")
    assert sub.to_dict() == {
        "original": "a", "replacement": "b", "original_span": [0, 1], "spun_span": [0, 1],
        "kind": "word", "phenomenon": "dictionary",
    }


# ------------------------------------------------------------------ dictionaries


def test_file_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "dict.txt"
    path.write_text(
        "# comment line\n"
        "friend|pal|buddy\n"
        "\n"
        "{old|previous}\n"
        "old friend|acquaintance\n"
        "friend|mate\n"
        "junk\n",
        encoding="utf-8",
    )
    thesaurus = Thesaurus.from_file(path)
    assert thesaurus.name == "file:dict.txt"
    assert thesaurus.alternatives("FRIEND") == ("pal", "buddy", "mate")
    assert thesaurus.alternatives("old") == ("previous",)
    assert thesaurus.max_phrase_words == 2
    first = spin("An old friend. A friend, Friend!", mode="first", dictionary=thesaurus)
    assert first.text == "An acquaintance. A pal, Friend!"  # capitalised: protected
    check_spans(first)
    assert [s.kind for s in first.substitutions] == ["multiword", "word"]
    # a path works too, and the same file gives the same result
    assert spin("An old friend.", mode="first", dictionary=str(path)).text == "An acquaintance."
    assert spin("An old friend.", mode="first", dictionary=path).text == "An acquaintance."


def test_file_dictionary_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\nno pipes here\n", encoding="utf-8")
    with pytest.raises(FileFormatError):
        Thesaurus.from_file(empty)
    with pytest.raises(FileFormatError):
        Thesaurus.from_file(tmp_path / "missing.txt")


def test_article_is_not_fixed() -> None:
    thesaurus = Thesaurus.from_mapping({"old": ["previous"], "apple": ["pear"]})
    assert spin("an old friend, a apple", mode="first", dictionary=thesaurus).text == (
        "an previous friend, a pear"
    )


def test_wordnet_split_halves_are_disjoint() -> None:
    full = Thesaurus.from_wordnet()
    train = Thesaurus.from_wordnet(split="train")
    test = Thesaurus.from_wordnet(split="test")
    assert (train.name, test.name) == ("wordnet-train", "wordnet-test")
    sizes = [0, 0]
    for word in ("friend", "houses", "took", "big", "market", "running", "old", "building"):
        a, b = set(train.alternatives(word)), set(test.alternatives(word))
        assert a.isdisjoint(b)
        assert a | b <= set(full.alternatives(word))
        sizes[0] += len(a)
        sizes[1] += len(b)
    assert min(sizes) > 0.3 * sum(sizes)
    with pytest.raises(SettingsError):
        Thesaurus.from_wordnet(split="dev")  # type: ignore[arg-type]


def test_wordnet_inflection() -> None:
    wordnet = Thesaurus.from_wordnet()
    assert "allies" in wordnet.alternatives("friends")
    assert "led" in wordnet.alternatives("took")
    assert "held off" in wordnet.alternatives("waited")
    assert "halting" in wordnet.alternatives("stopping")
    assert "heavier" in wordnet.alternatives("bigger")
    assert "happen" in wordnet.alternatives("take place")
    assert wordnet.alternatives("took place") == ()
    # another form of the word itself is not an alternative
    assert "older" not in wordnet.alternatives("old")
    assert "wishing" not in wordnet.alternatives("wish")
    # a lower-case word gets no proper-name alternative, a capitalised one may
    assert "Quaker" not in wordnet.alternatives("friend")
    assert "Quaker" in wordnet.alternatives("Friend")


def test_capitalisation_of_the_original_is_kept() -> None:
    thesaurus = Thesaurus.from_mapping({"old": ["previous"]})
    result = spin("Old news. OLD news, old news.", mode="first", dictionary=thesaurus)
    assert result.text == "Previous news. OLD news, previous news."  # all capitals: protected
    result = spin(
        "Old news. OLD news, old news.", mode="first", dictionary=thesaurus, protect_capitalised=False
    )
    assert result.text == "Previous news. PREVIOUS news, previous news."


# ------------------------------------------------------------------ numbers


def test_numbers_both_ways() -> None:
    result = spin(
        "He came 2nd of 37 in 1999, not 37th. Two hundred and forty-two men, thirty seventh. "
        "It cost 3.2 million.",
        mode="first",
    )
    pairs = [(s.original, s.replacement) for s in result.substitutions if s.kind == "number"]
    assert pairs == [
        ("2nd", "second"),
        ("37", "thirty seven"),
        ("1999", "one thousand nine hundred ninety nine"),
        ("37th", "thirty seventh"),
        ("Two hundred", "200"),
        ("forty-two", "42"),
        ("thirty seventh", "37th"),
    ]
    check_spans(result)


def test_pieces_of_longer_words_are_left_alone() -> None:
    result = spin("It runs until 7am and costs $1,000.", mode="first")
    assert "7am" in result.text
    assert "$one thousand" in result.text  # a symbol is not a word: spinners write "$one thousand"
    check_spans(result)


def test_numbers_off_leaves_numbers_alone() -> None:
    text = "Two men paid 2,600 pounds on the 37th day."
    result = spin(text, mode="first", numbers=False)
    assert all(s.kind != "number" for s in result.substitutions)
    for token in ("Two", "2,600", "37th"):
        assert token in result.text


@given(st.integers(0, 10**12 - 1), st.booleans())
def test_number_words_round_trip(n: int, ordinal: bool) -> None:
    words = number_to_words(n, ordinal=ordinal)
    if ordinal and n == 0:
        return
    assert words_to_number(words.split()) == (n, ordinal)


def test_words_to_number_rejects_non_canonical() -> None:
    assert words_to_number(["twenty", "five", "hundred"]) is None
    assert words_to_number(["two", "three"]) is None
    assert words_to_number([]) is None
    assert words_to_number(["Thirty", "seventh"]) == (37, True)
    with pytest.raises(SettingsError):
        number_to_words(-1)


# ------------------------------------------------------------------ capitals and function words


def test_capitalised_words_are_protected_by_default() -> None:
    text = "Yesterday I saw the big United States and Paris."
    protected = spin(text, mode="first")
    assert "United States" in protected.text and "Paris" in protected.text
    assert "big" not in protected.text
    opened = spin(text, mode="first", protect_capitalised=False)
    changed = {s.original for s in opened.substitutions}
    assert "Paris" in changed
    check_spans(opened)


def test_sentence_initial_word_is_not_protected() -> None:
    result = spin("Houses were cheap.", mode="first")
    assert result.substitutions[0].original == "Houses"
    assert result.text[0].isupper()


def test_function_words_are_skipped() -> None:
    thesaurus = Thesaurus.from_mapping({"the": ["teh"], "and": ["plus"], "cat": ["feline"]})
    skipped = spin("the cat and the dog", mode="first", dictionary=thesaurus)
    assert skipped.text == "the feline and the dog"
    spun = spin("the cat and the dog", mode="first", dictionary=thesaurus, skip_function_words=False)
    assert spun.text == "teh feline plus teh dog"


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    "options",
    [
        {"mode": "last"},
        {"p": 1.5},
        {"p": -0.1},
        {"p": float("nan")},
        {"p": True},
        {"seed": "1"},
        {"numbers": 1},
        {"dictionary": 3},
        {"rules": "modal"},
        {"rules": ["slang"]},
        {"rules": 1},
    ],
)
def test_bad_settings(options: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        spin("text", **options)  # type: ignore[arg-type]


def test_bad_text() -> None:
    with pytest.raises(InputTypeError):
        spin(None)  # type: ignore[arg-type]
    assert spin("").text == ""


# ------------------------------------------------------------------ rule-built phenomena


def _subs(text: str, **options: object) -> list[tuple[str, str, str]]:
    """Substitutions in mode "first", with an empty dictionary unless one is given."""
    options.setdefault("dictionary", Thesaurus.from_mapping({}))
    result = spin(text, mode="first", **options)  # type: ignore[arg-type]
    check_spans(result)
    return [(s.original, s.replacement, s.phenomenon) for s in result.substitutions]


def test_rules_off_by_default_and_recorded() -> None:
    text = "They might not go here."
    assert spin(text, mode="first").text == spin(text, mode="first", rules=False).text
    result = spin(text, mode="first", rules=["modal", "expansion"])
    assert result.rules == ("expansion", "modal")
    assert result.settings["rules"] == ["expansion", "modal"]
    assert spin(text, rules=True).rules == RULES


def test_contractions_both_ways() -> None:
    subs = _subs("I'm sure it does not work, and they can't stay.", rules=["contraction"])
    assert ("I'm", "I am", "contraction") in subs
    assert ("does not", "doesn't", "contraction") in subs
    assert ("can't", "cannot", "contraction") in subs
    curly = _subs("It\u2019s late.", rules=["contraction"])
    assert curly == [("It\u2019s", "It is", "contraction")]


def test_modal_swaps() -> None:
    subs = _subs("They might go and they can stay.", rules=["modal"])
    assert ("might", "may", "modal") in subs and ("can", "could", "modal") in subs
    # a capitalised modal inside a sentence (the month) is protected
    assert _subs("We met in May.", rules=["modal"]) == []


def test_expansions_contain_the_original() -> None:
    subs = _subs("Whether it is here or not, another campaign began without us.", rules=["expansion"])
    assert ("Whether", "Whether or not", "expansion") in subs
    assert ("here", "right here", "expansion") in subs
    assert ("another", "yet another", "expansion") in subs
    assert ("without", "with out", "expansion") in subs
    result = spin("The campaign began.", mode="first", rules=["expansion"], dictionary=Thesaurus.from_mapping({}))
    (sub,) = result.substitutions
    assert sub.phenomenon == "expansion" and sub.replacement.endswith(" campaign")
    assert sub.kind == "multiword"


def test_inflection_swaps_between_forms() -> None:
    empty = Thesaurus.from_mapping({})
    for word, expected in (("list", "listing"), ("young", "younger"), ("credits", "credit")):
        result = spin(f"The {word} grew.", mode="random", p=1.0, seed=0, rules=["inflection"], dictionary=empty)
        alternatives = {
            spin(f"The {word} grew.", p=1.0, seed=k, rules=["inflection"], dictionary=empty).substitutions[0].replacement
            for k in range(40)
        }
        assert expected in alternatives, (word, alternatives)
        assert all(s.phenomenon == "inflection" for s in result.substitutions)
    subs = _subs("Of them, he grew.", rules=["inflection"])
    assert ("grew", "grow", "inflection") in subs
    assert all(o.lower() not in ("of", "them", "he") for o, _, _ in subs)  # function words keep their form


def test_number_spellings() -> None:
    assert _number_spellings(170, False) == ["one hundred and seventy", "a hundred and seventy"]
    assert _number_spellings(43, False) == ["forty-three"]
    assert _number_spellings(37, True) == ["thirty-seventh"]
    assert _number_spellings(9, False) == []
    seen = {
        spin("We saw 170 birds.", p=1.0, seed=k, rules=["number_words"], dictionary=Thesaurus.from_mapping({}))
        .substitutions[0].replacement
        for k in range(40)
    }
    assert seen == {"one hundred seventy", "one hundred and seventy", "a hundred and seventy"}
    # every spelling reads back to the same value
    from spundetect.wordlists import number_value

    for text in seen:
        assert number_value(text.split()) == (170.0, "cardinal")


def test_rule_alternatives_keep_to_the_dictionary_half() -> None:
    text = (
        "I'm sure it does not work here. They might go, and they can't stay. The young list "
        "of credits: 43 men and 170 women joined the campaign. Whether he wins is another question."
    )

    def pairs(dictionary: str) -> set[tuple[str, str]]:
        found = set()
        for seed in range(30):
            result = spin(text, p=1.0, seed=seed, rules=True, dictionary=dictionary)
            found |= {(s.original.lower(), s.replacement.lower()) for s in result.substitutions
                      if s.phenomenon in RULES}
        return found

    train, test = pairs("wordnet-train"), pairs("wordnet-test")
    assert train and test
    assert train.isdisjoint(test)
