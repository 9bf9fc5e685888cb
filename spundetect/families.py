"""Families: group an index's documents into copies and spun versions of one text.

Each document is searched against the index (:meth:`spundetect.Index.search`); the
candidates it shares fingerprints with are compared with it (:func:`spundetect.compare`),
each unordered pair once; a pair that :meth:`spundetect.Index.find`'s rule would confirm
(:func:`spundetect.acceptance.confirms`: a spun passage, or reuse beyond what two texts on
one topic share) joins the two documents, and the joined groups (union-find) are the
families. The evidence of a family is
the comparisons that joined it. Its likely original comes from the direction signal of its
``spun`` links (:mod:`spundetect.direction`): the member named the original by at least one
of them and the copy by none (copies carry no direction: a verbatim copy looks the same
both ways).

Examples:
    >>> import spundetect
    >>> index = spundetect.Index()
    >>> index.add_many([("a", "The two men met an old friend in Moscow in May of 1999."),
    ...                 ("b", "The 2 males met a previous pal in Moscow in May of 1999."),
    ...                 ("c", "A recipe for bread needs flour, water, salt and some yeast.")])
    3
    >>> [(f.members, f.original) for f in spundetect.families(index)]
    [(['a', 'b'], 'a')]
"""

from __future__ import annotations

from typing import Any

from spundetect.acceptance import DEFAULT_ACCEPT, Accept, check_accept, confirms
from spundetect.errors import SettingsError, describe
from spundetect.index import Index
from spundetect.models import Family, FamilyLink

__all__ = ["families", "likely_original"]


def families(index: Index, *, candidates: int = 10, accept: Accept = DEFAULT_ACCEPT,
             **options: Any) -> list[Family]:
    """Group the documents of ``index`` into families of copies and spun versions.

    Two documents are joined when their comparison passes the rule ``find()`` uses
    (:func:`spundetect.acceptance.confirms`), so that paragraphs of one article that
    merely share its topic (two descriptions of two monuments of one site) are not a
    family.

    Args:
        index: the collection.
        candidates: search hits per document that are compared with it.
        accept: ``"reuse"`` (default, as :meth:`~spundetect.Index.find`) or
            ``"verdict"`` (every verdict but ``"unrelated"`` joins).
        **options: passed to :func:`spundetect.compare` (``threshold``...).

    Returns:
        Families of two or more documents, largest first (then by first member in index
        order); documents with no confirmed relative are in none.

    Raises:
        SettingsError: ``index`` is not an :class:`~spundetect.Index`, ``accept`` is not a
            rule (E110), or an option is not allowed.

    Examples:
        >>> import spundetect
        >>> spundetect.families(spundetect.Index())
        []
    """
    from spundetect.compare import compare

    if not isinstance(index, Index):
        raise SettingsError(f"index must be a spundetect.Index, got {describe(index)}", code="E110")
    if isinstance(candidates, bool) or not isinstance(candidates, int) or candidates < 1:
        raise SettingsError(f"candidates must be an int >= 1, got {describe(candidates)}", code="E110")
    rule = check_accept(accept)
    order = {doc_id: k for k, doc_id in enumerate(index)}
    parent = {doc_id: doc_id for doc_id in order}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    seen: set[tuple[str, str]] = set()
    links: list[FamilyLink] = []
    for doc_id in order:
        text = index.text(doc_id)
        for hit in index.search(text, k=candidates + 1):
            other = hit.doc_id
            pair = (doc_id, other) if order[doc_id] < order[other] else (other, doc_id)
            if other == doc_id or pair in seen:
                continue
            seen.add(pair)
            # the earlier-added document compared as the original; the link's ``reversed``
            # says whether the direction signal disagrees
            comparison = compare(index.text(pair[0]), index.text(pair[1]), **options)
            if not confirms(comparison, accept=rule):
                continue
            links.append(FamilyLink(original=pair[0], suspect=pair[1], verdict=comparison.verdict,
                                    score=comparison.score, shared=hit.shared,
                                    reversed=comparison.reversed))
            a, b = root(pair[0]), root(pair[1])
            if a != b:
                parent[max(a, b, key=order.__getitem__)] = min(a, b, key=order.__getitem__)
    groups: dict[str, list[str]] = {}
    for doc_id in order:
        groups.setdefault(root(doc_id), []).append(doc_id)
    out = []
    for top, members in groups.items():
        if len(members) > 1:
            own = [link for link in links if root(link.original) == top]
            out.append(Family(members=members, links=own, original=likely_original(own)))
    out.sort(key=lambda f: (-len(f.members), order[f.members[0]]))
    return out


def likely_original(links: list[FamilyLink]) -> str | None:
    """The member the direction signal of the ``spun`` links names the original, if one.

    Each ``spun`` link names its likelier original side (``original`` when ``reversed`` is
    under 0.5, else ``suspect``) and so its copy. The likely original is the member named
    the original at least once and the copy never. Several such members that ``copy``
    links join are one text (a verbatim copy looks the same both ways): the first of them
    in the links' order stands for it. ``None`` when there is no such member, or several
    unrelated ones.

    Examples:
        >>> from spundetect.models import FamilyLink
        >>> likely_original([FamilyLink(original="a", suspect="b", verdict="spun", score=0.9,
        ...                              shared=5, reversed=0.8)])
        'b'
        >>> likely_original([FamilyLink(original="a", suspect="b", verdict="copy", score=0.0,
        ...                              shared=5, reversed=0.5)]) is None
        True
    """
    wins: set[str] = set()
    losses: set[str] = set()
    for link in links:
        if link.verdict != "spun" or link.reversed == 0.5:
            continue
        first, copy = ((link.original, link.suspect) if link.reversed < 0.5
                       else (link.suspect, link.original))
        wins.add(first)
        losses.add(copy)
    named = wins - losses
    copies = {frozenset((link.original, link.suspect)) for link in links if link.verdict == "copy"}
    if any(frozenset((a, b)) not in copies for a in named for b in named if a != b):
        return None
    # in order of first appearance in the links (the earlier-added side comes first)
    order = [m for link in links for m in (link.original, link.suspect)]
    return min(named, key=order.index) if named else None
