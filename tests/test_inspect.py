"""``spundetect.inspect()`` and tortured phrases: contracts, properties, goldens, a differential.

* Contracts: spans slice back, codes, JSON round trip, coded errors, the command line, the
  shipped list and its attribution, ``compare()`` reporting the same tells, a process with
  the network blocked.
* Properties (hypothesis): any case / inflection / hyphen / line-break variant of a known
  phrase is found; inserting a known phrase into clean text adds exactly one tortured tell,
  at the phrase.
* Goldens: the text and HTML reports of a hand-made inspection (tests/golden/inspect_small.*;
  ``SPUNDETECT_UPDATE_GOLDEN=1`` regenerates them).
* Differential: the indexed matcher against a naive scan of every phrase at every token.

Tests that read ../shared skip when it is absent; the shipped list needs nothing from it.
"""

from __future__ import annotations

import dataclasses
import json
import math
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import spundetect
from spundetect import tortured
from spundetect.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from spundetect.errors import InputError, InputTypeError
from spundetect.inspection import CODES
from spundetect.lexicon import get_lexicon
from spundetect.models import Inspection, Signature, Tell
from spundetect.render.inspection import fragment, render_text

from conftest import REPO, SHARED
from test_render_text import check_golden

PPS = SHARED / "data" / "tortured_phrases" / "pps_dev.jsonl"
# Every way of reaching the network fails in the process that runs the code after this.
BLOCK_NETWORK = (
    "import socket\n"
    "def refuse(*args, **kwargs):\n    raise OSError('network blocked by the test')\n"
    "for name in ('connect', 'connect_ex'):\n    setattr(socket.socket, name, refuse)\n"
    "socket.create_connection = socket.getaddrinfo = refuse\n"
)
SPUN_TEXT = (
    "We trained a counterfeit consciousness with irregular timberland\n"
    "and a {quick|fast} model with profound learning on huge information."
)


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str]]:
    return tortured.get_phrases().pairs


# --- contracts --------------------------------------------------------------------------


def test_spans_slice_back_and_codes() -> None:
    r = spundetect.inspect(SPUN_TEXT)
    assert [(t.code, SPUN_TEXT[slice(*t.suspect_span)]) for t in r.tells] == [
        ("tortured_phrase", "counterfeit consciousness"),
        ("tortured_phrase", "irregular timberland"),
        ("spintax", "{quick|fast}"),
        ("tortured_phrase", "profound learning"),
        ("tortured_phrase", "huge information"),
    ]
    assert all(t.code in CODES for t in r.tells)
    assert '"artificial intelligence"' in r.tells[0].detail and '"random forest"' in r.tells[1].detail
    assert r.words == 19 and set(r.rates) == set(CODES)
    assert r.rates["tortured_phrase"] == pytest.approx(1000 * 4 / 19, abs=1e-3)
    assert 0.0 <= r.score <= 1.0 and r.score > spundetect.inspect("We trained a model.").score
    assert isinstance(r.signature, Signature) and r.signature.settings["new_phrases"] is True


def test_json_round_trip_and_frozen() -> None:
    r = spundetect.inspect(SPUN_TEXT)
    back = Inspection.model_validate_json(r.model_dump_json())
    assert back == r
    with pytest.raises(Exception):
        r.score = 0.5  # type: ignore[misc]


@pytest.mark.parametrize("bad", [None, b"bytes", 3, ["a"]])
def test_non_str_is_a_coded_error(bad: object) -> None:
    with pytest.raises(InputTypeError) as info:
        spundetect.inspect(bad)  # type: ignore[arg-type]
    assert info.value.code == "E101" and "text must be a str" in str(info.value)


def test_lone_surrogate_is_a_coded_error() -> None:
    with pytest.raises(InputError) as info:
        spundetect.inspect("a \ud800 b")
    assert info.value.code == "E103"


def test_options_are_keyword_only_and_known_only_finds_no_new_phrase() -> None:
    with pytest.raises(TypeError):
        spundetect.inspect("text", False)  # type: ignore[misc]
    text = "Our discourse highlight is good."
    new = [m for m in tortured.find_tortured(text) if not m.known]
    r = spundetect.inspect(text, new_phrases=False)
    assert r.signature.settings["new_phrases"] is False
    assert len(r.tells) == len(spundetect.inspect(text).tells) - len(new)


