"""The sentence aligner: blocks, skips, and the two candidate paths agreeing."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from spundetect import align as align_mod
from spundetect.align import Block, align


def covers(blocks: list[Block], n: int, m: int) -> None:
    o = s = 0
    for b in blocks:
        assert b.original[0] == o and b.suspect[0] == s
        assert b.original[1] >= o and b.suspect[1] >= s
        o, s = b.original[1], b.suspect[1]
    assert (o, s) == (n, m)


def sentences(rng: random.Random, n: int, vocab: int = 400) -> list[list[str]]:
    return [[f"w{rng.randrange(vocab)}" for _ in range(rng.randint(6, 20))] for _ in range(n)]


def test_boilerplate_and_headline_stay_unaligned() -> None:
    orig = [["the", "cat", "sat", "on", "the", "mat"], ["it", "was", "very", "happy", "there"]]
    susp = [["big", "headline", "here"], ["the", "cat", "sat", "on", "a", "mat"],
            ["it", "was", "very", "happy", "there"], ["leave", "a", "reply"]]
    blocks = align(orig, susp)
    covers(blocks, 2, 4)
    assert [b.kind for b in blocks] == ["0:1", "1:1", "1:1", "0:1"]


def test_split_sentence_is_one_to_two() -> None:
    orig = [["a", "b", "c", "d", "e", "f", "g", "h"]]
    susp = [["a", "b", "c", "d"], ["e", "f", "g", "h"]]
    assert [b.kind for b in align(orig, susp)] == ["1:2"]
    assert [b.kind for b in align(susp, orig)] == ["2:1"]


def test_empty_sides() -> None:
    assert align([], []) == []
    covers(align([["a"]], []), 1, 0)
    covers(align([], [["a"]]), 0, 1)


def test_exact_and_indexed_paths_agree_on_a_shuffled_document() -> None:
    rng = random.Random(7)
    orig = sentences(rng, 120)
    # the suspect: the original with sentences dropped, a few inserted, words changed
    susp: list[list[str]] = []
    for sent in orig:
        if rng.random() < 0.1:
            continue
        changed = [w if rng.random() > 0.25 else f"x{rng.randrange(50)}" for w in sent]
        susp.append(changed)
        if rng.random() < 0.05:
            susp.append(sentences(rng, 1)[0])
    exact = align(orig, susp, exact=True)
    indexed = align(orig, susp, exact=False)
    covers(exact, len(orig), len(susp))
    covers(indexed, len(orig), len(susp))
    assert exact == indexed


def test_long_documents_use_the_index() -> None:
    rng = random.Random(3)
    orig = sentences(rng, 3000, vocab=20000)
    susp = [list(s) for s in orig]
    blocks = align(orig, susp)  # 9,000,000 pairs: the indexed path
    assert all(b.kind == "1:1" for b in blocks) and len(blocks) == 3000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=8), max_size=10),
       st.lists(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=8), max_size=10))
def test_alignment_covers_every_sentence_once(a: list[list[str]], b: list[list[str]]) -> None:
    blocks = align(a, b)
    covers(blocks, len(a), len(b))
    for blk in blocks:
        assert 0.0 <= blk.similarity <= 1.0


# --- the index and the chain against plain versions of themselves ---------------------------


def plain_indexed_candidates(orig: list[str], susp: list[str], floor: float) -> list[tuple[int, int, float]]:
    """The index as first written (string keys, every posting walked, every vote sorted), with
    the sure-follow rule."""
    def keys_of(sent: str) -> set[str]:
        return set(sent) | {sent[k : k + 2] for k in range(len(sent) - 1)}

    n = len(orig)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, sent in enumerate(orig):
        for key in keys_of(sent):
            postings[key].append(i)
    idf = {k: math.log((n + 1) / len(p)) for k, p in postings.items()}
    out = []
    follow = -1
    for j, b in enumerate(susp):
        if not b:
            continue
        if 0 <= follow < n and orig[follow]:
            s = align_mod.similarity(orig[follow], b)
            if s >= align_mod.SURE_FOLLOW and s >= floor:
                out.append((follow, j, s))
                follow += 1
                continue
        present = sorted((len(postings[k]), k) for k in keys_of(b) if k in postings)
        votes: dict[int, float] = defaultdict(float)
        spent = 0
        for used, (df, key) in enumerate(present):
            if used >= align_mod.KEYS or spent >= align_mod.BUDGET:
                break
            for i in postings[key]:
                votes[i] += idf[key]
            spent += df
        chosen = sorted(votes, key=votes.__getitem__, reverse=True)[: align_mod.CANDIDATES]
        if 0 <= follow < n and follow not in chosen:
            chosen.append(follow)
        best_i, best_s = -1, -1.0
        for i in chosen:
            a = orig[i]
            if a and 2 * min(len(a), len(b)) / (len(a) + len(b)) >= floor:
                s = align_mod.similarity(a, b)
                if s >= floor:
                    out.append((i, j, s))
                    if s > best_s:
                        best_i, best_s = i, s
        follow = best_i + 1 if best_i >= 0 else -1
    return out


def test_index_gives_the_candidates_of_the_plain_index() -> None:
    # Small vocabularies: long postings (the shortcut for a long last key) and many ties.
    rng = random.Random(11)
    for _ in range(400):
        vocab = rng.randint(2, 30)
        orig = [[str(rng.randrange(vocab)) for _ in range(rng.randint(0, 12))]
                for _ in range(rng.randint(0, 60))]
        susp = [list(s) for s in orig if rng.random() < 0.9] if rng.random() < 0.5 else [
            [str(rng.randrange(vocab)) for _ in range(rng.randint(0, 12))] for _ in range(rng.randint(0, 60))]
        a, b = align_mod.encode(orig, susp)
        for floor in (0.0, 0.2):
            assert align_mod._indexed_candidates(a, b, floor) == plain_indexed_candidates(a, b, floor)


def plain_heaviest_chain(points: list[tuple[int, int, float]], m: int, floor: float) -> list[tuple[int, int, float]]:
    """The chain as first written (one sort with a tuple key, the same Fenwick tree)."""
    points = sorted(points, key=lambda p: (p[0], -p[1]))
    size = m + 1
    tree_val, tree_arg = [0.0] * (size + 1), [-1] * (size + 1)
    best_val, back = [0.0] * len(points), [-1] * len(points)
    for k, (_, j, s) in enumerate(points):
        pos, v, arg = j, 0.0, -1
        while pos > 0:
            if tree_val[pos] > v:
                v, arg = tree_val[pos], tree_arg[pos]
            pos -= pos & -pos
        total = v + (s - floor + 1e-6)
        best_val[k], back[k] = total, arg
        pos = j + 1
        while pos <= size:
            if total > tree_val[pos]:
                tree_val[pos], tree_arg[pos] = total, k
            pos += pos & -pos
    if not points:
        return []
    k = max(range(len(points)), key=lambda x: (best_val[x], -x))
    chain = []
    while k != -1:
        chain.append(points[k])
        k = back[k]
    return chain[::-1]


def test_chain_is_the_plain_chain() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        m, n = rng.randint(1, 30), rng.randint(1, 30)
        points = [(rng.randrange(n), rng.randrange(m), rng.choice([0.2, 0.25, 0.5, 1.0, rng.random()]))
                  for _ in range(rng.randint(0, 60))]
        floor = rng.choice([0.0, 0.2, 0.5])
        assert align_mod._heaviest_chain(points, m, floor) == plain_heaviest_chain(points, m, floor)


def test_sure_follow_respects_the_floor() -> None:
    # Every candidate is at least min_similarity, also those the sure-follow rule takes.
    orig = [[f"w{k}", f"x{k}", f"y{k}", "a", "b"] for k in range(30)]
    susp = [orig[0]] + [[f"w{k}", f"x{k}", f"y{k}", "a", "c"] for k in range(1, 30)]  # 0.8 similar
    a, b = align_mod.encode(orig, susp)
    for floor in (0.3, 0.5, 0.9):
        points = align_mod._indexed_candidates(a, b, floor)
        assert all(s >= floor for _, _, s in points)
        assert len(points) >= (30 if floor < 0.8 else 1)
    blocks = align(orig, susp, min_similarity=0.9, exact=False)
    assert [blk.similarity for blk in blocks if blk.similarity > 0] == [1.0]


# --- line_cuts: sentences cut where the two texts moved their lines apart --------------------

def plain_line_cuts(original: list[list[list[str]]], suspect: list[list[list[str]]]) -> tuple[list[list[int]], list[list[int]]]:
    """Reference: every pair of lines scored, twins taken most similar first, each line once."""
    o_lines = [line for sent in original for line in sent]
    s_lines = [line for sent in suspect for line in sent]
    scored = sorted(((-align_mod.similarity(a, b), i, j) for i, a in enumerate(o_lines)
                     for j, b in enumerate(s_lines)))
    twin_o: dict[int, int] = {}
    twin_s: dict[int, int] = {}
    for neg, i, j in scored:
        if -neg >= align_mod.TWIN_SIMILARITY and i not in twin_o and j not in twin_s:
            twin_o[i], twin_s[j] = j, i

    def cuts(sents: list[list[list[str]]], twin: dict[int, int], other: list[list[str]]) -> list[list[int]]:
        flat = [ln for sent in sents for ln in sent]
        out, k = [], 0
        for sent in sents:
            here = []
            for n in range(1, len(sent)):
                a, b = twin.get(k + n - 1), twin.get(k + n)
                if not ((a is None) != (b is None) or (a is not None and b is not None and b != a + 1)):
                    continue
                joined = flat[k + n - 1] + flat[k + n]
                sim = align_mod.similarity
                if a is not None and sim(joined, other[a]) > sim(flat[k + n - 1], other[a]):
                    continue
                if b is not None and sim(joined, other[b]) > sim(flat[k + n], other[b]):
                    continue
                here.append(n)
            out.append(here)
            k += len(sent)
        return out

    return cuts(original, twin_o, s_lines), cuts(suspect, twin_s, o_lines)


line = st.lists(st.sampled_from([f"w{k}" for k in range(12)]), min_size=1, max_size=6)
text_of_lines = st.lists(st.lists(line, min_size=1, max_size=3), min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(text_of_lines, text_of_lines)
def test_line_cuts_are_those_of_the_plain_definition(original: list[list[list[str]]],
                                                     suspect: list[list[list[str]]]) -> None:
    got = align_mod.line_cuts(original, suspect, exact=True)
    if all(len(s) == 1 for s in original) and all(len(s) == 1 for s in suspect):
        assert got == ([[] for _ in original], [[] for _ in suspect])
    else:
        assert got == plain_line_cuts(original, suspect)


@settings(max_examples=100, deadline=None)
@given(text_of_lines)
def test_lines_in_the_same_order_are_never_cut(text: list[list[list[str]]]) -> None:
    # distinct lines, so that each line's twin is itself
    n = 0
    unique = []
    for sent in text:
        unique.append([[*ln, f"u{(n := n + 1)}"] for ln in sent])
    assert align_mod.line_cuts(unique, unique) == ([[] for _ in unique], [[] for _ in unique])


def test_moved_lines_cut_both_texts() -> None:
    rng = random.Random(5)
    lines = sentences(rng, 6)
    original = [lines[0:3], lines[3:6]]  # two sentences of three lines each
    suspect = [[lines[4], lines[1]], [lines[0], lines[2]], [lines[5], lines[3]]]
    o_cuts, s_cuts = align_mod.line_cuts(original, suspect)
    assert o_cuts == [[1, 2], [1, 2]]  # no two neighbours stayed neighbours
    assert s_cuts == [[1], [1], [1]]
    # hard-wrapped lines that the other text does not share are left whole
    wrapped = [[["a", "b", "c"], ["d", "e"]]]
    assert align_mod.line_cuts(wrapped, [[["a", "b", "c", "d", "e"]]]) == ([[]], [[]])


# --- pair_by_forms: sentences paired by words matching as themselves or as synonyms ---------

def plain_pair_by_forms(original: list[list[frozenset[str]]], suspect: list[list[str]]) -> list[tuple[int, int, float]]:
    """Reference: every pair scored by a greedy bag match, most similar first, each once."""
    scored = []
    for i, a in enumerate(original):
        for j, b in enumerate(suspect):
            if not a or not b:
                continue
            sim = 2 * align_mod._bag_matches(a, b) / (len(a) + len(b))
            if sim >= align_mod.FORM_SIMILARITY and align_mod._bag_matches(a, b):
                scored.append((i, j, sim))
    return align_mod._one_to_one(scored)


word_forms = st.frozensets(st.sampled_from("abcdefgh"), min_size=1, max_size=3)
form_text = st.lists(st.lists(word_forms, max_size=5), min_size=1, max_size=5)
key_text = st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=5), min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(form_text, key_text)
def test_pair_by_forms_is_the_plain_best_first_match(original: list[list[frozenset[str]]],
                                                     suspect: list[list[str]]) -> None:
    # at most 5 sentences a side: no candidate or postings cap binds
    assert align_mod.pair_by_forms(original, suspect) == plain_pair_by_forms(original, suspect)


def test_pair_by_forms_pairs_a_fully_swapped_heading_in_any_order() -> None:
    inter, inher, bees = frozenset({"inter", "arbit"}), frozenset({"inher", "herit"}), frozenset({"bees"})
    got = align_mod.pair_by_forms([[bees, bees], [inter, inher]], [["arbit", "herit"], ["bees", "hive"]])
    assert got == [(1, 0, 1.0), (0, 1, 0.5)]
    assert align_mod.pair_by_forms([[inter, inher]], [["bees", "hive"]]) == []


# --- seams: units cut inside, at a word, where they are glued from two places --------------

def distinct_sentences(rng: random.Random, n: int) -> list[list[str]]:
    """Sentences of 5-12 words that share no word (each word's twin is itself)."""
    words = (f"v{k}" for k in range(10_000))
    return [[next(words) for _ in range(rng.randint(5, 12))] for _ in range(n)]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 8))
