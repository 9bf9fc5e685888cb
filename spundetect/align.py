"""Sentence alignment: two lists of sentences -> a monotone n:m alignment with skips.

Sentences are compared as sequences of normalised word tokens with RapidFuzz's Indel
similarity. The alignment is the heaviest chain of sentence matches that runs forward in
both texts, found with a Fenwick tree in ``O(P log m)`` over ``P`` candidate matches, so
scraped boilerplate, dropped paragraphs and inserted headlines stay unaligned instead of
dragging the rest off. Unmatched neighbours are then merged into 1:2, 2:1 and 2:2 blocks
when that raises the similarity (a sentence split or two merged).

Sentences are compared as strings with one character per token (a token's id in a
vocabulary shared by both texts), so RapidFuzz uses its bit-parallel string kernels; the
similarity is exactly that of the token lists. Two candidate generators feed the chain:
every pair (exact, scored in RapidFuzz's ``cdist``, for texts of up to
:data:`EXACT_LIMIT` sentence pairs) and an inverted index over the rarest shared words
and word bigrams of each sentence (for long texts), whose cost per sentence is bounded,
so the whole stays near-linear on 10,000-sentence inputs.

Examples:
    >>> from spundetect.align import align
    >>> blocks = align([["a", "b", "c"], ["d", "e", "f"]], [["x"], ["a", "b", "c"]])
    >>> [(b.original, b.suspect) for b in blocks]
    [((0, 0), (0, 1)), ((0, 1), (1, 2)), ((1, 2), (2, 2))]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import add, itemgetter
from typing import cast

from rapidfuzz.distance import Indel

__all__ = [
    "Block", "align", "align_within", "pair_lone_gaps", "line_cuts", "similarity", "encode", "EXACT_LIMIT",
    "TWIN_SIMILARITY", "pair_by_forms", "FORM_SIMILARITY", "seams", "FormIndex",
]

#: Up to this many sentence pairs (``n * m``) every pair is scored; above, candidates
#: come from an inverted index.
EXACT_LIMIT = 250_000
#: Candidates kept per suspect sentence from the inverted index.
CANDIDATES = 6
#: A suspect sentence at least this similar to the sentence after the previous one's
#: best match is paired with it without an index look-up.
SURE_FOLLOW = 0.6
#: Rarest index keys (words and word bigrams) looked up per suspect sentence.
KEYS = 12
#: Per suspect sentence, keys are looked up (rarest first) until their postings add up
#: to this many original sentences (or :data:`KEYS` keys were used).
BUDGET = 64
#: A merge (1:2, 2:1, 2:2) must raise the similarity by at least this much.
MERGE_GAIN = 0.02
#: Two lines (of sentences cut at their line breaks) at least this similar are twins: the
#: same line in both texts (see :func:`line_cuts`).
TWIN_SIMILARITY = 0.34
#: A unit at least this like its best match in the other text is not looked at by
#: :func:`seams` (nothing of it can be foreign).
SEAM_SURE = 0.9
#: A unit is looked at by :func:`seams` when its best match in the other text is at least
#: this like it (a unit glued from pieces of several places is like each of them a little).
SEAM_FLOOR = 0.2
#: A part that :func:`seams` cuts off has at least this many words.
SEAM_PART = 2
#: A unit is cut only when its parts, each with its own match, share at least this many
#: more words with them (in order) than the whole unit does with either.
SEAM_GAIN = 2
#: A unit of at most this many words may be a twin by synonyms in :func:`seams` (a
#: heading, a date).
SEAM_FORM_WORDS = 8
#: At most this many seams are cut in one unit.
SEAM_MOST = 4
#: Texts of more units than this are not looked at by :func:`seams`: finding each unit's
#: best match costs a noticeable share of a long comparison, and a shuffled web page is
#: shorter.
SEAM_UNITS = 2000
#: In texts of at most this many units :func:`seams` looks at every unit; in longer ones
#: only at units whose neighbours do not keep their match's order (cost). A reused
#: passage among other text can be glued to that text while its neighbours keep order.
SEAM_EVERY = 500
#: The first this many look-ups of :class:`_Finder` scan every unit; then it builds an
#: index (a text with few candidate seams does not pay for one).
FINDER_SCANS = 64
#: Two sentences whose words match, as words or dictionary synonyms, at least this much
#: (:func:`pair_by_forms`) are paired.
FORM_SIMILARITY = 0.5
#: A key in more original sentences than this does not vote in :func:`pair_by_forms`.
FORM_POSTINGS = 32


@dataclass(frozen=True, slots=True)
class Block:
    """One step of the alignment: half-open sentence index ranges on each side.

    An empty range (``start == end``) means the other side's sentences have no partner.
    """

    original: tuple[int, int]
    suspect: tuple[int, int]
    similarity: float

    @property
    def kind(self) -> str:
        """``"1:1"``, ``"2:1"``, ``"0:1"``... (original count : suspect count)."""
        return f"{self.original[1] - self.original[0]}:{self.suspect[1] - self.suspect[0]}"


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Indel similarity of two token sequences in [0, 1] (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return float(Indel.normalized_similarity(a, b))


# Sentences are encoded as strings with one character per token (the token's id in a
# vocabulary shared by both texts), so that RapidFuzz compares them with its fast string
# kernels; the Indel similarity of two encoded sentences is exactly that of the token lists.
_FIRST_CODE = 0x100
_SURROGATES = 0x800  # skip U+D800..U+DFFF, which are not valid characters on their own


def encode(
    original: Sequence[Sequence[str]],
    suspect: Sequence[Sequence[str]],
    keep: Callable[[str], bool] | None = None,
) -> tuple[list[str], list[str]]:
    """Both texts' sentences as strings of one character per token (shared vocabulary).

    Args:
        original: tokens per original sentence.
        suspect: tokens per suspect sentence.
        keep: when given, only tokens for which it is true are encoded.

    Examples:
        >>> encode([["a", "b"]], [["b", "c"]])
        (['\u0100\u0101'], ['\u0101\u0102'])
    """
    vocab: dict[str, str] = {}

    def code(tok: str) -> str:
        k = len(vocab) + _FIRST_CODE
        if k >= 0xD800:
            k += _SURROGATES
        c = vocab[tok] = chr(k)
        return c

    def enc(sents: Sequence[Sequence[str]]) -> list[str]:
        get = vocab.get
        if keep is None:
            return ["".join([get(t) or code(t) for t in sent]) for sent in sents]
        return ["".join([get(t) or code(t) for t in sent if keep(t)]) for sent in sents]

    return enc(original), enc(suspect)


def _codes(
    original: Sequence[Sequence[str]], suspect: Sequence[Sequence[str]], encoded: bool, exact: bool
) -> tuple[list[str], list[str]]:
    """The sentences as strings of one character per token, as the two candidate paths
    read them.

    Sentences already ``encoded`` (slices of one :func:`encode` of both whole texts, made
    once per comparison) serve the exact path as they are: it compares characters only for
    equality. The inverted index also ranks a sentence's keys by their characters where
    their postings are as long (:func:`_rarest_keys`), so it gets the codes :func:`encode`
    gives these sentences alone, as before: encoding the characters again numbers them in
    the order of their first occurrence, which is that of the words they stand for, so
    the codes are the words' own.
    """
    if encoded and exact:
        # (each sentence is a str then: a sequence of one-character strings)
        return cast("list[str]", list(original)), cast("list[str]", list(suspect))
    return encode(original, suspect)


def _sim(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return float(Indel.normalized_similarity(a, b))


def _exact_candidates(orig: list[str], susp: list[str], floor: float) -> list[tuple[int, int, float]]:
    """Every pair at least ``floor`` similar (all pairs scored in RapidFuzz's ``cdist``)."""
    if not orig or not susp:
        return []
    if floor <= 0.0:
        return [(i, j, _sim(a, b)) for i, a in enumerate(orig) if a for j, b in enumerate(susp) if b]
    from rapidfuzz.process import cdist

    import numpy as np

    # Scores in double precision (0 below the cutoff) are exactly those of ``similarity``,
    # so the pairs are read off the matrix without scoring them again; an empty sentence
    # pairs with nothing (two empty strings score 1).
    scores = cdist(orig, susp, scorer=Indel.normalized_similarity,
                   score_cutoff=max(0.0, floor - 1e-6), workers=1, dtype=np.float64)
    rows, cols = np.nonzero(scores >= floor)
    values = scores[rows, cols].tolist()
    if all(orig) and all(susp):  # no empty sentence (most texts): the triples made in C
        return list(zip(rows.tolist(), cols.tolist(), values))
    return [(i, j, s) for i, j, s in zip(rows.tolist(), cols.tolist(), values) if orig[i] and susp[j]]


def _indexed_candidates(orig: list[str], susp: list[str], floor: float) -> list[tuple[int, int, float]]:
    """Candidate pairs from an inverted index, in time near-linear in the text lengths.

    Keys are the words and the word bigrams of each original sentence. Each suspect
    sentence looks up its rarest keys that occur in the original, at most :data:`KEYS` of
    them and only until :data:`BUDGET` postings were read (a spun sentence keeps most of
    its rare words and many bigrams), votes for the original
    sentences holding them (idf-weighted), and the :data:`CANDIDATES` best, plus the
    sentence after the previous suspect sentence's best match, are scored exactly. When
    that next sentence alone is at least :data:`SURE_FOLLOW` similar, it is taken without
    asking the index (most sentences of a copy or a spun copy, which keep the order).
    """
    n = len(orig)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, sent in enumerate(orig):
        for key in _keys(sent):
            postings[key].append(i)
    # idf per distinct postings length (there are few), not per key.
    lengths = sorted({len(p) for p in postings.values()})
    idf = {df: math.log((n + 1) / df) for df in lengths}
    # Rarer keys weigh at least as much; the shortcut for a sentence's last key in
    # _top_votes relies on it, so it is checked, not assumed.
    falling = all(idf[a] >= idf[b] for a, b in zip(lengths, lengths[1:]))
    members: dict[str, set[int]] = {}  # postings as sets, for long last keys
    out: list[tuple[int, int, float]] = []
    follow = -1  # the original sentence after the previous suspect sentence's best match
    for j, b in enumerate(susp):
        if not b:
            continue
        if 0 <= follow < n and orig[follow]:
            # The common case of a copy that keeps the order: the sentence after the
            # previous match is already a sure one, so the index is not asked.
            s = _sim(orig[follow], b)
            if s >= SURE_FOLLOW and s >= floor:
                out.append((follow, j, s))
                follow += 1
                continue
        chosen = _top_votes(_rarest_keys(b, postings), postings, idf, members, falling)
        if 0 <= follow < n and follow not in chosen:
            chosen.append(follow)
        best_i, best_s = -1, -1.0
        lb = len(b)
        for i in chosen:
            a = orig[i]
            if a and 2 * min(len(a), lb) / (len(a) + lb) >= floor:
                s = _sim(a, b)
                if s >= floor:
                    out.append((i, j, s))
                    if s > best_s:
                        best_i, best_s = i, s
        follow = best_i + 1 if best_i >= 0 else -1
    return out


def _rarest_keys(sent: str, postings: dict[str, list[int]]) -> list[str]:
    """The rarest keys of a sentence present in the index, at most :data:`KEYS` of them and
    only until :data:`BUDGET` postings were read."""
    present = [(len(postings[k]), k) for k in _keys(sent) if k in postings]
    present.sort()
    used: list[str] = []
    spent = 0
    for df, key in present[:KEYS]:
        if spent >= BUDGET:
            break
        used.append(key)
        spent += df
    return used


def _top_votes(
    used: list[str],
    postings: dict[str, list[int]],
    idf: dict[int, float],
    members: dict[str, set[int]],
    falling: bool,
) -> list[int]:
    """The :data:`CANDIDATES` original sentences with the most votes from the ``used`` keys.

    Each key adds its idf to the sentences in its postings, in key order; ties keep the
    order in which sentences were first voted for. The result is that of sorting every
    voted sentence, but a long last key (small-vocabulary texts have keys in thousands of
    sentences) is not walked: a sentence first voted for by the last key gets exactly its
    idf, no more than any earlier key's (``falling``), so it ranks after every sentence
    voted for before, in postings order. So the last key only adds to those, and fills
    the list from its postings when fewer than :data:`CANDIDATES` were voted for before.
    """
    if not used:
        return []
    *first, last = used
    votes: dict[int, float] = {}
    for key in first:
        p = postings[key]
        _add(votes, p, idf[len(p)])
    tail = postings[last]
    w = idf[len(tail)]
    if not falling or len(tail) <= len(votes):
        _add(votes, tail, w)
        return sorted(votes, key=votes.__getitem__, reverse=True)[:CANDIDATES]
    holds = members.get(last)
    if holds is None:
        holds = members[last] = set(tail)
    _add(votes, holds.intersection(votes), w)
    chosen = sorted(votes, key=votes.__getitem__, reverse=True)[:CANDIDATES]
    if len(chosen) < CANDIDATES:
        for i in tail:
            if i not in votes:
                chosen.append(i)
                if len(chosen) == CANDIDATES:
                    break
    return chosen


def _add(votes: dict[int, float], sents: Iterable[int], w: float) -> None:
    """``votes[i] += w`` for each ``i`` in ``sents`` (new ones appended in order)."""
    for i in sents:
        if i in votes:
            votes[i] += w
        else:
            votes[i] = w  # 0.0 + w, as a defaultdict(float) would have it


def _keys(sent: str) -> set[str]:
    """The words (one character each) and word bigrams (two characters) of a sentence."""
    keys = set(sent)
    keys.update(map(add, sent, sent[1:]))
    return keys


def _heaviest_chain(
    points: list[tuple[int, int, float]], m: int, floor: float
) -> list[tuple[int, int, float]]:
    """Max-weight chain of points strictly increasing in both coordinates."""
    # Sort by i, and by j descending within one i so that one i cannot chain with itself
    # (two stable sorts with C key functions: the order of one sort by (i, -j)).
    points = sorted(points, key=itemgetter(1), reverse=True)
    points.sort(key=itemgetter(0))
    size = m + 1
    tree_val = [0.0] * (size + 1)
    tree_arg = [-1] * (size + 1)
    best_val = [0.0] * len(points)
    back = [-1] * len(points)
    for k, (_, j, s) in enumerate(points):
        # prefix max over suspect indices < j  (Fenwick positions 1..j)
        pos, v, arg = j, 0.0, -1
        while pos > 0:
            t = tree_val[pos]
            if t > v:
                v = t
                arg = tree_arg[pos]
            pos &= pos - 1
        # weight favours confident and long matches; ties keep the earlier point
        total = v + (s - floor + 1e-6)
        best_val[k] = total
        back[k] = arg
        pos = j + 1
        while pos <= size:
            if total > tree_val[pos]:
                tree_val[pos] = total
                tree_arg[pos] = k
            pos += pos & -pos
    if not points:
        return []
    k = best_val.index(max(best_val))  # the first of the heaviest
    chain = []
    while k != -1:
        chain.append(points[k])
        k = back[k]
    chain.reverse()
    return chain


def _joined(sents: list[str], start: int, end: int) -> str:
    return "".join(sents[start:end])


def _grow(
    orig: list[str],
    susp: list[str],
    chain: list[tuple[int, int, float]],
) -> list[Block]:
    """Turn 1:1 matches into blocks, absorbing free neighbours when similarity rises."""
    taken_o = {i for i, _, _ in chain}
    taken_s = {j for _, j, _ in chain}
    blocks: list[Block] = []
    for i, j, s in chain:
        o0, o1, s0, s1 = i, i + 1, j, j + 1
        # Free neighbours may not be claimed twice: check the previous block's extent.
        prev_o = blocks[-1].original[1] if blocks else 0
        prev_s = blocks[-1].suspect[1] if blocks else 0
        improved = True
        while improved:
            improved = False
            options = []
            if s1 < len(susp) and s1 not in taken_s and s1 - s0 < 2:
                options.append((o0, o1, s0, s1 + 1))
            if s0 - 1 >= prev_s and s0 - 1 not in taken_s and s1 - s0 < 2:
                options.append((o0, o1, s0 - 1, s1))
            if o1 < len(orig) and o1 not in taken_o and o1 - o0 < 2:
                options.append((o0, o1 + 1, s0, s1))
            if o0 - 1 >= prev_o and o0 - 1 not in taken_o and o1 - o0 < 2:
                options.append((o0 - 1, o1, s0, s1))
            scored = [
                (_sim(_joined(orig, a0, a1), _joined(susp, b0, b1)), (a0, a1, b0, b1))
                for a0, a1, b0, b1 in options
            ]
            if scored:
                cand, extent = max(scored)
                if cand >= s + MERGE_GAIN:
                    (o0, o1, s0, s1), s = extent, cand
                    improved = True
            if improved:
                taken_o.update(range(o0, o1))
                taken_s.update(range(s0, s1))
        blocks.append(Block((o0, o1), (s0, s1), s))
    return blocks


def _with_gaps(blocks: list[Block], n: int, m: int) -> list[Block]:
    """Insert one-sided blocks so that every sentence of both texts appears once."""
    out: list[Block] = []
    oi = si = 0
    for b in blocks + [Block((n, n), (m, m), 0.0)]:
        for k in range(oi, b.original[0]):
            out.append(Block((k, k + 1), (si, si), 0.0))
        for k in range(si, b.suspect[0]):
            out.append(Block((b.original[0], b.original[0]), (k, k + 1), 0.0))
        if b.original[1] > b.original[0] or b.suspect[1] > b.suspect[0]:
            out.append(b)
        oi, si = b.original[1], b.suspect[1]
    return out


def align(
    original: Sequence[Sequence[str]],
    suspect: Sequence[Sequence[str]],
    *,
    min_similarity: float = 0.2,
    exact: bool | None = None,
    encoded: bool = False,
    points: list[tuple[int, int, float]] | None = None,
) -> list[Block]:
    """Align two lists of tokenised sentences.

    Args:
        original: one list of normalised word tokens per original sentence.
        suspect: the same for the suspect.
        min_similarity: sentence pairs less similar than this are never matched.
        exact: score every sentence pair (``True``), use the inverted index
            (``False``), or choose by size (``None``, the default).
        encoded: the sentences are strings of one character per word already, slices of
            one :func:`encode` of both whole texts (see :func:`_codes`): not encoded again.
        points: the pairs the exact path scores (every pair at least ``min_similarity``
            alike, ``(i, j, similarity)`` in row order), when the caller has them
            (:func:`align_within` with ``known``); the path is then exact.

    Returns:
        Blocks in order; every sentence index of both sides is in exactly one block.
    """
    n, m = len(original), len(suspect)
    if exact is None:
        exact = n * m <= EXACT_LIMIT
    orig, susp = _codes(original, suspect, encoded, exact or points is not None)
    if points is None:
        points = (_exact_candidates if exact else _indexed_candidates)(orig, susp, min_similarity)
    chain = _heaviest_chain(points, m, min_similarity)
    return _with_gaps(_grow(orig, susp, chain), n, m)


def _size(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _best_first(
    original: Sequence[Sequence[str]], suspect: Sequence[Sequence[str]], floor: float, exact: bool | None,
    encoded: bool = False,
) -> list[tuple[int, int, float]]:
    """1:1 pairs in any order: candidate pairs, most similar first, each sentence once."""
    if exact is None:
        exact = len(original) * len(suspect) <= EXACT_LIMIT
    return _best_first_encoded(*_codes(original, suspect, encoded, exact), floor, exact)


def _best_first_encoded(orig: list[str], susp: list[str], floor: float, exact: bool | None) -> list[tuple[int, int, float]]:
    """:func:`_best_first` of sentences already encoded (:func:`encode`)."""
    if exact is None:
        exact = len(orig) * len(susp) <= EXACT_LIMIT
    return _one_to_one((_exact_candidates if exact else _indexed_candidates)(orig, susp, floor))


def _one_to_one(points: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The pairs taken most similar first, each sentence of either side once."""
    points.sort(key=lambda p: (-p[2], p[0], p[1]))
    used_o: set[int] = set()
    used_s: set[int] = set()
    out = []
    for i, j, sim in points:
        if i not in used_o and j not in used_s:
            used_o.add(i)
            used_s.add(j)
            out.append((i, j, sim))
    return out


def pair_lone_gaps(blocks: Sequence[Block]) -> list[tuple[Block, bool]]:
    """Blocks, with each gap of exactly one original and one suspect sentence paired.

    A sentence reworded so heavily that it shares few words with its original falls below
    the aligner's similarity floor, yet when it is the only sentence between two aligned
    neighbours (or the whole text) its position names its original. Such a pair is marked
    ``True``; the caller keeps it only if its words show it derived ("Newspapers" ->
    "Papers").

    Examples:
        >>> blocks = [Block((0, 1), (0, 1), 0.9), Block((1, 2), (1, 1), 0.0),
        ...           Block((2, 2), (1, 2), 0.0), Block((2, 3), (2, 3), 0.9)]
        >>> [(b.original, b.suspect, lone) for b, lone in pair_lone_gaps(blocks)][1]
        ((1, 2), (1, 2), True)
    """
    out: list[tuple[Block, bool]] = []
    k = 0
    while k < len(blocks):
        end = k
        while end < len(blocks) and min(_size(blocks[end].original), _size(blocks[end].suspect)) == 0:
            end += 1
        gap = blocks[k:end]
        if len(gap) == 2 and {b.kind for b in gap} == {"1:0", "0:1"}:
            o_side, s_side = gap if gap[0].kind == "1:0" else gap[::-1]
            out.append((Block(o_side.original, s_side.suspect, 0.0), True))
        else:
            out.extend((b, False) for b in gap)
        if end < len(blocks):
            out.append((blocks[end], False))
        k = end + 1
    return out


@dataclass
class Known:
    """The pairs of two texts' sentences that the exact path scored at a floor: every pair
    at least ``floor`` alike, ``(i, j, similarity)`` in row order, as
    :func:`_exact_candidates` gives them (:func:`seams` fills one while it scores the
    units; the passages' rounds then read their sentences' pairs from it rather than score
    them again). Empty until filled; ``filled`` tells."""

    floor: float = 0.0
    points: list[tuple[int, int, float]] = field(default_factory=list)
    filled: bool = False

    def within(self, original_ids: Sequence[int], suspect_ids: Sequence[int], floor: float
               ) -> list[tuple[int, int, float]]:
        """The pairs of some sentences (increasing ids) at least ``floor`` alike, in their
        own indices, in row order: what the exact path finds for these sentences (a
        similarity at or above both floors is the same whatever the cutoff it was scored at)."""
        at_o = {i: k for k, i in enumerate(original_ids)}
        at_s = {j: k for k, j in enumerate(suspect_ids)}
        return [(at_o[i], at_s[j], sim) for i, j, sim in self.points
                if sim >= floor and i in at_o and j in at_s]


def align_within(
    original: Sequence[Sequence[str]],
    suspect: Sequence[Sequence[str]],
    original_ids: Sequence[int],
    suspect_ids: Sequence[int],
    *,
    min_similarity: float = 0.2,
    exact: bool | None = None,
    lone: bool = True,
    ordered: bool = True,
    encoded: bool = False,
    known: Known | None = None,
) -> list[tuple[Block, bool]]:
    """Align some sentences of each text (those of one passage), in text indices.

    Args:
        original: tokens per original sentence (the whole text).
        suspect: tokens per suspect sentence.
        original_ids: the original sentences to align, increasing.
        suspect_ids: the suspect sentences to align, increasing.
        min_similarity: as in :func:`align`.
        exact: as in :func:`align`.
        lone: also pair lone gap sentences by position (:func:`pair_lone_gaps`).
        ordered: a monotone alignment (:func:`align`); ``False`` pairs sentences 1:1 in
            any order, most similar first (sentences shuffled inside a passage).
        encoded: as in :func:`align` (the sentences are one :func:`encode` of both texts).
        known: the pairs of the whole texts' sentences already scored by the exact path
            (:func:`seams` fills it): when the exact path would score these sentences, at a
            similarity floor it covers, their pairs are read from it instead.

    Returns:
        The two-sided blocks, each with whether it was paired by position only. A merged
        block whose sentences are not adjacent in the text is left out.

    Examples:
        >>> text = [["a", "b"], ["c", "d"], ["e", "f"]]
        >>> [(b.original, b.suspect) for b, _ in align_within(text, text[::-1], [0, 2], [0, 2])]
        [((0, 1), (2, 3))]
    """
    o_sents = [original[i] for i in original_ids]
    s_sents = [suspect[j] for j in suspect_ids]
    points = None
    if (known is not None and known.filled and encoded and min_similarity >= known.floor
            and (exact if exact is not None else len(o_sents) * len(s_sents) <= EXACT_LIMIT)):
        points = known.within(original_ids, suspect_ids, min_similarity)
    if not ordered:
        found = (_one_to_one(points) if points is not None
                 else _best_first(o_sents, s_sents, min_similarity, exact, encoded))
        return [(Block((original_ids[i], original_ids[i] + 1), (suspect_ids[j], suspect_ids[j] + 1), sim), False)
                for i, j, sim in found]
    blocks = align(o_sents, s_sents, min_similarity=min_similarity, exact=exact, encoded=encoded, points=points)
    items = pair_lone_gaps(blocks) if lone else [(b, False) for b in blocks]
    out: list[tuple[Block, bool]] = []
    for b, by_position in items:
        if not _size(b.original) or not _size(b.suspect):
            continue
        go = [original_ids[k] for k in range(*b.original)]
        gs = [suspect_ids[k] for k in range(*b.suspect)]
        if go[-1] - go[0] != len(go) - 1 or gs[-1] - gs[0] != len(gs) - 1:
            continue
        out.append((Block((go[0], go[-1] + 1), (gs[0], gs[-1] + 1), b.similarity), by_position))
    return out


def line_cuts(
    original: Sequence[Sequence[Sequence[str]]],
    suspect: Sequence[Sequence[Sequence[str]]],
    *,
    exact: bool | None = None,
    encoded: bool = False,
) -> tuple[list[list[int]], list[list[int]]]:
    """Where to cut sentences at their line breaks: where the two texts moved lines apart.

    A sentence may run over several lines: a heading glued to the sentence after it, the
    items of a list, the lines of a hard-wrapped paragraph (a single line break does not end
    a sentence). A spinner that shuffles lines or sentences moves such lines away from each
    other, so one sentence of the suspect holds lines from several sentences of the
    original and no sentence pair matches whole. Each line is given its *twin*, the line of
    the other text most like it (pairs at least :data:`TWIN_SIMILARITY` similar, most
    similar first, each line once). Two neighbouring lines of a sentence stay together when
    their twins are neighbours in the same order in the other text, or when neither has a
    twin (hard-wrapped lines, whose line breaks the other text does not share); otherwise
    the sentence is cut between them, unless a twin is more like the two lines joined than
    like its own line (the other text has them on one line: a hard-wrapped sentence whose
    first line alone is already like it). Texts whose lines keep their order are left
    whole.

    Args:
        original: per original sentence, its lines, each a list of normalised words.
        suspect: the same for the suspect.
        exact: as in :func:`align` (score every pair of lines, or use the index).
        encoded: as in :func:`align` (the lines are one :func:`encode` of both texts).

    Returns:
        Per text, per sentence, the indices of the lines that start a new piece (sorted;
        empty for a sentence left whole).

    Examples:
        >>> heading, body = ["starting", "a", "business"], ["you", "need", "a", "licence"]
        >>> item = ["council", "approval", "for", "signs"]
        >>> line_cuts([[heading, body], [item]], [[item, body], [heading]])
        ([[1], []], [[1], []])
    """
    if not any(len(sent) > 1 for sent in original) and not any(len(sent) > 1 for sent in suspect):
        return [[] for _ in original], [[] for _ in suspect]
    o_flat = [ln for sent in original for ln in sent]
    s_flat = [ln for sent in suspect for ln in sent]
    if exact is None:
        exact = len(o_flat) * len(s_flat) <= EXACT_LIMIT
    o_lines, s_lines = _codes(o_flat, s_flat, encoded, exact)
    twin_o: dict[int, int] = {}
    twin_s: dict[int, int] = {}
    for i, j, _ in _best_first_encoded(o_lines, s_lines, TWIN_SIMILARITY, exact):
        twin_o[i] = j
        twin_s[j] = i
    return (_cuts([len(sent) for sent in original], o_lines, s_lines, twin_o),
            _cuts([len(sent) for sent in suspect], s_lines, o_lines, twin_s))


def _cuts(sizes: list[int], lines: list[str], other: list[str], twin: dict[int, int]) -> list[list[int]]:
    """Per sentence (of ``sizes[k]`` lines), the lines before which it is cut: where two
    neighbouring lines' twins are not neighbours, unless a twin is more like the two lines
    joined than like its own line alone (the other text has them on one line)."""
    out: list[list[int]] = []
    k = 0  # flat index of the sentence's first line
    for size in sizes:
        cuts = []
        for n in range(1, size):
            a, b = twin.get(k + n - 1), twin.get(k + n)
            if a is None and b is None:
                continue
            if a is not None and b is not None and b == a + 1:
                continue
            joined = lines[k + n - 1] + lines[k + n]
            if a is not None and _sim(joined, other[a]) > _sim(lines[k + n - 1], other[a]):
                continue
            if b is not None and _sim(joined, other[b]) > _sim(lines[k + n], other[b]):
                continue
            cuts.append(n)
        out.append(cuts)
        k += size
    return out


def pair_by_forms(
    original: Sequence[Sequence[frozenset[str]]],
    suspect: Sequence[Sequence[str]],
    *,
    floor: float = FORM_SIMILARITY,
) -> list[tuple[int, int, float]]:
    """1:1 sentence pairs in any order by words that match as themselves or as synonyms.

    A heavily spun sentence (every word the spinner knows replaced: "Intermediate
    inheritance" -> "arbitrate heritage") shares too few words with its original for the
    token similarity, and once shuffled its position does not name its original either.
    Here each original word is given as the set of keys it may appear as in the suspect
    (itself and its dictionary synonyms, as the caller keys them), each suspect word as its
    key. The similarity of two sentences is ``2 * matched / (len(a) + len(b))``, where each
    original word matches at most one suspect word with one of its keys (in any order).
    Candidates come from an inverted index over the keys (a key in more than
    :data:`FORM_POSTINGS` original sentences does not vote), so the cost stays near-linear;
    pairs at least ``floor`` similar are taken most similar first, each sentence once.

    Args:
        original: per original sentence, per word, the keys it may appear as.
        suspect: per suspect sentence, per word, its key.
        floor: the least similarity of a pair.

    Returns:
        ``(original index, suspect index, similarity)``, most similar first.

    Examples:
        >>> heading = [frozenset({"inter", "arbit"}), frozenset({"inher", "herit"})]
        >>> pair_by_forms([[frozenset({"bees"})], heading], [["arbit", "herit"]])
        [(1, 0, 1.0)]
    """
    index = FormIndex(original)
    points: list[tuple[int, int, float]] = []
    for j, b in enumerate(suspect):
        points.extend((i, j, sim) for i, sim in index.matches(b, floor))
    return _one_to_one(points)


class FormIndex:
    """Sentences keyed as :func:`pair_by_forms` keys the original: an inverted index over
    the keys (a key in more than :data:`FORM_POSTINGS` sentences does not vote).

    Examples:
        >>> FormIndex([[frozenset({"bees"})], [frozenset({"home"}), frozenset({"work"})]]).matches(["work", "home"], 0.5)
        [(1, 1.0)]
    """

    def __init__(self, original: Sequence[Sequence[frozenset[str]]]) -> None:
        self.original = original
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, sent in enumerate(original):
            for key in set().union(*sent) if sent else ():
                self.postings[key].append(i)

    def matches(self, words: Sequence[str], floor: float) -> list[tuple[int, float]]:
        """The sentences whose words match ``words`` (suspect keys) at least ``floor``, by
        :func:`pair_by_forms`' similarity, among the :data:`CANDIDATES` with the most keys
        in common; in that order."""
        if not words:
            return []
        votes: dict[int, int] = defaultdict(int)
        for key in set(words):
            found = self.postings.get(key)
            if found and len(found) <= FORM_POSTINGS:
                for i in found:
                    votes[i] += 1
        out = []
        for i in sorted(votes, key=lambda i: (-votes[i], i))[:CANDIDATES]:
            a = self.original[i]
            if 2 * min(len(a), len(words)) / (len(a) + len(words)) < floor:
                continue
            sim = 2 * _bag_matches(a, words) / (len(a) + len(words))
            if sim >= floor:
                out.append((i, sim))
        return out


def _bag_matches(a: Sequence[frozenset[str]], b: Sequence[str]) -> int:
    """Original words matched to distinct suspect words by a shared key (greedy, rarest
    first: an original word with fewer keys is matched before one with many)."""
    left: dict[str, int] = defaultdict(int)
    for key in b:
        left[key] += 1
    matched = 0
    for forms in sorted(a, key=len):
        # In sorted order: a frozenset's own order follows the strings' hashes, which
        # change from process to process (PYTHONHASHSEED), and the greedy match with it.
        for key in sorted(forms):
            if left.get(key):
                left[key] -= 1
                matched += 1
                break
    return matched


def seams(
    first: Sequence[Sequence[str]],
    second: Sequence[Sequence[str]],
    *,
    exact: bool | None = None,
    forms_of: Callable[[Sequence[str]], list[frozenset[str]]] | None = None,
    keys_of: Callable[[Sequence[str]], list[str]] | None = None,
    codes: tuple[Sequence[str], Sequence[str]] | None = None,
    known: Known | None = None,
) -> tuple[list[list[int]], list[list[int]]]:
    """Where to cut units inside, at a word: where a unit is glued from pieces of two
    places of the other text.

    A spinner that shuffles sentences cuts where its own splitter cuts (every line break,
    every full stop before a space, ``Dr.`` included) and joins the pieces in a new order,
    often with only a space: a heading line glued before a sentence, or the first half of
    a sentence at an abbreviation glued after another. No sentence splitter can see such a
    seam. Here each unit is matched with its most similar unit of the other text (at least
    :data:`SEAM_FLOOR`; a unit at least :data:`SEAM_SURE` like it is left whole). When
    that match explains only one end of the unit (the words it shares with the whole are
    all, but one, shared with a shorter prefix or suffix), the rest may be foreign. It is
    taken for foreign when it is at least :data:`SEAM_PART` words longer than what the match
    has left over at that end (a spinner rewords the last words of a sentence in both
    places at once; a glued unit has words the match has no room for) and it has a match
    of its own (at least :data:`TWIN_SIMILARITY`) that is not the first match's neighbour
    in the same order. The unit is then cut where the two parts share the most words with
    their two matches (ties: where the parts' lengths are nearest to their matches'), if
    that is at least :data:`SEAM_GAIN` words more than the whole unit shares with either.
    The parts are looked at again (at most :data:`SEAM_MOST` seams a unit). Units of two
    texts that keep their order are never cut: a unit glued from two neighbours in order is
    a merge, which the aligner pairs; in texts of more than :data:`SEAM_EVERY` units a unit
    whose neighbours' matches are its match's neighbours is not looked at, and texts of
    more than :data:`SEAM_UNITS` units are left whole (cost).

    A heading or a number spun word by word ("Home-based work" -> "Domicile-grounded
    piece of work", "Impact" -> "Wallop") has no match by its tokens. With ``forms_of``
    and ``keys_of`` (the keys of :func:`pair_by_forms`: per first-text word the keys it may
    appear as, per second-text word its key), a unit of the second text whose token match
    leaves a rest at one end (at least one word more than the match has left over there)
    is also cut where that match's words begin or end, when the rest matches by those keys
    (at least :data:`FORM_SIMILARITY`) a short unit of the first text (at most
    :data:`SEAM_FORM_WORDS` words) that no unit of the second text is like by its tokens
    (under :data:`TWIN_SIMILARITY`: its copy can only be such a glued piece) and that is not
    the match's neighbour in order.

    Args:
        first: per unit of one text, its normalised words.
        second: the same for the other text.
        exact: as in :func:`align` (score every pair of units, or use the index).
        forms_of: per word of a first-text unit, the keys it may appear as.
        keys_of: per word of some second-text words, its key.
        codes: the units of both texts as strings of one character per word, slices of
            one :func:`encode` of both whole texts (see :func:`_codes`); when given, the
            words are not encoded again.
        known: filled with the pairs of units the exact path scored (every pair at least
            :data:`SEAM_FLOOR` alike), when it was taken and ``codes`` were given: the
            aligner reads them rather than score the same units again
            (:func:`align_within`).

    Returns:
        Per text, per unit, the word positions (sorted) before which it is cut.

    Examples:
        >>> heading = ["rusty", "wallace", "conflict", "of", "interest", "team", "dale", "jarrett"]
        >>> body = ["however", "espn", "decided", "to", "drop", "its", "use", "after", "2007"]
        >>> other = ["the", "network", "moved", "its", "studio", "to", "charlotte"]
        >>> seams([heading, other, body], [heading + body, other])
        ([[], [], []], [[8], []])
    """
    if max(len(first), len(second)) > SEAM_UNITS:
        return [[] for _ in first], [[] for _ in second]
    if exact is None:
        exact = len(first) * len(second) <= EXACT_LIMIT
    a, b = _codes(*codes, True, exact) if codes is not None else encode(first, second)
    points = (_exact_candidates if exact else _indexed_candidates)(a, b, SEAM_FLOOR)
    if known is not None and exact and codes is not None:
        known.floor, known.points, known.filled = SEAM_FLOOR, points, True
    best_a: dict[int, tuple[float, int]] = {}
    best_b: dict[int, tuple[float, int]] = {}
    for i, j, sim in points:
        if sim > best_a.get(i, (-1.0, 0))[0]:
            best_a[i] = (sim, j)
        if sim > best_b.get(j, (-1.0, 0))[0]:
            best_b[j] = (sim, i)
    by_forms = None
    if forms_of is not None and keys_of is not None:
        by_forms = _FormTwins(first, second, best_a, forms_of, keys_of)
    return _seams_of(a, b, best_a, exact), _seams_of(b, a, best_b, exact, by_forms)


@dataclass
class _FormTwins:
    """The short first-text unit that some words of a second-text unit match by
    :func:`pair_by_forms`' keys (see :func:`seams`); the index is built on first use, over
    the short units that no second-text unit is like by its tokens."""

    first: Sequence[Sequence[str]]
    second: Sequence[Sequence[str]]
    best_first: dict[int, tuple[float, int]]
    forms_of: Callable[[Sequence[str]], list[frozenset[str]]]
    keys_of: Callable[[Sequence[str]], list[str]]
    ids: list[int] | None = None
    index: FormIndex | None = None

    def twin(self, unit: int, lo: int, hi: int, spare: Sequence[str]) -> int | None:
        """The first-text unit the words ``lo``..``hi`` of second-text ``unit`` match; None
        also when they match a word of ``spare`` (the words the unit's token match has
        left over at that end: the rest may be their rewording, "females" -> "female
        persons", not a glued piece)."""
        keys = self.keys_of(self.second[unit][lo:hi])
        if spare and _bag_matches(self.forms_of(spare), keys):
            return None
        if self.index is None or self.ids is None:
            self.ids = [i for i, words in enumerate(self.first) if 0 < len(words) <= SEAM_FORM_WORDS
                        and self.best_first.get(i, (0.0, 0))[0] < TWIN_SIMILARITY]
            self.index = FormIndex([self.forms_of(self.first[i]) for i in self.ids])
        got = self.index.matches(keys, FORM_SIMILARITY)
        if not got:
            return None
        k, _ = max(got, key=lambda m: m[1])  # the first of the most similar
        return self.ids[k]


def _seams_of(units: list[str], other: list[str], best: dict[int, tuple[float, int]], exact: bool,
              by_forms: _FormTwins | None = None) -> list[list[int]]:
    """:func:`seams` for the units of one text, given each one's best match in the other
    (and, for the second text, the look-up of twins by synonyms)."""
    out: list[list[int]] = [[] for _ in units]
    finder: _Finder | None = None
    small = max(len(units), len(other)) <= SEAM_EVERY
    for i, (sim, j) in best.items():
        unit = units[i]
        # A foreign part after the match sits between it and the next unit, so the next
        # unit is not the match's next; likewise before. In longer texts, where both
        # neighbours keep the order (any text compared in order), the unit is not looked
        # at, at no cost.
        after, before = best.get(i + 1), best.get(i - 1)
        sides = ((True,) if small or after is None or after[1] != j + 1 else ()) + (
            (False,) if small or before is None or before[1] != j - 1 else ())
        if (not sides or sim >= SEAM_SURE or len(unit) < 2 * SEAM_PART
                or not _loose_end(unit, other[j])):
            continue
        if finder is None:
            finder = _Finder(other, exact)
        cuts: list[int] = []
        _Seams(other, finder, cuts, by_forms, i).split(unit, 0, j, sides)
        out[i] = sorted(cuts)
    return out


def _loose_end(unit: str, match: str) -> bool:
    """Whether ``match`` leaves a run of words of ``unit`` unexplained that a part could be:
    at least :data:`SEAM_PART` at an end, or one more inside (a stray shared word may sit
    in a foreign part)."""
    kept = _blocks(unit, match)
    if not kept:
        return False
    if kept[0][0] >= SEAM_PART or len(unit) - kept[-1][0] - kept[-1][2] >= SEAM_PART:
        return True
    return any(y[0] - (x[0] + x[2]) > SEAM_PART for x, y in zip(kept, kept[1:]))


def _blocks(x: str, y: str) -> list[tuple[int, int, int]]:
    """The runs of words two encoded units share in order: (start in x, start in y, size).

    They are the ``equal`` opcodes of the Indel alignment (the matching blocks of its edit
    script, without the empty last one), read as plain tuples (what ``as_list`` returns,
    whatever its stub says): reading a MatchingBlock object's attributes costs more than
    the alignment itself, and a comparison asks for hundreds."""
    ops = cast("list[tuple[str, int, int, int, int]]", Indel.opcodes(x, y).as_list())
    return [(i1, j1, i2 - i1) for tag, i1, i2, j1, _ in ops if tag == "equal"]


def _common(x: str, y: str) -> int:
    """Words two encoded units share in order (their LCS)."""
    return (len(x) + len(y) - Indel.distance(x, y)) // 2


def _prefix_common(x: str, y: str) -> list[int]:
    """``_common(x[:p], y)`` for every ``p`` from 0 to ``len(x)``, in one pass over ``x``
    (bit-parallel LCS, Allison and Dix 1986 / Hyyrö 2004: bit ``k`` of ``v`` is cleared when
    ``y[k]`` is matched; the zero bits count the LCS of the prefix read so far)."""
    m = len(y)
    mask = (1 << m) - 1
    where: dict[str, int] = {}
    for k, c in enumerate(y):
        where[c] = where.get(c, 0) | (1 << k)
    get = where.get
    v = mask
    out = [0]
    for c in x:
        u = v & get(c, 0)
        v = ((v + u) | (v - u)) & mask
        out.append(m - v.bit_count())
    return out


def _shortest_head(x: str, y: str, need: int) -> int:
    """The smallest ``p`` with ``_common(x[:p], y) >= need`` (``need`` at most
    ``_common(x, y)``): ``_prefix_common(x, y)``'s first such entry, found by bisection (the
    LCS of a prefix never shrinks as it grows), a few C calls instead of a Python loop over
    ``x``."""
    lo, hi = 0, len(x)
    while lo < hi:
        mid = (lo + hi) // 2
        if _common(x[:mid], y) >= need:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _shortest_tail(x: str, y: str, need: int) -> int:
    """The largest ``p`` with ``_common(x[p:], y) >= need`` (``need`` at most
    ``_common(x, y)``): the last such entry of the tails' list (``_prefix_common`` of both
    reversed, reversed), by bisection as :func:`_shortest_head`."""
    lo, hi = 0, len(x)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _common(x[mid:], y) >= need:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclass
class _Seams:
    """The seams of one unit (see :func:`seams`): ``cuts`` collects its word positions."""

    other: list[str]
    finder: _Finder
    cuts: list[int]
    by_forms: _FormTwins | None = None
    index: int = 0  # the unit's index in its text

    def split(self, unit: str, offset: int, j: int, sides: tuple[bool, ...] = (True, False)) -> None:
        """Cut ``unit`` (at ``offset`` in its whole unit), best matched by ``other[j]``,
        where a foreign part begins or ends (after the match: ``True`` in ``sides``;
        before it: ``False``); then look at the parts again."""
        if len(self.cuts) >= SEAM_MOST or len(unit) < 2 * SEAM_PART:
            return
        other = self.other
        match = other[j]
        n = len(unit)
        whole = _common(unit, match)
        if whole == 0:
            return
        slack = 1 if whole >= 4 else 0
        # The words each head and each tail of the unit share with the match, for every
        # cut, only when a twin is found (few units): the two ends below are found by
        # bisection, a few LCS in C, where the whole lists cost a Python loop per word.
        heads: list[int] | None = None
        tails: list[int] | None = None
        best: tuple[int, int, int, int] | None = None  # (gain, -imbalance, cut, twin)
        by_synonyms = rest_first = False  # a cut by synonyms; then whether the rest comes first
        # the match explains a head (the rest follows) or a tail (the rest comes first)
        q = _shortest_head(unit, match, whole - slack)
        r = _shortest_tail(unit, match, whole - slack)
        for head_side in sides:
            rest = unit[q:] if head_side else unit[:r]
            surplus = self._surplus(unit[:q] if head_side else unit[r:], match, head_side, len(rest))
            if not rest or surplus < 1:
                continue
            neighbour = j + 1 if head_side else j - 1
            k = self.finder.twin(rest, j) if len(rest) >= SEAM_PART and surplus >= SEAM_PART else None
            if k is None and self.by_forms is not None:
                # no match by its tokens: a heading or a number spun word by word, cut off
                # where the match's words begin or end (without the slack)
                p = _shortest_head(unit, match, whole) if head_side else _shortest_tail(unit, match, whole)
                words = self.by_forms.first[j]
                left_over = len(rest) - surplus
                spare = words[len(words) - left_over:] if head_side else words[:left_over]
                f = self.by_forms.twin(self.index, offset + (p if head_side else 0), offset + (n if head_side else p),
                                       spare)
                cand = (SEAM_GAIN, 0, p, f if f is not None else -1)
                if f is not None and f != neighbour and 0 < p < n and (best is None or cand[:2] > best[:2]):
                    best, by_synonyms, rest_first = cand, True, not head_side
                continue
            if k is None or k == neighbour:
                continue  # no match, or the match's neighbour in order: a merge, not a seam
            twin = other[k]
            # the words each part shares with the twin, for every cut at once
            by_twin = (_prefix_common(unit[::-1], twin[::-1])[::-1] if head_side
                       else _prefix_common(unit, twin))
            base = max(whole, _common(unit, twin))
            if head_side:
                heads = kept = heads if heads is not None else _prefix_common(unit, match)
            else:
                tails = kept = tails if tails is not None else _prefix_common(unit[::-1], match[::-1])[::-1]
            for p in range(SEAM_PART, n - SEAM_PART + 1):
                if head_side:
                    got = kept[p] + by_twin[p]
                    imbalance = abs(p - len(match)) + abs(n - p - len(twin))
                else:
                    got = by_twin[p] + kept[p]
                    imbalance = abs(p - len(twin)) + abs(n - p - len(match))
                cand = (got - base, -imbalance, p, k)
                if best is None or cand[:2] > best[:2]:
                    best, by_synonyms = cand, False
        if best is None or best[0] < SEAM_GAIN:
            return
        _, _, p, k = best
        self.cuts.append(offset + p)
        head, tail = unit[:p], unit[p:]
        if by_synonyms:
            head_twin, tail_twin = (k, j) if rest_first else (j, k)
        else:
            head_twin, tail_twin = (j, k) if _common(head, match) >= _common(head, other[k]) else (k, j)
        self.split(head, offset, head_twin)
        self.split(tail, offset + p, tail_twin)

    @staticmethod
    def _surplus(kept: str, match: str, head_side: bool, rest: int) -> int:
        """How many more words a rest of ``rest`` words, beyond the part ``kept`` that
        explains ``match``, has than ``match`` has left over at that end (0 when ``kept``
        explains none of it): a spinner replaces the words at one end of both (a sentence's
        last words reworded), a glued unit has words the match has no room for. A rest is
        foreign when this is at least :data:`SEAM_PART`."""
        kept_blocks = _blocks(kept, match)
        if not kept_blocks:
            return 0
        if head_side:
            left_over = len(match) - kept_blocks[-1][1] - kept_blocks[-1][2]
        else:
            left_over = kept_blocks[0][1]
        return rest - left_over


class _Finder:
    """The most similar unit of a text to a given word string (at least
    :data:`TWIN_SIMILARITY`): every unit scored for short texts and for the first
    :data:`FINDER_SCANS` look-ups, then an inverted index of the rarest shared words and
    bigrams (as in :func:`_indexed_candidates`)."""

    def __init__(self, units: list[str], exact: bool) -> None:
        self.units = units
        self.exact = exact
        self.scans = 0
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.idf: dict[int, float] = {}
        self.members: dict[str, set[int]] = {}
        self.falling = True

    def _index(self) -> None:
        """Build the inverted index (once)."""
        if not self.postings:
            units = self.units
            for i, sent in enumerate(units):
                for key in _keys(sent):
                    self.postings[key].append(i)
            lengths = sorted({len(p) for p in self.postings.values()})
            n = len(units)
            self.idf = {df: math.log((n + 1) / df) for df in lengths}
            self.falling = all(self.idf[x] >= self.idf[y] for x, y in zip(lengths, lengths[1:]))

    def twin(self, words: str, exclude: int) -> int | None:
        """The index of the unit most like ``words`` other than ``exclude``, or None."""
        self.scans += 1
        if self.exact or self.scans <= FINDER_SCANS:
            from rapidfuzz.process import extract

            got = extract(words, self.units, scorer=Indel.normalized_similarity, limit=2,
                          score_cutoff=TWIN_SIMILARITY - 1e-6)
            chosen: Iterable[int] = sorted(k for _, _, k in got)
        else:
            self._index()
            chosen = _top_votes(_rarest_keys(words, self.postings), self.postings, self.idf, self.members,
                                self.falling)
        best_k, best_s = None, TWIN_SIMILARITY
        for k in chosen:
            if k == exclude or not self.units[k]:
                continue
            s = _sim(self.units[k], words)
            if s > best_s or (s == best_s and best_k is None):
                best_k, best_s = k, s
        return best_k
