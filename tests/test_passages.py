"""spundetect.passages: contracts, properties (moved paragraphs, word-level edges) and a
differential check of the indexed seed search against a plain all-pairs search."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spundetect
from spundetect.passages import (
    MAX_PLACES, NEAR_BEST, SENTENCE_DICE, Reuse, content_key, find_passages, find_seeds,
)
from test_compare import check_contract

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Two vocabularies of content words with distinct keys: reused text and unrelated text never
# share one.
REUSED = ("bridge river harbour council engineer market survey trucks closed march mayor "
          "budget school police doctor letter window station railway museum castle island "
          "valley forest desert planet rocket engine signal").split()
OTHER = ("flower nectar pollen meadow orchard basket cherry lemon walnut pepper onion carrot "
         "potato tomato butter cheese yogurt cookie muffin pastry").split()
FUNCTION = ["the", "of", "and", "to", "in", "was", "a"]


def sentence(draw: st.DrawFn, vocab: list[str], lo: int = 6, hi: int = 14) -> list[str]:
    return interleave(draw, draw(st.lists(st.sampled_from(vocab), min_size=lo, max_size=hi)))


def interleave(draw: st.DrawFn, words: list[str]) -> list[str]:
    """The words with a function word after some of them, as in real text."""
    out: list[str] = []
    for w in words:
        out.append(w)
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(FUNCTION)))
    return out


def check(found: list[Reuse], original: list[list[str]], suspect: list[list[str]]) -> None:
    n, m = sum(map(len, original)), sum(map(len, suspect))
    end = 0
    for r in found:
        assert 0 <= r.original[0] < r.original[1] <= n
        assert 0 <= r.suspect[0] < r.suspect[1] <= m
        assert r.suspect[0] >= end  # ordered by the suspect, never overlapping there
        end = r.suspect[1]
        assert 0.0 <= r.in_order <= 1.0 and r.seeds >= 1


def test_empty_and_function_word_texts() -> None:
    assert find_passages([], []) == []
    assert find_passages([["the", "of"]], [["the", "of"]]) == []
    assert find_passages([["bridge", "river"]], []) == []
    assert content_key("the") is None and content_key("Engineers".lower()) == "engin"


@st.composite
def embedded(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]], list[str], int, int]:
    """An original and a suspect that both hold one copied passage among unrelated text."""
    # distinct words: a passage that repeats one word over and over has no edges to find;
    # it starts and ends with content words (function words at its edges may be shared
    # with the words around it by chance)
    passage = interleave(draw, draw(st.permutations(REUSED))[: draw(st.integers(12, len(REUSED)))])
    while passage[-1] in FUNCTION:
        passage.pop()
    # each text's other words are its own, so nothing around the passage is shared
    mine, theirs = OTHER[:10], OTHER[10:]
    before_o = [sentence(draw, mine) for _ in range(draw(st.integers(0, 3)))]
    after_o = [sentence(draw, mine) for _ in range(draw(st.integers(0, 3)))]
    before_s = [sentence(draw, theirs) for _ in range(draw(st.integers(0, 3)))]
    after_s = [sentence(draw, theirs) for _ in range(draw(st.integers(0, 3)))]
    # the passage is glued onto the end of a sentence of other text (a heading, a
    # different line break): its edges are words, not sentence edges
    glue = [draw(st.sampled_from(theirs)) for _ in range(draw(st.integers(1, 3)))]
    original = [*before_o, passage, *after_o]
    suspect = [*before_s, glue + passage, *after_s]
    o_start = sum(map(len, before_o))
    s_start = sum(map(len, before_s)) + len(glue)
    return original, suspect, passage, o_start, s_start


@SETTINGS
@given(embedded())
def test_a_copied_passage_has_word_level_edges(case: tuple) -> None:  # type: ignore[type-arg]
    original, suspect, passage, o_start, s_start = case
    found = find_passages(original, suspect)
    check(found, original, suspect)
    assert [(r.original, r.suspect) for r in found] == [
        ((o_start, o_start + len(passage)), (s_start, s_start + len(passage)))
    ]
    assert found[0].in_order == 1.0


@st.composite
def moved(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]], list[int]]:
    """Paragraphs (each from its own words) and the suspect with them in another order and
    unrelated paragraphs between them."""
    k = draw(st.integers(2, 4))
    vocab = REUSED[:]
    random.Random(draw(st.integers(0, 1000))).shuffle(vocab)
    size = len(vocab) // k
    # each paragraph: three sentences, each its own words in some order
    paragraphs = [
        [w for _ in range(3) for w in interleave(draw, draw(st.permutations(vocab[i * size : (i + 1) * size])))]
        for i in range(k)
    ]
    for para in paragraphs:
        while para[-1] in FUNCTION:  # content words at the edges, as in the test above
            para.pop()
    order = draw(st.permutations(range(k)))
    filler = [w for _ in range(4) for w in draw(st.permutations(OTHER))]
    suspect: list[list[str]] = []
    for i in order:
        suspect += [paragraphs[i], filler]
    return paragraphs, suspect, list(order)


@SETTINGS
@given(moved())
def test_moved_paragraphs_are_found_in_any_order(case: tuple) -> None:  # type: ignore[type-arg]
    paragraphs, suspect, order = case
    found = find_passages(paragraphs, suspect)
    check(found, paragraphs, suspect)
    starts = [sum(map(len, paragraphs[:i])) for i in range(len(paragraphs))]
    s_at = 0
    for i in order:
        size = len(paragraphs[i])
        # one passage holds the moved paragraph, and its original side is that paragraph
        [r] = [r for r in found if r.suspect[0] < s_at + size and r.suspect[1] > s_at]
        assert r.suspect == (s_at, s_at + size)
        assert r.original == (starts[i], starts[i] + size)
        s_at += size + len(suspect[1])


def plain_seeds(original: list[list[str]], suspect: list[list[str]]) -> set[tuple[int, int]]:
    """The seeds by their definition, every pair of places and sentences compared."""
    def flat(text: list[list[str]]) -> tuple[list[str | None], list[tuple[int, int]]]:
        keys: list[str | None] = []
        bounds = []
        for sent in text:
            bounds.append((len(keys), len(keys) + len(sent)))
            keys += [content_key(w) for w in sent]
        return keys, bounds

    ok, ob = flat(original)
    sk, sb = flat(suspect)
    oc = [i for i, k in enumerate(ok) if k is not None]
    sc = [j for j, k in enumerate(sk) if k is not None]
    out: set[tuple[int, int]] = set()
    o_pairs = list(zip(oc, oc[1:]))
    for a, b in zip(sc, sc[1:]):
        places = [(i, i2) for i, i2 in o_pairs if sorted((ok[i], ok[i2])) == sorted((sk[a], sk[b]))]  # type: ignore[type-var]
        if len(places) > MAX_PLACES:
            continue
        for i, i2 in places:
            if ok[i] == sk[a]:
                out |= {(i, a), (i2, b)}
            else:
                out |= {(i2, a), (i, b)}

    def first(keys: list[str | None], lo: int, hi: int) -> dict[str, int]:
        d: dict[str, int] = {}
        for k in range(lo, hi):
            if keys[k] is not None and keys[k] not in d:
                d[keys[k]] = k  # type: ignore[index]
        return d

    for lo, hi in sb:
        b = first(sk, lo, hi)
        if not b:
            continue
        scored = []
        for olo, ohi in ob:
            a = first(ok, olo, ohi)
            if a:
                shared = a.keys() & b.keys()
                dice = 2 * len(shared) / (len(a) + len(b))
                if dice >= SENTENCE_DICE:
                    scored.append((dice, a, shared))
        if scored:
            best = max(d for d, _, _ in scored)
            for dice, a, shared in scored:
                if dice >= NEAR_BEST * best:
                    out |= {(a[key], b[key]) for key in shared}
    return out


small_text = st.lists(st.lists(st.sampled_from(REUSED[:8] + OTHER[:4] + FUNCTION), max_size=9),
                      max_size=6)


@settings(max_examples=200, deadline=None)
@given(small_text, small_text)
def test_indexed_seeds_match_a_plain_search(original: list[list[str]], suspect: list[list[str]]) -> None:
    assert find_seeds(original, suspect) == plain_seeds(original, suspect)


def test_shuffled_paragraphs_of_a_spun_text(example_pair: tuple[str, str]) -> None:
    """The bundled spun pair with its paragraphs in another order: the same passages are
    found (each paragraph back to its source), and the verdict and swaps stay."""
    original, spun = example_pair
    paragraphs = [p for p in spun.split("\n\n") if p.strip()]
    assert len(paragraphs) >= 3
    shuffled = "\n\n".join(paragraphs[::-1])
    plain = spundetect.compare(original, spun)
    moved_c = spundetect.compare(original, shuffled)
    check_contract(moved_c)
    assert moved_c.verdict == plain.verdict == "spun"
    assert len(moved_c.swaps) >= 0.95 * len(plain.swaps)
    assert moved_c.reused_share >= plain.reused_share - 0.05
    # the pairs come in the suspect's order, so the original side runs backwards
    starts = [p.original_sentences[0] for p in moved_c.pairs if p.aligned]
    assert starts != sorted(starts)


# --- the dense core, joined passages, names (the passage filter's inputs) ---------------------

from spundetect.passages import CORE_COST, EDGE_GAP, _core, _join, _Candidate  # noqa: E402


def plain_core(points: list[tuple[int, int]], axis: int) -> list[tuple[int, int]]:
    """The best-scoring stretch by its definition: every pair of places tried."""
    places = sorted({p[axis] for p in points})
    best, span = -1.0, (places[0], places[-1])
    for a in range(len(places)):
        for b in range(a, len(places)):
            value = (b - a + 1) - CORE_COST * (places[b] - places[a])
            if value > best + 1e-9:
                best, span = value, (places[a], places[b])
    return [p for p in points if span[0] <= p[axis] <= span[1]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), min_size=3, max_size=40, unique=True),
       st.sampled_from([0, 1]))
def test_core_is_the_best_scoring_stretch(points: list[tuple[int, int]], axis: int) -> None:
    got = _core(points, axis)
    want = plain_core(points, axis)
    # ties between equally good stretches may go either way; their value is the same
    def value(ps: list[tuple[int, int]]) -> float:
        places = sorted({p[axis] for p in ps})
        return len(places) - CORE_COST * (places[-1] - places[0])
    if len({p[axis] for p in points}) >= 3:
        assert abs(value(got) - value(want)) < 1e-9
    assert set(got) <= set(points) and got


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=30),
       st.sampled_from([0, 1]), st.integers(0, 8))
def test_split_cuts_where_the_plain_walk_cuts(points: list[tuple[int, int]], axis: int, gap: int) -> None:
    # _split finds its cuts with C loops; the plain walk appends each point to the current
    # cluster, or starts a new one more than gap after the point before it.
    from spundetect.passages import _split

    want: list[list[tuple[int, int]]] = []
    for p in sorted(points, key=lambda p: p[axis]):
        if want and p[axis] - want[-1][-1][axis] <= gap:
            want[-1].append(p)
        else:
            want.append([p])
    assert _split(points, axis, gap) == want


def test_core_cuts_a_sparse_tail_and_keeps_a_dense_passage() -> None:
    dense = [(100 + 2 * k, 500 + 2 * k) for k in range(30)]  # a match every other word
    tail = [(100 + 60 + 12 * k, 500 + 60 + 12 * k) for k in range(1, 5)]  # one in 12 words
    assert sorted(_core(dense + tail, 1)) == dense
    assert sorted(_core(dense, 0)) == dense


def test_touching_passages_are_joined_and_distant_ones_are_not() -> None:
    a = _Candidate.of([(50 + k, 200 + k) for k in range(20)])  # original 50..70, suspect 200..220
    b = _Candidate.of([(20 + k, 222 + k) for k in range(25)])  # moved before it in the original
    far = _Candidate.of([(400 + k, 250 + k) for k in range(20)])
    [joined, other] = _join([a, b, far])
    assert joined.s == (200, 247) and joined.o == (20, 70) and other is far
    apart = _Candidate.of([(80 + EDGE_GAP + k, 222 + k) for k in range(20)])
    assert len(_join([a, apart])) == 2


def test_names_share_counts_matched_names() -> None:
    words = "the mayor of springfield met the council on 12 march about the new bridge".split()
    suspect = ["reports", "say"] + words
    mask = [w in {"springfield", "12"} for w in suspect]
    [r] = find_passages([words], [suspect], names=mask)
    assert r.names == round(2 / len({i for i, w in enumerate(suspect) if content_key(w) and i >= 2}), 4)
    [plain] = find_passages([words], [suspect])
    assert plain.names == 0.0


# --- sentence edges (a passage grown to the whole sentences of its derived pairs) -----------

from spundetect.passages import SENTENCE_GROWTH, sentence_edges, swap_edges  # noqa: E402


def reference_edges(found: list[Reuse], pairs: list[tuple[int, tuple[int, int], tuple[int, int]]],
                    words: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The same rule by its definition: on each side, the passage grown at each end to the
    edge of every sentence of its pairs reaching it (within EDGE_GAP words) whose partner
    is long enough (again and again until nothing more grows), the suspect side cut at the next passage's old start
    and the previous one's new end."""
    order = sorted(range(len(found)), key=lambda k: found[k].suspect)
    out = [(r.original, r.suspect) for r in found]
    for n, k in enumerate(order):
        r = found[k]
        if r.condensed:
            continue
        lo = out[order[n - 1]][1][1] if n else 0
        hi = found[order[n + 1]].suspect[0] if n + 1 < len(order) else words
        mine = [(o, s, (max(s[0], lo), min(s[1], hi))) for j, o, s in pairs if j == k]
        o_side, s_side = r.original, r.suspect

        def grow(side: tuple[int, int], sent: tuple[int, int], partner: int) -> tuple[int, int]:
            # each end to the sentence's edge when the partner holds the inside part and
            # SENTENCE_GROWTH of the outside part
            inside = max(0, min(sent[1], side[1]) - max(sent[0], side[0]))
            start = sent[0] if sent[0] < side[0] and partner >= inside + SENTENCE_GROWTH * (side[0] - sent[0]) else side[0]
            end = sent[1] if sent[1] > side[1] and partner >= inside + SENTENCE_GROWTH * (sent[1] - side[1]) else side[1]
            return start, end

        for _ in range(2 * len(mine) + 1):  # each round grows an edge, or nothing grows more
            for o, s, cut in mine:
                if o[0] - EDGE_GAP <= o_side[1] and o_side[0] <= o[1] + EDGE_GAP:
                    o_side = grow(o_side, o, s[1] - s[0])
                if cut[0] < cut[1] and cut[0] - EDGE_GAP <= s_side[1] and s_side[0] <= cut[1] + EDGE_GAP:
                    s_side = grow(s_side, cut, o[1] - o[0])
        out[k] = (o_side, s_side)
    return out