def test_texts_in_the_same_order_get_no_seams(seed: int, n: int) -> None:
    rng = random.Random(seed)
    text = distinct_sentences(rng, n)
    # the same units, and neighbours glued in order (a merge the aligner pairs 2:1)
    assert align_mod.seams(text, text) == ([[] for _ in text], [[] for _ in text])
    merged = [text[0] + text[1], *text[2:]]
    assert align_mod.seams(text, merged) == ([[] for _ in text], [[] for _ in merged])


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 8), st.booleans())
def test_a_unit_glued_from_two_places_is_cut_where_they_meet(seed: int, n: int, exact: bool) -> None:
    rng = random.Random(seed)
    original = distinct_sentences(rng, n)
    a, b = rng.sample(range(n), 2)
    if b == a + 1:
        a, b = b, a  # a neighbour glued after its predecessor is a merge, not a seam
    glued = original[a] + original[b]
    suspect = [glued] + [original[k] for k in range(n) if k not in (a, b)]
    rng.shuffle(suspect)
    o_cuts, s_cuts = align_mod.seams(original, suspect, exact=exact)
    assert o_cuts == [[] for _ in original]
    assert s_cuts == [[len(original[a])] if sent is glued else [] for sent in suspect]


def test_seams_leave_a_spun_ending_alone() -> None:
    # the last words reworded in both places: the match has them left over, nothing is foreign
    original = [["the", "network", "moved", "its", "studio", "to", "a", "new", "city"],
                ["viewers", "could", "not", "see", "the", "last", "laps", "of", "the", "race"]]
    suspect = [["the", "network", "moved", "its", "studio", "to", "one", "fresh", "metropolis"],
               ["viewers", "could", "not", "see", "the", "final", "circles", "of", "the", "race"]]
    assert align_mod.seams(original, suspect) == ([[], []], [[], []])


