"""``compare()``: the one function that runs the whole chain and returns a rich result.

    text -> segment -> align -> diff -> evidence -> score -> Comparison
                              (-> passage, when too few sentences align)

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

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spundetect import _version
from spundetect.align import Block, align
from spundetect.diff import Op, diff_tokens
from spundetect.direction import reversed_probability
from spundetect.errors import InputError, InputTypeError, describe
from spundetect.evidence import Context, judge, mark_consistency, swap_affinity
from spundetect.lexicon import get_lexicon
from spundetect.models import Comparison, Edit, Passage, SentencePair, Signature, Statistics, Swap
from spundetect.passage import best_passage, longest_shared_run
from spundetect.score import (
    MIN_COPIED_RUN, decide, features, has_passage, is_derived, load_model, probability,
)
from spundetect.segment import Sentence, Token, gc_paused, segment
from spundetect.settings import DEFAULT_DERIVED_SHARE, DEFAULT_MIN_SIMILARITY, Settings
from spundetect.tells import find_tells, fold

__all__ = ["compare", "compare_many"]

#: A pair whose matched share reaches this is strong evidence of derivation.
STRONG_MATCH = 0.8
#: Unchanged stretches of at least this many words are verbatim copying, whatever else
#: changed around them.
VERBATIM_RUN = 20
#: A pair whose suspect side is shorter, has at least CONTAINED_MIN_TOKENS words and is
#: matched at least this much is derived even when the original side lost many words
#: (a sentence condensed in a summary).
CONTAINED_MATCH = 0.8
CONTAINED_MIN_TOKENS = 8


_fold = lru_cache(maxsize=1 << 16)(fold)


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


@dataclass
class _Side:
    """Word tokens of one side of a block, with sentence-start marks."""

    tokens: list[Token] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    starts: set[int] = field(default_factory=set)


def _words(sentences: Sequence[Sentence]) -> list[list[Token]]:
    return [[t for t in s.tokens if t.is_word] for s in sentences]


def _side(words: Sequence[Sequence[Token]], norms: Sequence[Sequence[str]], lo: int, hi: int) -> _Side:
    side = _Side()
    for k in range(lo, hi):
        side.starts.add(len(side.tokens))
        side.tokens.extend(words[k])
        side.norms.extend(norms[k])
    return side


def _span(tokens: Sequence[Token], lo: int, hi: int) -> tuple[int, int]:
    return (tokens[lo].start, tokens[hi - 1].end)


def _sentence_span(sents: Sequence[Sentence], lo: int, hi: int) -> tuple[int, int] | None:
    return (sents[lo].start, sents[hi - 1].end) if hi > lo else None


@dataclass
class _PairResult:
    block: Block
    # The fields of each Swap and Edit but the pair index (and the swap's texts): the
    # models are made once these are known, for the pairs kept (copying them would cost
    # more than making them).
    swaps: list[dict[str, Any]]
    edits: list[dict[str, Any]]
    equal: int
    inserted: int
    deleted: int
    moved: int
    matched_share: float
    o: _Side
    s: _Side
    contained: float
    verbatim: int


def _diff_pair(block: Block, o: _Side, s: _Side) -> _PairResult:
    lex = get_lexicon()
    ops: list[Op] = diff_tokens(
        o.norms, s.norms, is_lemma=lex.is_lemma, is_gloss=lex.is_category, related=swap_affinity
    )
    swaps: list[dict[str, Any]] = []
    edits: list[dict[str, Any]] = []
    equal = syn_o = syn_s = inserted = deleted = moved = verbatim = 0
    for op in ops:
        if op.tag == "equal":
            equal += op.src_end - op.src_start
            if op.src_end - op.src_start >= VERBATIM_RUN:
                verbatim += op.src_end - op.src_start
        elif op.tag == "replace":
            o_norm = " ".join(o.norms[op.src_start : op.src_end])
            s_norm = " ".join(s.norms[op.dest_start : op.dest_end])
            article = None
            if op.dest_start > 0 and op.src_start > 0:
                prev = s.norms[op.dest_start - 1]
                if prev in ("a", "an") and o.norms[op.src_start - 1] == prev:
                    article = prev
            ctx = Context(
                original_text=" ".join(t.text for t in o.tokens[op.src_start : op.src_end]),
                suspect_text=" ".join(t.text for t in s.tokens[op.dest_start : op.dest_end]),
                original_initial=op.src_start in o.starts,
                suspect_initial=op.dest_start in s.starts,
                article_before=article,
            )
            j = judge(o_norm, s_norm, ctx)
            if j.relation == "identical":
                # The same word in another form (evidence.FORMS): matched text, reported
                # as a swap but not counted as a substitution in the statistics.
                syn_o += op.src_end - op.src_start
                syn_s += op.dest_end - op.dest_start
            # A broad-thesaurus link is a spinner's kind of choice once a pair is known to
            # be derived, but too loose to show derivation itself (same-topic texts have them).
            if j.synonym and j.relation != "thesaurus":
                syn_o += op.src_end - op.src_start
                syn_s += op.dest_end - op.dest_start
            os_, ss_ = _span(o.tokens, op.src_start, op.src_end), _span(s.tokens, op.dest_start, op.dest_end)
            swaps.append(
                dict(
                    original_span=os_,
                    suspect_span=ss_,
                    shape=f"{op.src_end - op.src_start}:{op.dest_end - op.dest_start}",
                    relation=j.relation,
                    synonym=j.synonym,
                    flagged=j.flagged,
                    reasons=list(j.reasons),
                    weight=j.weight,
                )
            )
        elif op.tag == "insert":
            size = op.dest_end - op.dest_start
            moved += size if op.moved else 0
            inserted += 0 if op.moved else size
            edits.append(
                dict(
                    tag="move" if op.moved else "insert",
                    original_span=None,
                    suspect_span=_span(s.tokens, op.dest_start, op.dest_end),
                )
            )
        else:
            size = op.src_end - op.src_start
            moved += size if op.moved else 0
            deleted += 0 if op.moved else size
            edits.append(
                dict(
                    tag="move" if op.moved else "delete",
                    original_span=_span(o.tokens, op.src_start, op.src_end),
                    suspect_span=None,
                )
            )
    total = len(o.norms) + len(s.norms)
    share = (2 * equal + syn_o + syn_s) / total if total else 0.0
    # How much of the shorter side is matched: a sentence condensed from a longer one
    # keeps most of its words in the longer one, but its matched share stays low.
    short, kept = len(s.norms), equal + syn_s
    contained = kept / short if CONTAINED_MIN_TOKENS <= short < len(o.norms) else 0.0
    return _PairResult(block, swaps, edits, equal, inserted, deleted, moved, share, o, s, contained,
                       verbatim)


def _one_sided(block: Block) -> list[Block]:
    """Split a block judged not derived into unaligned sentences."""
    out = [Block((k, k + 1), (block.suspect[0], block.suspect[0]), 0.0) for k in range(*block.original)]
    out += [Block((block.original[1], block.original[1]), (k, k + 1), 0.0) for k in range(*block.suspect)]
    return out


def _size(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _pair_lone_gaps(blocks: Sequence[Block]) -> list[tuple[Block, bool]]:
    """Blocks, with each gap of exactly one original and one suspect sentence paired.

    A sentence reworded so heavily that it shares few words with its original falls below
    the aligner's similarity floor, yet when it is the only sentence between two aligned
    neighbours (or the whole text) its position names its original. Such a pair is marked
    ``True`` and kept only if its diff shows it derived (most words unchanged or
    dictionary synonyms): "Newspapers" -> "Papers".
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


