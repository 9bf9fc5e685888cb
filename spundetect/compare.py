"""``compare()``: the one function that runs the whole chain and returns a rich result.

    text -> segment (segment.Words; sentences cut where the texts moved their lines
         apart, align.line_cuts) -> passages (passages.find_passages)
         -> align inside each passage (align.align_within) -> diff and evidence per
            sentence pair (evidence.pair_evidence) -> which passages show reuse
            (score.shows_reuse) -> score and verdict per passage and for the document
            (score.decide) -> Comparison

Everything else (reports, CLI, batch) reads the :class:`~spundetect.models.Comparison` it
returns.

Examples:
    >>> import spundetect
    >>> c = spundetect.compare("The two men met an old friend in Moscow.",
    ...                        "The 2 males met a previous pal in Moscow.")
    >>> c.verdict
    'spun'
    >>> [(s.original, s.suspect) for s in c.flagged_swaps][:2]
    [('two', '2'), ('men', 'males')]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce
from itertools import compress, repeat
from operator import add, and_, attrgetter, contains, eq, getitem, itemgetter, not_, or_
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel
from pydantic_core import SchemaValidator
from rapidfuzz.distance import Indel

from spundetect import _version
from spundetect.align import Block, Known, align_within, encode, line_cuts, pair_by_forms, seams
from spundetect.direction import reversed_probability
from spundetect.errors import InputError, InputTypeError, describe
from spundetect.evidence import PairEvidence, Side, glued_words, mark_consistency, pair_evidence, rare_loose
from spundetect.models import Comparison, Edit, Passage, SentencePair, Signature, Statistics, Swap
from spundetect.lexicon import get_lexicon
from spundetect.passages import (
    EDGE_GAP, GAP, RARE_ZIPF, Reuse, background, content_key, find_passages, sentence_edges, swap_edges,
)
from spundetect.score import (
    ScoreModel, decide, features, is_derived, load_model, probability, shows_reuse,
)
from spundetect.segment import Piece, Sentence, Token, Words, gc_paused
from spundetect.settings import DEFAULT_DERIVED_SHARE, DEFAULT_MIN_SIMILARITY, Settings
from spundetect.tells import find_tells
from spundetect.wordlists import number_spans

__all__ = ["compare", "compare_many"]

#: A pair whose matched share reaches this is strong evidence of derivation.
STRONG_MATCH = 0.8
#: A pair whose suspect side is shorter, has at least ``evidence.CONTAINED_MIN_TOKENS``
#: words and is matched at least this much is derived even when the original side lost
#: many words (a sentence condensed in a summary).
CONTAINED_MATCH = 0.8
#: Derived pairs outside the passages at most this many sentences apart on each side
#: make one passage.
RUN_GAP = 2
#: Rounds of alignment inside a passage: the first is monotone, the second pairs the
#: sentences it left in any order, most similar first (sentences shuffled inside a passage).
ROUNDS = 2
#: The synonym round (:func:`_synonym_round`) runs when at most this many original
#: sentences are left unpaired (its dictionary look-ups grow with them).
SYNONYM_UNITS = 2000
#: Each 1:1 pair tries to exchange partners (:func:`_exchanged`) with this many others.
EXCHANGE_CANDIDATES = 3
#: Passes of exchanges (:func:`_exchanged`) at most.
EXCHANGE_PASSES = 3
#: Groups of more 1:1 pairs than this are not looked at for exchanges (the crosswise
#: similarities of every two of them are computed).
EXCHANGE_LIMIT = 2000
#: Passages whose two sides' word counts multiply to more than this are not compared
#: whole for their words in common (their sentence pairs' unchanged words count).
LCS_LIMIT = 25_000_000


_TEXT = attrgetter("text")  # a token's text


def _names(text: Words) -> list[bool]:
    """Per word of a text, whether it is a name or a number: it starts with a digit, or
    with a capital letter away from the start of its sentence (what two reports of one
    event share without one reusing the other, see :func:`score.shows_reuse`)."""
    # C loops over the words' first characters; the sentence starts unmarked after
    heads: list[str] = list(map(getitem, map(_TEXT, text.flat), repeat(slice(0, 1))))
    capital = list(map(str.isupper, heads))
    for k in text.first:
        if k < len(capital):
            capital[k] = False
    return list(map(or_, map(str.isdigit, heads), capital))


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise InputTypeError(
            f"{name} must be a str (decode bytes first, e.g. data.decode('utf-8')), "
            f"got {describe(value)}",
            code="E101",
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputError(
            f"{name} contains a lone surrogate {value[err.start]!r} at index {err.start}, which is "
            f"not valid Unicode text; decode the source with errors='replace' (or 'ignore')",
            code="E103",
        ) from err
    return value


def _side(text: Words, lo: int, hi: int, codes: list[str]) -> Side:
    """The words of sentences ``lo``..``hi`` of a text, for one side of a pair (``codes``:
    per sentence, its words encoded, :func:`_codes`)."""
    if hi - lo == 1:
        # One sentence (most pairs): its own lists, which a side only reads, not copies,
        # and shared sets where it can (a long text's pairs hold every word; peak memory).
        glued = glued_words(text.sentences[lo].tokens, text.words[lo])
        return Side(text.words[lo], text.norms[lo], _FIRST_ONLY, frozenset(glued) if glued else _NONE, codes[lo])
    tokens: list[Token] = []
    norms: list[str] = []
    starts: set[int] = set()
    glued_at: set[int] = set()
    for k in range(lo, hi):
        starts.add(len(tokens))
        glued_at.update(len(tokens) + j for j in glued_words(text.sentences[k].tokens, text.words[k]))
        tokens.extend(text.words[k])
        norms.extend(text.norms[k])
    return Side(tokens, norms, starts, glued_at, "".join(codes[lo:hi]))


_FIRST_ONLY: frozenset[int] = frozenset({0})
_NONE: frozenset[int] = frozenset()


def _sentence_span(sents: Sequence[Sentence], lo: int, hi: int) -> tuple[int, int] | None:
    return (sents[lo].start, sents[hi - 1].end) if hi > lo else None


def _codes(text: Words, flat: str) -> list[str]:
    """Per sentence (unit) of a text, its words as characters: slices of ``flat``, the
    text's words encoded once per comparison (:func:`_encoded`)."""
    return [flat[a : a + len(ws)] for a, ws in zip(text.first, text.norms)]


def _encoded(o: Words, s: Words) -> tuple[str, str]:
    """Both texts' words as one character each, in one vocabulary (:func:`align.encode`):
    every sentence, line and passage the aligner and the passages' LCS compare is then a
    slice, where each used to be encoded again, five to ten times per comparison."""
    (o_flat,), (s_flat,) = encode([o.flat_norms], [s.flat_norms])
    return o_flat, s_flat


def _piece_codes(text: Words, pieces: list[list[Piece]], flat: str) -> list[list[str]]:
    """Per sentence, the codes of each of its ``pieces`` (as :meth:`Words.piece_norms`)."""
    return [[flat[f + a : f + b] for _, _, a, b in sent] for f, sent in zip(text.first, pieces)]


