"""Tests of spundetect.segment: offsets, invariants, boundary rules, seeds, edge cases."""

from __future__ import annotations

import ast
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spundetect import segment as segment_module
from spundetect.errors import InputTypeError, ResourceError, SettingsError
from spundetect.segment import (
    _MAX_SPAN_CHARS,
    MAX_SENTENCE_TOKENS,
    Sentence,
    Token,
    get_nlp,
    segment,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "‟": '"'}
)


def sentence_texts(text: str, pipeline: str | None = None) -> list[str]:
    return [text[s.start : s.end] for s in segment(text, pipeline=pipeline)]


def check_invariants(text: str, sentences: list[Sentence]) -> None:
    """Everything the API promises about any output."""
    owner = [0] * len(text)  # how many tokens cover each character
    prev_end = 0
    for sent in sentences:
        assert isinstance(sent, Sentence)
        assert sent.tokens, "a sentence without tokens"
        assert 1 <= len(sent.tokens) <= MAX_SENTENCE_TOKENS
        assert prev_end <= sent.start < sent.end <= len(text), "sentences out of order"
        body = text[sent.start : sent.end]
        assert body == body.strip() and not body.isspace()
        assert sent.tokens[0].start == sent.start and sent.tokens[-1].end == sent.end
        last = sent.start
        for tok in sent.tokens:
            assert isinstance(tok, Token)
            assert last <= tok.start < tok.end <= sent.end
            assert text[tok.start : tok.end] == tok.text
            assert not any(ch.isspace() for ch in tok.text)
            assert tok.norm == tok.text.lower().translate(_QUOTES)
            assert tok.is_word == bool(re.search(r"[^\W_]", tok.text))
            for i in range(tok.start, tok.end):
                owner[i] += 1
            last = tok.end
        # nothing but whitespace between the tokens of a sentence
        for a, b in zip(sent.tokens, sent.tokens[1:]):
            assert text[a.end : b.start].isspace() or a.end == b.start
        prev_end = sent.end
    for i, ch in enumerate(text):
        expected = 0 if ch.isspace() else 1
        assert owner[i] == expected, f"character {i} {ch!r} covered {owner[i]} times"


# --- properties ------------------------------------------------------------------------------

_FRAGMENTS = [
    " ", " ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "\u00a0", "\u2029",
    "word", "Word", "The", "He", "and", "2021", "3.5", "x",
    ".", ". ", "!", "?", "…", "...", ",", ";", ":", "—", "-",
    '"', "'", "“", "”", "‘", "’", "«", "»", "„", "(", ")", "[", "]",
    "Mr.", "Mrs.", "Dr.", "St.", "V.", "Dec.", "No.", "U.S.", "R.S.V.P.", "e.g.", "i.e.",
    "etc.", "p.m.", "Inc.",
    "👍🏽", "🇺🇸", "שלום", "مرحبا", "中文。", "\u200b", "\u200d", "\ufeff", "\x00", "\x01",
    "\x1c", "\ud800", "\udfff", "İ", "ΟΔΟΣ", "e\u0301", "ﬁ", "n’t",
]
_texts = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=4)), max_size=60
).map("".join)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_invariants_on_random_text(text: str) -> None:
    check_invariants(text, segment(text))


def _spacy_run_tokens(text: str) -> list[tuple[int, str]]:
    """spaCy's blank tokens of every whitespace-free run of ``text``, each run alone."""
    tokenizer = get_nlp().tokenizer
    return [
        (m.start() + t.idx, t.text)
        for m in re.finditer(r"\S+", text)
        for t in tokenizer(m.group())
        if not t.is_space
    ]


@settings(max_examples=150, deadline=None)
@given(_texts)
def test_tokens_are_exactly_spacy_blank_tokens(text: str) -> None:
    # The memoised tokenizer must give spaCy's own tokens of each run, whitespace dropped.
    text = re.sub("[\ud800-\udfff]", "x", text)  # spaCy itself cannot encode lone surrogates
    # runs of more than _MAX_SPAN_CHARS non-space characters are cut on purpose
    assume(all(len(run) <= _MAX_SPAN_CHARS for run in text.split()))
    got = [(t.start, t.text) for s in segment(text) for t in s.tokens]
    assert got == _spacy_run_tokens(text)