def test_empty_and_plain_texts() -> None:
    for text in ("", "   \n", "The cat sat on the mat. It was warm."):
        r = spundetect.inspect(text)
        assert r.tells == [] and 0.0 < r.score < 0.5
    assert spundetect.inspect("").words == 0


def test_views_records_frame_and_html() -> None:
    r = spundetect.inspect(SPUN_TEXT)
    rows = r.to_records()
    assert [row["suspect"] for row in rows] == [SPUN_TEXT[slice(*t.suspect_span)] for t in r.tells]
    frame = r.to_frame()
    assert list(frame.columns) == ["code", "suspect", "suspect_start", "suspect_end", "detail"]
    html = r._repr_html_()
    assert html == r.to_html() and html.count('class="spd-mark spd-tell spd-tell"') == len(r.tells)
    assert "[[counterfeit consciousness]]" in r.to_text(width=80)


def test_html_escapes_the_text() -> None:
    r = spundetect.inspect('<script>alert("x")</script> counterfeit consciousness')
    html = r.to_html()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_compare_reports_the_same_tortured_tells() -> None:
    original = "We trained an artificial intelligence with a random forest."
    suspect = "We trained a counterfeit consciousness with an irregular timberland."
    c = spundetect.compare(original, suspect)
    mine = [t for t in c.tells if t.code == "tortured_phrase"]
    assert mine == [t for t in spundetect.inspect(suspect).tells if t.code == "tortured_phrase"]
    assert [suspect[slice(*t.suspect_span)] for t in mine] == ["counterfeit consciousness",
                                                                 "irregular timberland"]