def _units(original: str, o: Words, suspect: str, s: Words, settings: Settings,
           flat: tuple[str, str]) -> tuple[Words, Words, Known | None]:
    """Both texts with their sentences cut where their lines were moved apart
    (:func:`align.line_cuts`): the units that are aligned and reported as sentences
    (``flat``: both texts' words encoded, :func:`_encoded`); and, when the seams cut no
    unit, the pairs of units the seams scored (``align.Known``: the aligner reads them
    rather than score the same units again)."""
    # Only where a sentence runs over a line break: a text of prose paragraphs (where a
    # plain splitter's cut inside a sentence is an abbreviation, "Dr.", "U.S.") is left as
    # the segmenter cut it, which costs nothing (looking for twins would cost a tenth of
    # the comparison there).
    if o.breaks_inside(original) or s.breaks_inside(suspect):
        o_pieces, s_pieces = o.pieces(original), s.pieces(suspect)
        o_cuts, s_cuts = line_cuts(_piece_codes(o, o_pieces, flat[0]), _piece_codes(s, s_pieces, flat[1]),
                                   exact=settings.exact_alignment, encoded=True)
        o, s = o.cut(o_pieces, o_cuts), s.cut(s_pieces, s_cuts)
    # then inside units, at a word: where a unit is glued from two places of the other
    # text without a mark a splitter sees (a heading line before a sentence)
    known: Known | None = Known()
    o_seams, s_seams = seams(o.norms, s.norms, exact=settings.exact_alignment, forms_of=_original_forms,
                             keys_of=_suspect_keys, codes=(_codes(o, flat[0]), _codes(s, flat[1])), known=known)
    if any(o_seams) or any(s_seams):
        known = None  # other units from here on
    return o.split(o_seams), s.split(s_seams), known


def _judge(block: Block, lone: bool, o: Words, s: Words, settings: Settings,
           codes: tuple[list[str], list[str]]) -> PairEvidence | None:
    """Diff one sentence pair; the result when the pair is derived from the original
    (``codes``: per sentence of each text, its words encoded, :func:`_codes`)."""
    os_, ss = _side(o, *block.original, codes[0]), _side(s, *block.suspect, codes[1])
    if not os_.tokens or not ss.tokens:
        return None
    r = pair_evidence(block, os_, ss)
    os_.codes = ss.codes = ""  # only the diff reads them: not kept with the pair (peak memory)
    if lone:
        # Paired by position only: the words themselves must show derivation.
        keep = r.matched_share >= max(STRONG_MATCH, settings.derived_share)
    else:
        keep = r.matched_share >= settings.derived_share or r.contained >= CONTAINED_MATCH
    return r if keep else None


def _pair_passages(
    o: Words, s: Words, found: list[Reuse], settings: Settings, flat: tuple[str, str], known: Known | None = None,
) -> tuple[list[tuple[PairEvidence, int]], list[Reuse]]:
    """Sentence pairs inside each passage, with the index of the passage they belong to.

    Sentences are aligned inside each passage (best supported first; a sentence belongs to
    one passage); the sentences a first, monotone round leaves are then paired in any
    order, most similar first, so sentences shuffled inside a passage are paired too. The
    sentences no passage holds are then aligned the same way (reuse too reworded, or too
    short, for seeds: a spun paragraph, a title, spun sentences shuffled one by one), and
    a synonym round pairs those left next to reuse (:func:`_synonym_round`); runs of
    derived pairs found so become passages of their own (:func:`_runs`, in any original
    order). Returns the pairs and the passages. ``flat``: both texts' words encoded
    (:func:`_encoded`); ``known``: the pairs of these units already scored (:func:`_units`).
    """
    codes = _codes(o, flat[0]), _codes(s, flat[1])
    used_o: set[int] = set()
    used_s: set[int] = set()
    out: list[tuple[PairEvidence, int]] = []
    # a pair judged not derived in one round is not diffed again in the next
    judged: dict[tuple[tuple[int, int], tuple[int, int], bool], PairEvidence | None] = {}

    def pair(k: int, o_ids: list[int], s_ids: list[int], rounds: int) -> list[PairEvidence]:
        got: list[PairEvidence] = []
        for round_ in range(rounds):
            if not o_ids or not s_ids:
                break
            kept = 0
            for block, lone in align_within(*codes, o_ids, s_ids,
                                            min_similarity=settings.min_similarity,
                                            exact=settings.exact_alignment, lone=round_ == 0,
                                            ordered=round_ == 0, encoded=True, known=known):
                key = (block.original, block.suspect, lone)
                if key not in judged:
                    judged[key] = _judge(block, lone, o, s, settings, codes)
                pr = judged[key]
                if pr is not None:
                    got.append(pr)
                    used_o.update(range(*block.original))
                    used_s.update(range(*block.suspect))
                    kept += 1
            if not kept:
                break
            o_ids = [i for i in o_ids if i not in used_o]
            s_ids = [j for j in s_ids if j not in used_s]
        return _exchanged(got, o, s, settings, judged, codes)

    for k in sorted(range(len(found)), key=lambda k: -found[k].seeds):
        r = found[k]
        o_ids = [i for i in o.sentences_in(*r.original) if i not in used_o]
        s_ids = [j for j in s.sentences_in(*r.suspect) if j not in used_s]
        out.extend((pr, k) for pr in pair(k, o_ids, s_ids, ROUNDS))
    rest = pair(-1, [i for i in range(len(o.sentences)) if i not in used_o],
                [j for j in range(len(s.sentences)) if j not in used_s], ROUNDS)
    out, rest = _reclaimed(o, s, found, out, rest, used_s, settings, judged, codes, known)
    rest += _synonym_round(o, s, used_o, used_s, settings, codes)
    passages = list(found)
    for run in _runs(rest, s, found):
        # the original side covers every pair's sentences, in whatever order they came
        o0 = min(o.first[pr.block.original[0]] for pr in run)
        o1 = max(o.first[pr.block.original[1] - 1] + len(o.words[pr.block.original[1] - 1]) for pr in run)
        first, last = run[0].block, run[-1].block
        s0, s1 = s.first[first.suspect[0]], s.first[last.suspect[1] - 1] + len(s.words[last.suspect[1] - 1])
        # its sentences may reach into a passage's words: the passages keep them
        for r in found:
            if r.suspect[0] <= s0 < r.suspect[1]:
                s0 = r.suspect[1]
            if r.suspect[0] < s1 <= r.suspect[1]:
                s1 = r.suspect[0]
        if s1 <= s0 or any(s0 < r.suspect[1] and r.suspect[0] < s1 for r in found):
            # Its pairs lie in passages whose own rounds left them (a sentence moved into
            # the passage from elsewhere, or reworded past the token similarity): each joins
            # the passage that holds its suspect words; the others are not counted.
            for pr in run:
                w0 = s.first[pr.block.suspect[0]]
                k = next((k for k, r in enumerate(found) if r.suspect[0] <= w0 < r.suspect[1]), -1)
                if k >= 0:
                    out.append((pr, k))
            continue
        out.extend((pr, len(passages)) for pr in run)
        passages.append(Reuse((o0, o1), (s0, s1), 0, False, 0.0))
    return out, passages