_RUN_PIECES = [":X", ":)", "):", ":-)", ":(", ")", "(", ":", "X", "x", "-", "linked", "people",
               "<3", ":P", "=)", "o.O", "'s", "n't", "U.S.", "e.g.", "...", "'", '"', "D:"]
_runs = st.lists(st.lists(st.sampled_from(_RUN_PIECES), min_size=1, max_size=4).map("".join),
                 min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(_runs)
def test_a_batch_tokenizes_each_run_as_if_alone(runs: list[str]) -> None:
    # Emoticon special cases are where spaCy looks across a space: a run's tokens must not
    # depend on which runs share its batch, or in which order.
    nlp = get_nlp()
    batched: dict[str, tuple[tuple[int, int, str, str, bool], ...]] = {}
    segment_module._tokenize_runs(nlp, runs, batched)
    for run in runs:
        alone: dict[str, tuple[tuple[int, int, str, str, bool], ...]] = {}
        segment_module._tokenize_runs(nlp, [run], alone)
        assert batched[run] == alone[run], (run, runs)


def test_tokens_match_spacy_on_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip("seed texts not available")
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        expected = [(t.idx, t.text) for t in get_nlp().tokenizer(text) if not t.is_space]
        got = [(t.start, t.text) for s in segment(text) for t in s.tokens]
        assert got == expected, path.name


def test_run_tokens_do_not_depend_on_neighbours() -> None:
    # spaCy's special-case matcher matches across one space: in "people) :X-linked" the
    # emoticon "):" hides the ":X" that ":X-linked" alone gives. Runs are tokenized in
    # batches whose order follows a set's, so without a barrier a run's tokens (and a
    # comparison's swaps) depended on which run happened to precede it.
    nlp = get_nlp()
    alone: dict[str, tuple[tuple[int, int, str, str, bool], ...]] = {}
    segment_module._tokenize_runs(nlp, [":X-linked"], alone)
    for before in ("people)", "(XX)", "gene(s)", ")", "x"):
        batched: dict[str, tuple[tuple[int, int, str, str, bool], ...]] = {}
        segment_module._tokenize_runs(nlp, [before, ":X-linked"], batched)
        assert batched[":X-linked"] == alone[":X-linked"], before
    assert [entry[2] for entry in alone[":X-linked"]] == [":X", "-", "linked"]
    tokens = [t.text for s in segment("Both (people) :X-linked here.") for t in s.tokens]
    assert tokens[tokens.index(")") + 1 : tokens.index(")") + 3] == [":X", "-"]


# --- boundary rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Putin met Mrs. Smith and Dr. Jones in St. Louis.",
        "President Vladimir V. Putin of Russia spoke.",
        "It happened on Dec. 1, 2021, in Moscow.",
        "The U.S. and China met.",
        "Fruit, e.g. apples, and nuts, i.e. almonds, etc. are healthy.",
        "He lives at No. 5 Main Street.",
        "Gen. Smith and Prof. Lee arrived at 5 p.m. on Monday.",
        "The U.S. Army and the U.S. Congress disagreed.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert sentence_texts(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He left the U.S. The rest stayed.", ["He left the U.S.", "The rest stayed."]),
        ("Buy apples, pears, etc. Then cook.", ["Buy apples, pears, etc.", "Then cook."]),
        ("He said no. The end.", ["He said no.", "The end."]),
        ("Call Acme Inc. They answer.", ["Call Acme Inc.", "They answer."]),
        ("What? Yes! Fine.", ["What?", "Yes!", "Fine."]),
        ("Wait... what is that?", ["Wait... what is that?"]),
        ("It ended... Then it began.", ["It ended...", "Then it began."]),
    ],
)
def test_real_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


def test_dotted_acronym_then_new_line_and_capital_breaks() -> None:
    text = "the first national leader to R.S.V.P.\nMr. Putin, facing threats, spoke."
    assert sentence_texts(text) == [
        "the first national leader to R.S.V.P.",
        "Mr. Putin, facing threats, spoke.",
    ]


def test_title_and_initial_at_line_end_do_not_break() -> None:
    text = "in contrast to Mr. Putin's call with Mr.\nBiden, when Vladimir V.\nPutin spoke."
    assert sentence_texts(text) == [text]