def test_works_with_network_blocked() -> None:
    code = BLOCK_NETWORK + textwrap.dedent(
        """
        import spundetect
        r = spundetect.inspect("A counterfeit consciousness and a discourse highlight.")
        assert [t.code for t in r.tells][:1] == ["tortured_phrase"], r
        print("ok", len(r.tells))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def test_cli_inspect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SPUN_TEXT, encoding="utf-8")
    b.write_text("Plain words only.", encoding="utf-8")
    assert main(["inspect", str(a), str(b), "--width", "72"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"== {a} ==" in out and "[[counterfeit consciousness]]" in out and "no tells found" in out
    assert main(["inspect", str(a), str(b), "--json"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert [Inspection.model_validate_json(line).text for line in lines] == [SPUN_TEXT, "Plain words only."]
    report = tmp_path / "r.html"
    assert main(["inspect", str(a), str(b), "--html", str(report)]) == EXIT_OK
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('<section class="spd-file">') == 2
    capsys.readouterr()
    assert main(["inspect", str(a), "--known-only", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["signature"]["settings"]["new_phrases"] is False
    assert main(["inspect", str(tmp_path / "none.txt")]) == EXIT_INPUT
    assert main(["inspect", "-", "-"]) == EXIT_USAGE
    assert main(["inspect"]) == EXIT_USAGE


def test_shipped_list_and_attribution() -> None:
    data = REPO / "spundetect" / "_data" / "tortured"
    readme = (data / "README.md").read_text(encoding="utf-8")
    for needle in ("Cabanac", "Labbé", "Magazinov", "CC BY 4.0", "Problematic Paper Screener",
                   "giladfeldman/torturedcheck", "3571a95c9a94fa278ce6505ec460187599aacd45"):
        assert needle in readme
    assert "tortured" in (REPO / "README.md").read_text(encoding="utf-8").split("## Data and licences")[1]
    pairs = tortured.get_phrases().pairs
    assert len(pairs) == 5055 and ("counterfeit consciousness", "artificial intelligence") in pairs


def test_build_script_reproduces_the_shipped_list(tmp_path: Path) -> None:
    if not PPS.is_file():
        pytest.skip("the shared tortured-phrase list is not present beside the repository")
    subprocess.run([sys.executable, str(REPO / "data" / "build_tortured.py"), str(PPS), "--dest", str(tmp_path)],
                   check=True, capture_output=True)
    shipped = REPO / "spundetect" / "_data" / "tortured"
    for name in ("pps.tsv", "README.md", "index.tsv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_shipped_index_equals_the_index_built_from_the_shipped_list() -> None:
    # Differential: the precomputed index the package loads against the in-memory build
    # (the reference) from the shipped list and WordNet, which are its only inputs.
    shipped = REPO / "spundetect" / "_data" / "tortured"
    if not (shipped / "pps.tsv").is_file() or not (REPO / "spundetect" / "_data" / "wordnet").is_dir():
        pytest.skip("a build input of the index is absent")
    digest = tortured._list_digest()
    built = tortured.build_phrases(tortured._read_pairs())
    text = tortured.index_text(built, digest=digest)
    assert text.encode("utf-8") == (shipped / "index.tsv").read_bytes()
    loaded = tortured.load_index()
    assert loaded.known == built.known and loaded.by_pair == built.by_pair
    assert loaded.substitutions == built.substitutions
    assert loaded.listed_vocabulary == built.listed_vocabulary and loaded.vocabulary == built.vocabulary
    assert loaded.terms() == built.terms()
    assert tortured.index_text(loaded, digest=digest) == text


def test_index_lookups_match_the_built_index() -> None:
    # The lazy, bisected lookup of a term group: first and last keys, absent keys on
    # either side and between, keys that are prefixes of others.
    built = tortured.build_phrases(tortured._read_pairs())
    loaded = tortured.load_index()
    firsts = sorted({k[0] for k in built.terms()})
    rng = random.Random(5)
    probes = firsts[:3] + firsts[-3:] + rng.sample(firsts, 300)
    probes += ["", "0", "a", "zzzzzz", "\u00e9t\u00e9", firsts[len(firsts) // 2] + "x", firsts[10][:-1]]
    for key in probes:
        assert loaded.starting(key) == built.starting(key), key
    for keys in rng.sample(sorted(built.terms()), 300):
        assert loaded.term(keys) == built.term(keys) is not None


def test_a_stale_index_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from spundetect.errors import ResourceError

    monkeypatch.setattr(tortured, "_list_digest", lambda: "0" * 64)
    with pytest.raises(ResourceError) as info:
        tortured.load_index()
    assert info.value.code == "E200" and "rebuild" in str(info.value)


def test_word_keys_meet_across_inflections() -> None:
    for a, b in [("consciousness", "consciousnesses"), ("analysis", "analyses"), ("study", "studies"),
                 ("box", "boxes"), ("dye", "dyes"), ("criterion", "criteria"), ("house", "Houses"),
                 ("\u0430pple", "apples"), ("\u0392", "\u03b2")]:
        assert tortured.word_key(a) == tortured.word_key(b), (a, b)


def test_hidden_characters_and_look_alikes_do_not_hide_a_phrase() -> None:
    text = "a counter\u200bfeit c\u043ensciousness"
    r = spundetect.inspect(text)
    assert [(t.code, text[slice(*t.suspect_span)]) for t in r.tells] == [
        ("tortured_phrase", "counter\u200bfeit c\u043ensciousness"),
        ("invisible_char", "\u200b"),
        ("homoglyph", "c\u043ensciousness"),
    ]


def test_word_broken_at_a_line_end_is_joined() -> None:
    text = "an irregular timber-\nland and a profound learn-\n  ing model"
    assert [m.term for m in tortured.find_tortured(text, new=False)] == ["random forest", "deep learning"]
    # not joined when the joined word is unknown: two words stay two words
    assert len(tortured.tokens("state-\nof art")) == 3


def test_new_phrase_names_its_term(pairs: list[tuple[str, str]]) -> None:
    # Without the list's pairs for "deep learning", "profound education" is no known phrase,
    # but other pairs substitute "profound" for "deep", WordNet links "education" to
    # "learning", and "deep learning" is a run of other expected terms.
    index = tortured.build_phrases([p for p in pairs if p[1] != "deep learning"])
    text = "We used profound education here."
    found = tortured.find_tortured(text, phrases=index)
    assert [(text[m.start:m.end], m.term, m.known) for m in found] == [
        ("profound education", "deep learning", False)]
    assert found[0].score >= tortured.MIN_SCORE
    assert tortured.find_tortured(text, phrases=index, new=False) == []
    assert tortured.find_tortured("We used deep learning here.", phrases=index) == []


# --- properties -------------------------------------------------------------------------

_SEPARATORS = st.sampled_from([" ", "-", "\n", "  ", " \n ", "\t", "\u00a0"])


def _inflect(word: str, how: str) -> str:
    lower = word.lower()
    # the plural of a noun that is not a plural already ("teeth", "data")
    lex = get_lexicon()
    noun = len(lower) > 3 and lex.senses(lower, "n") > 0 and not lex.irregular_bases(lower)
    if how == "plural" and word.isalpha() and not lower.endswith("s") and noun:
        plural = word + ("es" if lower.endswith(("x", "ch", "sh")) else "s")
        return plural.upper() if word.isupper() and len(word) > 1 else plural
    if how == "upper":
        return word.upper()
    if how == "title":
        return word[:1].upper() + word[1:]
    return word


def _known_pairs() -> list[tuple[str, str]]:
    # Every pair of the list but the few ordinary phrases it holds, which are not matched.
    index = tortured.get_phrases()
    return [p for p in index.pairs if tortured._phrase_keys(p[0]) not in index.ordinary]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_variant_of_a_known_phrase_is_found(data: st.DataObject) -> None:
    phrase, expected = data.draw(st.sampled_from(_known_pairs()))
    words = re.findall(r"[^\W_]+", phrase)
    cases = data.draw(st.lists(st.sampled_from(["lower", "upper", "title"]), min_size=len(words), max_size=len(words)))
    written = [_inflect(w, c) for w, c in zip(words, cases)]
    written[-1] = _inflect(written[-1], data.draw(st.sampled_from(["plural", "none"])))
    text = written[0]
    for w in written[1:]:
        text += data.draw(_SEPARATORS) + w
    sentence = f"Here, {text} matters."
    found = [m for m in tortured.find_tortured(sentence, new=False)
             if m.start < 6 + len(text) and 6 < m.end]
    assert [(m.start, m.end) for m in found] == [(6, 6 + len(text))], (phrase, text, found)


_CLEAN = st.lists(st.sampled_from("the cat sat on a mat and we saw it then went home quietly".split()),
                  min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), before=_CLEAN, after=_CLEAN)
def test_inserting_a_known_phrase_adds_one_tell_at_it(data: st.DataObject, before: list[str],
                                                       after: list[str]) -> None:
    phrase, expected = data.draw(st.sampled_from(_known_pairs()))
    clean = " ".join(before + after) + "."
    assume(not spundetect.inspect(clean).tells)
    head = " ".join(before) + (" " if before else "")
    text = head + phrase + (" " if after else "") + " ".join(after) + "."
    tells = [t for t in spundetect.inspect(text).tells if t.code == "tortured_phrase"]
    assert len(tells) == 1, (text, tells)
    assert tells[0].suspect_span == (len(head), len(head) + len(phrase))
    assert f'"{tortured.get_phrases().known[tortured._phrase_keys(phrase)][0]}"' in tells[0].detail


# --- goldens ----------------------------------------------------------------------------


def _small() -> Inspection:
    text = "We used a counterfeit consciousness and a {quick|fast}\nmodel.\u200b"
    return Inspection(
        text=text,
        score=0.75,
        tells=[
            Tell(code="tortured_phrase", suspect_span=(10, 35),
                 detail='stands for "artificial intelligence" (known tortured phrase, Problematic Paper Screener list)'),
            Tell(code="spintax", suspect_span=(42, 54), detail="unresolved spinner syntax {a|b|c} left in the text"),
        ],
        words=10,
        rates={"tortured_phrase": 100.0, "spintax": 100.0, "homoglyph": 0.0, "invisible_char": 0.0},
        signature=Signature(version="0.0.0", settings={"model": "golden", "new_phrases": True}),
    )


def test_golden_inspect_text() -> None:
    small = _small()
    assert [small.text[slice(*t.suspect_span)] for t in small.tells] == ["counterfeit consciousness", "{quick|fast}"]
    check_golden("inspect_small.txt", render_text(small, width=72))


def test_golden_inspect_html() -> None:
    # Without the shared stylesheet and script (the comparison's goldens hold them).
    check_golden("inspect_small.html", fragment(_small(), assets=False))


# --- differential -----------------------------------------------------------------------


def _naive(keys: list[str], phrases: dict[tuple[str, ...], list[str]]) -> list[tuple[int, int]]:
    """Every phrase tried at every token; leftmost, then longest, not overlapping."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(keys):
        best = 0
        for p in phrases:
            if tuple(keys[i : i + len(p)]) == p:
                best = max(best, len(p))
        if best:
            out.append((i, i + best))
            i += best
        else:
            i += 1
    return out


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 80))
def test_matcher_agrees_with_a_naive_scan(seed: int, size: int) -> None:
    rng = random.Random(seed)
    # one-word phrases too (the shipped list has none)
    pairs = rng.sample(tortured.get_phrases().pairs, 40) + [("beamformer", "x"), ("organization", "y")]
    index = tortured.build_phrases(pairs, wordnet_terms=False)
    vocab = sorted({w for t, _ in pairs for w in t.split()}) + ["the", "and", "of"]
    parts: list[str] = []
    while len(parts) < size:
        parts += rng.choice(pairs)[0].split() if rng.random() < 0.3 else [rng.choice(vocab)]
    text = rng.choice([" ", "\n"]).join(parts)
    toks = tortured.tokens(text)
    ours = [(a, b) for a, b, _ in tortured.known_matches(toks, index)]
    assert ours == _naive([t.key for t in toks], index.known)