@st.composite
def passages_and_pairs(draw: st.DrawFn) -> tuple[list[Reuse], list[tuple[int, tuple[int, int], tuple[int, int]]], int]:
    cuts = sorted(draw(st.lists(st.integers(0, 400), min_size=2, max_size=8, unique=True)))
    found = []
    for a, b in zip(cuts[::2], cuts[1::2]):  # suspect ranges that never overlap
        o0 = draw(st.integers(0, 400))
        found.append(Reuse((o0, o0 + draw(st.integers(1, 80))), (a, b), 10, draw(st.booleans()), 0.5))
    draw(st.randoms()).shuffle(found)
    pairs = []
    for _ in range(draw(st.integers(0, 12)) if found else 0):
        k = draw(st.integers(0, len(found) - 1))
        o0, s0 = draw(st.integers(0, 450)), draw(st.integers(0, 420))
        pairs.append((k, (o0, o0 + draw(st.integers(1, 40))), (s0, s0 + draw(st.integers(1, 40)))))
    return found, pairs, 470


@settings(max_examples=300, deadline=None)
@given(passages_and_pairs())
def test_sentence_edges_only_grow_to_reaching_sentences(case: tuple) -> None:  # type: ignore[type-arg]
    found, pairs, words = case
    got = sentence_edges(found, pairs, words)
    # the reference pass again and again until nothing grows
    want, ranges = found, None
    while ranges != (ranges := reference_edges(want, pairs, words)):
        want = [replace(r, original=o, suspect=s) for r, (o, s) in zip(found, ranges)]
    assert [(r.original, r.suspect) for r in got] == ranges
    for old, new in zip(found, got):
        # never shrinks, keeps what it knew, condensed passages stay as they are
        assert new.original[0] <= old.original[0] and new.original[1] >= old.original[1]
        assert new.suspect[0] <= old.suspect[0] and new.suspect[1] >= old.suspect[1]
        assert (new.seeds, new.condensed, new.in_order, new.names) == (old.seeds, old.condensed, old.in_order, old.names)
        if old.condensed:
            assert new == old
    spans = sorted(r.suspect for r in got)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # still never overlapping
    assert all(0 <= r.suspect[0] and r.suspect[1] <= words for r in got)
    assert sentence_edges(got, pairs, words) == got  # grown once, nothing more reaches