def test_hard_wrapped_lines_are_joined() -> None:
    text = (
        "President Xi Jinping of China,\nfacing a diplomatic boycott of this winter's Olympics\n"
        "and others, secured a pledge.\nMr. Putin, facing threats of\ncrushing sanctions, agreed."
    )
    assert sentence_texts(text) == [
        "President Xi Jinping of China,\nfacing a diplomatic boycott of this winter's Olympics\n"
        "and others, secured a pledge.",
        "Mr. Putin, facing threats of\ncrushing sanctions, agreed.",
    ]


def test_blank_line_always_breaks() -> None:
    text = (
        "Putin and Xi's United Front Rising Tensions With U.S.\n\n"
        "Ukrainian soldiers patrol in Avdiika, Ukraine, Dec. 1, 2021. (Brendan Hoffman)\n\n"
        "President Xi Jinping spoke with Mr.\n\nPutin on Wednesday."
    )
    assert sentence_texts(text) == [
        "Putin and Xi's United Front Rising Tensions With U.S.",
        "Ukrainian soldiers patrol in Avdiika, Ukraine, Dec. 1, 2021.",
        "(Brendan Hoffman)",
        "President Xi Jinping spoke with Mr.",
        "Putin on Wednesday.",
    ]


def test_windows_line_endings() -> None:
    text = "Headline here\r\n\r\nFirst line of a\r\nwrapped sentence. Second one.\r\n"
    assert sentence_texts(text) == [
        "Headline here",
        "First line of a\r\nwrapped sentence.",
        "Second one.",
    ]
    # blank lines with spaces, form feeds and paragraph separators also break
    assert sentence_texts("A b\n \t\nC d\fE f\u2029G h") == ["A b", "C d", "E f", "G h"]


def test_opening_quote_or_bracket_goes_to_next_sentence() -> None:
    text = 'He spoke. “We firmly support each other,” Xi said. (It was late.) "Fine." [Yes.]'
    assert sentence_texts(text) == [
        "He spoke.",
        "“We firmly support each other,” Xi said.",
        "(It was late.)",
        '"Fine."',
        "[Yes.]",
    ]


def test_closing_quote_stays_and_lowercase_continues() -> None:
    text = "“Why?” he asked. “Stop!” She left. He said: „Hallo.“ Dann ging er."
    assert sentence_texts(text) == [
        "“Why?” he asked.",
        "“Stop!”",
        "She left.",
        "He said: „Hallo.“",
        "Dann ging er.",
    ]


def test_sentence_offsets_point_into_the_full_text() -> None:
    text = "  One two.  \n\n  Three four!  "
    sents = segment(text)
    assert [(s.start, s.end) for s in sents] == [(2, 10), (16, 27)]
    assert [t.text for t in sents[1].tokens] == ["Three", "four", "!"]
    assert sents[1].tokens[0] == Token("Three", 16, 21, "three", True)
    assert sents[1].tokens[-1].is_word is False


def test_norm_and_is_word() -> None:
    (sent,) = segment("Xi’s “DEAR friend” — 37th 👍 ½ הנשיא")
    by_text = {t.text: t for t in sent.tokens}
    assert by_text["’s"].norm == "'s"
    assert by_text["“"].norm == '"' and by_text["”"].norm == '"'
    assert by_text["DEAR"].norm == "dear"
    assert by_text["37th"].is_word and by_text["½"].is_word and by_text["הנשיא"].is_word
    assert not by_text["—"].is_word and not by_text["👍"].is_word and not by_text["“"].is_word