# --- new phrases: candidates and their score ----------------------------------------------

_SMALL = [("irregular variable", "random variable"), ("organization traffic", "network traffic"),
          ("profound organization", "deep network"), ("arbitrary variable", "random variable")]


def test_a_run_standing_in_for_term_words_is_a_virtual_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    # "random network" is no established term of this list, but the list substitutes
    # "irregular" for "random" and "organization" for "network", both words of its terms.
    index = tortured.build_phrases(_SMALL, wordnet_terms=False)
    assert index.term(("random", "network")) is None
    monkeypatch.setattr(tortured, "MIN_SCORE", -math.inf)
    monkeypatch.setattr(tortured, "VIRTUAL_MIN_SCORE", -math.inf)
    text = "An irregular organization grew."
    (m,) = tortured.find_tortured(text, phrases=index)
    assert (text[m.start:m.end], m.term, m.known, m.virtual) == ("irregular organization", "random network",
                                                                 False, True)
    values = dict(zip(tortured.VIRTUAL_FEATURES, m.features))
    assert values["size"] == 2.0 and values["list_share"] == 1.0 and values["wordnet"] == 0.0
    # "irregular" is a substitute in 2 pairs and in no term; "organization" in 2 pairs, in
    # none of the terms ("network" is in 2)
    assert values["substituted"] == pytest.approx((math.log(2) + math.log(3)) / 2)
    assert values["in_terms"] == 0.0 and values["substitute_share_min"] == 1.0
    assert index.term_counts["network"] == 2 and index.substituted("organization") == 2
    # the established term itself, and a run with no substitution of the list, are no candidates
    assert tortured.find_tortured("A random variable and deep network traffic.", phrases=index) == []
    monkeypatch.setattr(tortured, "MAX_VIRTUAL_WORDS", 0)
    assert tortured.find_tortured(text, phrases=index) == []
    monkeypatch.setattr(tortured, "MAX_VIRTUAL_WORDS", 3)
    monkeypatch.setattr(tortured, "VIRTUAL_MIN_SCORE", math.inf)
    assert tortured.find_tortured(text, phrases=index) == []