def _matched(pr: PairEvidence) -> float:
    """Words a pair matches, as themselves or as dictionary swaps (both sides)."""
    return pr.matched_share * (len(pr.o.norms) + len(pr.s.norms))


def _reclaimed(
    o: Words, s: Words, found: list[Reuse], out: list[tuple[PairEvidence, int]], rest: list[PairEvidence],
    used_s: set[int], settings: Settings,
    judged: dict[tuple[tuple[int, int], tuple[int, int], bool], PairEvidence | None],
    codes: tuple[list[str], list[str]], known: Known | None = None,
) -> tuple[list[tuple[PairEvidence, int]], list[PairEvidence]]:
    """The pairs with an original sentence handed to a suspect sentence left unpaired that
    is more like it than its partner is.

    The rounds pair the sentences of each passage among themselves, a monotone chain
    first: once shuffled, an original sentence may be taken by a weaker look-alike in its
    passage ("In the interview with The Sun Herald, Mr.") while its own spun copy lies
    elsewhere and is left unpaired ("Richard Milhous Nixon ne'er called, he said in an
    question with The Sun Herald ..."). The unpaired suspect sentences are paired with the
    originals of the 1:1 pairs, 1:1 most similar first (``align.align_within``, unordered:
    one candidate per original, so at most one diff per pair); an original moves to its
    new partner when that pair is derived and matches more words, as themselves or as
    dictionary swaps, than the old one (the token similarity alone would keep a short
    heading, "Asbestos Cancer", over "How is asbestos malignant neoplastic disease cared
    for?"). The old partner is left for the synonym round. The new pair joins the passage that
    holds its suspect words, or the pairs outside the passages. ``used_s`` is updated;
    ``codes``: per sentence of each text, its words encoded (:func:`_codes`); ``known``:
    pairs of them already scored (:func:`_units`).
    """
    free = [j for j in range(len(s.sentences)) if j not in used_s and s.norms[j]]
    holder: dict[int, tuple[int, PairEvidence]] = {}  # original sentence -> (passage, pair)
    for pr, k in out:
        if pr.block.kind == "1:1":
            holder[pr.block.original[0]] = (k, pr)
    for pr in rest:
        if pr.block.kind == "1:1":
            holder[pr.block.original[0]] = (-1, pr)
    if not free or not holder:
        return out, rest
    moved: dict[int, PairEvidence] = {}  # id of the old pair -> the new one
    for block, _ in align_within(*codes, sorted(holder), free, min_similarity=settings.min_similarity,
                                 exact=settings.exact_alignment, lone=False, ordered=False, encoded=True,
                                 known=known):
        _, old = holder[block.original[0]]
        key = (block.original, block.suspect, False)
        if key not in judged:
            judged[key] = _judge(block, False, o, s, settings, codes)
        new = judged[key]
        if new is not None and _matched(new) > _matched(old):
            moved[id(old)] = new
            used_s.difference_update(range(*old.block.suspect))
            used_s.update(range(*block.suspect))
    if not moved:
        return out, rest
    kept = [(pr, k) for pr, k in out if id(pr) not in moved]
    rest = [pr for pr in rest if id(pr) not in moved]
    for new in moved.values():
        w0 = s.first[new.block.suspect[0]]
        k = next((k for k, r in enumerate(found) if r.suspect[0] <= w0 < r.suspect[1]), -1)
        if k >= 0:
            kept.append((new, k))
        else:
            rest.append(new)
    return kept, rest


def _exchanged(
    got: list[PairEvidence], o: Words, s: Words, settings: Settings,
    judged: dict[tuple[tuple[int, int], tuple[int, int], bool], PairEvidence | None],
    codes: tuple[list[str], list[str]],
) -> list[PairEvidence]:
    """The 1:1 pairs with partners exchanged where that matches more words, in at most
    :data:`EXCHANGE_PASSES` passes of :func:`_exchange_pass` (three sentences that took
    each other's originals in a ring need two exchanges)."""
    for _ in range(EXCHANGE_PASSES):
        now = _exchange_pass(got, o, s, settings, judged, codes)
        if now is got:
            break
        got = now
    return got


def _exchange_pass(
    got: list[PairEvidence], o: Words, s: Words, settings: Settings,
    judged: dict[tuple[tuple[int, int], tuple[int, int], bool], PairEvidence | None],
    codes: tuple[list[str], list[str]],
) -> list[PairEvidence]:
    """The 1:1 pairs with partners exchanged where that matches more words (``got``
    itself when none is).

    Sentences shuffled inside a passage are paired by a monotone chain first: of two
    look-alike sentences (a list of "Information on ... that serve DFW", "Type 1 diabetes"
    and "Type 2 diabetes"), the one that fits the order may take the other's original.
    Two pairs ``(a, x)`` and ``(b, y)``
    become ``(a, y)`` and ``(b, x)`` if the new pairs are derived and match more words, as
    themselves or as dictionary swaps, than the old ones (best gains first; each pair is
    tried with the :data:`EXCHANGE_CANDIDATES` pairs whose crosswise sentences are most
    alike, at least ``min_similarity`` each and together at least as alike as the two pairs
    are now). Groups whose pairs keep one order are left as they are, at no cost (any text
    compared in order; look-alike sentences that a shuffle left in an order the chain could
    take are not untangled: looking at every group made short comparisons slower).
    """
    ones = [pr for pr in got if pr.block.kind == "1:1"]
    by_o = sorted(ones, key=lambda pr: pr.block.original[0])
    if (len(ones) < 2 or len(ones) > EXCHANGE_LIMIT
            or all(a.block.suspect[0] < b.block.suspect[0] for a, b in zip(by_o, by_o[1:]))):
        return got
    from rapidfuzz.process import cdist

    o_units = [codes[0][pr.block.original[0]] for pr in ones]
    s_units = [codes[1][pr.block.suspect[0]] for pr in ones]
    floor = settings.min_similarity
    sims = cdist(o_units, s_units, scorer=Indel.normalized_similarity, score_cutoff=floor, workers=1)

    def matched(pr: PairEvidence) -> float:
        return pr.matched_share * (len(pr.o.norms) + len(pr.s.norms))

    def evidence(i: int, j: int) -> PairEvidence | None:
        block = Block(ones[i].block.original, ones[j].block.suspect, float(sims[i, j]))
        key = (block.original, block.suspect, False)
        if key not in judged:
            judged[key] = _judge(block, False, o, s, settings, codes)
        return judged[key]

    moves: list[tuple[float, int, int, PairEvidence, PairEvidence]] = []
    for a in range(len(ones)):
        # only crosswise pairs at least as alike by their words as the pairs now are
        # (the diffs that judge an exchange are dear)
        row, col, here = sims[a].tolist(), sims[:, a].tolist(), float(sims[a, a])
        cross = [(row[b] + col[b], b) for b in range(len(ones))
                 if b != a and row[b] and col[b] and row[b] + col[b] >= here + float(sims[b, b])]
        for _, b in sorted(cross, reverse=True)[:EXCHANGE_CANDIDATES]:
            if b < a and any(m[1] == b and m[2] == a for m in moves):
                continue
            ay, bx = evidence(a, b), evidence(b, a)
            if ay is not None and bx is not None:
                gain = matched(ay) + matched(bx) - matched(ones[a]) - matched(ones[b])
                if gain > 0:
                    moves.append((gain, a, b, ay, bx))
    if not moves:
        return got
    now: dict[int, PairEvidence] = {}
    for _, a, b, ay, bx in sorted(moves, key=lambda m: (-m[0], m[1], m[2])):
        if a not in now and b not in now:
            now[a], now[b] = ay, bx
    new = {id(ones[k]): pr for k, pr in now.items()}
    return [new.get(id(pr), pr) for pr in got]