def test_sentence_edges_take_a_cut_sentence_whole_but_not_one_from_elsewhere() -> None:
    r = Reuse((112, 160), (23, 70), 20, False, 0.7)
    cut = (0, (100, 122), (18, 40))  # the first sentence pair: both sides start before the edges
    moved = (0, (300, 315), (60, 75))  # its original sentence lies elsewhere in the original
    [grown] = sentence_edges([r], [cut, moved], 200)
    assert grown.original == (100, 160) and grown.suspect == (18, 75)
    glued = (0, (112, 129), (10, 40))  # a copy pasted after 13 words of other text, one sentence
    [same] = sentence_edges([r], [glued], 200)
    assert same == r
    nxt = Reuse((400, 450), (72, 120), 20, False, 0.7)
    [a, b] = sentence_edges([r, nxt], [cut, moved], 200)
    assert a.suspect == (18, 72) and b == nxt  # stops at the next passage
    [same] = sentence_edges([Reuse((112, 500), (23, 70), 20, True, 0.7)], [cut], 200)
    assert same.original == (112, 500) and same.suspect == (23, 70)  # condensed: unchanged


# --- stray matches at a passage's ends ----------------------

from spundetect.passages import LINE_SLACK, _stray_ends  # noqa: E402


def plain_stray_ends(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``_stray_ends`` by its definition: every pair of matches compared."""
    def in_line(p: tuple[int, int], pts: list[tuple[int, int]], axis: int) -> bool:
        return any(abs(q[axis] - p[axis]) <= EDGE_GAP and (q[0] - p[0]) * (q[1] - p[1]) > 0
                   and abs((q[0] - q[1]) - (p[0] - p[1])) <= LINE_SLACK for q in pts)

    for axis in (1, 0):
        pts = sorted(points, key=lambda p: p[axis])
        flags = [in_line(p, pts, axis) for p in pts]
        if not any(flags):
            return points
        lo = flags.index(True)
        hi = len(flags) - 1 - flags[::-1].index(True)
        points = pts[lo : hi + 1]
    return points


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 120), st.integers(0, 120)), min_size=1, max_size=40, unique_by=lambda p: p[1]))
def test_stray_ends_match_a_plain_search(points: list[tuple[int, int]]) -> None:
    got = _stray_ends(points)
    assert sorted(got) == sorted(plain_stray_ends(points))
    assert set(got) <= set(points) and got


def test_stray_ends_cut_topic_matches_after_a_copy_and_keep_a_reworded_run() -> None:
    copy = [(300 + k, 600 + k) for k in range(40)]
    # after the copy, words that the copy's original holds elsewhere ("students", "degree")
    tail = [(305, 642), (322, 645), (301, 649), (335, 652), (312, 655)]
    assert sorted(_stray_ends(copy + tail)) == copy
    # reworded: every other word matched, a few words moved by up to LINE_SLACK
    reworded = [(300 + 2 * k + (k % 3 == 0), 600 + 2 * k) for k in range(20)]
    assert sorted(_stray_ends(reworded)) == sorted(reworded)


# ------------------------------------------------------------------ copies (branch pan02)

from spundetect.passages import (  # noqa: E402
    COPY_GAP, COPY_RUN, CONDENSED_SEEDS, _Codes, _copy_edges, _copy_with_tail, _Text,
)


def _vocabulary_texts(tail: list[list[str]], *, copy: range = range(30, 34)) -> tuple[_Text, _Text, list[list[str]]]:
    """An original of 60 ten-word sentences of distinct words, and a suspect: two
    unrelated sentences, original sentences ``copy`` word for word, then ``tail``."""
    original = [[f"w{10 * k + n:04d}x" for n in range(10)] for k in range(60)]
    suspect = [[f"o{n:04d}y" for n in range(10)], [f"f{n:04d}z" for n in range(10)]]
    suspect += [list(original[k]) for k in copy] + tail
    return _Text.of(original), _Text.of(suspect), original


def _points(o: _Text, s: _Text) -> list[tuple[int, int]]:
    where = {w: i for i, w in enumerate(o.words)}
    return [(where[w], j) for j, w in enumerate(s.words) if w in where]


def test_a_copy_keeps_its_edges_when_a_tail_of_topic_words_follows() -> None:
    rng = random.Random(7)
    # after the copy, 30 words of the original taken from all over it, in no order
    picks = rng.sample(range(600), 30)
    tail = [[f"w{p:04d}x" for p in picks[k : k + 10]] for k in (0, 10, 20)]
    o, s, _ = _vocabulary_texts(tail)
    pts = _points(o, s)
    copy = [p for p in pts if 20 <= p[1] < 60]
    rest = [p for p in pts if p[1] >= 60]
    assert len(rest) >= CONDENSED_SEEDS
    inside, cand = _Candidate.of(copy), _Candidate.of(copy + rest)
    codes = _Codes()
    assert _copy_with_tail(cand, [inside], o, s, codes)
    # a summary: its own sentences keep the order of the original sentences they condense
    summary = [[f"w{10 * k + n:04d}x" for n in (0, 2, 3, 5, 7, 9)] for k in (40, 44, 48, 52, 56)]
    o2, s2, _ = _vocabulary_texts(summary)
    pts2 = _points(o2, s2)
    cand2 = _Candidate.of(pts2)
    inside2 = _Candidate.of([p for p in pts2 if 20 <= p[1] < 60])
    assert not _copy_with_tail(cand2, [inside2], o2, s2, codes)
    # words on both sides of the copy, or too few of them, tell nothing
    both = [p for p in pts if p[1] < 70]
    before = [(p[0], p[1] - 60) for p in rest[:5]]  # not real positions: only their side counts
    assert not _copy_with_tail(_Candidate.of(copy + before + both), [inside], o, s, codes)
    assert not _copy_with_tail(_Candidate.of(copy + rest[: CONDENSED_SEEDS - 1]), [inside], o, s, codes)
    assert not _copy_with_tail(cand, [], o, s, codes)


def test_copy_edges_drop_matches_past_the_equal_words() -> None:
    # the copy (original sentences 30-33), then a tail whose first words match a bigram of
    # the copied stretch elsewhere: in line with each other, outside the equal run
    tail = [["w0305x", "w0306x", "f0001z", "f0002z"]]
    o, s, _ = _vocabulary_texts(tail)
    pts = _points(o, s)
    cand = _Candidate.of(pts)
    assert cand.s == (20, 62)
    cut = _copy_edges(cand, o, s)
    assert (cut.o, cut.s) == ((300, 340), (20, 60))
    # a reworded passage (every third word changed) has no run of COPY_RUN equal words
    # over most of it, and is left as it is
    reworded = [[w if n % 3 else "changed" for n, w in enumerate(sent)] for sent in [_vocabulary_texts([])[2][k] for k in range(30, 34)]]
    o3 = _Text.of(_vocabulary_texts([])[2])
    s3 = _Text.of([["o0000y"], *reworded, ["w0305x", "w0306x"]])
    pts3 = _points(o3, s3)
    cand3 = _Candidate.of(pts3)
    assert _copy_edges(cand3, o3, s3) is cand3
    assert COPY_RUN > 2


def test_copy_edges_keep_a_word_swapped_near_the_edge() -> None:
    # a light spin: the copy's fourth word replaced by two, so its first three words are a
    # run shorter than COPY_RUN, in line with the rest and within COPY_GAP of it
    original = [[f"w{10 * k + n:04d}x" for n in range(10)] for k in range(60)]
    first = original[30][:3] + ["s0001v", "s0002v"] + original[30][4:]
    suspect = [[f"o{n:04d}y" for n in range(10)], first] + [list(original[k]) for k in (31, 32, 33)]
    o, s = _Text.of(original), _Text.of(suspect)
    cand = _Candidate.of(_points(o, s))
    cut = _copy_edges(cand, o, s)
    assert (cut.o, cut.s) == ((300, 340), (10, 51))
    assert COPY_GAP >= 2


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 30), st.integers(0, 40), st.integers(0, 40))
def test_copy_edges_put_an_embedded_copy_at_its_own_edges(n: int, before: int, after: int) -> None:
    # a copy of n sentences inside unrelated text: the passage found is the copy, word for word
    original = [[f"w{10 * k + j:04d}x" for j in range(10)] for k in range(60)]
    suspect = [[f"p{j:04d}q"] for j in range(before)] + [list(original[10 + k]) for k in range(n)]
    suspect += [[f"q{j:04d}q"] for j in range(after)]
    [found] = find_passages(original, suspect)
    assert found.original == (100, 100 + 10 * n)
    assert found.suspect == (before, before + 10 * n)


# ------------------------------------------------- summaries beside a copy (branch pan02b)

from spundetect.passages import COPY_IN_ORDER, _condensed, _in_order, _Point, _summary_beside_copy  # noqa: E402


def _beside_copy_texts(copied: list[int], *, shuffle: bool = False) -> tuple[_Text, _Text, list[_Point]]:
    """An original of 60 ten-word sentences; a suspect: original sentences ``copied``
    word for word (or, ``shuffle``, their words in another order), then unrelated words,
    then a summary-shaped stretch whose words come from original sentences 20-28 (every
    other word of each)."""
    original = [[f"w{10 * k + n:04d}x" for n in range(10)] for k in range(60)]
    order = [(n * 7) % 10 for n in range(10)] if shuffle else list(range(10))
    suspect = [[original[k][n] for n in order] for k in copied]
    suspect += [[f"f{n:04d}z" for n in range(10)] for _ in range(6)]
    suspect += [[f"w{10 * k + n:04d}x" for n in range(0, 10, 2)] for k in range(20, 29, 2)]
    o, s = _Text.of(original), _Text.of(suspect)
    return o, s, _points(o, s)


def test_a_summary_shaped_match_beside_a_copy_of_its_stretch_is_dropped() -> None:
    codes = _Codes()
    # the copy is original sentences 22-23, inside the summary's original side (200-290)
    o, s, pts = _beside_copy_texts([22, 23])
    copy = _Candidate.of([p for p in pts if p[1] < 20])
    summary = _Candidate.of([p for p in pts if p[1] >= 80])
    assert _condensed(summary) and not _condensed(copy)
    assert _in_order(copy, o, s, codes) >= COPY_IN_ORDER
    assert _summary_beside_copy([copy, summary], o, s, codes) == [copy]
    # a copy of another stretch of the original (sentences 40-41) leaves the summary be
    o2, s2, pts2 = _beside_copy_texts([40, 41])
    copy2 = _Candidate.of([p for p in pts2 if p[1] < 20])
    summary2 = _Candidate.of([p for p in pts2 if p[1] >= 80])
    assert _summary_beside_copy([copy2, summary2], o2, s2, codes) == [copy2, summary2]


def test_a_reworded_passage_inside_a_summary_stretch_is_no_copy() -> None:
    codes = _Codes()
    # the same place, its words in another order inside each sentence: reused, no copy
    o, s, pts = _beside_copy_texts([22, 23], shuffle=True)
    reworded = _Candidate.of([p for p in pts if p[1] < 20])
    summary = _Candidate.of([p for p in pts if p[1] >= 80])
    assert _in_order(reworded, o, s, codes) < COPY_IN_ORDER
    assert _summary_beside_copy([reworded, summary], o, s, codes) == [reworded, summary]
def _plain_chain(points: list[tuple[int, int]]) -> int:
    """The reference: the longest chain increasing on both sides, by the quadratic DP."""
    pts = sorted(points, key=lambda p: (p[1], p[0]))
    best = [1] * len(pts)
    for b in range(len(pts)):
        for a in range(b):
            if pts[a][0] < pts[b][0] and pts[a][1] < pts[b][1]:
                best[b] = max(best[b], best[a] + 1)
    return max(best, default=0)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=40, unique=True))
def test_chain_matches_the_plain_dp(points: list[tuple[int, int]]) -> None:
    from spundetect.passages import _chain

    chain = _chain(points)
    assert len(chain) == _plain_chain(points)
    assert set(chain) <= set(points)
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(chain, chain[1:]))


def test_a_sparse_summary_passes_only_when_its_matches_keep_the_original_order() -> None:
    """Branch summ: a condensed candidate with 45 of its 100 content words matched (under
    CONDENSED_DENSITY, over MIN_DENSITY) reads as a summary when its matches follow the
    original from start to end, and not when the same matches point all over it."""
    from spundetect.passages import (
        CONDENSED_CHAIN, CONDENSED_DENSITY, MIN_DENSITY, _Candidate, _ordered_summary, _Text,
    )

    s = _Text.of([[f"x{k:03d}" for k in range(10 * n, 10 * n + 10)] for n in range(10)])
    js = [round(k * 99 / 44) for k in range(45)]
    assert MIN_DENSITY <= len(js) / 100 < CONDENSED_DENSITY
    ordered = _Candidate.of([(10 * j, j) for j in js])
    assert _ordered_summary(ordered, s)
    places = list(range(45))
    random.Random(3).shuffle(places)
    scattered = _Candidate.of([(10 * js[p], j) for p, j in zip(places, js)])
    assert scattered.seeds == ordered.seeds and scattered.s == ordered.s
    assert not _ordered_summary(scattered, s)
    # under MIN_DENSITY, order alone is not enough
    thin = _Candidate.of([(10 * j, j) for j in js[:30]] + [(1000, 99)])
    assert thin.seeds / 100 < MIN_DENSITY and not _ordered_summary(thin, s)
    assert CONDENSED_CHAIN < 1


@settings(max_examples=300, deadline=None)
@given(passages_and_pairs())
def test_swap_edges_cover_each_passage_s_swaps(case: tuple) -> None:  # type: ignore[type-arg]
    found, swaps, words = case
    got = swap_edges(found, swaps, words)
    spans = sorted(r.suspect for r in got)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # never overlapping
    for k, (old, new) in enumerate(zip(found, got)):
        assert new.original[0] <= old.original[0] and new.original[1] >= old.original[1]
        assert new.suspect[0] <= old.suspect[0] and new.suspect[1] >= old.suspect[1]
        assert (new.seeds, new.condensed, new.in_order, new.names) == (old.seeds, old.condensed, old.in_order, old.names)
        own = [(o, s) for j, o, s in swaps if j == k]
        if not own:
            assert new == old
        for (a, b), (c, d) in own:
            assert new.original[0] <= a and b <= new.original[1]
            # the suspect side covers the swap up to the neighbouring passages
            others = [r.suspect for j, r in enumerate(got) if j != k]
            lo = max([e for _, e in others if e <= new.suspect[0]], default=0)
            hi = min([e for e, _ in others if e >= new.suspect[1]], default=words)
            assert new.suspect[0] <= max(c, lo) and min(d, hi) <= new.suspect[1]
    assert swap_edges(got, swaps, words) == got


def test_a_passage_holds_a_swap_at_its_first_word() -> None:
    c = spundetect.compare("The old friend came home.", "The previous pal came home.")
    check_contract(c)
    [p] = c.passages
    assert c.suspect[slice(*p.suspect_span)] == "The previous pal came home"
    assert c.original[slice(*p.original_span)] == "The old friend came home"


def test_sentence_edges_grown_again_change_nothing() -> None:
    # Found by hypothesis: the second passage grows back towards the first, so that less
    # of the first one's sentence lies outside it; one pass left the first one short.
    found = [Reuse((0, 1), (0, 103), 10, False, 0.5), Reuse((0, 1), (108, 109), 10, False, 0.5)]
    pairs = [(0, (0, 3), (101, 108)), (1, (0, 1), (104, 105))]
    got = sentence_edges(found, pairs, 470)
    assert sentence_edges(got, pairs, 470) == got
    assert [r.suspect for r in got] == [(0, 104), (104, 109)]