def test_a_virtual_tell_says_its_term_is_a_guess() -> None:
    assert tortured.get_phrases().term(("loss", "curv")) is None
    # "misfortune bend" is on no list: the list substitutes "misfortune" for "loss" and
    # "bend" for "curve", and "loss curve" is no established term.
    text = "We saw a misfortune bend."
    (m,) = tortured.find_tortured(text)
    assert (text[m.start:m.end], m.term, m.known, m.virtual) == ("misfortune bend", "loss curve", False, True)
    assert m.score == round(tortured.virtual_score(m.features), 4) >= tortured.VIRTUAL_MIN_SCORE
    (tell,) = tortured.tortured_tells(text)
    assert tell.suspect_span == (m.start, m.end) and tell.detail.startswith(f'may stand for "{m.term}"')


def test_a_candidate_is_reported_when_its_score_reaches_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    index = tortured.build_phrases(_SMALL, wordnet_terms=False)
    text = "An irregular organization and an arbitrary traffic grew."
    monkeypatch.setattr(tortured, "MIN_SCORE", -math.inf)
    monkeypatch.setattr(tortured, "VIRTUAL_MIN_SCORE", -math.inf)
    every = tortured.find_tortured(text, phrases=index)
    assert len(every) == 2
    for m in every:
        score = tortured.virtual_score(m.features) if m.virtual else tortured.candidate_score(m.features)
        assert m.score == round(score, 4)
    for threshold in sorted({m.score for m in every}) + [math.inf]:
        monkeypatch.setattr(tortured, "MIN_SCORE", threshold)
        monkeypatch.setattr(tortured, "VIRTUAL_MIN_SCORE", threshold)
        assert tortured.find_tortured(text, phrases=index) == [m for m in every if m.score >= threshold]