def _synonym_round(o: Words, s: Words, used_o: set[int], used_s: set[int],
                   settings: Settings, codes: tuple[list[str], list[str]]) -> list[PairEvidence]:
    """Pairs of the sentences left next to reuse, by words that match as synonyms.

    A heavily spun sentence moved away from its neighbours (a heading whose every word was
    replaced) is too unlike its original for the token similarity and has no position to
    be paired by. Each suspect sentence within :data:`RUN_GAP` sentences of a paired one is
    paired with a left original sentence by :func:`align.pair_by_forms` (words keyed by
    :func:`passages.content_key`, an original word also by its WordNet synonyms); a pair is
    kept when its words show it derived as strictly as a pair made by position
    (``STRONG_MATCH``). Sentences far from any reuse are never paired so: two unrelated
    texts share chance synonyms. ``used_o`` and ``used_s`` are updated.
    """
    near = [j for j in range(len(s.sentences)) if j not in used_s
            and any(k in used_s for k in range(j - RUN_GAP, j + RUN_GAP + 1))]
    left = [i for i in range(len(o.sentences)) if i not in used_o]
    if not near or not left or len(left) > SYNONYM_UNITS:
        return []
    out = []
    for a, b, sim in pair_by_forms([_original_forms(o.norms[i]) for i in left],
                                   [_suspect_keys(s.norms[j]) for j in near]):
        i, j = left[a], near[b]
        pr = _judge(Block((i, i + 1), (j, j + 1), sim), True, o, s, settings, codes)
        if pr is not None:
            out.append(pr)
            used_o.add(i)
            used_s.add(j)
    return out


def _form_words(words: Sequence[str]) -> list[tuple[str, bool]]:
    """A sentence's words as the synonym round keys them: each number, in digits or spelled
    out, as one item of its value (``("#1979", True)``: a spinner writes "1979" as "one
    thousand nine hundred seventy nine", and a sentence of dates and sizes has no other
    words), the other content words as themselves (``(word, False)``)."""
    out: list[tuple[str, bool]] = []
    k = 0
    for a, b, value in number_spans(words):
        out.extend((w, False) for w in words[k:a] if content_key(w) is not None)
        out.append(("#" + value, True))
        k = b
    out.extend((w, False) for w in words[k:] if content_key(w) is not None)
    return out


def _original_forms(words: Sequence[str]) -> list[frozenset[str]]:
    """Per content word (or number) of an original sentence, the keys it may appear as in a
    spun copy (:func:`align.pair_by_forms`)."""
    return [frozenset({w}) if number else _forms(w) for w, number in _form_words(words)]


def _suspect_keys(words: Sequence[str]) -> list[str]:
    """Per content word (or number) of suspect words, its key (:func:`align.pair_by_forms`)."""
    return [key for w, number in _form_words(words) if (key := w if number else _form_key(w)) is not None]


def _form_key(word: str) -> str | None:
    """A word's key in the synonym round: :func:`passages.content_key` of the word without a
    plural ``s`` (a spinner's "Hacks" for "Taxis" is the synonym "hack" plus an ``s``; a
    key is only five letters, so only short words change)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return content_key(word)


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> frozenset[str]:
    """The keys an original word may appear as in a spun copy: its own, its synonyms'."""
    keys = {_form_key(word)}
    for synonym in get_lexicon().synonyms(word):
        keys.update(_form_key(w) for w in synonym.lower().split())
    keys.discard(None)
    return frozenset(k for k in keys if k is not None)


def _runs(results: list[PairEvidence], s: Words, found: list[Reuse]) -> list[list[PairEvidence]]:
    """Derived pairs cut into runs of suspect neighbours: at most :data:`RUN_GAP` sentences
    apart in the suspect, with no passage between them. Their original sentences may come
    from anywhere, in any order (sentences shuffled one by one)."""
    runs: list[list[PairEvidence]] = []
    for pr in sorted(results, key=lambda pr: pr.block.suspect):
        if runs:
            prev = runs[-1][-1].block
            end = s.first[prev.suspect[1] - 1] + len(s.words[prev.suspect[1] - 1])
            start = s.first[pr.block.suspect[0]]
            if (pr.block.suspect[0] - prev.suspect[1] <= RUN_GAP
                    and not any(r.suspect[0] < start and r.suspect[1] > end for r in found)):
                runs[-1].append(pr)
                continue
        runs.append([pr])
    return runs


def _each_passage(original: str, o: Words, s: Words, found: list[Reuse],
                  results: list[tuple[PairEvidence, int]], commons: _Commons) -> list[Statistics]:
    """Each passage's statistics, from its sentence pairs and its extent (before the filter)."""
    by_passage: dict[int, list[PairEvidence]] = {}
    for pr, k in results:
        by_passage.setdefault(k, []).append(pr)
    out = []
    new = tuple.__new__
    for k, r in enumerate(found):
        items = by_passage.get(k, [])
        # its swaps, as far as the statistics read them (their models come later)
        # (tuple.__new__ directly: a named tuple's own constructor is a Python-level call)
        views = [new(_SwapView, (original[sw["original_span"][0] : sw["original_span"][1]], sw["relation"],
                                 sw["shape"], sw["synonym"], sw["flagged"], sw["weight"], tuple(sw["reasons"])))
                 for it in items for sw in it.swaps]
        out.append(_passage_stats(o, s, r, items, views, commons))
    return out


def _shown(
    original: str, o: Words, s: Words, found: list[Reuse], results: list[tuple[PairEvidence, int]],
    model: ScoreModel, settings: Settings, commons: _Commons,
) -> tuple[list[tuple[PairEvidence, int]], list[Reuse]]:
    """The passages that show reuse, and their sentence pairs (see :func:`score.shows_reuse`,
    which also reads how the rest of the two texts relates: :func:`passages.background`)."""
    keep: dict[int, int] = {}
    lexicon = get_lexicon()
    rest = background(o.norms, s.norms, found, rare=lambda w: lexicon.zipf(w) < RARE_ZIPF)
    shown: set[int] = set()
    for k, (r, stats) in enumerate(zip(found, _each_passage(original, o, s, found, results, commons))):
        if shows_reuse(stats, r, model, settings.threshold, background=rest):
            shown.add(k)
    for k in sorted(shown | _beside_shown(found, shown, {k for _, k in results})):
        keep[k] = len(keep)
    return ([(pr, keep[k]) for pr, k in results if k in keep],
            [r for k, r in enumerate(found) if k in keep])