def test_seams_cut_at_most_seam_most_times() -> None:
    rng = random.Random(1)
    original = distinct_sentences(rng, 12)
    order = [0, 2, 4, 6, 8, 10, 1, 3]
    glued = [w for k in order for w in original[k]]
    _, (cuts,) = align_mod.seams(original, [glued])
    assert 1 <= len(cuts) <= align_mod.SEAM_MOST
    assert cuts == sorted(set(cuts))
    assert all(0 < c < len(glued) for c in cuts)


# --- differential: the seams' prefix LCS against one LCS per prefix -------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdef", max_size=40), st.text(alphabet="abcdef", max_size=70))
def test_prefix_common_is_the_lcs_of_every_prefix(x: str, y: str) -> None:
    # _prefix_common reads every prefix's LCS off one bit-parallel pass (y of 70 words is
    # past one 64-bit word); the seams read it, and the same reversed for suffixes.
    heads = align_mod._prefix_common(x, y)
    assert heads == [align_mod._common(x[:p], y) for p in range(len(x) + 1)]
    tails = align_mod._prefix_common(x[::-1], y[::-1])[::-1]
    assert tails == [align_mod._common(x[p:], y) for p in range(len(x) + 1)]



@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdef", max_size=40), st.text(alphabet="abcdef", max_size=70), st.integers(-1, 45))
def test_shortest_head_and_tail_are_the_first_and_last_of_the_prefix_lists(x: str, y: str, below: int) -> None:
    # The seams find where the match's words end (begin) in a unit by bisection; it must
    # be the first (last) cut of the whole prefix (suffix) lists that reaches the same
    # count, for every count up to the unit's whole LCS with its match.
    whole = align_mod._common(x, y)
    need = whole - below if below >= 0 else whole
    heads = align_mod._prefix_common(x, y)
    tails = align_mod._prefix_common(x[::-1], y[::-1])[::-1]
    assert align_mod._shortest_head(x, y, need) == next(p for p in range(len(x) + 1) if heads[p] >= need)
    assert align_mod._shortest_tail(x, y, need) == next(p for p in range(len(x), -1, -1) if tails[p] >= need)

