"""spundetect.fingerprint: the numpy tokeniser and batch fingerprinting against a plain
reference (``str.splitlines``, ``str.split`` and a loop per word), contracts and properties."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect import fingerprint
from spundetect.fingerprint import (
    _BITS, _MULTIPLIERS, _SALT, _SPACE_CODES, _BREAK_CODES, _VOCABULARY, KEEP_ALL, LOOK_UP_ALL, FingerprintConfig,
    document_array, document_arrays, fingerprints, query_grams, short_variants,
)

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_MARKS = set(".!?:")
_MASK = (1 << 64) - 1


def _mix(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _reference_words(text: str) -> list[tuple[str, bool, int, int]]:
    """(word, after a sentence mark or line start, start, end), one loop per token: a
    token's first word follows a mark when the token before ends with one (after its
    last word, or anywhere in it when it has none) or starts a line."""
    out: list[tuple[str, bool, int, int]] = []
    trail = True
    for line in re.finditer(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+", text):
        trail = True
        for tok in re.finditer(r"\S+", line.group()):
            token = tok.group()
            start = line.start() + tok.start()
            end = 0
            for m in _WORD.finditer(token):
                mark = (trail and end == 0) or any(c in _MARKS for c in token[end : m.start()])
                out.append((m.group(), mark, start + m.start(), start + m.end()))
                end = m.end()
            trail = any(c in _MARKS for c in token[end:])
    return out


def _reference(text: str, config: FingerprintConfig, keep_all: int) -> list[tuple[int, int, int]]:
    """What an index keeps (``keep_all=KEEP_ALL``) or a query looks up: (fingerprint,
    start, end) in text order, computed word by word in plain Python."""
    words = _reference_words(text)
    if words:
        words[0] = (words[0][0], True, words[0][2], words[0][3])
    kinds = (("immutable", 0), ("canonical", _SALT)) if config.scheme == "hybrid" else ((config.scheme, 0),)
    out = []
    for kind, salt in kinds:
        chosen = []
        for word, mark, a, b in words:
            imm, spelled, canonical, func, plain = _VOCABULARY.compute_facts(word.lower())
            if kind == "immutable" and not (imm or (word[0].isupper() and not mark)):
                continue
            if kind == "stopword" and not func:
                continue
            value = {"immutable": spelled, "stopword": spelled, "canonical": canonical, "word": plain}[kind]
            chosen.append((value & _MASK, a, b))
        n = min(config.n, len(chosen))
        grams = []
        for i in range(len(chosen) - n + 1) if chosen else ():
            h = sum(_MULTIPLIERS[k] * chosen[i + k][0] for k in range(n)) & _MASK
            grams.append((_mix(h ^ salt), chosen[i][1], chosen[i + n - 1][2]))
        keep_every = len(grams) <= keep_all
        for h, a, b in grams:
            sampled = h % config.sample == 0
            if keep_every or sampled:
                out.append((((h >> (65 - _BITS)) << 1) | int(sampled), a, b))
    return sorted(out, key=lambda g: (g[1], g[2]))


CONFIGS = [FingerprintConfig(), FingerprintConfig("word", 2, 1), FingerprintConfig("immutable", 1, 1),
           FingerprintConfig("canonical", 5, 8), FingerprintConfig("stopword", 3, 4)]
_SPACES = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u2028", "\x0c", "\n\n", "\x1f", "\u3000"])
_PIECES = st.sampled_from(["The", "the", "Moscow", "men", "2", "two", "met.", "(Alice", "U.S.", "e.g.", "don't",
                           "3.5", "\u201cQuote\u201d", "...", "-", "said:", "Zanzibar!", "l'\u00e9t\u00e9", "_x_",
                           "\U0001d400bc", "friend", "old", "in", "within"])
_TEXTS = st.lists(st.tuples(_PIECES, _SPACES), max_size=60).map(lambda ps: "".join(a + b for a, b in ps))


def test_white_space_tables_are_pythons() -> None:
    assert set(_SPACE_CODES) == {c for c in range(0x110000) if chr(c).isspace()}
    breaks = {c for c in range(0x110000) if len(("a" + chr(c) + "b").splitlines()) == 2}
    assert set(_BREAK_CODES) == breaks


@settings(max_examples=80, deadline=None)
@given(st.lists(_TEXTS | st.text(max_size=60), min_size=1, max_size=6))
def test_batch_fingerprints_match_the_reference(texts: list[str]) -> None:
    texts = [t for t in texts if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
    for config in CONFIGS:
        got = document_arrays(texts, config)
        assert len(got) == len(texts)
        for text, array in zip(texts, got):
            expected = sorted({h for h, _, _ in _reference(text, config, KEEP_ALL)})
            assert array.tolist() == expected
            assert document_array(text, config).tolist() == expected
        for text in texts:
            # a query looks up its own n-grams, then (a title) its synonyms' not among them
            own = _reference(text, config, LOOK_UP_ALL)
            looked = query_grams(text, config=config)
            assert looked[: len(own)] == own
            assert looked[len(own):] == [g for g in short_variants(text, config=config)
                                         if g[0] not in {h for h, _, _ in own}]
            assert [(f.hash, f.start, f.end) for f in fingerprints(text, config=config)] == _reference(
                text, config, 2**62)


def test_a_text_whose_every_n_gram_falls_outside_the_sample_keeps_none() -> None:
    # hypothesis found it: one repeated stop word gives one stop-word 3-gram, and the
    # 1-in-4 sample can drop it; the batch sort must then not index an empty array
    config = FingerprintConfig("stopword", 3, 4)
    text = "The " * 27
    assert _reference(text, config, KEEP_ALL) == []
    assert [a.tolist() for a in document_arrays([text, text], config)] == [[], []]
    assert document_array(text, config).tolist() == []


def test_batches_of_any_size_agree() -> None:
    rng = random.Random(3)
    words = ["the", "The", "men", "Moscow.", "2", "met", "in", "old", "friend", "a", "(b)", "x\ny", "end!"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 400))) for _ in range(50)]
    one = [document_array(t) for t in texts]
    old = fingerprint._PASS_CHARS
    try:
        fingerprint._PASS_CHARS = 500  # many numpy passes over one batch
        assert [a.tolist() for a in document_arrays(texts)] == [a.tolist() for a in one]
    finally:
        fingerprint._PASS_CHARS = old
    assert [a.tolist() for a in document_arrays(texts)] == [a.tolist() for a in one]
    assert document_arrays([]) == []


def test_arrays_are_sorted_distinct_40_bit() -> None:
    for array in document_arrays(["The two men met an old friend in Moscow. " * 30, "", "   ", "a"]):
        assert array.dtype == np.int64
        assert (np.diff(array) > 0).all() and (array >= 0).all() and (array < 2**40).all()


def test_token_keys_tell_tokens_apart() -> None:
    tokens = [f"{a}{b}" for a in ("x", "xy", "yx", "ab", "ba", "\u00e9", "e\u0301") for b in ("", ".", "!", "s")]
    _, _, keys, _ = fingerprint._tokenize(" ".join(tokens))
    assert len(set(keys.tolist())) == len(set(tokens))
    _, _, again, _ = fingerprint._tokenize("\n".join(reversed(tokens)))
    assert sorted(again.tolist()) == sorted(keys.tolist())  # a token's key does not depend on its place


@pytest.mark.parametrize("text", ["", " \n\t ", "one", "A. B. C.", "\u2028x\u2029y", "said: - Moscow ", "Yes ... Moscow"])
def test_edge_texts(text: str) -> None:
    for config in CONFIGS:
        assert document_array(text, config).tolist() == sorted({h for h, _, _ in _reference(text, config, KEEP_ALL)})


# --- a title's synonym variants (short_variants) --------------------------------------------


def _reference_variants(word: str) -> set[int]:
    """The canonical n-gram of every one-word document made of ``word`` or of a one-word
    synonym of it (WordNet's, and the thesaurus's under the word and its base forms),
    as a set: the plain way to say what a title looks up, bound aside."""
    from spundetect.lexicon import get_lexicon
    from spundetect.thesaurus import get_thesaurus

    lex, thesaurus = get_lexicon(), get_thesaurus()
    bases = {base for base, _ in lex.lemmas(word)}
    synonyms = set(lex.synonyms(word)).union(thesaurus.entry(word), *(thesaurus.entry(b) for b in bases))
    return {_title_gram(w) for w in {word} | {s.lower() for s in synonyms if s.isalpha()}}


def _title_gram(word: str) -> int:
    """The canonical n-gram of a one-word document, computed as _reference does."""
    canonical = _VOCABULARY.compute_facts(word)[2] & _MASK
    h = _mix(((_MULTIPLIERS[0] * canonical) & _MASK) ^ _SALT)
    return ((h >> (65 - _BITS)) << 1) | int(h % 4 == 0)


@pytest.mark.parametrize("word", ["Papers", "Commentaries", "house", "quickly", "the", "Zanzibar", "1999",
                                  "l'\u00e9t\u00e9", "don't"])
def test_title_variants_match_the_reference(word: str) -> None:
    got = short_variants(word)
    expected = _reference_variants(word.lower())
    hashes = [h for h, _, _ in got]
    assert hashes[0] == _title_gram(word.lower()) and len(set(hashes)) == len(hashes)
    if len(expected) <= fingerprint.SHORT_COMBINATIONS:
        assert set(hashes) == expected
    else:  # the bound keeps the first of them
        assert set(hashes) < expected and len(hashes) == fingerprint.SHORT_COMBINATIONS
    assert all((a, b) == (0, len(word)) for _, a, b in got)


def test_a_spun_title_finds_its_original() -> None:
    # SpinBot's swaps of two Wikipedia section titles (the MPC pairs of the dev data)
    stored = {"Newspapers": set(document_array("Newspapers").tolist()),
              "Footnotes": set(document_array("Footnotes").tolist())}
    assert not {f.hash for f in fingerprints("Papers")} & stored["Newspapers"]
    assert {h for h, _, _ in short_variants("Papers")} & stored["Newspapers"]
    assert {h for h, _, _ in short_variants("Commentaries")} & stored["Footnotes"]


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=5).map(" ".join))
def test_title_variants_contracts(text: str) -> None:
    words = _WORD.findall(text)
    got = short_variants(text)
    own = {f.hash for f in fingerprints(text)}
    looked = query_grams(text)
    if not 1 <= len(words) < 3:
        assert got == [] and len(looked) == len({(h, a, b) for h, a, b in looked})
        return
    assert 1 <= len(got) <= fingerprint.SHORT_COMBINATIONS
    # the first combination is the title's own canonical n-gram, which it also stores
    assert got[0][0] in own and got[0][0] in set(document_array(text).tolist())
    # a query looks up its own n-grams first, then the variants it does not already have
    assert [g for g in looked[: len(fingerprints(text))]] == [(f.hash, f.start, f.end) for f in fingerprints(text)]
    assert {h for h, _, _ in looked} == own | {h for h, _, _ in got}
    for scheme in ("immutable", "stopword", "word"):
        assert short_variants(text, config=FingerprintConfig(scheme, 3, 4)) == []


# ---------------------------------------------------------------- the facts of a word


def _reference_spelling(word: str) -> str:
    from spundetect.wordlists import is_number, number_value

    if word == "an":
        return "a"
    if is_number(word):
        value = number_value([word])
        if value is not None:
            return f"#{value[0]:g}"
    return word


def _reference_immutable(word: str) -> bool:
    from spundetect.lexicon import get_lexicon
    from spundetect.thesaurus import get_thesaurus
    from spundetect.wordlists import FUNCTION_SYNONYMS, FUNCTION_WORDS, is_number

    if word in FUNCTION_SYNONYMS:
        return False
    if word in FUNCTION_WORDS or is_number(word):
        return True
    return not get_lexicon().synonyms(word) and not get_thesaurus().entry(word)


def _reference_canonical(word: str) -> str:
    from spundetect.lexicon import get_lexicon
    from spundetect.wordlists import FUNCTION_SYNONYMS

    group = FUNCTION_SYNONYMS.get(word)
    if group is not None:
        return min(group)
    if _reference_spelling(word) != word:
        return _reference_spelling(word)
    lex = get_lexicon()
    lemmas = lex.lemmas(word)
    base = lemmas[0][0] if lemmas else word
    return min([base, *(s.lower() for s in lex.synonyms(base) if " " not in s)])


def _reference_facts(word: str) -> fingerprint.Facts:
    """Each fact computed apart (the way of before branch wordfacts), each hash made anew."""
    from spundetect.wordlists import FUNCTION_WORDS

    h = fingerprint._hash
    return (_reference_immutable(word), h(_reference_spelling(word)), h(_reference_canonical(word)),
            word in FUNCTION_WORDS, h(word))


def _sample_words() -> list[str]:
    """WordNet lemmas and their inflections, function words, numbers, hyphenated and
    capitalised forms, names and non-words."""
    from spundetect.lexicon import get_lexicon
    from spundetect.wordlists import FUNCTION_SYNONYMS, FUNCTION_WORDS

    lemmas = sorted(k for k in get_lexicon()._index if "_" not in k)[::97]
    words = lemmas + [w + s for w in lemmas[::3] for s in ("s", "es", "ed", "ing", "er", "est", "ly")]
    words += sorted(FUNCTION_WORDS) + sorted(FUNCTION_SYNONYMS)
    words += ["an", "a", "2", "two", "3rd", "third", "2,600", "1990s", "66%", "37th", "thirty", "million", "0", "1.5"]
    words += ["life-threatening", "well-known", "x-ray", "co-operate", "Moscow", "The", "NASA", "Running", "geese",
              "ran", "better", "worse", "mice", "qzxv", "thx", "ne'er", "o'clock", "déjà", "naïve", "", "b4", "e-mail"]
    return words


def test_word_facts_match_the_facts_computed_apart() -> None:
    """Differential: the one-pass facts equal the three computed apart, for a few thousand
    words of every kind."""
    for word in _sample_words():
        assert fingerprint._word_facts(word) == _reference_facts(word), word


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet="abcdeilnorstuy'-2 ", max_size=10),
                 st.text(max_size=6), st.from_regex(r"[a-z]{2,9}(s|ed|ing|ly|er)?", fullmatch=True)))
def test_word_facts_property(word: str) -> None:
    """Property: for any string, the one-pass facts equal the facts computed apart."""
    assert fingerprint._word_facts(word) == _reference_facts(word)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1) | st.sampled_from([0, 1, 2**63, 2**64 - 1]), min_size=1, max_size=300))
def test_distinct_keys_are_np_unique(values: list[int]) -> None:
    # the build's distinct token keys (an unstable sort) against numpy's (a stable one)
    keys = np.array(values, dtype=np.uint64)
    expected = np.unique(keys, return_index=True, return_inverse=True)
    for got, want in zip(fingerprint._distinct_keys(keys), expected):
        assert got.tolist() == want.tolist()


def test_code_points_above_the_table_are_no_space() -> None:
    text = "a\U0001F600b \ud800c \u3000d\uffff"
    starts, ends, _, _ = fingerprint._tokenize(text)
    assert [text[a:b] for a, b in zip(starts.tolist(), ends.tolist())] == text.split()