#: Two kept passages next to each other in the suspect (at most ``passages.EDGE_GAP`` words
#: apart) join when their original sides lie at most this many words apart, in either
#: order (branch pan34; it was ``EDGE_GAP``). A reworded stretch whose middle sentence
#: was rewritten past recognition, or whose two halves were swapped (PAN 2013 03's random
#: operations), comes out of the seeds as two passages side by side in the suspect with a
#: sentence or two between their originals; PAN counts such a case split in two
#: (granularity). Different reused passages next to each other in the suspect come from
#: places of the original further apart than one seed gap (``passages.GAP``).
JOIN_ORIGINAL_GAP = GAP


def _touch(a: Reuse, b: Reuse, *, original_gap: int = EDGE_GAP) -> bool:
    """Whether two passages touch on both sides (at most ``passages.EDGE_GAP`` words apart
    on the suspect side and ``original_gap`` on the original side, in either order; neither
    condensed)."""
    if a.condensed or b.condensed:
        return False
    s_gap = max(a.suspect[0], b.suspect[0]) - min(a.suspect[1], b.suspect[1])
    o_gap = max(a.original[0], b.original[0]) - min(a.original[1], b.original[1])
    return s_gap <= EDGE_GAP and o_gap <= original_gap


def _beside_shown(found: list[Reuse], shown: set[int], paired: set[int]) -> set[int]:
    """Passages the filter dropped that touch, on both sides, a passage it kept (or one
    added so), and hold derived sentence pairs: pieces of one reused stretch.

    A shuffler cuts a spun page into units that the seeds and the rounds outside the
    passages find as separate passages; the big one shows reuse, a small one beside it (a
    sentence or two, whose original lies inside the big one's original side) is under the
    filter's floor on its own, and its pairs were dropped with it. :func:`_joined` joins
    it to its neighbour once kept. Only neighbours in suspect order are looked at (the
    passages sorted once), so the cost is ``O(P log P)``.

    Examples:
        >>> big, small = Reuse((0, 250), (0, 249), 90, False, 1.0), Reuse((11, 26), (249, 264), 11, False, 1.0)
        >>> far = Reuse((300, 320), (400, 420), 9, False, 1.0)
        >>> sorted(_beside_shown([big, small, far], {0}, {0, 1, 2}))
        [1]
    """
    order = sorted(range(len(found)), key=lambda k: found[k].suspect)
    added: set[int] = set()
    # forwards, then backwards: a run of dropped pieces after (before) a kept passage joins
    # it piece by piece, as _joined joins each to the last of its group
    for seq in (order, order[::-1]):
        last: int | None = None
        for k in seq:
            if k in shown or k in added:
                last = k
            elif last is not None and k in paired and _touch(found[k], found[last]):
                added.add(k)
                last = k
    return added


def _joined(results: list[tuple[PairEvidence, int]], found: list[Reuse]
            ) -> tuple[list[tuple[PairEvidence, int]], list[Reuse]]:
    """Passages that show reuse and touch on both sides (at most ``passages.EDGE_GAP``
    words apart on the suspect side and :data:`JOIN_ORIGINAL_GAP` on the original side, in
    any order there) joined into one: a reused stretch whose sentences were reordered, or a
    sentence run beside a seed passage, is one passage. Condensed passages stay as they
    are. :func:`_run_chain` joins again once sentence edges have grown the passages."""
    order = sorted(range(len(found)), key=lambda k: found[k].suspect)
    groups: list[list[int]] = []
    for k in order:
        if groups and _touch(found[k], found[groups[-1][-1]], original_gap=JOIN_ORIGINAL_GAP):
            groups[-1].append(k)
        else:
            groups.append([k])
    if len(groups) == len(found):
        return results, found
    new_of: dict[int, int] = {}
    joined: list[Reuse] = []
    for g, members in enumerate(groups):
        parts = [found[k] for k in members]
        for k in members:
            new_of[k] = g
        if len(parts) == 1:
            joined.append(parts[0])
            continue
        weight = [max(1, p.suspect[1] - p.suspect[0]) for p in parts]
        total = sum(weight)
        joined.append(Reuse(
            (min(p.original[0] for p in parts), max(p.original[1] for p in parts)),
            (parts[0].suspect[0], max(p.suspect[1] for p in parts)),
            sum(p.seeds for p in parts), False,
            round(sum(p.in_order * w for p, w in zip(parts, weight)) / total, 4),
            round(sum(p.names * w for p, w in zip(parts, weight)) / total, 4),
        ))
    return [(pr, new_of[k]) for pr, k in results], joined


def _word_range(text: Words, lo: int, hi: int) -> tuple[int, int]:
    """The word range of sentences ``lo``..``hi`` of a text."""
    return text.first[lo], text.first[hi - 1] + len(text.words[hi - 1])


def _sentence_edges(o: Words, s: Words, results: list[tuple[PairEvidence, int]], found: list[Reuse]
                    ) -> list[Reuse]:
    """The passages with their edges grown to the whole sentences of their derived pairs
    (:func:`passages.sentence_edges`; the pairs' sentence ranges as word ranges), then to
    the swaps of their pairs (:func:`passages.swap_edges`).

    A passage whose two sides read the same word for word does not grow (branch pan02):
    its edges already sit where its equal words end (``passages._copy_edges`` and
    ``_grow``), so the rest of a sentence it cuts differs on the two sides and is not part
    of the copy ("David Eisenberg (audio)" before a copy against "Germanic me" before it).
    One whose pairs hold swaps is not such a copy: its swaps lie outside it."""
    # A passage equal word for word whose sentence pairs hold swaps is not a copy: the
    # swaps lie outside it (inside, the words are equal), so its edges are those of the
    # seeds around the swapped words, and it grows like any reworded passage ("The old
    # friend came home." against "The previous pal came home." is one passage, not
    # "came home" listing swaps outside itself).
    swapped = {k for pr, k in results if pr.swaps}
    copies = {k for k, r in enumerate(found) if k not in swapped
              and o.flat_norms[r.original[0]:r.original[1]] == s.flat_norms[r.suspect[0]:r.suspect[1]]}
    pairs = []
    for pr, k in results:
        (a, b), (c, d) = pr.block.original, pr.block.suspect
        if a < b and c < d and k not in copies:
            pairs.append((k, _word_range(o, a, b), _word_range(s, c, d)))
    found = sentence_edges(found, pairs, len(s.flat)) if pairs else found
    if not swapped:
        return found
    # The words' starts read once per text (C loops), not by a key call at every step of
    # every bisection (four per swap).
    o_starts, s_starts = list(map(_START, o.flat)), list(map(_START, s.flat))
    swap_words = [(k, _words_in(o_starts, sw["original_span"]), _words_in(s_starts, sw["suspect_span"]))
                  for pr, k in results for sw in pr.swaps]
    return swap_edges(found, swap_words, len(s.flat))


def _words_in(starts: Sequence[int], span: tuple[int, int]) -> tuple[int, int]:
    """The range of a text's words inside character span ``span`` (a swap's), ``starts``
    the start offsets of the text's words."""
    return bisect_left(starts, span[0]), bisect_left(starts, span[1])


_START = attrgetter("start")