def test_a_plural_of_a_word_in_i_is_found() -> None:
    # Found by the hypothesis test above: the -is rule ("analysis") hid "Helsinkis".
    text = "The claim of helsinkis was signed."
    found = [(m.start, m.end) for m in tortured.find_tortured(text, new=False)]
    assert found == [(4, 4 + len("claim of helsinkis"))]


def test_ordinary_phrases_of_the_list_do_not_alarm() -> None:
    index = tortured.get_phrases()
    # "machine learning" is listed for "discriminative learning", and is the term of many
    # pairs; "search engine" is common in WordNet's glosses.
    assert index.ordinary[tortured._phrase_keys("machine learning")] == "a term of the list"
    assert index.ordinary[tortured._phrase_keys("search engines")] == "WordNet glosses" or \
        index.ordinary[tortured._phrase_keys("search engines")] == "a term of the list"
    for text in ("We apply machine learning and Machine-Learning to it.", "A search engine ranks pages.",
                 "Higher-income levels rose.", "A benign tumor was removed."):
        assert tortured.find_tortured(text) == [], text
    # few, and every other phrase of the list is still matched
    assert 0 < len(index.ordinary) <= 20
    assert len(index.known) + len(index.ordinary) == len({tortured._phrase_keys(t) for t, _ in index.pairs})


def test_ordinary_phrases_rule() -> None:
    pairs = [("machine learning", "discriminative learning"), ("device learning", "machine learning"),
             ("higher income levels", "higher-income levels"), ("profound learning", "deep learning")]
    ordinary = tortured.ordinary_phrases(pairs, glosses=False)
    assert ordinary == {("machin", "learning"): "a term of the list",
                        ("higher", "incom", "level"): "own term"}
    p = tortured.build_phrases(pairs, wordnet_terms=False)
    assert set(p.known) == {("devic", "learning"), ("profound", "learning")}
    assert p.term(("machin", "learning")) is not None
    assert [m.term for m in tortured.find_tortured("Profound learning and machine learning.", phrases=p)] \
        == ["deep learning"]


def test_a_virtual_run_keeps_to_its_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    index = tortured.build_phrases(_SMALL, wordnet_terms=False)
    monkeypatch.setattr(tortured, "MIN_SCORE", math.inf)
    monkeypatch.setattr(tortured, "VIRTUAL_MIN_SCORE", -math.inf)
    # a capital inside a sentence starts a name: no virtual run reaches it
    assert tortured.find_tortured("We met Irregular Organization there.", phrases=index) == []
    text = "Irregular organization grew."
    assert [text[m.start:m.end] for m in tortured.find_tortured(text, phrases=index)] == ["Irregular organization"]
    # the matcher takes the best-scoring run at a word, unless one at the next word that
    # overlaps it scores higher
    text = "An arbitrary irregular organization grew."
    toks = tortured.tokens(text)
    runs = [m for i in range(len(toks)) for m in tortured.virtual_runs(text, toks, index, frozenset(), i)]
    (found,) = tortured.find_tortured(text, phrases=index)
    best_first = max((m for m in runs if m.start == found.start), key=lambda m: m.score)
    assert found == best_first
    assert not any(m.start > found.start and m.start < found.end and m.score > found.score for m in runs)


