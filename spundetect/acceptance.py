"""Which comparisons :meth:`spundetect.Index.find` accepts as matches.

:func:`~spundetect.compare` judges one pair: its verdict is not ``"unrelated"`` as soon as
one passage shows reuse. In a collection, most candidates :meth:`~spundetect.Index.find`
compares are texts on the query's topic, and two reports of one event (the bulk of the
false matches on the dev data: ECB+ news reports, docs/search.md) share names, event
words and loosely reworded sentences all through, which ``compare()`` can read as a
reworded passage. ``find()`` therefore asks more than the verdict before it calls a
candidate a source (``accept="reuse"``, the default):

* a ``spun`` verdict is always a match (a spinner's swaps are no reporter's);
* the passages must share :data:`MIN_COMMON` words in order with the candidate, or
  :data:`NEAR_COPY` of the shorter text (a sentence of a few words, lightly edited);
* then one of: a passage keeps :data:`KEPT` of its words in order, or the shared words
  are :data:`SHARE` of the shorter text, or an aligned sentence pair holds an unchanged
  run of 20 words or more (``Statistics.verbatim_tokens``), or the two texts are not on
  one topic: of the query's distinct rare words, under :data:`TOPIC` occur in the
  candidate (:func:`topic_share`; a page reusing a source's passage among other text
  shares little else with it, two reports of one event share much).

``accept="verdict"`` keeps every candidate whose verdict is not ``"unrelated"`` (the
rule before this one).

**The collection check** (``find(common=...)``, :func:`holds_own`; off by default,
:data:`COMMON`). Two texts alone cannot
tell "the query reworded this document" from "both reworded one wire story": a passage
that several documents of the collection hold is common material (a wire story, a
boilerplate block, a quotation), no sign that the query derives from this one candidate.
``find()`` looks up, in the index's own postings, which documents hold each query
fingerprint that lies inside the candidate's matched passages and that the candidate
holds. A fingerprint that more than ``common`` other documents hold is *common*; the
others are the candidate's *own*. A candidate fewer than :data:`OWN` of whose
passage fingerprints are its own is not a match; one with no shared fingerprint in its
passages at all is judged by the rule above alone (the collection has nothing to say).
Not counted as other holders: a document with the query's very text (the query itself,
in an index of the crawl it is asked about) and a *version* of the candidate (another
holder sharing :data:`VERSION` of the smaller one's fingerprints with it: a revision of
one abstract, a sentence of it); fingerprints more than :data:`STOCK` other documents
hold are stock phrases and left out. A ``spun`` verdict is not checked (a spinner's
swaps are no wire story's). The thresholds were fitted on one half of the dev data's queries
and checked on the other (``benchmarks/find_confirm.py --report``; figures in
docs/search.md).

Examples:
    >>> import spundetect
    >>> from spundetect.acceptance import confirms
    >>> c = spundetect.compare("The two men met an old friend in Moscow in May of 1999.",
    ...                        "The 2 males met a previous pal in Moscow in May of 1999.")
    >>> c.verdict, confirms(c), confirms(c, accept="verdict")
    ('spun', True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from typing import Literal, NamedTuple

from spundetect.errors import SettingsError, describe
from spundetect.models import Comparison

__all__ = ["Accept", "ACCEPT", "DEFAULT_ACCEPT", "MIN_COMMON", "NEAR_COPY", "KEPT", "SHARE", "TOPIC",
           "COMMON", "OWN", "STOCK", "VERSION", "Evidence", "check_accept", "check_common", "confirms", "accepts", "topic_share",
           "passage_grams", "holds_own", "overlap"]

Accept = Literal["reuse", "verdict"]
#: The acceptance rules ``find()`` knows.
ACCEPT: tuple[Accept, ...] = ("reuse", "verdict")
DEFAULT_ACCEPT: Accept = "reuse"

#: Words the passages must share in order with the candidate (``reused_common_tokens``):
#: fewer is a phrase or two that any two texts on a topic share.
MIN_COMMON = 10
#: ... or this share of the shorter text (a short sentence, lightly edited).
NEAR_COPY = 0.75
#: A passage keeping this share of its suspect words in order is reuse on any topic.
KEPT = 0.35
#: Shared words making up this share of the shorter text are reuse on any topic.
SHARE = 0.5
#: Two texts whose query shares at least this share of its distinct rare words with the
#: candidate are on one topic (:func:`topic_share`); below it, a passage is reuse.
TOPIC = 0.15

#: ``find()``'s default ``common``: a fingerprint of a matched passage that more than this
#: many other documents of the collection hold is common material. ``None`` (the
#: default): no check. Measured on the dev data, the check with ``common=0`` clears 2 of
#: the held-out half's 39 false-matching queries for 6 of its 578 true comparisons
#: (docs/search.md, branch findfp3): not worth making the default.
COMMON: int | None = None
#: The share of the fingerprints of a candidate's matched passages that must be its own.
OWN = 0.3
#: A fingerprint that more than this many other documents hold is a stock phrase, left
#: out of the check (neither the candidate's own nor common material).
STOCK = 5
#: Another holder that shares this share of the smaller one's fingerprints with the
#: candidate is a version of the candidate (a revision, a copy, one of its sentences),
#: not another source of the passage: it is not counted.
VERSION = 0.2


class Evidence(NamedTuple):
    """What the rule reads of a comparison that is neither ``unrelated`` nor ``spun``.

    Attributes:
        common: words the passages share in order with the candidate, summed.
        shorter: words of the shorter of the two texts.
        kept: the highest share of a passage's suspect words that it keeps in order.
        verbatim: words in unchanged runs of 20 or more inside aligned sentence pairs.
    """

    common: int
    shorter: int
    kept: float
    verbatim: int

    @classmethod
    def of(cls, comparison: Comparison) -> Evidence:
        """The evidence of one comparison.

        Examples:
            >>> import spundetect
            >>> c = spundetect.compare("An old friend came to see us in May.", "An old friend came to see us in May.")
            >>> Evidence.of(c).kept
            1.0
        """
        stats = comparison.stats
        kept = max((p.common_tokens / p.suspect_tokens for p in comparison.passages if p.suspect_tokens),
                   default=0.0)
        return cls(stats.reused_common_tokens, min(stats.original_tokens, stats.suspect_tokens), kept,
                   stats.verbatim_tokens)


def check_accept(accept: object) -> Accept:
    """``accept`` itself when it names a rule of :data:`ACCEPT`, else :class:`SettingsError` (E110).

    Examples:
        >>> check_accept("verdict")
        'verdict'
    """
    if not isinstance(accept, str) or accept not in ACCEPT:
        raise SettingsError(f"accept must be one of {', '.join(map(repr, ACCEPT))}, got {describe(accept)}",
                            code="E110")
    return accept


def check_common(common: object) -> int | None:
    """``common`` itself when it is ``None`` or an int >= 0, else :class:`SettingsError` (E110).

    Examples:
        >>> check_common(2), check_common(None)
        (2, None)
    """
    if common is not None and (isinstance(common, bool) or not isinstance(common, int) or common < 0):
        raise SettingsError(f"common must be None or an int >= 0, got {describe(common)}", code="E110")
    return common


def passage_grams(comparison: Comparison, grams: Sequence[tuple[int, int, int]]) -> list[int]:
    """The fingerprints of ``grams`` (the query's, as ``(hash, start, end)``) that lie wholly
    inside one of the comparison's passages on the suspect side, in the order given.

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("An old friend came to see us in May.", "An old friend came to see us in May.")
        >>> passage_grams(c, [(7, 0, 13), (8, 30, 60)])
        [7]
    """
    spans = [p.suspect_span for p in comparison.passages]
    return [h for h, a, b in grams if any(start <= a and b <= end for start, end in spans)]


def holds_own(others: Sequence[int], *, common: int, own: float = OWN) -> bool:
    """The collection check: ``others`` gives, for each fingerprint of the candidate's
    matched passages that the candidate holds, how many *other* documents hold it. True
    (a match, as far as the collection can tell) when at least the share ``own`` of them
    are the candidate's own (held by at most ``common`` others), or when there are none.

    Examples:
        >>> holds_own([0, 0, 0, 3], common=1)   # three of four held by no other document
        True
        >>> holds_own([2, 5, 3, 0], common=1)   # most held by several other documents
        False
        >>> holds_own([], common=1)             # nothing to tell
        True
    """
    if not others:
        return True
    return sum(1 for n in others if n <= common) >= own * len(others)


def overlap(a: Set[int], b: Set[int]) -> float:
    """The share of the smaller set of fingerprints that the other holds (0 when one is empty).

    Examples:
        >>> overlap({1, 2, 3, 4}, {3, 4}), overlap(set(), {1})
        (1.0, 0.0)
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def accepts(evidence: Evidence, topic: Callable[[], float | None]) -> bool:
    """The ``"reuse"`` rule on the evidence of a comparison that is neither ``unrelated``
    nor ``spun``; ``topic`` gives :func:`topic_share` of the two texts, asked only when
    the passages alone do not decide (it segments both texts again).

    Examples:
        >>> accepts(Evidence(common=8, shorter=200, kept=0.5, verbatim=0), lambda: 0.0)
        False
        >>> accepts(Evidence(common=40, shorter=200, kept=0.3, verbatim=0), lambda: 0.05)
        True
        >>> accepts(Evidence(common=40, shorter=200, kept=0.3, verbatim=0), lambda: 0.4)
        False
    """
    if evidence.common < MIN_COMMON and evidence.common < NEAR_COPY * evidence.shorter:
        return False
    if evidence.kept >= KEPT or evidence.common >= SHARE * evidence.shorter or evidence.verbatim:
        return True
    share = topic()
    # too few rare words to tell the topic (a short text): the passage must show it
    return share is not None and share < TOPIC


def topic_share(original: str, suspect: str) -> float | None:
    """Of the suspect's distinct rare content words, the share the original holds anywhere
    (:func:`spundetect.passages.background` over the whole texts), or ``None`` when the
    suspect has too few (:data:`spundetect.passages.BACKGROUND_WORDS`).

    Examples:
        >>> topic_share("Bees visit flowers.", "A storm hit the coast.") is None
        True
    """
    from spundetect.lexicon import get_lexicon
    from spundetect.passages import RARE_ZIPF, background
    from spundetect.segment import Words

    lexicon = get_lexicon()
    return background(Words.of(original).norms, Words.of(suspect).norms, [],
                      rare=lambda w: lexicon.zipf(w) < RARE_ZIPF)


def confirms(comparison: Comparison, *, accept: Accept = DEFAULT_ACCEPT) -> bool:
    """Whether ``find()`` keeps a candidate with this comparison (the document as the
    original, the query as the suspect), under the rule ``accept``.

    Args:
        comparison: what :func:`~spundetect.compare` found.
        accept: ``"reuse"`` (the rule of this module) or ``"verdict"`` (any verdict but
            ``"unrelated"``).

    Returns:
        True when the candidate is a match.

    Raises:
        SettingsError: ``accept`` is not a rule of :data:`ACCEPT` (E110).

    Examples:
        >>> import spundetect
        >>> c = spundetect.compare("Bees visit many flowers every day.", "A storm hit the coast.")
        >>> confirms(c), confirms(c, accept="verdict")
        (False, False)
    """
    rule = check_accept(accept)
    if comparison.verdict == "unrelated":
        return False
    if rule == "verdict" or comparison.verdict == "spun":
        return True
    return accepts(Evidence.of(comparison), lambda: topic_share(comparison.original, comparison.suspect))