def _passage_stats(o: Words, s: Words, r: Reuse, items: Sequence[PairEvidence],
                   swaps: Sequence[Swap | _SwapView], commons: _Commons) -> Statistics:
    """A passage's statistics: its pairs and its extent (the texts' sizes stay the whole
    texts', against which :func:`score.is_derived` weighs a few aligned sentences)."""
    stats = _statistics(o, s, items, swaps, 0, len(items))
    o_n, s_n = r.original[1] - r.original[0], r.suspect[1] - r.suspect[0]
    common = max(commons(r), sum(it.equal for it in items))
    return stats.model_copy(update=dict(
        passages=1, reused_original_tokens=o_n, reused_suspect_tokens=s_n,
        reused_common_tokens=min(common, o_n, s_n), condensed_tokens=s_n if r.condensed else 0,
    ))


def _order(results: list[tuple[PairEvidence, int]], n: int, m: int) -> list[tuple[Block, PairEvidence | None, int]]:
    """Pairs in the suspect's order, with one-sided blocks for every sentence left alone.

    A sentence only in the original follows the pair of the nearest original sentence before
    it (as in a monotone alignment, where it sits in the gap after that pair).
    """
    keyed: list[tuple[tuple[int, int, int], Block, PairEvidence | None, int]] = []
    used_o: set[int] = set()
    used_s: set[int] = set()
    starts: list[tuple[int, int]] = []  # (original start, suspect start) of the pairs
    for pr, k in results:
        b = pr.block
        keyed.append(((b.suspect[0], 0, b.original[0]), b, pr, k))
        used_o.update(range(*b.original))
        used_s.update(range(*b.suspect))
        starts.append((b.original[0], b.suspect[0]))
    starts.sort()
    first_o = [a for a, _ in starts]
    for j in range(m):
        if j not in used_s:
            keyed.append(((j, 0, -1), Block((0, 0), (j, j + 1), 0.0), None, -1))
    for i in range(n):
        if i not in used_o:
            at = bisect_right(first_o, i) - 1
            after = starts[at][1] if at >= 0 else -1
            keyed.append(((after, 1, i), Block((i, i + 1), (0, 0), 0.0), None, -1))
    keyed.sort(key=itemgetter(0))
    return [(b, pr, k) for _, b, pr, k in keyed]


_M = TypeVar("_M", bound=BaseModel)


def _make(model: type[_M], fields: dict[str, Any]) -> _M:
    """``model(**fields)``: the same validation and the same model, but straight through
    its validator, without ``__init__``'s Python-level wrapper (half the cost of making one
    of the thousands of small result models of a long text)."""
    validator = model.__pydantic_validator__
    if not isinstance(validator, SchemaValidator):  # not built yet (``defer_build``)
        return model(**fields)
    made: _M = validator.validate_python(fields)
    return made


# The setters of BaseModel's four slots (``__dict__`` and three members), called directly:
# ``object.__setattr__`` finds the same descriptors by name on every call (a long text
# builds thousands of models).
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__
_NEW = object.__new__
_EVERY_FIELD: dict[type[BaseModel], set[str]] = {}  # see _built


def _built(model: type[_M], fields: dict[str, Any]) -> _M:
    """The model of ``fields`` as its validator would make it, without validating them.

    Only for the models :func:`_assemble` builds itself, thousands in a long text: every
    field is given, in the model's order (its JSON follows the order of ``__dict__``),
    each of the type validation gives it (``float`` for a float, a ``list`` for a list;
    :func:`_swap_fields` and the callers see to it), so the model is the one
    ``model(**fields)`` makes: equal, with the same JSON (tested against validation). The
    public entry points, ``Comparison`` itself and reading JSON, still validate.
    """
    made: _M = _NEW(model)
    _SET_DICT(made, fields)
    # Every field is given: the models of a class share one set of their names (one set
    # fewer per model to make, and for the cyclic collector to scan, when the comparison
    # ends). It is never changed in place: the models are frozen, and ``model_copy``
    # copies it before adding to it.
    every = _EVERY_FIELD.get(model)
    if every is None or len(every) != len(fields):
        every = _EVERY_FIELD[model] = set(fields)
    _SET_FIELDS_SET(made, every)
    _SET_EXTRA(made, None)
    _SET_PRIVATE(made, None)
    return made


def _swap_fields(sw: dict[str, Any]) -> dict[str, Any]:
    """A swap's fields (from :func:`evidence.pair_evidence`, its pair index and texts
    added) in :class:`Swap`'s order and types."""
    return {"pair_index": sw["pair_index"], "original": sw["original"], "suspect": sw["suspect"],
            "original_span": sw["original_span"], "suspect_span": sw["suspect_span"], "shape": sw["shape"],
            "relation": sw["relation"], "synonym": bool(sw["synonym"]), "flagged": bool(sw["flagged"]),
            "reasons": list(sw["reasons"]), "weight": float(sw["weight"])}


@dataclass
class _Assembled:
    pairs: list[SentencePair]
    swaps: list[Swap]
    edits: list[Edit]
    owner: list[int]  # per pair, the passage it belongs to (-1: none)
    results: list[PairEvidence | None]  # per pair


def _assemble(original: str, suspect: str, o: Words, s: Words,
              results: list[tuple[PairEvidence, int]]) -> _Assembled:
    """The result models of the sentence pairs, their swaps and edits."""
    pairs: list[SentencePair] = []
    swap_fields: list[dict[str, Any]] = []  # made into Swap models below
    edits: list[Edit] = []
    owner: list[int] = []
    kept: list[PairEvidence | None] = []
    # A one-sided block's empty side sits after the last sentence of that side so far.
    o_end = s_end = 0
    for index, (b, item, k) in enumerate(_order(results, len(o.sentences), len(s.sentences))):
        o_rng = b.original if b.original[1] > b.original[0] else (o_end, o_end)
        s_rng = b.suspect if b.suspect[1] > b.suspect[0] else (s_end, s_end)
        o_end, s_end = max(o_end, o_rng[1]), max(s_end, s_rng[1])
        if item is not None:
            o_n, s_n = len(item.o.norms), len(item.s.norms)
            for sw in item.swaps:
                (o0, o1), (s0, s1) = sw["original_span"], sw["suspect_span"]
                # (the three keys in this order, as ``update`` with keywords adds them)
                sw["pair_index"], sw["original"], sw["suspect"] = index, original[o0:o1], suspect[s0:s1]
                swap_fields.append(sw)
            for e in item.edits:
                edits.append(_built(Edit, {"pair_index": index, "tag": e["tag"], "original_span": e["original_span"],
                                           "suspect_span": e["suspect_span"]}))
            # The swaps' fields are now the models' (made below); nothing reads them here
            # again, and a long text's peak memory is where both exist.
            item.swaps = []
            sim, eq, match = b.similarity, item.equal, item.matched_share
        else:
            eq, sim, match = 0, 0.0, 0.0
            o_n = sum(len(o.words[i]) for i in range(*b.original))
            s_n = sum(len(s.words[j]) for j in range(*b.suspect))
        owner.append(k)
        kept.append(item)
        pairs.append(_built(SentencePair, dict(
            index=index,
            kind=b.kind,
            original_span=_sentence_span(o.sentences, *b.original),
            suspect_span=_sentence_span(s.sentences, *b.suspect),
            original_sentences=o_rng,
            suspect_sentences=s_rng,
            similarity=float(round(sim, 4)),
            matched=float(round(match, 4)),
            original_tokens=o_n,
            suspect_tokens=s_n,
            equal_tokens=eq,
        )))
    syn_index = [k for k, sw in enumerate(swap_fields) if sw["synonym"]]
    keys = [(_folded(swap_fields[k]["original"]), _folded(swap_fields[k]["suspect"])) for k in syn_index]
    for k in mark_consistency(keys):
        sw = swap_fields[syn_index[k]]
        sw["reasons"] = [*sw["reasons"], "consistent"]
    # Each field dict goes as its model is made: the two never all exist at once (a long
    # text's peak memory is here).
    swap_fields.reverse()
    swaps = []
    while swap_fields:
        swaps.append(_built(Swap, _swap_fields(swap_fields.pop())))
    return _Assembled(pairs, swaps, edits, owner, kept)