# -- Support: a candidate near a known phrase needs less ---------------------------------

_SUPPORTED = [*_SMALL, ("profound learning", "deep learning")]
_KNOWN_SENTENCE = "Profound learning helps."
_CANDIDATE_SENTENCE = "An irregular organization grew."


def _candidate_at_threshold(monkeypatch: pytest.MonkeyPatch, shortfall: float) -> tuple[tortured.Phrases, float]:
    """The small index, and the score of the candidate of ``_CANDIDATE_SENTENCE``, with both
    thresholds set ``shortfall`` above that score."""
    index = tortured.build_phrases(_SUPPORTED, wordnet_terms=False)
    for name in ("MIN_SCORE", "VIRTUAL_MIN_SCORE"):
        monkeypatch.setattr(tortured, name, -math.inf)
    (m,) = [m for m in tortured.find_tortured(_CANDIDATE_SENTENCE, phrases=index) if not m.known]
    for name in ("MIN_SCORE", "VIRTUAL_MIN_SCORE"):
        monkeypatch.setattr(tortured, name, m.score + shortfall)
    return index, m.score


def test_a_candidate_near_a_known_phrase_is_reported_with_the_bonus(monkeypatch: pytest.MonkeyPatch) -> None:
    # the candidate falls one unit of log-odds short of the thresholds
    index, score = _candidate_at_threshold(monkeypatch, 1.0)
    text = f"{_KNOWN_SENTENCE} {_CANDIDATE_SENTENCE}"
    at = text.index("irregular")
    monkeypatch.setattr(tortured, "SUPPORT_BONUS", 0.0)
    assert [m.known for m in tortured.find_tortured(text, phrases=index)] == [True]
    monkeypatch.setattr(tortured, "SUPPORT_BONUS", 0.9)
    assert [m.known for m in tortured.find_tortured(text, phrases=index)] == [True]
    monkeypatch.setattr(tortured, "SUPPORT_BONUS", 1.0)
    found = tortured.find_tortured(text, phrases=index)
    assert [(m.known, m.start, m.score, m.supported) for m in found] == [(True, 0, 0.0, False),
                                                                         (False, at, score, True)]
    assert text[found[1].start : found[1].end] == "irregular organization"
    # alone, or beyond SUPPORT_WORDS words of the known phrase, it is not supported
    assert tortured.find_tortured(_CANDIDATE_SENTENCE, phrases=index) == []
    far = f"{_KNOWN_SENTENCE} {'the ' * (tortured.SUPPORT_WORDS + 1)}{_CANDIDATE_SENTENCE}"
    assert [m.known for m in tortured.find_tortured(far, phrases=index)] == [True]
    # new=False looks for no new phrase, supported or not
    assert [m.known for m in tortured.find_tortured(text, phrases=index, new=False)] == [True]


def test_only_known_phrases_support_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    index, _score = _candidate_at_threshold(monkeypatch, 0.0)
    toks = tortured.tokens(_CANDIDATE_SENTENCE)
    (new,) = tortured.find_tortured(_CANDIDATE_SENTENCE, phrases=index)
    # a new phrase found at the threshold: no support from it by default
    assert tortured.supported_matches(_CANDIDATE_SENTENCE, toks, index, [new], bonus=5.0) == []
    monkeypatch.setattr(tortured, "SUPPORT_FROM", "all")
    # it supports its neighbours then, but never itself (its words are taken)
    assert tortured.supported_matches(_CANDIDATE_SENTENCE, toks, index, [new], bonus=5.0) == []
    text = f"{_CANDIDATE_SENTENCE} An arbitrary traffic grew."
    toks = tortured.tokens(text)
    found = tortured.find_tortured(text, phrases=index, new=False) + [
        m for m in tortured.find_tortured(text, phrases=index) if text[m.start:m.end] == "irregular organization"]
    got = tortured.supported_matches(text, toks, index, found, bonus=50.0)
    assert [text[m.start:m.end] for m in got] == ["arbitrary traffic"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([_KNOWN_SENTENCE, _CANDIDATE_SENTENCE, "An arbitrary traffic grew.",
                                 "The cat sat on the mat.", "It rained."]), min_size=1, max_size=8),
       st.floats(min_value=0.0, max_value=6.0), st.floats(min_value=-3.0, max_value=3.0),
       st.integers(min_value=1, max_value=12))