@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdefgh", max_size=30), max_size=8),
       st.lists(st.text(alphabet="abcdefgh", max_size=30), max_size=8),
       st.floats(min_value=0.01, max_value=1.0))
def test_exact_candidates_are_every_pair_scored_one_by_one(orig: list[str], susp: list[str], floor: float) -> None:
    # The pairs are read off RapidFuzz's matrix of double-precision scores; they must be
    # exactly the pairs, in the order and with the values, that scoring each pair gives.
    want = [(i, j, align_mod._sim(a, b)) for i, a in enumerate(orig) for j, b in enumerate(susp)
            if align_mod._sim(a, b) >= floor]
    assert align_mod._exact_candidates(orig, susp, floor) == want
# --- differential: encode against the token-by-token definition ------------------------------

def _encode_plain(original: Sequence[Sequence[str]], suspect: Sequence[Sequence[str]],
                  keep: object = None) -> tuple[list[str], list[str]]:
    """Each new token gets the next code point from U+0100 as it is met (original first),
    skipping the surrogates."""
    vocab: dict[str, str] = {}

    def code(tok: str) -> str:
        if tok not in vocab:
            k = len(vocab) + 0x100
            vocab[tok] = chr(k + 0x800 if k >= 0xD800 else k)
        return vocab[tok]

    def enc(sents: Sequence[Sequence[str]]) -> list[str]:
        return ["".join(code(t) for t in sent if keep is None or keep(t)) for sent in sents]  # type: ignore[operator]

    return enc(original), enc(suspect)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "the", "cat", "", "x y", "é"]), max_size=8), max_size=6),
       st.lists(st.lists(st.sampled_from(["b", "c", "the", "dog", "", "é", "z"]), max_size=8), max_size=6),
       st.booleans())