def _run(original: str, suspect: str, settings: Settings) -> Comparison:
    # A long text makes hundreds of thousands of small acyclic objects; the cyclic
    # collector's passes over them cost up to a third of the time.
    with gc_paused():
        return _run_chain(original, suspect, settings)


def _run_chain(original: str, suspect: str, settings: Settings) -> Comparison:
    model = load_model()
    o_sents = segment(original, pipeline=settings.pipeline)
    s_sents = segment(suspect, pipeline=settings.pipeline)
    o_words, s_words = _words(o_sents), _words(s_sents)
    o_norms = [[_fold(t.norm) for t in ws] for ws in o_words]
    s_norms = [[_fold(t.norm) for t in ws] for ws in s_words]
    blocks = align(o_norms, s_norms, min_similarity=settings.min_similarity,
                   exact=settings.exact_alignment)

    results: list[_PairResult | Block] = []
    for block, lone in _pair_lone_gaps(blocks):
        o = _side(o_words, o_norms, *block.original)
        s = _side(s_words, s_norms, *block.suspect)
        if o.tokens and s.tokens:
            r = _diff_pair(block, o, s)
            if lone:
                # Paired by position only: the words themselves must show derivation.
                keep = r.matched_share >= max(STRONG_MATCH, settings.derived_share)
            else:
                keep = r.matched_share >= settings.derived_share or r.contained >= CONTAINED_MATCH
            if keep:
                results.append(r)
                continue
        if lone or (o.tokens and s.tokens):  # not derived: its sentences stay one-sided
            results.extend(_one_sided(block))
        else:
            results.append(block)

    pairs: list[SentencePair] = []
    swap_fields: list[dict[str, Any]] = []  # made into Swap models below
    edits: list[Edit] = []
    equal = al_o = al_s = inserted = deleted = moved = strong = verbatim = 0
    for index, item in enumerate(results):
        if isinstance(item, _PairResult):
            b, o_n, s_n = item.block, len(item.o.norms), len(item.s.norms)
            equal += item.equal
            verbatim += item.verbatim
            inserted += item.inserted
            deleted += item.deleted
            moved += item.moved
            al_o += o_n
            al_s += s_n
            for sw in item.swaps:
                (o0, o1), (s0, s1) = sw["original_span"], sw["suspect_span"]
                swap_fields.append({"pair_index": index, "original": original[o0:o1],
                                    "suspect": suspect[s0:s1], **sw})
            edits.extend(Edit(pair_index=index, **e) for e in item.edits)
            sim, eq, match = b.similarity, item.equal, item.matched_share
            if match >= STRONG_MATCH or item.contained >= CONTAINED_MATCH:
                strong += s_n
        else:
            b, eq, sim, match = item, 0, 0.0, 0.0
            o_n = sum(len(o_words[k]) for k in range(*b.original))
            s_n = sum(len(s_words[k]) for k in range(*b.suspect))
        pairs.append(SentencePair(
            index=index,
            kind=b.kind,
            original_span=_sentence_span(o_sents, *b.original),
            suspect_span=_sentence_span(s_sents, *b.suspect),
            original_sentences=b.original,
            suspect_sentences=b.suspect,
            similarity=round(sim, 4),
            matched=round(match, 4),
            original_tokens=o_n,
            suspect_tokens=s_n,
            equal_tokens=eq,
        ))

    syn_index = [k for k, sw in enumerate(swap_fields) if sw["synonym"]]
    keys = [(" ".join(swap_fields[k]["original"].lower().split()),
             " ".join(swap_fields[k]["suspect"].lower().split())) for k in syn_index]
    consistent = {syn_index[k] for k in mark_consistency(keys)}
    counts: dict[str, int] = {}
    for orig_key, _ in keys:
        counts[orig_key] = counts.get(orig_key, 0) + 1
    repeated = sum(1 for orig_key, _ in keys if counts[orig_key] >= 2)
    for k in consistent:
        swap_fields[k]["reasons"] = [*swap_fields[k]["reasons"], "consistent"]
    swaps = [Swap(**sw) for sw in swap_fields]

    tells = find_tells(suspect)
    counted = [sw for sw in swaps if sw.relation != "identical"]  # form swaps are not substitutions
    stats = Statistics(
        original_sentences=len(o_sents),
        suspect_sentences=len(s_sents),
        original_tokens=sum(map(len, o_words)),
        suspect_tokens=sum(map(len, s_words)),
        aligned_pairs=sum(1 for p in pairs if p.aligned),
        aligned_original_tokens=al_o,
        aligned_suspect_tokens=al_s,
        equal_tokens=equal,
        swaps=len(counted),
        swapped_original_tokens=sum(int(sw.shape.split(":")[0]) for sw in counted),
        swapped_suspect_tokens=sum(int(sw.shape.split(":")[1]) for sw in counted),
        synonym_swaps=sum(1 for sw in counted if sw.synonym),
        flagged_swaps=sum(1 for sw in counted if sw.flagged),
        swap_weight=round(sum(sw.weight for sw in counted), 4),
        inserted_tokens=inserted,
        deleted_tokens=deleted,
        moved_tokens=moved,
        repeated_swaps=repeated,
        consistent_swaps=len(consistent),
        tells=len(tells),
        strong_tokens=strong,
        verbatim_tokens=verbatim,
    )
    values = features(stats)
    derived = is_derived(stats, model)
    passage = None
    if not derived:
        # Few sentences align: look for a passage reworded from the original (a summary),
        # and for a verbatim run that sentence boundaries hid (lines merged into a paragraph).
        run = longest_shared_run([w for ws in o_norms for w in ws], [w for ws in s_norms for w in ws],
                                 MIN_COPIED_RUN)
        if run:
            stats = stats.model_copy(update={"copied_run_tokens": run})
        found = best_passage(o_norms, s_norms, exact=settings.exact_alignment)
        if found is not None:
            stats = stats.model_copy(update={"passage_containment": found.containment})
            span = _sentence_span(s_sents, found.start, found.end)
            if span is not None and has_passage(stats, model):
                passage = Passage(suspect_span=span, suspect_sentences=(found.start, found.end),
                                  containment=found.containment)
    # A suspect that is not derived from the original cannot be a spun copy of it.
    score = probability(values, model) if derived else 0.0
    verdict = decide(score, stats, model, settings.threshold)
    if original == suspect:
        # The same text is a verbatim copy whatever the threshold says.
        verdict, score = "copy", min(score, 0.01)
    signature = Signature(
        version=_version.__version__,
        settings={**settings.signature_fields(), "model": model.name},
    )
    return Comparison(
        original=original,
        suspect=suspect,
        score=round(score, 6),
        verdict=verdict,
        pairs=pairs,
        swaps=swaps,
        edits=edits,
        tells=tells,
        stats=stats,
        features={k: round(v, 6) for k, v in values.items()},
        signature=signature,
        passage=passage,
        reversed=round(reversed_probability(original, suspect, swaps), 6),
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