def test_support_against_a_reference(sentences: list[str], bonus: float, threshold: float, window: int) -> None:
    """Differential: candidates that do not compete (one per sentence) are reported exactly
    when they reach the threshold, or the threshold less the bonus with every word within
    ``window`` words of a known phrase."""
    index = tortured.build_phrases(_SUPPORTED, wordnet_terms=False)
    text = " ".join(sentences)
    saved = (tortured.MIN_SCORE, tortured.VIRTUAL_MIN_SCORE, tortured.SUPPORT_BONUS, tortured.SUPPORT_WORDS)
    try:
        tortured.MIN_SCORE = tortured.VIRTUAL_MIN_SCORE = -math.inf
        tortured.SUPPORT_BONUS = 0.0
        every = tortured.find_tortured(text, phrases=index)
        tortured.MIN_SCORE = tortured.VIRTUAL_MIN_SCORE = threshold
        tortured.SUPPORT_BONUS, tortured.SUPPORT_WORDS = bonus, window
        got = tortured.find_tortured(text, phrases=index)
    finally:
        tortured.MIN_SCORE, tortured.VIRTUAL_MIN_SCORE, tortured.SUPPORT_BONUS, tortured.SUPPORT_WORDS = saved
    starts = [t.start for t in tortured.tokens(text)]

    def span(m: tortured.Match) -> tuple[int, int]:
        return starts.index(m.start), next(k for k, s in enumerate(starts + [len(text) + 1]) if s >= m.end)

    known = [span(m) for m in every if m.known]
    expected = [dataclasses.replace(m, supported=not m.known and m.score < threshold)
                for m in every if m.known or m.score >= threshold or (
                    m.score >= threshold - bonus and bonus > 0
                    and any(a - window <= span(m)[0] and span(m)[1] <= b + window for a, b in known))]
    assert got == expected


_WORDS = ["huge", "information", "irregular", "organization", "timberland", "misfortune", "bend", "data",
          "the", "of", "we", "neural", "network", "profound", "learning", "model", "study", "and", "."]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=30), st.booleans())
def test_the_support_only_adds_tells_next_to_a_known_phrase(words: list[str], with_known: bool) -> None:
    """Property: with the shipped list, the support adds tells and removes none, and adds
    none to a text without a known phrase."""
    text = " ".join(words)
    if with_known:
        text = f"A counterfeit consciousness was used. {text}"
    saved = tortured.SUPPORT_BONUS
    try:
        tortured.SUPPORT_BONUS = 0.0
        before = tortured.find_tortured(text)
        tortured.SUPPORT_BONUS = 2.0
        after = tortured.find_tortured(text)
    finally:
        tortured.SUPPORT_BONUS = saved
    assert set(before) <= set(after)
    if not any(m.known for m in before):
        assert after == before
    added = set(after) - set(before)
    assert all(not m.known and m.supported for m in added)
    assert not any(m.supported for m in before)
    spans = sorted((m.start, m.end) for m in after)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "tells overlap"


def test_the_inspection_signature_names_the_support_bonus() -> None:
    r = spundetect.inspect("We trained a counterfeit consciousness.")
    assert r.signature.settings["support_bonus"] == tortured.SUPPORT_BONUS


def test_a_supported_tell_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shipped list: a text with a known phrase, and a new candidate ("profound system"
    # for "deep network") under thresholds raised for the test, next to it.
    text = "A counterfeit consciousness was trained on a profound system."
    for name in ("MIN_SCORE", "VIRTUAL_MIN_SCORE"):
        monkeypatch.setattr(tortured, name, 5.0)
    monkeypatch.setattr(tortured, "SUPPORT_BONUS", 0.0)
    plain = {t.suspect_span for t in tortured.tortured_tells(text)}
    monkeypatch.setattr(tortured, "SUPPORT_BONUS", 6.0)
    tells = tortured.tortured_tells(text)
    added = [t for t in tells if t.suspect_span not in plain]
    assert added, "no candidate near the known phrase"
    assert all(t.detail.endswith("; a known tortured phrase is near)") for t in added)
    assert not any("is near" in t.detail for t in tells if t.suspect_span in plain)