def test_encode_gives_the_codes_of_the_plain_definition(original: list[list[str]], suspect: list[list[str]],
                                                        filtered: bool) -> None:
    # The codes are given in first-seen order, original first (the indexed aligner breaks
    # ties between keys by their codes: a faster encoding must give the very same strings).
    keep = (lambda t: t != "the") if filtered else None
    assert align_mod.encode(original, suspect, keep) == _encode_plain(original, suspect, keep)


def test_encode_skips_the_surrogates() -> None:
    words = [[f"w{k}" for k in range(0xD800 - 0x100 + 3)]]
    (got,), _ = align_mod.encode(words, [])
    assert [ord(c) for c in got[-4:]] == [0xD7FF, 0xE000, 0xE001, 0xE002]
    assert (got,) == tuple(_encode_plain(words, [])[0])


# --- FormIndex and seams by synonyms: headings spun word by word, glued to a sentence --------

@settings(max_examples=200, deadline=None)
@given(form_text, st.lists(st.sampled_from("abcdefgh"), max_size=5), st.sampled_from([0.3, 0.5, 0.8]))
def test_form_index_finds_what_a_plain_scan_finds(original: list[list[frozenset[str]]], words: list[str],
                                                  floor: float) -> None:
    # Differential: at most 5 sentences (no candidate or postings cap binds), the index finds
    # every sentence a plain scan scores at least ``floor``, with the same similarity.
    plain = {(i, 2 * align_mod._bag_matches(a, words) / (len(a) + len(words)))
             for i, a in enumerate(original) if a and words and align_mod._bag_matches(a, words)}
    plain = {(i, sim) for i, sim in plain if sim >= floor}
    assert set(align_mod.FormIndex(original).matches(words, floor)) == plain