# --- seeds -----------------------------------------------------------------------------------


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("seed texts not available (../shared/seeds)")
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} not available")
    return paths[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(("prefix", "gold"), [("000", 31), ("002", 48)])
def test_seed_sentence_counts(prefix: str, gold: int) -> None:
    text = _seed(prefix)
    sents = segment(text)
    check_invariants(text, sents)
    assert len(sents) == gold


def test_seed_002_boundaries() -> None:
    text = _seed("002")
    got = sentence_texts(text)
    assert got[1].endswith("the first national leader to R.S.V.P.")
    assert got[2].startswith("Mr. Putin, facing threats of\ncrushing Western sanctions")
    assert got[12].endswith("when Mr.\nPutin spoke next to only the Russian flag.")
    assert got[14] == (
        "Mr. Xi addressed Mr. Putin as his “old friend,”\nwhile the Russian president called "
        "his Chinese counterpart both his “dear\nfriend” and “esteemed friend.”"
    )
    assert not any(s.endswith(("Mr.", "V.")) for s in got)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_invariants(prefix: str) -> None:
    text = _seed(prefix)
    check_invariants(text, segment(text))


# --- edge cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\r\n\t \u00a0\u2029\u3000"])
def test_empty_and_whitespace_only(text: str) -> None:
    assert segment(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "a\x00b\x01c. \x07Next\x7f one.",
        "zero\u200bwidth\u200d join\ufeff. Next.",
        "Emoji 👍🏽 here 🇺🇸. Family 👨‍👩‍👧 there!",
        "שלום עולם. مرحبا بالعالم. Hello.",
        "lone \ud800 surrogate. And \udfff another\ud83d.",
        "\ud800",
        "İstanbul ΟΔΟΣ. ﬁne.",
        ".",
        "“",
        "!!!?!?...",
    ],
)
def test_unusual_characters_do_not_crash(text: str) -> None:
    check_invariants(text, segment(text))


def test_lone_surrogate_offsets() -> None:
    text = "ab\ud800cd. Next one."
    sents = segment(text)
    check_invariants(text, sents)
    assert [t.text for t in sents[0].tokens] == ["ab", "\ud800", "cd", "."]
    assert len(sents) == 2
    assert sents[0].tokens[1].is_word is False


def test_text_without_punctuation_is_cut_into_bounded_pieces() -> None:
    words = [f"w{i % 997}" for i in range(100_000)]
    text = " ".join(words)
    start = time.perf_counter()
    sents = segment(text)
    elapsed = time.perf_counter() - start
    assert all(len(s.tokens) <= MAX_SENTENCE_TOKENS for s in sents)
    assert sum(len(s.tokens) for s in sents) == 100_000
    assert len(sents) == -(-100_000 // MAX_SENTENCE_TOKENS)
    assert elapsed < 30


def test_long_sentence_is_cut_after_clause_punctuation() -> None:
    text = " ".join(f"w{i}," if i % 50 == 49 else f"w{i}" for i in range(450)) + "."
    sents = segment(text)
    check_invariants(text, sents)
    assert all(s.tokens[-1].text == "," for s in sents[:-1])


def test_text_longer_than_max_length() -> None:
    para = "Mr. Putin spoke with Mr. Xi on Dec. 15. They agreed on trade.\n"
    text = para * (get_nlp().max_length // len(para) + 50)
    assert len(text) > get_nlp().max_length
    sents = segment(text)
    assert len(sents) == 2 * text.count("\n")
    assert sents[-1].end == len(text) - 1


def test_long_runs_without_whitespace_are_fast() -> None:
    for text in ["!" * 50_000, "ab" * 60_000, "“”.…" * 10_000]:
        start = time.perf_counter()
        check_invariants(text, segment(text))
        assert time.perf_counter() - start < 15


# --- pipelines, arguments ----------------------------------------------------------------------


def test_blank_is_the_default() -> None:
    text = "Mr. Xi met Mr. Putin. They talked."
    assert segment(text, pipeline="blank") == segment(text) == segment(text, pipeline=None)
    assert get_nlp() is get_nlp("blank") is get_nlp(None)


def test_missing_pipeline_raises_resource_error() -> None:
    with pytest.raises(ResourceError) as info:
        segment("Some text.", pipeline="xx_no_such_pipeline_sm")
    message = str(info.value)
    assert info.value.code.startswith("E2")
    assert "xx_no_such_pipeline_sm" in message and "pip" in message


@pytest.mark.parametrize("bad", [3, b"blank", "", "   "])
def test_bad_pipeline_argument(bad: object) -> None:
    with pytest.raises(SettingsError):
        segment("Text.", pipeline=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, b"bytes", 12, ["a"]])
def test_text_must_be_str(bad: object) -> None:
    with pytest.raises(InputTypeError):
        segment(bad)  # type: ignore[arg-type]


def test_installed_pipeline_by_path(tmp_path: Path) -> None:
    # A stand-in for a trained pipeline: a saved blank pipeline with the sentencizer.
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    path = tmp_path / "pipe"
    nlp.to_disk(path)
    text = 'Headline without stop\n\nHe spoke. "We agree," he said.\nMr. Xi nodded.'
    got = sentence_texts(text, pipeline=str(path))
    # its own boundaries ("Mr." stays inside), plus the blank-line rule and the quote fix
    assert got == ["Headline without stop", "He spoke.", '"We agree," he said.', "Mr. Xi nodded."]
    assert get_nlp(str(path)) is get_nlp(str(path))
    check_invariants(text, segment(text, pipeline=str(path)))


def test_spacy_is_not_imported_at_module_level() -> None:
    source = Path(__file__).resolve().parents[1] / "spundetect" / "segment.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "spacy" for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "spacy"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Top", "stories", "Police", "said", "(", "on", "Monday", ",", "2.5", "U.S.", "\n"]),
                min_size=1, max_size=30), st.data())