class _SwapView(NamedTuple):
    """What the statistics read of a swap, before its model is made (a named tuple: one
    per swap)."""

    original: str
    relation: str
    shape: str
    synonym: bool
    flagged: bool
    weight: float
    reasons: tuple[str, ...]


@lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    """A swap's side as the consistency marks and the statistics key it: lower case, one
    space between words (kept per process: a swap's few words recur across a text and
    across texts, and each swap is keyed four times per comparison)."""
    return " ".join(text.lower().split())


# the swap fields _statistics reads (of a Swap or a _SwapView)
_RELATION, _WEIGHT, _SHAPE = attrgetter("relation"), attrgetter("weight"), attrgetter("shape")
_FLAGGED, _SYNONYM, _ORIGINAL, _REASONS = (attrgetter("flagged"), attrgetter("synonym"), attrgetter("original"),
                                           attrgetter("reasons"))


@lru_cache(maxsize=1024)
def _shape_sizes(shape: str) -> tuple[int, int]:
    """A swap's shape (``"1:2"``) as its two sizes (there are a few dozen shapes)."""
    a, b = shape.split(":")
    return int(a), int(b)


def _statistics(o: Words, s: Words, items: Sequence[PairEvidence], swaps: Sequence[Swap | _SwapView],
                tells: int, n_pairs: int) -> Statistics:
    """Counts summed over some derived sentence pairs (a passage's, or the document's)."""
    # Each count in C loops over the swaps' fields (three calls per comparison, thousands
    # of swaps in a long text); the float sums add the same values in the same order as
    # one swap after the other (``reduce``, not ``sum``, whose float sums differ between
    # Python versions), so the floats are the same.
    relations = list(map(_RELATION, swaps))
    weights = list(map(_WEIGHT, swaps))
    forms = list(map(eq, relations, repeat("identical")))  # form swaps are not substitutions
    n_forms = relations.count("identical")
    form_weight: float = reduce(add, compress(weights, forms), 0)
    others = list(map(not_, forms))
    n_swaps = len(swaps) - n_forms
    sizes = list(map(_shape_sizes, compress(map(_SHAPE, swaps), others)))
    swapped_o = sum(map(itemgetter(0), sizes))
    swapped_s = sum(map(itemgetter(1), sizes))
    flagged = sum(compress(map(_FLAGGED, swaps), others))
    weight: float = reduce(add, compress(weights, others), 0)
    synonyms = list(map(and_, others, map(_SYNONYM, swaps)))
    keys = list(map(_folded, compress(map(_ORIGINAL, swaps), synonyms)))  # the synonym swaps' originals
    reasons = list(compress(map(_REASONS, swaps), synonyms))
    kinds = list(compress(relations, synonyms))
    consistent = sum(map(contains, reasons, repeat("consistent")))
    thesaurus = kinds.count("thesaurus")
    loose = sum(map(rare_loose, kinds, reasons))
    counts = Counter(keys)
    equal = al_o = al_s = inserted = deleted = moved = strong = verbatim = 0
    for item in items:
        equal += item.equal
        verbatim += item.verbatim
        inserted += item.inserted
        deleted += item.deleted
        moved += item.moved
        al_o += len(item.o.norms)
        al_s += len(item.s.norms)
        if item.matched_share >= STRONG_MATCH or item.contained >= CONTAINED_MATCH:
            strong += len(item.s.norms)
    return Statistics(
        original_sentences=len(o.sentences),
        suspect_sentences=len(s.sentences),
        original_tokens=len(o.flat),
        suspect_tokens=len(s.flat),
        aligned_pairs=n_pairs,
        aligned_original_tokens=al_o,
        aligned_suspect_tokens=al_s,
        equal_tokens=equal,
        swaps=n_swaps,
        swapped_original_tokens=swapped_o,
        swapped_suspect_tokens=swapped_s,
        synonym_swaps=len(keys),
        flagged_swaps=flagged,
        swap_weight=round(weight, 4),
        inserted_tokens=inserted,
        deleted_tokens=deleted,
        moved_tokens=moved,
        repeated_swaps=sum(1 for key in keys if counts[key] >= 2),
        consistent_swaps=consistent,
        tells=tells,
        strong_tokens=strong,
        verbatim_tokens=verbatim,
        thesaurus_swaps=thesaurus,
        form_swaps=n_forms,
        form_weight=round(form_weight, 4),
        rare_loose_swaps=loose,
    )


class _Commons:
    """Words the two sides of each passage share in order (their LCS), for passages that
    are not too long to compare whole; computed once per passage (asked when a passage is
    judged, and again when it is scored), on slices of both texts' words encoded
    (:func:`_encoded`)."""

    def __init__(self, flat: tuple[str, str]) -> None:
        self.original, self.suspect = flat
        self.known: dict[Reuse, int] = {}

    def __call__(self, r: Reuse) -> int:
        got = self.known.get(r)
        if got is None:
            (o0, o1), (s0, s1) = r.original, r.suspect
            if (o1 - o0) * (s1 - s0) > LCS_LIMIT:
                got = 0
            else:
                a, b = self.original[o0:o1], self.suspect[s0:s1]
                got = (len(a) + len(b) - Indel.distance(a, b)) // 2
            self.known[r] = got
        return got


def _passages(
    o: Words, s: Words, found: list[Reuse], assembled: _Assembled, tells: int,
    model: ScoreModel, settings: Settings, commons: _Commons,
) -> tuple[list[Passage], Statistics]:
    """The passage models, each judged on its own, and the document statistics."""
    a = assembled
    by_passage: dict[int, list[int]] = {}
    for index, k in enumerate(a.owner):
        if k >= 0:
            by_passage.setdefault(k, []).append(index)
    swaps_of: dict[int, list[int]] = {}
    for n, sw in enumerate(a.swaps):
        swaps_of.setdefault(sw.pair_index, []).append(n)
    made: list[dict[str, Any]] = []
    totals = dict(passages=0, reused_original_tokens=0, reused_suspect_tokens=0,
                  reused_common_tokens=0, condensed_tokens=0)
    for k, r in enumerate(found):
        pair_ids = by_passage.get(k, [])
        swap_ids = [n for p in pair_ids for n in swaps_of.get(p, [])]
        items = [it for p in pair_ids if (it := a.results[p]) is not None]
        stats = _passage_stats(o, s, r, items, [a.swaps[n] for n in swap_ids], commons)
        own = {key: getattr(stats, key) for key in totals}
        score = probability(features(stats), model) if is_derived(stats, model) else 0.0
        kind = decide(score, stats, model, settings.threshold)
        for key, value in own.items():
            totals[key] += value
        made.append(dict(
            original_span=o.char_span(*r.original), suspect_span=s.char_span(*r.suspect),
            kind=kind, score=round(score, 6), pairs=pair_ids, swaps=swap_ids,
            original_tokens=stats.reused_original_tokens, suspect_tokens=stats.reused_suspect_tokens,
            common_tokens=stats.reused_common_tokens,
            condensed=r.condensed,
        ))
    made.sort(key=lambda d: (d["suspect_span"], d["original_span"]))
    for i, d in enumerate(made):
        d["index"] = i
    passages = [_make(Passage, d) for d in made]
    items = [it for it in a.results if it is not None]
    stats = _statistics(o, s, items, a.swaps, tells, len(items)).model_copy(update=totals)
    return passages, stats