# a toy dictionary: each original word may appear as itself or as its listed synonyms
SYNONYMS = {"home": {"domicile"}, "based": {"grounded"}, "work": {"piece", "work"}, "females": {"female"}}


def toy_forms(words: Sequence[str]) -> list[frozenset[str]]:
    return [frozenset({w, *SYNONYMS.get(w, ())}) for w in words if w not in ("of", "to", "and", "the", "what")]


def toy_keys(words: Sequence[str]) -> list[str]:
    return [w for w in words if w not in ("of", "to", "and", "the", "what")]


HEADED = [["home", "based", "work"], ["council", "approval", "zoning", "signage", "health", "issues"],
          ["what", "to", "do", "first", "when", "you", "start"]]


def test_seams_cut_a_heading_spun_word_by_word_off_its_sentence() -> None:
    # "Domicile-grounded piece of work" glued before "What to do ...": no token twin, a twin by synonyms
    suspect = [["council", "approval", "zoning", "signage", "health", "issues"],
               ["domicile", "grounded", "piece", "of", "work", "what", "to", "do", "first", "when", "you", "start"]]
    assert align_mod.seams(HEADED, suspect) == ([[], [], []], [[], []])  # tokens alone see nothing
    o_cuts, s_cuts = align_mod.seams(HEADED, suspect, forms_of=toy_forms, keys_of=toy_keys)
    assert o_cuts == [[], [], []]
    assert s_cuts == [[], [5]]


def test_seams_by_synonyms_leave_a_reworded_ending_alone() -> None:
    # the rest rewords the words its match has left over ("females" -> "female persons"):
    # not a glued piece, though a short unit ("females") matches it by synonyms
    original = [["the", "gene", "is", "carried", "by", "males", "and", "females"], ["females"],
                ["a", "second", "sentence", "about", "something", "else", "entirely"]]
    suspect = [["the", "gene", "is", "carried", "by", "males", "and", "female", "persons"],
               ["a", "second", "sentence", "about", "something", "else", "entirely"]]
    got = align_mod.seams(original, suspect, forms_of=toy_forms, keys_of=toy_keys)
    assert got == ([[], [], []], [[], []])


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 8))
def test_texts_in_the_same_order_get_no_seams_by_synonyms_either(seed: int, n: int) -> None:
    rng = random.Random(seed)
    text = distinct_sentences(rng, n)
    assert align_mod.seams(text, text, forms_of=toy_forms, keys_of=toy_keys) == (
        [[] for _ in text], [[] for _ in text])
    merged = [text[0] + text[1], *text[2:]]
    assert align_mod.seams(text, merged, forms_of=toy_forms, keys_of=toy_keys) == (
        [[] for _ in text], [[] for _ in merged])


def _other_codes(rng: random.Random, original: list[list[str]], suspect: list[list[str]]) -> tuple[list[str], list[str]]:
    """Each word as one character of a vocabulary numbered in a random order (as one
    encoding of both whole texts numbers the words of any part of them)."""
    vocab = sorted({w for sent in original + suspect for w in sent})
    rng.shuffle(vocab)
    code = {w: chr(0x100 + k) for k, w in enumerate(vocab)}
    return ["".join(code[w] for w in sent) for sent in original], ["".join(code[w] for w in sent) for sent in suspect]


def _reworded_shuffle(rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    """Random sentences, and the same shuffled with a third of their words replaced and a
    few unrelated sentences added."""
    original = sentences(rng, rng.randint(1, 12), vocab=rng.choice([8, 40, 400]))
    suspect = [list(s) for s in original]
    rng.shuffle(suspect)
    for sent in suspect:
        for k in range(len(sent)):
            if rng.random() < 0.3:
                sent[k] = f"w{rng.randrange(50)}"
    return original, suspect + sentences(rng, rng.randint(0, 3), vocab=60)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([True, False]))