def test_words_split_keeps_every_word_and_slices_back(tokens: list[str], data: st.DataObject) -> None:
    from spundetect.segment import Words

    text = " ".join(tokens) + "."
    w = Words.of(text)
    cuts = [sorted(set(data.draw(st.lists(st.integers(1, max(1, len(ws) - 1)), max_size=3))))
            if len(ws) > 1 else [] for ws in w.words]
    got = w.split(cuts)
    assert [t for ws in got.words for t in ws] == [t for ws in w.words for t in ws]
    assert [n for ns in got.norms for n in ns] == w.flat_norms
    assert len(got.sentences) == len(w.sentences) + sum(map(len, cuts))
    for sent, ws in zip(got.sentences, got.words):
        assert text[sent.start:sent.end] == text[sent.tokens[0].start:sent.tokens[-1].end]
        assert sent.tokens and all(t in sent.tokens for t in ws)
    assert got.first == [sum(len(ws) for ws in got.words[:k]) for k in range(len(got.words))]


# --- contract: the named tuples that every text makes by the thousand -----------------------

def test_tokens_are_immutable_named_tuples_read_by_field_position() -> None:
    # segment and Words read fields by position (C loops): the order is part of the contract
    from spundetect.segment import Words

    assert Token._fields == ("text", "start", "end", "norm", "is_word")
    text = "Don’t stop. Mr. Xi met\nthe ﬁrst ａgent—twice!"
    sents = segment(text)
    tok = sents[0].tokens[0]
    with pytest.raises(AttributeError):
        tok.text = "x"  # type: ignore[misc]
    w = Words.of(text)
    assert w.words == [[t for t in s.tokens if t.is_word] for s in sents]
    from spundetect.tells import fold

    assert w.norms == [[fold(t.norm) for t in ws] for ws in w.words]
    assert w.flat == [t for ws in w.words for t in ws] and w.flat_norms == [n for ns in w.norms for n in ns]
    assert all(text[t.start : t.end] == t.text for s in sents for t in s.tokens)


_BREAKY = st.text(alphabet=st.sampled_from(["a", " ", ".", "!", "?", "'", '"', "\u201d", ")", "]", "\r", "\n", "\t",
                                            "\x0b", "\x85", "\u2028", "\x0c", "\u2029", "\x1c", "\x1e"]), max_size=30)


@settings(max_examples=1000, deadline=None)
@given(_BREAKY)
def test_paragraph_breaks_are_those_of_the_definition(text: str) -> None:
    # segment._PARAGRAPH_RE is written for speed; _PARAGRAPH is the plain definition
    want = [m.span() for m in re.finditer(segment_module._PARAGRAPH, text)]
    assert [m.span() for m in segment_module._PARAGRAPH_RE.finditer(text)] == want


@settings(max_examples=1000, deadline=None)
@given(_BREAKY)
def test_plain_ends_are_those_after_a_mark(text: str) -> None:
    # a plain splitter's cuts: after a mark and its closing quotes, before whitespace
    want = {m.end() for m in re.finditer(r"""(?<=[.!?])["'\u2019\u201d)\]]*(?=\s)""", text)}
    assert {m.end() for m in segment_module._PLAIN_END.finditer(text)} == want
