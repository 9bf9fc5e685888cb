"""Reused passages: two texts -> passage pairs, wherever they sit and in any order.

Reuse in the wild is passages: a spun article pasted among other text, paragraphs moved
around, a summary that condenses a long stretch into a few lines. This module finds them in
three steps, the shape of the PAN 2013/2014 text-alignment systems:

1. **seed**: word matches that survive synonym swaps, reordering and changed sentence
   breaks. Every *content word* (not a function word) gets a key, its first
   :data:`PREFIX` characters (a truncation stem: "discussed" and "discusses" meet). Two kinds
   of seeds give matched word positions ``(original word, suspect word)``:

   * key bigrams: two consecutive content words (in either order) that occur so in both
     texts; they ignore sentence boundaries, so a copy whose line breaks were removed
     still shows;
   * sentence pairs: a suspect sentence and an original sentence whose content-word key sets
     overlap by a Dice coefficient of at least :data:`SENTENCE_DICE`; each key they share
     is a seed. They survive heavier rewording (a translation round trip, a spinner).

   Both are found through inverted indexes whose postings are capped
   (:data:`MAX_PLACES`, :data:`MAX_POSTINGS`; per suspect sentence only its rarest keys
   vote, :data:`KEYS` and :data:`BUDGET`), so the work is near-linear in the text
   lengths, never quadratic. The index finds every seed that comparing all places and all
   sentence pairs would (tested against that) as long as no cap binds.
2. **extend**: seeds are clustered into passage pairs. A cluster is split wherever two
   seeds, sorted on one side, are more than :data:`GAP` words apart, alternately on the
   suspect side and on the original side, until no side splits: what remains are runs
   close on *both* sides. Nothing requires the clusters to keep the order of the texts,
   and inside a cluster the order is free too (shuffled sentences stay one passage).
   A *condensing* pass clusters again with a wide gap on the original side
   (:data:`CONDENSED_GAP`): a short suspect stretch whose seeds spread over a long
   original stretch (a summary) becomes one passage that covers what it condenses.
3. **filter**: a suspect word matched at several places of the original keeps the one
   on the passage's diagonal, and lone matches at either end (more than :data:`EDGE_GAP`
   words from the next, or in line with no other match: see :data:`LINE_SLACK`) are
   dropped. A passage then needs :data:`MIN_SEEDS` words matched
   on both sides, and matched keys for at least :data:`MIN_DENSITY` of its suspect content
   words (a condensed one :data:`CONDENSED_SEEDS` and :data:`CONDENSED_DENSITY`, and it
   replaces the passages inside it only with :data:`CONDENSED_GAIN` times the matches of
   each); passages that overlap on the suspect side are resolved in favour of the better
   supported one (the other keeps what is left, if it still passes). Edges are words: the
   first and last matched word on each side, grown outwards over words that are equal on
   both sides (a copied passage starts at its first word, not at the nearest content word
   or sentence edge), never into a neighbouring passage. ``Reuse.in_order`` says how much
   of the passage keeps its words' order; whether that shows reuse is for
   :func:`spundetect.score.shows_reuse` to say.

The result knows nothing of swaps or scores: :mod:`spundetect.compare` pairs the sentences
inside each passage (:mod:`spundetect.align`) and judges them.

Examples:
    >>> from spundetect.passages import find_passages
    >>> words = ("the old bridge over the river will be closed to heavy trucks from march "
    ...          "until the engineers finish their survey").split()
    >>> other = "bees visit many flowers every day to collect nectar and pollen for the hive".split()
    >>> [found] = find_passages([other, words], [["so", "now"] + words[2:] + ["today"]])
    >>> found.original, found.suspect  # word indices: "bridge" .. "survey" on both sides
    ((16, 34), (2, 20))
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import chain, compress
from functools import lru_cache
from operator import itemgetter, sub

from rapidfuzz.distance import Indel

from spundetect.wordlists import FUNCTION_WORDS

__all__ = [
    "Reuse", "find_passages", "find_seeds", "sentence_edges", "swap_edges", "content_key", "PREFIX", "GAP", "EDGE_GAP",
    "LINE_SLACK", "CONDENSED_GAP", "CONDENSED_RATIO", "CONDENSED_SEEDS", "CONDENSED_DENSITY", "CONDENSED_GAIN",
    "CONDENSED_CHAIN", "CONDENSED_CHAIN_SEEDS",
    "MIN_SEEDS", "MIN_DENSITY", "CORE_COST", "COPY_IN_ORDER", "COPY_RUN", "COPY_SHARE", "COPY_GAP", "SENTENCE_DICE", "NEAR_BEST", "MAX_PLACES", "MAX_POSTINGS",
    "CANDIDATES", "KEYS", "BUDGET", "SENTENCE_GROWTH", "background", "BACKGROUND_WORDS", "RARE_ZIPF",
]

#: Characters of a content word kept as its key (a truncation stem).
PREFIX = 5
#: Seeds further apart than this many words on one side belong to different passages.
GAP = 40
#: A match further than this many words from every other at either end of a passage, on
#: either side, is left out of it (see ``_trim``).
EDGE_GAP = 10
#: Two matches are in line when they keep their order on both sides, lie at most
#: :data:`EDGE_GAP` words apart, and their offsets between the two sides differ by at most
#: this many words (see ``_stray_ends``).
LINE_SLACK = 3
#: The gap on the original side when looking for a condensed passage (a summary).
CONDENSED_GAP = 400
#: A passage whose original side has this many times the words of its suspect side is
#: condensed.
CONDENSED_RATIO = 3.0
#: Cost per spanned word of a passage's dense core (see ``_core``): a stretch at either
#: end whose matches are sparser than one in 1 / CORE_COST words is cut off.
CORE_COST = 0.15
#: A passage grows to the whole sentence of one of its derived sentence pairs when the
#: pair's other side has at least the words of the part inside the passage plus this share
#: of the part outside (see :func:`sentence_edges`; chosen on half 0 of PAN 2013 02-04).
SENTENCE_GROWTH = 0.25
#: Words matched on both sides that a passage needs.
MIN_SEEDS = 10
#: Share of a passage's suspect content words that must be matched.
MIN_DENSITY = 0.4
#: A condensed passage needs this many matched words, and this share of its suspect
#: content words matched (it spreads over a long original stretch, where chance matches
#: between two texts on one topic gather too).
CONDENSED_SEEDS = 12
CONDENSED_DENSITY = 0.5
#: A condensed passage replaces the passages inside it when it has this many times the
#: matched words of each.
CONDENSED_GAIN = 1.5
#: A condensed passage with :data:`CONDENSED_CHAIN_SEEDS` matched words passes with
#: :data:`MIN_DENSITY` instead of :data:`CONDENSED_DENSITY` when this share of its matched
#: words lie in the original's order (one chain, increasing on both sides, across the whole
#: passage, itself condensed: see ``_ordered_summary``). A summary retells its source in the source's order; words two
#: texts on one topic share by chance point all over the original (branch summ).
CONDENSED_CHAIN = 0.6
CONDENSED_CHAIN_SEEDS = 20
#: A passage keeping this share of its content words in order is a copy, and a condensed
#: passage does not take it over when all it adds is a stretch of topic words on one side
#: (see ``_copy_with_tail``; branch pan02), and no condensed passage elsewhere in the
#: suspect keeps an original side that overlaps it (see ``_summary_beside_copy``; branch
#: pan02b).
COPY_IN_ORDER = 0.95
#: A run of at least this many words equal on both sides, one after the other, is
#: copied text (see ``_copy_edges``; branch pan02).
COPY_RUN = 5
#: A passage with at least this share of its suspect words inside such runs is a copy: its
#: edges are those of its outermost runs (see ``_copy_edges``; branch pan02).
COPY_SHARE = 0.8
#: A copy's box grows over a match at most this many words past its edge on both sides
#: and in line with it (a swapped word inside the copy; see ``_copy_edges``).
COPY_GAP = 5
#: Dice coefficient of two sentences' content-word key sets from which they seed.
SENTENCE_DICE = 0.34
#: Original sentences whose Dice coefficient with a suspect sentence is at least this
#: share of the best one's seed too (a suspect sentence made of two original ones).
NEAR_BEST = 0.75
#: A key bigram found at more places of the original than this is not used as a seed (a
#: repeated line must not make the search quadratic).
MAX_PLACES = 4
#: A content-word key in more original sentences than this does not vote for candidates.
MAX_POSTINGS = 64
#: Original sentences scored per suspect sentence (the ones sharing the most rare keys).
CANDIDATES = 8
#: Per suspect sentence, its rarest keys vote for candidates, at most KEYS of them and
#: until their postings add up to BUDGET original sentences (the search stays near-linear
#: in long texts whose common words occur in hundreds of sentences).
KEYS = 12
BUDGET = 48
#: :func:`background` reads the rare words (Zipf frequency under this) of the rest of the
#: texts: topic words, names and places, not the vocabulary any two texts share.
RARE_ZIPF = 4.0
#: Distinct rare content keys the suspect needs outside its passages for :func:`background`
#: to say anything (the rest of a text that is nearly all passage says nothing of its topic).
BACKGROUND_WORDS = 15

_Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Reuse:
    """One passage pair in word indices (half-open ranges over each text's words).

    Attributes:
        original: ``(first, end)`` word indices in the original's words.
        suspect: ``(first, end)`` word indices in the suspect's words.
        seeds: distinct suspect words matched inside it.
        condensed: its original side has :data:`CONDENSED_RATIO` times the words of its
            suspect side or more (a summary of a longer stretch).
        in_order: share of its suspect content words found in the same order in the
            original sentences they were matched to (see ``_in_order``).
        names: share of its matched suspect words that are names or numbers (marked by
            the caller, see :func:`find_passages`); 0 when none are marked.
        ordered: a condensed passage whose matched words follow the original's order
            (:data:`CONDENSED_CHAIN`, see ``_ordered_summary``): a summary, which
            :func:`spundetect.score.shows_reuse` asks for less order inside sentences.
    """

    original: tuple[int, int]
    suspect: tuple[int, int]
    seeds: int
    condensed: bool
    in_order: float
    names: float = 0.0
    ordered: bool = False


@lru_cache(maxsize=1 << 16)
def content_key(word: str) -> str | None:
    """The seed key of a normalised word: its first :data:`PREFIX` characters, or ``None``.

    Function words and tokens without a letter or digit have no key.

    Examples:
        >>> content_key("discussed"), content_key("the"), content_key("--")
        ('discu', None, None)
    """
    if word in FUNCTION_WORDS or not any(ch.isalnum() for ch in word):
        return None
    return word[:PREFIX]


@dataclass
class _Text:
    words: list[str]
    keys: list[str | None]
    content: list[int]  # word indices of content words
    sentences: list[tuple[int, int]]  # word ranges
    sentence_of: list[int]  # per word, its sentence

    @classmethod
    def of(cls, sentences: Sequence[Sequence[str]]) -> _Text:
        words: list[str] = []
        bounds = []
        owner: list[int] = []
        for k, sent in enumerate(sentences):
            bounds.append((len(words), len(words) + len(sent)))
            words.extend(sent)
            owner.extend([k] * len(sent))
        keys = list(map(content_key, words))
        return cls(words, keys, [k for k, key in enumerate(keys) if key is not None], bounds, owner)


class _Codes:
    """Content keys as one character each (shared by both texts), for fast LCS."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self.sentences: dict[int, str] = {}  # original sentence -> its codes

    def sentence(self, t: _Text, k: int) -> str:
        """The codes of original sentence ``k`` (made once)."""
        out = self.sentences.get(k)
        if out is None:
            lo, hi = t.sentences[k]
            out = self.sentences[k] = self(t.keys[lo:hi])
        return out

    def __call__(self, keys: Sequence[str | None]) -> str:
        get = self.codes.get
        return "".join([get(key) or self._new(key) for key in keys if key is not None])

    def _new(self, key: str) -> str:
        """The code of a key seen for the first time."""
        codes = self.codes
        n = len(codes) + 0x100
        c = codes[key] = chr(n + 0x800 if n >= 0xD800 else n)
        return c


def _bigram_seeds(o: _Text, s: _Text, out: set[_Point]) -> None:
    """Seeds from pairs of consecutive content words shared by both texts."""
    oc, sc = o.content, s.content
    ok = [o.keys[i] for i in oc]  # keys of the content words, in order
    sk = [s.keys[j] for j in sc]
    places: dict[tuple[str | None, str | None], list[int]] = defaultdict(list)
    for t, (ka, kb) in enumerate(zip(ok, ok[1:])):
        places[(ka, kb) if ka <= kb else (kb, ka)].append(t)  # type: ignore[operator]
    get = places.get
    for u, (ka, kb) in enumerate(zip(sk, sk[1:])):
        found = get((ka, kb) if ka <= kb else (kb, ka))  # type: ignore[operator]
        if not found or len(found) > MAX_PLACES:
            continue
        a, b = sc[u], sc[u + 1]
        for t in found:
            # each suspect word matches the original word with the same key
            i, j = oc[t], oc[t + 1]
            if ok[t] == ka:
                out.add((i, a))
                out.add((j, b))
            else:
                out.add((j, a))
                out.add((i, b))


def _sentence_keys(t: _Text) -> list[dict[str, int]]:
    """Per sentence: each content key and the word index of its first occurrence."""
    out = []
    keys = t.keys
    for lo, hi in t.sentences:
        d: dict[str, int] = {}
        for k in range(lo, hi):
            key = keys[k]
            if key is not None and key not in d:
                d[key] = k
        out.append(d)
    return out


def _sentence_seeds(o: _Text, s: _Text, out: set[_Point]) -> None:
    """Seeds from sentence pairs whose content-word keys overlap enough (Dice)."""
    o_sents, s_sents = _sentence_keys(o), _sentence_keys(s)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(o_sents):
        for key in d:
            postings[key].append(i)
    # The keys that may vote, in the order a sentence's keys vote (rarest first: fewest
    # postings, then the key), ranked once: each sentence then sorts small integers.
    voters = sorted((len(p), key) for key, p in postings.items() if len(p) <= MAX_POSTINGS)
    rank = {key: r for r, (_, key) in enumerate(voters)}
    few = [len(a) <= 2 for a in o_sents]
    for j, b in enumerate(s_sents):
        if not b:
            continue
        # the rarest keys vote, until their postings add up to BUDGET sentences
        present = sorted([rank[key] for key in b if key in rank])
        voting: list[list[int]] = []
        spent = 0
        for used, r in enumerate(present):
            if used >= KEYS or (spent >= BUDGET and used >= 2):
                break
            size, key = voters[r]
            spent += size
            voting.append(postings[key])
        if not voting:
            continue
        # counted in C in one call, in the same order as one key after the other
        votes = Counter(chain.from_iterable(voting))
        # one shared key is enough only when a sentence has at most two keys
        need = 1 if len(b) <= 2 else 2
        # most votes first; a stable sort keeps the first voted first among equals
        chosen = [i for i, _ in sorted([(i, v) for i, v in votes.items() if v >= need or few[i]],
                                       key=itemgetter(1), reverse=True)[:CANDIDATES]]
        scored = []
        for i in chosen:
            a = o_sents[i]
            shared = a.keys() & b.keys()
            dice = 2 * len(shared) / (len(a) + len(b))
            if dice >= SENTENCE_DICE:
                scored.append((dice, i, shared))
        if not scored:
            continue
        # Only the best original sentences seed: a sentence reused from one place also
        # shares words with others on its topic, and those would pull passages off.
        best = max(scored)[0]
        for dice, i, shared in scored:
            if dice >= NEAR_BEST * best:
                a = o_sents[i]
                for key in shared:
                    out.add((a[key], b[key]))


def _split(points: list[_Point], axis: int, gap: int) -> list[list[_Point]]:
    points = sorted(points, key=itemgetter(axis))
    at = list(map(itemgetter(axis), points))
    # cut wherever a point is more than gap from the one before it (k where
    # at[k] - at[k - 1] > gap, found by C loops); slices, not appends
    bounds = [0, *compress(range(1, len(at)), map(gap.__lt__, map(sub, at[1:], at))), len(points)]
    return [points[x:y] for x, y in zip(bounds, bounds[1:])]


def _cluster(points: list[_Point], gap_o: int, gap_s: int) -> list[list[_Point]]:
    """Split until no cluster has a gap wider than allowed on either side."""
    done: list[list[_Point]] = []
    todo = [points] if points else []
    while todo:
        c = todo.pop()
        parts = _split(c, 1, gap_s)
        if len(parts) == 1:
            parts = _split(c, 0, gap_o)
            if len(parts) == 1:
                done.append(c)
                continue
        todo.extend(parts)
    return done


@dataclass
class _Candidate:
    points: list[_Point]
    o: tuple[int, int]
    s: tuple[int, int]
    seeds: int

    @classmethod
    def of(cls, points: list[_Point]) -> _Candidate:
        os_ = [p[0] for p in points]
        ss = [p[1] for p in points]
        # Seeds count on both sides: a phrase repeated in one text matches one place of
        # the other many times, which is one match, not many.
        seeds = min(len(set(os_)), len(set(ss)))
        return cls(points, (min(os_), max(os_) + 1), (min(ss), max(ss) + 1), seeds)


def _one_per_word(points: list[_Point]) -> list[_Point]:
    """Keep, for each suspect word matched at several original places, the place nearest
    the passage's diagonal (the median offset between the two sides).

    A repeated line of the original ("Historical map of ... Peru") matches every copy of
    itself; the reused one is where the rest of the passage is.
    """
    offsets = sorted(i - j for i, j in points)
    mid = offsets[len(offsets) // 2]
    best: dict[int, _Point] = {}
    for i, j in points:
        old = best.get(j)
        if old is None or abs(i - j - mid) < abs(old[0] - j - mid):
            best[j] = (i, j)
    return list(best.values())


def _trim(points: list[_Point]) -> list[_Point]:
    """Drop matches that stand alone at either end of a passage, on either side.

    A word that a passage shares by chance with the text just before or after the reused
    stretch sits further from the next match than the matches of the reuse sit from each
    other; it would move the edge off the reuse.
    """
    changed = True
    while changed and len(points) > 2:
        changed = False
        for axis in (0, 1):
            places = sorted({p[axis] for p in points})
            lo, hi = 0, len(places) - 1
            while lo < hi and places[lo + 1] - places[lo] > EDGE_GAP:
                lo += 1
            while hi > lo and places[hi] - places[hi - 1] > EDGE_GAP:
                hi -= 1
            if lo or hi < len(places) - 1:
                a, b = places[lo], places[hi]
                points = [p for p in points if a <= p[axis] <= b]
                changed = True
    return points


def _in_line(pts: Sequence[_Point], k: int, axis: int) -> bool:
    """Whether match ``k`` of ``pts`` (sorted on ``axis``) has a match in line with it
    (see :data:`LINE_SLACK`) among its neighbours on that side."""
    i, j = pts[k]
    at = pts[k][axis]
    for step in (-1, 1):
        n = k + step
        while 0 <= n < len(pts) and abs(pts[n][axis] - at) <= EDGE_GAP:
            i2, j2 = pts[n]
            if (i2 - i) * (j2 - j) > 0 and abs((i2 - j2) - (i - j)) <= LINE_SLACK:
                return True
            n += step
    return False


def _stray_ends(points: list[_Point]) -> list[_Point]:
    """Drop the matches at either end of a passage, on either side, that no other match
    is in line with (see :data:`LINE_SLACK`), up to the first one that is.

    Reuse, copied or reworded, matches in runs: neighbouring words of one side match
    neighbouring words of the other, in the same order, give or take a few moved words.
    Past the end of a copy, the words after it still match words of the passage by topic
    ("students", "degree", "program" anywhere in the original passage), close enough on
    the suspect side to join it; each such match points somewhere else in the original,
    so none is in line with another. A passage none of whose matches is in line stays as
    it is (the filter judges it).
    """
    for axis in (1, 0):
        pts = sorted(points, key=itemgetter(axis))
        lo, hi = 0, len(pts) - 1
        while lo <= hi and not _in_line(pts, lo, axis):
            lo += 1
        if lo > hi:
            return points
        while hi > lo and not _in_line(pts, hi, axis):
            hi -= 1
        if lo or hi < len(pts) - 1:
            points = pts[lo : hi + 1]
    return points


def _core(points: list[_Point], axis: int) -> list[_Point]:
    """The densest stretch of a passage on one side: the run of matched words that
    maximises matches minus :data:`CORE_COST` per word it spans (the best-scoring
    segment, found in one pass).

    Seeds within :data:`GAP` words of each other join one passage, so a reused stretch
    draws in the words its surroundings share with the other text by topic (a name, a
    heading repeated nearby); they are sparse, while reuse, even reworded, matches every
    few words. Cutting where the matches thin out puts the edges where the reuse ends.
    """
    places = sorted({p[axis] for p in points})
    if len(places) < 3:
        return points
    best = run = 0.0
    start = lo = hi = 0
    for k, at in enumerate(places):
        if k:
            run -= CORE_COST * (at - places[k - 1])
        if run < 0:
            run, start = 0.0, k
        run += 1
        if run > best:
            best, lo, hi = run, start, k
    if lo == 0 and hi == len(places) - 1:
        return points
    a, b = places[lo], places[hi]
    return [p for p in points if a <= p[axis] <= b]


def _in_order(c: _Candidate, o: _Text, s: _Text, codes: _Codes) -> float:
    """How much of the passage's suspect content words occur in the same order in the
    original sentences they were matched to: per suspect sentence (its part inside the
    passage), the longest common subsequence of its content keys with the best matched
    original sentence or two adjacent ones, divided by its content words; the mean over the
    passage's sentences weighted by their content words.

    Reuse, even a summary or a heavy rewrite, keeps the order of words inside a sentence;
    two texts on one topic share names and event words, but not their order sentence after
    sentence.
    """
    matched: dict[int, set[int]] = defaultdict(set)
    for i, j in c.points:
        matched[s.sentence_of[j]].add(o.sentence_of[i])
    kept = total = 0
    for sj, origs in matched.items():
        lo, hi = s.sentences[sj]
        b = codes(s.keys[max(lo, c.s[0]) : min(hi, c.s[1])])
        if not b:
            continue
        best = 0
        n = len(o.sentences)
        for si in origs:
            one = codes.sentence(o, si)
            # the sentence alone, or with the one before or after it
            for a in (one, codes.sentence(o, si - 1) + one if si else "",
                      one + codes.sentence(o, si + 1) if si + 1 < n else ""):
                if a:
                    best = max(best, (len(a) + len(b) - Indel.distance(a, b)) // 2)
        kept += best
        total += len(b)
    return kept / total if total else 0.0


def _content_in(t: _Text, lo: int, hi: int) -> int:
    from bisect import bisect_left

    return bisect_left(t.content, hi) - bisect_left(t.content, lo)


def _passes(c: _Candidate, s: _Text, min_seeds: int, density: float) -> bool:
    if c.seeds < min_seeds:
        return False
    return c.seeds >= density * _content_in(s, *c.s)


def _grow(o: _Text, s: _Text, c: _Candidate, lo: int, hi: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Word-level edges: the matched box, grown over words equal on both sides (on the
    suspect side not beyond ``lo``..``hi``)."""
    (o0, o1), (s0, s1) = c.o, c.s
    ow, sw = o.words, s.words
    while o0 > 0 and s0 > lo and ow[o0 - 1] == sw[s0 - 1]:
        o0 -= 1
        s0 -= 1
    while o1 < len(ow) and s1 < hi and ow[o1] == sw[s1]:
        o1 += 1
        s1 += 1
    return (o0, o1), (s0, s1)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _seeds(o: _Text, s: _Text) -> set[_Point]:
    seeds: set[_Point] = set()
    if o.content and s.content:
        _bigram_seeds(o, s, seeds)
        _sentence_seeds(o, s, seeds)
    return seeds


def find_seeds(original: Sequence[Sequence[str]], suspect: Sequence[Sequence[str]]) -> set[tuple[int, int]]:
    """Every seed: ``(original word, suspect word)`` indices over each text's words.

    Examples:
        >>> sorted(find_seeds([["old", "bridge", "closed"]], [["the", "old", "bridge"]]))
        [(0, 1), (1, 2)]
    """
    return _seeds(_Text.of(original), _Text.of(suspect))


def find_passages(
    original: Sequence[Sequence[str]],
    suspect: Sequence[Sequence[str]],
    *,
    min_seeds: int = MIN_SEEDS,
    names: Sequence[bool] | None = None,
) -> list[Reuse]:
    """Find every reused passage pair between two tokenised texts.

    Args:
        original: normalised word tokens per original sentence.
        suspect: the same for the suspect.
        min_seeds: matched suspect words a passage needs (texts shorter than that need
            half their content words matched instead).
        names: per suspect word (over all its sentences, in order), whether it is a name
            or a number; gives ``Reuse.names``. Normalised words have lost their case, so
            only the caller can tell.

    Returns:
        Passage pairs ordered by their suspect start; their suspect ranges do not overlap.
    """
    o, s = _Text.of(original), _Text.of(suspect)
    seeds = _seeds(o, s)
    if not seeds:
        return []
    # A short text cannot hold min_seeds matches: half its content words are enough.
    shortest = min(len(o.content), len(s.content))
    need = max(1, min(min_seeds, (shortest + 1) // 2))
    points = sorted(seeds)
    del seeds  # a long text has hundreds of thousands; the sorted list is enough
    codes = _Codes()
    found = [_Candidate.of(_core(_core(_stray_ends(_trim(_one_per_word(c))), 1), 0))
             for c in _cluster(points, GAP, GAP)]
    found = [c for c in found if _passes(c, s, need, MIN_DENSITY)]
    for cluster in _cluster(points, CONDENSED_GAP, GAP):
        # the suspect side only: a summary's original side is sparse by nature
        cand = _Candidate.of(_core(cluster, 1))
        if not _condensed(cand) or not (_passes(cand, s, max(need, CONDENSED_SEEDS), CONDENSED_DENSITY)
                                         or _ordered_summary(cand, s)):
            continue
        # A summary gathers its seeds from many places of the original, each of which
        # alone holds a few; a passage that already holds most of them is not condensing.
        inside = [k for k in found if _overlap(k.s, cand.s)]
        if (all(cand.seeds >= CONDENSED_GAIN * k.seeds for k in inside)
                and not _copy_with_tail(cand, inside, o, s, codes)):
            found = [k for k in found if not _overlap(k.s, cand.s)]
            found.append(cand)
    # Better supported passages first; a weaker one keeps only what no other holds.
    found.sort(key=lambda c: (-c.seeds, c.s, c.o))
    kept: list[_Candidate] = []
    for cand in found:
        if any(_overlap(cand.s, k.s) for k in kept):
            rest = [p for p in cand.points if not any(k.s[0] <= p[1] < k.s[1] for k in kept)]
            if not rest:
                continue
            cand = _Candidate.of(rest)
            if any(_overlap(cand.s, k.s) for k in kept) or not _passes(cand, s, need, MIN_DENSITY):
                continue
        kept.append(cand)
    kept.sort(key=lambda c: c.s)
    kept = _summary_beside_copy(kept, o, s, codes)
    kept = _join(kept)
    out = []
    for k, cand in enumerate(kept):
        # grown edges stop at the neighbouring passages on the suspect side
        lo = kept[k - 1].s[1] if k else 0
        hi = kept[k + 1].s[0] if k + 1 < len(kept) else len(s.words)
        if not _condensed(cand):
            cand = _copy_edges(cand, o, s)  # branch pan02: a copy ends where its equal words do
        (o0, o1), (s0, s1) = _grow(o, s, cand, lo, hi)
        matched = {j for _, j in cand.points}
        share = sum(1 for j in matched if names[j]) / len(matched) if names else 0.0
        condensed = _condensed(cand)
        out.append(Reuse((o0, o1), (s0, s1), cand.seeds, condensed,
                         round(_in_order(cand, o, s, codes), 4), round(share, 4),
                         condensed and _ordered_summary(cand, s)))
    return out


def sentence_edges(
    found: Sequence[Reuse], pairs: Sequence[tuple[int, tuple[int, int], tuple[int, int]]], words: int,
) -> list[Reuse]:
    """Each passage's edges grown, on each side, to the whole sentences of its derived
    sentence pairs that it cuts or nearly touches (at most :data:`EDGE_GAP` words away).

    Seeds and the dense core put a passage's edges at its first and last matched words;
    a reworded sentence at either end begins or ends with words the rewording changed or
    moved (a translation round trip, a clause moved to the front), so that edge falls
    inside the reuse. A sentence pair of the passage judged derived shows its whole
    sentences reused. Only sentences that reach the passage grow it: a pair whose original
    sentence lies elsewhere (moved in from another place) does not stretch the original
    side over what lies between. The suspect side never grows into the neighbouring
    passages, and condensed passages stay as they are (their original side already covers
    what they condense).

    Args:
        found: the passages (word ranges), their suspect ranges not overlapping.
        pairs: ``(passage index, original word range, suspect word range)`` of each derived
            sentence pair.
        words: the suspect's word count (the last passage grows up to it).

    Returns:
        The passages in the same order, each one's ranges containing its old ones.

    Examples:
        >>> r = Reuse((12, 30), (3, 20), 12, False, 0.8)
        >>> [grown] = sentence_edges([r], [(0, (10, 22), (0, 12)), (0, (50, 60), (12, 20))], 80)
        >>> grown.original, grown.suspect  # the first sentence whole; 50..60 lies elsewhere
        ((10, 30), (0, 20))
        >>> [kept] = sentence_edges([r], [(0, (12, 21), (0, 12))], 80)  # a copy glued to text
        >>> kept.original, kept.suspect
        ((12, 30), (3, 20))
    """
    of: dict[int, list[tuple[tuple[int, int], tuple[int, int]]]] = defaultdict(list)
    for k, o_range, s_range in pairs:
        if not found[k].condensed:
            of[k].append((o_range, s_range))
    # Again until nothing grows: a passage's suspect side stops at where the next one
    # starts, and the next one may grow back towards it in the same pass, which changes
    # how much of a sentence between them lies outside (the result is then the same
    # whichever pass a growth comes from, and growing the result again changes nothing).
    out = list(found)
    while True:
        grown = _sentence_pass(out, of, words)
        if grown == out:
            return out
        out = grown


def _sentence_pass(
    found: Sequence[Reuse], of: dict[int, list[tuple[tuple[int, int], tuple[int, int]]]], words: int,
) -> list[Reuse]:
    """One pass of :func:`sentence_edges` over the passages in the suspect's order."""
    order = sorted(range(len(found)), key=lambda k: found[k].suspect)
    out = list(found)
    for n, k in enumerate(order):
        if k not in of:
            continue
        r = found[k]
        # in the suspect's order: up to the next passage, down to where the one before
        # now ends (two passages never both take the words between them)
        lo = out[order[n - 1]].suspect[1] if n else 0
        hi = found[order[n + 1]].suspect[0] if n + 1 < len(order) else words
        (o0, o1), (s0, s1) = r.original, r.suspect
        # sentences inside the passage on both sides grow nothing (most of a long one's)
        rest = [(o_, s_) for o_, s_ in of[k] if not (o0 <= o_[0] and o_[1] <= o1 and s0 <= s_[0] and s_[1] <= s1)]
        grown = bool(rest)
        while grown:  # a grown edge may reach the next sentence
            grown = False
            for (a, b), (c, d) in rest:
                if a - EDGE_GAP <= o1 and o0 <= b + EDGE_GAP:
                    a2, b2 = _reach(a, b, o0, o1, d - c)
                    if a2 < o0 or b2 > o1:
                        o0, o1, grown = min(o0, a2), max(o1, b2), True
                n_o = b - a
                c, d = max(c, lo), min(d, hi)
                if c < d and c - EDGE_GAP <= s1 and s0 <= d + EDGE_GAP:
                    c2, d2 = _reach(c, d, s0, s1, n_o)
                    if c2 < s0 or d2 > s1:
                        s0, s1, grown = min(s0, c2), max(s1, d2), True
        if (o0, o1) != r.original or (s0, s1) != r.suspect:
            out[k] = replace(r, original=(o0, o1), suspect=(s0, s1))
    return out


def swap_edges(
    found: Sequence[Reuse], swaps: Sequence[tuple[int, tuple[int, int], tuple[int, int]]], words: int,
) -> list[Reuse]:
    """Each passage's edges grown, on each side, to cover the swaps of its sentence pairs.

    A swap is reuse by definition (a word of the original replaced in the suspect), so the
    passage that lists it holds it. Seeds are the words both sides share, so a passage
    whose first or last word was swapped ("Although" -> "Despite" opening an article, "owner"
    -> "proprietor" closing it) would otherwise start or end one word inside its reuse,
    and a report would show the swap outside its band. The suspect side never grows into
    the neighbouring passages (as in :func:`sentence_edges`).

    Args:
        found: the passages (word ranges), their suspect ranges not overlapping.
        swaps: ``(passage index, original word range, suspect word range)`` of each swap.
        words: the suspect's word count.

    Returns:
        The passages in the same order, each one's ranges containing its old ones.

    Examples:
        >>> r = Reuse((4, 30), (5, 31), 12, False, 0.8)
        >>> [grown] = swap_edges([r], [(0, (3, 4), (3, 5)), (0, (10, 11), (11, 12))], 80)
        >>> grown.original, grown.suspect  # the first word was swapped for two
        ((3, 30), (3, 31))
    """
    want: dict[int, list[int]] = {}
    for k, (a, b), (c, d) in swaps:
        if k in want:
            w = want[k]
            w[0], w[1], w[2], w[3] = min(w[0], a), max(w[1], b), min(w[2], c), max(w[3], d)
        else:
            want[k] = [a, b, c, d]
    order = sorted(range(len(found)), key=lambda k: found[k].suspect)
    out = list(found)
    for n, k in enumerate(order):
        if k not in want:
            continue
        r, (a, b, c, d) = found[k], want[k]
        lo = out[order[n - 1]].suspect[1] if n else 0
        hi = found[order[n + 1]].suspect[0] if n + 1 < len(order) else words
        (o0, o1), (s0, s1) = r.original, r.suspect
        o_new = (min(o0, a), max(o1, b))
        s_new = (min(s0, max(c, lo)), max(s1, min(d, hi)))
        if o_new != r.original or s_new != r.suspect:
            out[k] = replace(r, original=o_new, suspect=s_new)
    return out


def _reach(a: int, b: int, lo: int, hi: int, partner: int) -> tuple[int, int]:
    """How far sentence ``a``..``b`` grows range ``lo``..``hi`` on one side: at each end,
    to the sentence's edge when its partner on the other side (``partner`` words) holds
    the part inside the range and :data:`SENTENCE_GROWTH` of the part outside; otherwise
    that end stays.

    A reworded sentence is about as long as its partner, the part outside included; a
    copy pasted after other text in one sentence has a partner as long as the copied
    part only (the text before it is not reuse)."""
    start, end = lo, hi
    inside = min(b, hi) - max(a, lo)
    if a < lo and partner >= max(inside, 0) + SENTENCE_GROWTH * (lo - a):
        start = a
    if b > hi and partner >= max(inside, 0) + SENTENCE_GROWTH * (b - hi):
        end = b
    return start, end

def _equal_runs(c: _Candidate, o: _Text, s: _Text) -> list[tuple[int, int, int, int]]:
    """The runs of words equal on both sides through ``c``'s matches, at least
    :data:`COPY_RUN` words long: ``(original first, original end, suspect first, suspect
    end)``. Each run is walked once (matches already inside a found run are skipped), so
    the cost is the runs' length, not the matches times it."""
    ow, sw = o.words, s.words
    runs: list[tuple[int, int, int, int]] = []
    last: dict[int, int] = {}  # per diagonal (i - j), the suspect end of the last run walked
    for i, j in sorted(c.points, key=lambda p: (p[0] - p[1], p[1])):
        if ow[i] != sw[j] or last.get(i - j, -1) > j:
            continue
        a, b = i, j
        while a > 0 and b > 0 and ow[a - 1] == sw[b - 1]:
            a, b = a - 1, b - 1
        e, f = i + 1, j + 1
        while e < len(ow) and f < len(sw) and ow[e] == sw[f]:
            e, f = e + 1, f + 1
        last[i - j] = f
        if f - b >= COPY_RUN:
            runs.append((a, e, b, f))
    return runs


def _copy_edges(c: _Candidate, o: _Text, s: _Text) -> _Candidate:
    """A copied passage cut to its outermost runs of equal words.

    Branch pan02 (PAN 02, verbatim reuse): a copy's matches reach past its end when the
    text after it shares topic words with the copied original ("Obsessive Compulsive
    Disorder" in a heading after a copy about it), or a key bigram of the text around it
    matches a pair of words elsewhere in the copied stretch; both are in line with each
    other, so ``_stray_ends`` keeps them. A passage that is mostly runs of equal words
    (:data:`COPY_SHARE` of its suspect words in runs of :data:`COPY_RUN` words or more) is
    a copy, and a copy ends where its equal words end: matches outside the box of its runs,
    on either side, are dropped (``_grow`` then takes the equal words up to each edge),
    but for matches at most :data:`COPY_GAP` words past an edge on both sides and in line
    with it (a word swapped near the edge of a lightly edited copy).
    A reworded passage has few such runs and is left as it is.
    """
    runs = _equal_runs(c, o, s)
    if not runs:
        return c
    covered: set[int] = set()
    for _, _, b, f in runs:
        covered.update(range(max(b, c.s[0]), min(f, c.s[1])))
    if len(covered) < COPY_SHARE * (c.s[1] - c.s[0]):
        return c
    o_lo, o_hi = min(r[0] for r in runs), max(r[1] for r in runs)
    s_lo, s_hi = min(r[2] for r in runs), max(r[3] for r in runs)
    # A word swapped inside the copy (a light spin: "a privately contracted" -> "a in
    # camera contracted") leaves a shorter run just past the edge, in line with it on
    # both sides: the box grows over matches at most COPY_GAP words past it on both sides.
    grown = True
    while grown:
        grown = False
        for i, j in c.points:
            if (0 <= i - o_hi < COPY_GAP and 0 <= j - s_hi < COPY_GAP
                    and abs((i - o_hi) - (j - s_hi)) <= LINE_SLACK):
                o_hi, s_hi, grown = i + 1, j + 1, True
            elif (0 < o_lo - i <= COPY_GAP and 0 < s_lo - j <= COPY_GAP
                    and abs((o_lo - i) - (s_lo - j)) <= LINE_SLACK):
                o_lo, s_lo, grown = i, j, True
    kept = [p for p in c.points if o_lo <= p[0] < o_hi and s_lo <= p[1] < s_hi]
    return _Candidate.of(kept) if kept and len(kept) < len(c.points) else c


def _copy_with_tail(cand: _Candidate, inside: Sequence[_Candidate], o: _Text, s: _Text, codes: _Codes) -> bool:
    """Whether condensed ``cand`` is a copy (one of ``inside``) with a stretch of topic
    words on one side of it, rather than a summary: then it must not take the copy over.

    Branch pan02 (PAN 02 ``00987-00629``): a verbatim copy of a biography paragraph is
    followed, in the suspect, by another biography of the same person; the condensing pass
    drew the copy and the 140 words after it (41 matched words spread over 1,000 words of
    the original) into one passage, and the copy's edges were lost (precision 0.13). A
    summary that holds copied sentences has its own sentences around and between them, and
    they read as a summary on their own; here everything outside the copy lies on one
    side of it and would not pass as a condensed passage alone (:data:`CONDENSED_SEEDS`
    and :data:`CONDENSED_DENSITY` or, sparser but in the original's order,
    ``_ordered_summary`` with :data:`score.CHAIN_IN_ORDER
    <spundetect.score.CHAIN_IN_ORDER>` in order; or :data:`score.CONDENSED_IN_ORDER
    <spundetect.score.CONDENSED_IN_ORDER>` of its content words in order). A rest under
    :data:`CONDENSED_SEEDS` matched words is a few stray words: nothing to tell.
    """
    from spundetect.score import CHAIN_IN_ORDER, CONDENSED_IN_ORDER  # the filter's floors for a summary

    if not inside:
        return False
    lo, hi = min(k.s[0] for k in inside), max(k.s[1] for k in inside)
    rest = [p for p in cand.points if not any(k.s[0] <= p[1] < k.s[1] for k in inside)]
    if not rest or not (all(p[1] < lo for p in rest) or all(p[1] >= hi for p in rest)):
        return False  # nothing outside, or words on both sides / between: summary-shaped
    tail = _Candidate.of(rest)
    if tail.seeds < CONDENSED_SEEDS or not any(_in_order(k, o, s, codes) >= COPY_IN_ORDER for k in inside):
        return False
    if _ordered_summary(tail, s):  # a summary beside the copy (branch summ)
        return _in_order(tail, o, s, codes) < CHAIN_IN_ORDER
    return (not _passes(tail, s, CONDENSED_SEEDS, CONDENSED_DENSITY)
            or _in_order(tail, o, s, codes) < CONDENSED_IN_ORDER)


def _summary_beside_copy(kept: list[_Candidate], o: _Text, s: _Text, codes: _Codes) -> list[_Candidate]:
    """The passages without each condensed one whose original side overlaps a copy that
    the suspect holds at another place.

    Branch pan02b (PAN 02 ``00542-01906``, ``00005-01090``): two pages of one web site,
    one of which copies a paragraph of the other word for word. Around the copy, the
    condensing pass found summary-shaped matches elsewhere in the suspect: the site's
    boilerplate ("We promise never to sell, rent, or trade your email() Privacy policy")
    and the vocabulary both pages use ("submit the official transcript ... accredited
    institution ... TCE application and fee"), spread over the original stretch around the
    copied paragraph. A page that takes a stretch of a text word for word has no reason to
    summarise that same stretch again at another place; what else it shares with that
    stretch is the two texts' common subject. A copy here is a passage (not condensed)
    with :data:`COPY_IN_ORDER` of its content words in order; a reworded passage inside a
    summary's original side (a sentence of the summary kept close to the source) does not
    count, and a copy inside the condensed passage on the suspect side is handled before
    (the condensed passage took it over or left it, ``_copy_with_tail``).

    Kept passages do not overlap on the suspect side, so any other passage lies elsewhere
    in the suspect. ``_in_order`` is read only for passages that overlap a condensed one.
    """
    out = []
    for c in kept:
        if _condensed(c) and any(
                k is not c and not _condensed(k) and _overlap(k.o, c.o)
                and _in_order(k, o, s, codes) >= COPY_IN_ORDER for k in kept):
            continue
        out.append(c)
    return out


def _join(kept: list[_Candidate]) -> list[_Candidate]:
    """Join passages that touch on both sides (at most :data:`EDGE_GAP` words apart on
    each; in any order on the original side): one reused stretch whose parts were
    reordered (a reworded passage with its clauses moved) is one passage, not two."""
    out: list[_Candidate] = []
    for cand in kept:
        if out and not _condensed(cand) and not _condensed(prev := out[-1]):
            o_gap = max(cand.o[0], prev.o[0]) - min(cand.o[1], prev.o[1])
            if cand.s[0] - prev.s[1] <= EDGE_GAP and o_gap <= EDGE_GAP:
                out[-1] = _Candidate.of(prev.points + cand.points)
                continue
        out.append(cand)
    return out


def _chain(points: Sequence[_Point]) -> list[_Point]:
    """A longest chain of ``points`` increasing on both sides (a longest increasing
    subsequence, in ``O(n log n)``), in order."""
    from bisect import bisect_left

    tails: list[int] = []  # tails[k]: the smallest original end of a chain of k + 1 points
    ends: list[int] = []  # the index in ``pts`` of that end
    before: list[int] = []  # per point, the one before it in its chain (-1: none)
    # by suspect word, and for one suspect word its original places from the last, so that
    # a chain takes at most one place per suspect word
    pts = sorted(points, key=lambda p: (p[1], -p[0]))
    for n, (i, _) in enumerate(pts):
        k = bisect_left(tails, i)
        before.append(ends[k - 1] if k else -1)
        if k == len(tails):
            tails.append(i)
            ends.append(n)
        else:
            tails[k], ends[k] = i, n
    out: list[_Point] = []
    n = ends[-1] if ends else -1
    while n >= 0:
        out.append(pts[n])
        n = before[n]
    return out[::-1]


def _ordered_summary(c: _Candidate, s: _Text) -> bool:
    """Whether condensed ``c``, too sparse for :data:`CONDENSED_DENSITY`, still reads as a
    summary: :data:`CONDENSED_CHAIN_SEEDS` matched words, :data:`MIN_DENSITY` of its suspect
    content words matched, and :data:`CONDENSED_CHAIN` of its matched words (one place per
    suspect word, the one on the passage's diagonal) in one chain in the original's order,
    a chain that is itself condensed (its original side :data:`CONDENSED_RATIO` times the
    passage's suspect side).

    A summary of a whole article (PAN 2013 05: 100 words for 450-1,300) rewords most of
    what it keeps, so fewer than half of its content words match; those that do follow the
    article from its start to its end. A reworded passage of one length on both sides
    (PAN 2013 03 ``00919-01293``) with topic words matched far before and after it on the
    original side is condensed too, but its chain is its own diagonal: not condensed."""
    if c.seeds < CONDENSED_CHAIN_SEEDS or not _passes(c, s, CONDENSED_CHAIN_SEEDS, MIN_DENSITY):
        return False
    one = _one_per_word(c.points)
    chain = _chain(one)
    return (len(chain) >= CONDENSED_CHAIN * len(one)
            and chain[-1][0] + 1 - chain[0][0] >= CONDENSED_RATIO * (c.s[1] - c.s[0]))


def _condensed(c: _Candidate) -> bool:
    return c.o[1] - c.o[0] >= CONDENSED_RATIO * (c.s[1] - c.s[0])


def background(
    original: Sequence[Sequence[str]],
    suspect: Sequence[Sequence[str]],
    found: Sequence[Reuse],
    *,
    rare: Callable[[str], bool],
) -> float | None:
    """How the rest of the two texts relates: of the suspect's distinct rare content keys
    outside every passage, the share that the original holds anywhere.

    Two reports of one event share their topic words (names, places, the event's own
    vocabulary) all through, and a sentence or two besides (a quotation, a wire sentence);
    a page that reuses a passage of another text about something else shares little
    outside that passage. :func:`spundetect.score.shows_reuse` reads this share to ask
    more of a short passage between two texts on one topic.

    Args:
        original: normalised word tokens per original sentence.
        suspect: the same for the suspect.
        found: the passages (word ranges over each text's words, as
            :func:`find_passages` returns them).
        rare: whether a normalised word is rare enough to mark a topic (the caller's
            frequency list; ``compare()`` uses Zipf frequency under :data:`RARE_ZIPF`).

    Returns:
        The share in [0, 1], or ``None`` when fewer than :data:`BACKGROUND_WORDS` such keys
        lie outside the passages.

    Examples:
        >>> common = {"the", "a", "said", "on", "in"}
        >>> o = [["storm", "hits", "galveston", "island", "levee", "breach", "reported"]]
        >>> s = [["galveston", "levee", "breach", "storm", "island", "hits", "reported"]]
        >>> background(o, s, [], rare=lambda w: w not in common) is None  # too few words
        True
    """
    inside: set[int] = set()
    for r in found:
        inside.update(range(*r.suspect))
    o_keys = {k for words in original for w in words if (k := content_key(w)) is not None}
    keys: set[str] = set()
    j = 0
    for words in suspect:
        for w in words:
            if j not in inside and (k := content_key(w)) is not None and rare(w):
                keys.add(k)
            j += 1
    if len(keys) < BACKGROUND_WORDS:
        return None
    return len(keys & o_keys) / len(keys)