def test_encoded_sentences_align_as_their_words_do(seed: int, exact: bool) -> None:
    # Differential: the aligner given sentences already encoded with another vocabulary
    # (one encoding per comparison) against the same given the words; the index path,
    # which breaks ties by the codes, encodes them again, so both paths must agree.
    rng = random.Random(seed)
    original, suspect = _reworded_shuffle(rng)
    o_codes, s_codes = _other_codes(rng, original, suspect)
    assert align(o_codes, s_codes, exact=exact, encoded=True) == align(original, suspect, exact=exact)
    o_ids = sorted(rng.sample(range(len(original)), rng.randint(1, len(original))))
    s_ids = sorted(rng.sample(range(len(suspect)), rng.randint(1, len(suspect))))
    for ordered in (True, False):
        assert (align_mod.align_within(o_codes, s_codes, o_ids, s_ids, exact=exact, ordered=ordered, encoded=True)
                == align_mod.align_within(original, suspect, o_ids, s_ids, exact=exact, ordered=ordered))
    # the same sentences as units, and as lines: two or three to a sentence
    assert (align_mod.seams(original, suspect, exact=exact, codes=(o_codes, s_codes))
            == align_mod.seams(original, suspect, exact=exact))
    o_lines = [[original[k], original[k + 1]] for k in range(0, len(original) - 1, 2)]
    s_lines = [suspect[k : k + 3] for k in range(0, len(suspect), 3)]
    o_line_codes = [[o_codes[k], o_codes[k + 1]] for k in range(0, len(original) - 1, 2)]
    s_line_codes = [s_codes[k : k + 3] for k in range(0, len(suspect), 3)]
    assert (align_mod.line_cuts(o_line_codes, s_line_codes, exact=exact, encoded=True)
            == align_mod.line_cuts(o_lines, s_lines, exact=exact))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([None, True, False]), st.sampled_from([0.1, 0.2, 0.35, 0.6]))
def test_alignment_from_the_seams_scores_is_the_alignment_scored_anew(seed: int, exact: bool | None,
                                                                      floor: float) -> None:
    # Differential (branch seedspeed2): align_within reading the pairs the seams scored
    # (align.Known) against align_within scoring its sentences itself, on any subset of
    # the sentences, ordered and not, at floors above and below the seams' own.
    rng = random.Random(seed)
    original, suspect = _reworded_shuffle(rng)
    suspect.append([])
    o_codes, s_codes = _other_codes(rng, original, suspect)
    known = align_mod.Known()
    align_mod.seams(original, suspect, exact=exact, codes=(o_codes, s_codes), known=known)
    # filled on the exact path only (the index scores some pairs, not all)
    assert known.filled == (exact is not False and (exact or len(original) * len(suspect) <= align_mod.EXACT_LIMIT))
    if known.filled:
        assert known.points == align_mod._exact_candidates(o_codes, s_codes, align_mod.SEAM_FLOOR)
    for _ in range(3):
        o_ids = sorted(rng.sample(range(len(original)), rng.randint(1, len(original))))
        s_ids = sorted(rng.sample(range(len(suspect)), rng.randint(1, len(suspect))))
        for ordered in (True, False):
            opts = dict(min_similarity=floor, exact=exact, ordered=ordered, encoded=True)
            assert (align_mod.align_within(o_codes, s_codes, o_ids, s_ids, known=known, **opts)  # type: ignore[arg-type]
                    == align_mod.align_within(o_codes, s_codes, o_ids, s_ids, **opts))  # type: ignore[arg-type]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcde", max_size=30), st.text(alphabet="abcdef", max_size=30))
def test_blocks_are_the_matching_blocks_of_the_edit_script(x: str, y: str) -> None:
    # align._blocks reads the equal opcodes; the definition is the edit script's matching blocks
    want = [(m.a, m.b, m.size) for m in align_mod.Indel.editops(x, y).as_matching_blocks() if m.size]
    assert align_mod._blocks(x, y) == want


def test_bag_matches_does_not_follow_the_hash_order_of_a_word_s_forms() -> None:
    # Two original words share the form "x"; which of the first word's forms the greedy
    # match tries first decides whether the second word still finds "x". A frozenset's
    # order follows string hashes, which change per process (PYTHONHASHSEED): the match
    # must not (compare_many's workers and compare() gave different seams).
    import os
    import subprocess
    import sys

    code = ("from spundetect.align import _bag_matches; "
            "print(_bag_matches([frozenset({'x', 'y'}), frozenset({'x', 'z'})], ['x', 'y']))")
    seen = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        seen.add(out.stdout.strip())
    assert seen == {str(align_mod._bag_matches([frozenset({"x", "y"}), frozenset({"x", "z"})], ["x", "y"]))}
    assert align_mod._bag_matches([frozenset({"x", "y"}), frozenset({"x", "z"})], ["x", "y"]) == 1