def _covered(spans: list[tuple[int, int]]) -> int:
    """Characters inside the union of the spans."""
    total = end = 0
    for a, b in sorted(spans):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


def _run(original: str, suspect: str, settings: Settings) -> Comparison:
    # A long text makes hundreds of thousands of small acyclic objects; the cyclic
    # collector's passes over them cost up to a third of the time.
    with gc_paused():
        return _run_chain(original, suspect, settings)


def _run_chain(original: str, suspect: str, settings: Settings) -> Comparison:
    """segment -> passages -> align, diff and evidence inside them -> score."""
    model = load_model()
    # First: its working data is freed before the texts' tokens are made (peak memory).
    tells = find_tells(suspect)
    o, s = Words.of(original, settings.pipeline), Words.of(suspect, settings.pipeline)
    flat = _encoded(o, s)  # one encoding per comparison
    o, s, known = _units(original, o, suspect, s, settings, flat)
    found = find_passages(o.norms, s.norms, names=_names(s))
    results, found = _pair_passages(o, s, found, settings, flat, known)
    commons = _Commons(flat)
    results, found = _shown(original, o, s, found, results, model, settings, commons)
    results, found = _joined(results, found)
    found = _sentence_edges(o, s, results, found)
    # grown to whole sentences, two pieces of one stretch may now touch (branch pan34)
    results, found = _joined(results, found)
    assembled = _assemble(original, suspect, o, s, results)
    passages, stats = _passages(o, s, found, assembled, len(tells), model, settings, commons)
    # The tokens and the pairs' evidence are done with: freed before the direction
    # features allocate (the peak memory of a long text).
    del o, s, results, found, commons, flat, known
    assembled.results.clear()
    values = features(stats)
    # A suspect whose sentence pairs do not show it derived cannot be a spun copy.
    score = probability(values, model) if is_derived(stats, model) else 0.0
    verdict = decide(score, stats, model, settings.threshold)
    if original == suspect:
        # The same text is a verbatim copy whatever the threshold says.
        verdict, score = "copy", min(score, 0.01)
    reused = _covered([p.suspect_span for p in passages])
    return Comparison(
        original=original,
        suspect=suspect,
        score=round(score, 6),
        verdict=verdict,
        pairs=assembled.pairs,
        swaps=assembled.swaps,
        edits=assembled.edits,
        tells=tells,
        stats=stats,
        features={k: round(v, 6) for k, v in values.items()},
        signature=Signature(version=_version.__version__,
                            settings={**settings.signature_fields(), "model": model.name}),
        passages=passages,
        reused_share=round(reused / len(suspect), 6) if suspect else 0.0,
        reversed=round(reversed_probability(original, suspect, assembled.swaps), 6),
    )


def compare(
    original: str,
    suspect: str,
    *,
    pipeline: str | None = None,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    derived_share: float = DEFAULT_DERIVED_SHARE,
    threshold: float | None = None,
    exact_alignment: bool | None = None,
) -> Comparison:
    """Judge whether ``suspect`` is a machine-reworded (spun) copy of ``original``.

    Args:
        original: the earlier or source text.
        suspect: the text to judge.
        pipeline: ``None`` (built-in blank English pipeline) or the name or path of an
            installed spaCy pipeline, used for sentence splitting.
        min_similarity: sentence pairs less similar than this are never aligned.
        derived_share: share of a pair's tokens that must be unchanged or dictionary
            swaps for the pair to count as derived from the original.
        threshold: score from which the verdict is ``"spun"``; ``None`` uses the shipped
            model's calibrated threshold.
        exact_alignment: force the exact (``True``) or indexed (``False``) aligner.

    Returns:
        A :class:`~spundetect.models.Comparison` with the score, the verdict, the
        sentence alignment, every swap with its evidence, and the statistics.

    Raises:
        InputTypeError: ``original`` or ``suspect`` is not a ``str``.
        SettingsError: an option is outside what is allowed.
        ResourceError: a named spaCy pipeline or the shipped data is missing.

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Hello there, my old friend.", "Hello there, my old friend.")
        >>> c.verdict, c.score < 0.1, c.swaps
        ('copy', True, [])
    """
    _check_text("original", original)
    _check_text("suspect", suspect)
    settings = Settings(
        pipeline=pipeline,
        min_similarity=min_similarity,
        derived_share=derived_share,
        threshold=threshold,
        exact_alignment=exact_alignment,
    )
    return _run(original, suspect, settings)


def compare_many(
    pairs: Iterable[tuple[str, str]],
    *,
    pipeline: str | None = None,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    derived_share: float = DEFAULT_DERIVED_SHARE,
    threshold: float | None = None,
    exact_alignment: bool | None = None,
    workers: int | None = 1,
    chunksize: int | None = None,
) -> Iterator[Comparison]:
    """Compare many ``(original, suspect)`` pairs, reusing the loaded resources.

    Results come lazily, one per input pair, in input order. An item that is not a pair
    of two strings raises :class:`InputError` when its turn comes.

    Args:
        pairs: an iterable of ``(original, suspect)`` tuples.
        pipeline: as in :func:`compare`, the same for every pair.
        min_similarity: as in :func:`compare`.
        derived_share: as in :func:`compare`.
        threshold: as in :func:`compare`.
        exact_alignment: as in :func:`compare`.
        workers: worker processes; ``1`` (default) compares in this process, ``None``
            uses one per CPU. Resources load once per worker; order is kept.
        chunksize: pairs sent to a worker at a time (default from
            :mod:`spundetect.parallel`).

    Yields:
        One :class:`~spundetect.models.Comparison` per pair.

    Raises:
        InputError: an item is not a pair of two strings (names the item's index).

    Examples:
        >>> import spundetect
        >>> verdicts = [c.verdict for c in spundetect.compare_many([("a b c d", "a b c d")])]
        >>> verdicts == ["copy"]
        True
    """
    settings = Settings(
        pipeline=pipeline,
        min_similarity=min_similarity,
        derived_share=derived_share,
        threshold=threshold,
        exact_alignment=exact_alignment,
    )
    from spundetect.parallel import compare_pairs

    return compare_pairs(pairs, workers=workers, settings=settings, chunksize=chunksize)
