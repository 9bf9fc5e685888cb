"""Evidence: one substitution (with its context) -> named reasons and a judgement.

Each substitution gets the strongest WordNet relation between its two sides and a list of
reason codes (:data:`REASONS`). A swap is a *synonym* (thesaurus) swap when the two sides
are lexically linked, a number changed form, or a word grew into a dictionary multiword
lemma. It is *flagged* (an unnatural machine swap) only when it is a synonym swap and at least
one unnatural reason holds: a rare sense, a much rarer word, a multiword lemma dropped in,
a number spelled out or turned into digits, a proper noun swapped, a broken article or
capitalisation, a non-word, or a part-of-speech change. Document-wide consistency (the
same word always swapped for the same substitute) is added by :func:`mark_consistency`.
A *form swap* (:data:`FORMS`: a contraction, another form of the same word, a modal in its
other tense, a listed expansion, a respelling) has relation ``identical``: it is reported,
with a weight for how spinner-like its kind is, but is no substitution of meaning.

Examples:
    >>> from spundetect.evidence import Context, judge
    >>> j = judge("model", "mannequin", Context())
    >>> j.flagged, j.relation
    (True, 'same_synset')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from spundetect.segment import Token

from spundetect import sharing
from spundetect.align import Block
from spundetect.diff import Op, diff_tokens
from spundetect.lexicon import RELATIONS as LEXICON_RELATIONS
from spundetect.lexicon import Relation, get_lexicon
from spundetect.thesaurus import get_thesaurus
from spundetect.wordlists import (
    FUNCTION_SYNONYMS,
    EXPANSIONS,
    FUNCTION_WORDS,
    contraction_of,
    expansion_of,
    function_synonyms,
    is_number_phrase,
    is_number_token,
    number_value,
)

__all__ = [
    "REASONS",
    "RELATIONS",
    "UNNATURAL",
    "FLAGGABLE",
    "Context",
    "Judgement",
    "judge",
    "swap_affinity",
    "mark_consistency",
    "Side",
    "PairEvidence",
    "pair_evidence",
    "FORMS",
    "FORM_WEIGHTS",
    "article_fits",
    "lexical_reasons",
    "glued_words",
    "LOOSE",
    "rare_loose",
    "HYPHENS",
]

#: Every reason code a swap can carry, with what it means.
REASONS: dict[str, str] = {
    "same_synset": "WordNet lists both in one synset (a dictionary synonym)",
    "similar_to": "WordNet links the two senses as similar (adjective satellites, verb groups)",
    "hypernym": "the substitute is a more general word (WordNet hypernym, up to 2 steps)",
    "hyponym": "the substitute is a more specific word (WordNet hyponym, up to 2 steps)",
    "co_hyponym": "the two share a direct WordNet hypernym (siblings)",
    "derivation": "the two are linked only through a derivational or pertainym relation",
    "other_pos": "the two share a sense only in a less common part of speech of the original",
    "related": "two steps apart in WordNet (similar to one head word, or cousins): a loose "
    "thesaurus link",
    "function_synonym": "closed-class words a thesaurus lists together ('in' -> 'within')",
    "thesaurus": "no WordNet link, but a broad thesaurus (Moby Thesaurus II) lists them "
    "together ('monument' -> 'landmark'): the kind of dictionary commercial spinners use; weak "
    "evidence, since people pick such words too",
    "contraction": "a contraction made or undone ('does not' -> 'doesn't', 'I'm' -> 'I am'): "
    "a form swap",
    "inflection": "the same word in another form ('list' -> 'listing', 'young' -> 'younger', "
    "'credits' -> 'credit'), or 'a' -> 'an': a form swap",
    "spelling": "the same word spelled closed, open or hyphenated ('daycare' -> 'day care'): "
    "a form swap",
    "modal": "a modal in its other tense ('can' -> 'could', 'might' -> 'may'): a form swap",
    "expansion": "the word grown into a listed phrase that contains it ('here' -> 'right "
    "here', 'whether' -> 'whether or not', 'without' -> 'with out'): a form swap",
    "number_value": "a number replaced by a different number ('6 p.m.' -> '5 p.m.'): an edit of "
    "fact, which no thesaurus makes (WordNet's links between digits do not count)",
    "no_relation": "no dictionary link between the two: an edit, not a thesaurus swap",
    "rare_sense": "the link uses a rare sense of the original word (late sense rank, "
    "few tagged uses), the hallmark of a context-blind thesaurus",
    "frequency_drop": "the substitute is much rarer than the original (wordfreq Zipf drop)",
    "multiword_lemma": "a word replaced by a dictionary multiword lemma or glossed with its "
    "dictionary category ('facing' -> 'going through', 'Chinese' -> 'Chinese language')",
    "number_form": "a number turned from digits to words or back, keeping its value "
    "('37th' -> 'thirty seventh')",
    "proper_noun": "a capitalised name inside a sentence was replaced",
    "article_mismatch": "'a'/'an' left before a substitute that needs the other article",
    "capitalisation": "the substitute's capitalisation does not fit its place",
    "non_word": "the substitute is not an English word in the dictionary or word lists",
    "pos_change": "the link crosses parts of speech ('lower' -> 'decrease')",
    "function_phrase": "a fixed phrase of function words swapped ('according to' -> 'based on')",
    "consistent": "the same word is replaced by the same substitute throughout the document",
}

#: The reasons of a *form swap*: the same word in another form (relation ``identical``).
#: Form swaps are reported as swaps but are not substitutions of meaning: the statistics
#: count them apart (``Statistics.form_swaps``), with their own ratios in the score.
FORMS: frozenset[str] = frozenset({"contraction", "inflection", "spelling", "modal", "expansion"})

#: How spinner-like each kind of form swap is: the share of its occurrences that come from
#: spinning when spun text and human edits are equally common, measured per 1,000 words
#: by ``benchmarks/spin_recall.py`` (docs/evidence.md, "Form swaps").
FORM_WEIGHTS: dict[str, float] = {
    # spun rate / (spun rate + human rate), per 1,000 words: spinner = spundetect.spin with
    # wordnet-test and all its rules (p 0.25 and 0.5), human = the mean of the light-edit
    # and paraphrase dev pairs
    "contraction": 0.96,
    "inflection": 0.92,
    "spelling": 0.36,
    "modal": 0.94,
    "expansion": 0.99,
}

#: Relations in the order of strength, as reported in :attr:`Swap.relation`: WordNet's
#: (from the lexicon), the closed-class synonym lists, then the broad thesaurus, before "none".
RELATIONS: tuple[str, ...] = (*LEXICON_RELATIONS[:-1], "function_synonym", "thesaurus", "none")

#: The reasons that make a synonym swap unnatural.
UNNATURAL: frozenset[str] = frozenset(
    {
        "rare_sense",
        "frequency_drop",
        "multiword_lemma",
        "number_form",
        "proper_noun",
        "article_mismatch",
        "capitalisation",
        "non_word",
    }
)
#: Loose links counted by :func:`rare_loose`: a listed entry of the broad thesaurus, a
#: derivational link, a sense shared in another part of speech. Co-hyponyms and two-step
#: links (``related``) are left out: the two words of a chance pairing (a sentence of a
#: human summary aligned with the wrong original sentence: "effort" -> "skimming",
#: "Guard" -> "working") often meet two steps apart in WordNet, and so pass for swaps.
LOOSE: frozenset[str] = frozenset({"derivation", "other_pos", "thesaurus"})


def rare_loose(relation: str, reasons: Sequence[str]) -> bool:
    """Whether a swap is linked only loosely (:data:`LOOSE`) and its substitute is much
    rarer than the original (``frequency_drop``).

    A spinner draws its substitute blind from a long thesaurus entry, whose loose
    associations are mostly rare words ("government" -> "hamlet", "just" -> "luminous");
    a person who rewords with a loosely related word picks a common one. Such swaps are
    not flagged (people make them now and then), but the score counts them apart
    (``Statistics.rare_loose_swaps``). On the development pairs: 30 such swaps per 1,000
    words of Moby-thesaurus spinning, 10 of SpinBot's output, at most 1 in human edits.

    Examples:
        >>> rare_loose("thesaurus", ("thesaurus", "frequency_drop")), rare_loose("same_synset", ("frequency_drop",))
        (True, False)
    """
    return relation in LOOSE and "frequency_drop" in reasons


#: Relations close enough for an unnatural reason to flag the swap; looser links
#: (co-hyponyms, two-step relations, other parts of speech) are too common in human
#: rewording to flag on their own.
FLAGGABLE: frozenset[str] = frozenset(
    {"same_synset", "similar_to", "hypernym", "hyponym", "function_synonym", "none"}
)

_RELATION_WEIGHT = {
    "same_synset": 1.0,
    "similar_to": 0.8,
    "hypernym": 0.6,
    "hyponym": 0.6,
    "derivation": 0.5,
    "other_pos": 0.5,
    "co_hyponym": 0.3,
    "related": 0.2,
    "function_synonym": 0.3,
    "thesaurus": 0.2,
}
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?![nrs]i|ni|se|su|ti|ro|ku|re)|hour|honest|heir)", re.I)
#: Zipf drop (log10 frequency per billion words) that counts as "much rarer".
FREQ_DROP = 1.0
#: Sense rank from which a shared sense counts as rare when it also has few tagged uses.
RARE_RANK = 3


class Context(NamedTuple):
    """Where the substitution sits (the parts that are not in the words themselves; a
    named tuple, made once per swap).

    Attributes:
        original_text: the original side as written (case kept), tokens joined by spaces.
        suspect_text: the suspect side as written.
        original_initial: the original side starts its sentence.
        suspect_initial: the suspect side starts its sentence.
        article_before: ``"a"`` or ``"an"`` when that article, unchanged, precedes the swap.
    """

    original_text: str = ""
    suspect_text: str = ""
    original_initial: bool = False
    suspect_initial: bool = False
    article_before: str | None = None


class Judgement(NamedTuple):
    """What the evidence says about one substitution (a named tuple, made once per swap)."""

    relation: str
    synonym: bool
    flagged: bool
    reasons: tuple[str, ...]
    weight: float


# tuple.__new__ directly (Context, Judgement): a named tuple's own constructor is a
# Python-level call, and every swap makes one of each.
_new = tuple.__new__


def _capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper() and not text.isupper()


def _is_number(words: Sequence[str]) -> bool:
    return is_number_phrase(words)


def _number_change(o: Sequence[str], s: Sequence[str]) -> str | None:
    """How a number changed: ``"form"`` (the same number, in digits on one side and in
    words on the other), ``"value"`` (a different number: "6" -> "5", "million" ->
    "billion"), or None (not a number on both sides, or neither)."""
    if not (_is_number(o) and _is_number(s)):
        return None
    a, b = number_value(o), number_value(s)
    if a is not None and b is not None and a[0] != b[0]:
        return "value"
    # Only a value the reader cannot check (an unusual spelling) is given the benefit of
    # the doubt.
    o_digits = any(is_number_token(w) for w in o)
    s_digits = any(is_number_token(w) for w in s)
    if o_digits != s_digits and (a is None or b is None or a == b):
        return "form"
    return None


# A modal and its past form: reported speech moves "will" to "would" ("He said he will
# come" / "He said he would come"), a change of tense, not of word.
_MODAL_TENSES = frozenset(
    frozenset(p) for p in (("will", "would"), ("can", "could"), ("may", "might"), ("shall", "should"))
)


def _degree_stripped(original: str, suspect: str) -> tuple[str, str]:
    """Drop the "more"/"most" of a comparative written in two words when the other side is
    one word ("longer" -> "more retentive" is "longer" -> "retentive" in WordNet)."""
    pair = [original, suspect]
    for k, text in enumerate(pair):
        words = text.split()
        other = pair[1 - k]
        if len(words) == 2 and words[0] in ("more", "most") and " " not in other and other[-2:] in ("er", "st"):
            pair[k] = words[1]
    return pair[0], pair[1]


def _contracted(o: Sequence[str], s: Sequence[str]) -> bool:
    """Word for word the same but for contractions made or undone ("does not" / "does
    n't", "can not" / "ca n't", "'s" / "is")."""
    return (
        len(o) == len(s)
        and any(x != y for x, y in zip(o, s))
        and all(x == y or contraction_of(x, y) for x, y in zip(o, s))
    )


def _same_spelling(original: str, suspect: str) -> bool:
    """The same letters, written as one word, two words or with a hyphen."""
    return original != suspect and _squeeze(original) == _squeeze(suspect)


def _squeeze(text: str) -> str:
    return text.replace(" ", "").replace("-", "")


def _grew_into_lemma(o: Sequence[str], s: Sequence[str], suspect: str, kind: str) -> bool:
    """The suspect side is longer, linked to the original, and a dictionary multiword
    lemma or the original glossed with its category ("Chinese" -> "Chinese language")."""
    if len(s) <= len(o) or not (set(o) & set(s) or kind != "none"):
        return False
    lex = get_lexicon()
    return lex.is_lemma(suspect) or (
        len(o) == 1 and len(s) == 2 and s[0] == o[0] and o[0] not in FUNCTION_WORDS
        and lex.is_category(o[0], s[1])
    )


@lru_cache(maxsize=200_000)
def _lexical(original: str, suspect: str) -> tuple[Relation, tuple[str, ...]]:
    """The context-free part of the judgement, cached across documents."""
    # Another pool worker may have computed it (see spundetect.sharing).
    return sharing.computed("lexical", (original, suspect), _compute_lexical, original, suspect)


def _compute_lexical(original: str, suspect: str) -> tuple[Relation, tuple[str, ...]]:
    lex = get_lexicon()
    o, s = original.split(), suspect.split()
    reasons: list[str] = []
    if _contracted(o, s):
        return Relation("identical", None, None, 0, 0, 0), ("contraction",)
    if {original, suspect} == {"a", "an"}:
        return Relation("identical", None, None, 0, 0, 0), ("inflection",)
    if frozenset((original, suspect)) in _MODAL_TENSES:
        return Relation("identical", None, None, 0, 0, 0), ("modal",)
    if expansion_of(original, suspect):
        return Relation("identical", None, None, 0, 0, 0), ("expansion",)
    if _same_spelling(original, suspect):
        return Relation("identical", None, None, 0, 0, 0), ("spelling",)
    number = _number_change(o, s)
    if number == "value":
        return Relation("none", None, None, 0, 0, 0), ("number_value",)
    rel = lex.relation(*_degree_stripped(original, suspect))
    if rel.kind == "none" and function_synonyms(original, suspect):
        rel = Relation("function_synonym", None, None, 0, 0, 0)
    if rel.kind == "none" and get_thesaurus().linked(original, suspect):
        rel = Relation("thesaurus", None, None, 0, 0, 0)
    if number == "form":
        reasons.append("number_form")
    if _grew_into_lemma(o, s, suspect, rel.kind):
        reasons.append("multiword_lemma")
    if rel.kind in ("same_synset", "similar_to", "hypernym", "hyponym", "co_hyponym"):
        rare = rel.sense_rank is not None and (
            (rel.sense_rank >= RARE_RANK and rel.tagged_count <= max(2, rel.first_sense_tagged // 10))
            or (rel.sense_rank >= 2 and rel.tagged_count == 0 and rel.first_sense_tagged >= 5)
        )
        if rare:
            reasons.append("rare_sense")
    if rel.kind in ("derivation", "other_pos"):
        reasons.append("pos_change")
    content_o = [w for w in o if w not in FUNCTION_WORDS]
    content_s = [w for w in s if w not in FUNCTION_WORDS]
    if content_o and content_s and rel.kind != "identical":
        zo = min(lex.zipf(w) for w in content_o)
        zs = min(lex.zipf(w) for w in content_s)
        if zo - zs >= FREQ_DROP and not _is_number(s):
            reasons.append("frequency_drop")
    if any(not lex.is_known(w) for w in content_s if not is_number_token(w)):
        reasons.append("non_word")
    if (
        rel.kind in ("none", "thesaurus")
        and len(o) > 1
        and len(s) > 1
        and any(w in FUNCTION_WORDS for w in o)
        and any(w in FUNCTION_WORDS for w in s)
        and not (set(o) & set(s))
    ):
        reasons.append("function_phrase")
    return rel, tuple(reasons)


#: Pairing affinity of a form swap ("last" -> "lasted") in the diff engine: as strong as a
#: derivational link, weaker than a synonym.
FORM_AFFINITY = 0.6

def lexical_reasons(original: str, suspect: str) -> tuple[str, ...]:
    """The context-free reasons :func:`judge` finds for a swap (cached).

    Examples:
        >>> lexical_reasons("friend", "pal")
        ('frequency_drop',)
    """
    return _lexical(original, suspect)[1]


def article_fits(article: str, word: str) -> bool:
    """Whether ``"a"`` or ``"an"`` is the right article before ``word`` (by its sound).

    Examples:
        >>> article_fits("an", "honest"), article_fits("an", "previous")
        (True, False)
    """
    vowel = bool(_VOWEL_SOUND.match(word))
    return is_number_token(word) or (article == "an") == vowel


_AFFINITY = {
    "same_synset": 1.0,
    "similar_to": 1.0,
    "function_synonym": 1.0,
    "hypernym": 0.8,
    "hyponym": 0.8,
    "derivation": 0.6,
    "other_pos": 0.6,
    "co_hyponym": 0.5,
    "related": 0.5,
}


@lru_cache(maxsize=200_000)
def swap_affinity(original: str, suspect: str) -> float:
    """How good a thesaurus swap two normalised phrases make, in [0, 1] (0: none).

    Used by the diff engine to cut change regions where the best swaps pair up: a number
    written out in full (1.0) beats a co-hyponym pairing of its first word (0.5). Cached
    across documents (the diff engine asks it thousands of times per text, most often
    for the same pairs again), the pairs that :func:`_may_pair` rules out included.
    """
    # Single words always may pair (only a multiword chunk can be dead).
    if (" " in original or " " in suspect) and not _may_pair(original, suspect):
        return 0.0
    return sharing.computed("affinity", (original, suspect), _compute_affinity, original, suspect)


def _may_pair(original: str, suspect: str) -> bool:
    """False only when :func:`_compute_affinity` is 0 for sure, found without computing it.

    The diff engine weighs every chunk pairing of a changed region, and in a paraphrase most
    multiword chunks ("more and", "of the new") are no dictionary phrase, no listed function
    phrase and no number. Such a chunk is linked to nothing (no relation, no function
    synonym, no number form); it can still be respelled ("day care" / "daycare"), and,
    as the original side, grow into a longer lemma that shares a word with it.
    """
    o_dead = " " in original and not _chunk_may_pair(original)
    s_dead = " " in suspect and not _chunk_may_pair(suspect)
    if not (o_dead or s_dead):
        return True
    if _same_spelling(original, suspect):
        return True
    o, s = original.split(), suspect.split()
    if s_dead:
        # only a category gloss of the original word: "chinese" -> "chinese language"
        return len(o) == 1 and len(s) == 2 and s[0] == o[0]
    # a dead original can still grow into a longer suspect lemma sharing one of its words
    return len(s) > len(o) and not set(o).isdisjoint(s)


@lru_cache(maxsize=200_000)
def _chunk_may_pair(text: str) -> bool:
    """Whether a multiword chunk can be linked to anything: a possible WordNet lemma, a
    listed function phrase, or a number."""
    return (
        text in FUNCTION_SYNONYMS
        or is_number_phrase(text.split())
        or text in _EXPANDED
        or get_lexicon().may_be_lemma(text)
    )


# Every listed expansion ("right here"): a chunk the diff engine may pair with its word.
_EXPANDED = frozenset(p for phrases in EXPANSIONS.values() for p in phrases)


def _compute_affinity(original: str, suspect: str) -> float:
    # The part of _lexical that pairing needs, without the frequency and non-word
    # look-ups: the diff engine asks this for many candidate chunks per region.
    o, s = original.split(), suspect.split()
    if _contracted(o, s) or _same_spelling(original, suspect) or expansion_of(original, suspect):
        return 1.0
    number = _number_change(o, s)
    if number is not None:
        return 1.0 if number == "form" else 0.0
    lex = get_lexicon()
    rel = lex.relation(*_degree_stripped(original, suspect))
    if rel.kind == "identical" and original != suspect:
        # The same word in another form ("last" -> "lasted"): a form swap. The same
        # string elsewhere in the region is a moved word, not a pairing.
        return FORM_AFFINITY
    if rel.kind == "none" and function_synonyms(original, suspect):
        return _AFFINITY["function_synonym"]
    if _grew_into_lemma(o, s, suspect, rel.kind):
        return 1.0
    return _AFFINITY.get(rel.kind, 0.0)


def judge(original: str, suspect: str, context: Context) -> Judgement:
    """Judge one substitution.

    Args:
        original: the original side, normalised (lowercase), tokens joined by spaces.
        suspect: the suspect side, normalised the same way.
        context: case and neighbourhood facts (see :class:`Context`).

    Returns:
        The relation, whether it is a synonym swap, whether it is flagged, the reasons
        (relation first) and a weight (0 for edits that are not thesaurus swaps).
    """
    rel, lexical = _lexical(original, suspect)
    reasons = list(lexical)
    if rel.kind == "identical":
        form = [r for r in lexical if r in FORMS] or ["inflection"]
        form += [r for r in lexical if r not in FORMS]
        return _new(Judgement, ("identical", False, False, tuple(form), FORM_WEIGHTS.get(form[0], 0.0)))
    o_text = context.original_text or original
    s_text = context.suspect_text or suspect
    if "number_form" in reasons and context.suspect_initial and not any(map(is_number_token, suspect.split())):
        # Style guides spell out a number that starts a sentence ("10 other cases" ->
        # "Ten other cases"): people do it, so it is no sign of a machine.
        reasons.remove("number_form")
    if (
        not context.original_initial
        # (a capitalised word has a capital: most originals have none, told in C)
        and not o_text.islower()
        and any(_capitalised(w) and w not in s_text.split() for w in o_text.split())
        and o_text.lower() != s_text.lower()
    ):
        reasons.append("proper_noun")
    if not context.suspect_initial and _capitalised(s_text) and not _capitalised(o_text):
        reasons.append("capitalisation")
    if context.article_before is not None and not article_fits(context.article_before, suspect.split()[0]):
        reasons.append("article_mismatch")
    lexical_link = rel.kind != "none"
    synonym = lexical_link or "number_form" in reasons or "multiword_lemma" in reasons
    unnatural = [r for r in reasons if r in UNNATURAL]
    # Only a thesaurus swap can be an unnatural *machine* swap; a non-word or a changed
    # name without a dictionary link is reported (reasons) but is what people do too.
    flagged = bool(unnatural) and synonym and rel.kind in FLAGGABLE
    base = _RELATION_WEIGHT.get(rel.kind, 0.5 if synonym else 0.0)
    weight = base * (1.0 + 0.5 * len(unnatural)) if (synonym or flagged) else 0.0
    head = [rel.kind if lexical_link else "no_relation"]
    return _new(Judgement, (rel.kind, synonym, flagged, tuple(head + reasons), round(weight, 4)))


def mark_consistency(pairs: Sequence[tuple[str, str]]) -> set[int]:
    """Indices of swaps whose original word is always replaced by the same substitute.

    Args:
        pairs: ``(original, suspect)`` normalised texts of every synonym swap, in order.

    Returns:
        The indices of swaps that repeat (two or more times) consistently.

    Examples:
        >>> sorted(mark_consistency([("big", "large"), ("old", "aged"), ("big", "large"),
        ...                          ("old", "previous"), ("old", "aged")]))
        [0, 2]
    """
    # Per original, its first substitute and how often it was swapped; an original seen
    # with a second substitute is mixed (one dict look-up per swap, no counter per word).
    first: dict[str, str] = {}
    times: dict[str, int] = {}
    mixed: set[str] = set()
    for o, s in pairs:
        if o in first:
            times[o] += 1
            if s != first[o]:
                mixed.add(o)
        else:
            first[o] = s
            times[o] = 1
    return {k for k, (o, _) in enumerate(pairs) if times[o] >= 2 and o not in mixed}


# --- one sentence pair: diff, then evidence for each substitution -----------------------

#: Unchanged stretches of at least this many words are verbatim copying, whatever else
#: changed around them.
VERBATIM_RUN = 20
#: A pair whose suspect side is shorter and has at least this many words counts its
#: suspect words matched (``PairEvidence.contained``): a sentence condensed in a summary.
CONTAINED_MIN_TOKENS = 8


@dataclass(slots=True)
class Side:
    """Word tokens of one side of a sentence pair, with sentence-start marks and the
    indices of words glued to the next one by a hyphen (``glued``: "long-suffering" is
    two word tokens, the first glued). The sets are only read: a long text's thousands of
    sides may share one (slots and shared sets: peak memory)."""

    tokens: list[Token] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    starts: AbstractSet[int] = field(default_factory=set)
    glued: AbstractSet[int] = field(default_factory=set)
    # the words as characters, one encoding of both texts (see diff.diff_tokens); "" for none
    codes: str = ""


#: Hyphens that glue the pieces of a compound word ("long-suffering", "vis-a-vis").
HYPHENS = frozenset("-\u2010\u2011")
_TEXT = attrgetter("text")  # a token's text


def glued_words(tokens: Sequence[Token], words: Sequence[Token]) -> list[int]:
    """Indices into ``words`` (the word tokens of ``tokens``, in order) of the words glued
    to the next word by a hyphen, with no space on either side.

    Examples:
        >>> from spundetect.segment import segment
        >>> tokens = segment("a long-suffering vis-a-vis friend")[0].tokens
        >>> words = [t for t in tokens if t.is_word]
        >>> [words[k].text for k in glued_words(tokens, words)]
        ['long', 'vis', 'a']
    """
    # Most sentences have no hyphen: told by C loops over the tokens' texts.
    if HYPHENS.isdisjoint(map(_TEXT, tokens)):
        return []
    hyphen_at = {t.start for t in tokens if t.text in HYPHENS}
    # the next word starts right after the hyphen, with a letter or digit ("x1--long" is
    # a dash: the tokenizer may read "-long" as a word)
    return [k for k in range(len(words) - 1)
            if words[k].end in hyphen_at and words[k + 1].start == words[k].end + 1
            and words[k + 1].text[:1].isalnum()]


def _glue_compounds(ops: list[Op], o: Side, s: Side) -> list[Op]:
    """Fold into a substitution the insertions and deletions that are the other pieces of
    a hyphenated compound on its side: a spinner's "kind" -> "long-suffering" is one swap,
    where the diff sees "kind" -> "suffering" and an inserted "long" (which would count
    as a person's insertion against spinning)."""
    if not (o.glued or s.glued):
        return ops
    out = list(ops)
    changed = True
    while changed:
        changed = False
        for k, op in enumerate(out):
            if op.tag != "replace":
                continue
            for j in (k - 1, k + 1):
                if not 0 <= j < len(out) or out[j].tag not in ("insert", "delete"):
                    continue
                nb = out[j]
                if nb.tag == "insert":
                    lo, hi, a, b, glued = nb.dest_start, nb.dest_end, op.dest_start, op.dest_end, s.glued
                else:
                    lo, hi, a, b, glued = nb.src_start, nb.src_end, op.src_start, op.src_end, o.glued
                if j < k and hi == a and all(i in glued for i in range(lo, hi)):
                    lo2, hi2 = lo, b
                elif j > k and lo == b and all(i in glued for i in range(b - 1, hi - 1)):
                    lo2, hi2 = a, hi
                else:
                    continue
                if nb.tag == "insert":
                    merged = Op("replace", op.src_start, op.src_end, lo2, hi2)
                else:
                    merged = Op("replace", lo2, hi2, op.dest_start, op.dest_end)
                out[min(j, k)] = merged
                del out[max(j, k)]
                changed = True
                break
            if changed:
                break
    return out


@lru_cache(maxsize=1024)
def _shape(o_size: int, s_size: int) -> str:
    """A swap's shape, ``"1:2"``: one string per shape, shared by every swap of it."""
    return f"{o_size}:{s_size}"


def _span(tokens: Sequence[Token], lo: int, hi: int) -> tuple[int, int]:
    return (tokens[lo].start, tokens[hi - 1].end)


@dataclass(slots=True)
class PairEvidence:
    """What the diff and the evidence found in one sentence pair."""

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
    o: Side
    s: Side
    contained: float
    verbatim: int


def pair_evidence(block: Block, o: Side, s: Side) -> PairEvidence:
    """Diff one sentence pair and judge each substitution: the pair's evidence.

    Args:
        block: the pair's sentence ranges.
        o: the original side's words.
        s: the suspect side's words.

    Returns:
        The swaps and edits (as model fields, without their pair index), and the counts
        behind the pair's statistics.

    Examples:
        >>> from spundetect.align import Block
        >>> from spundetect.segment import segment
        >>> def side(text):
        ...     words = [t for t in segment(text)[0].tokens if t.is_word]
        ...     return Side(words, [t.norm for t in words], {0})
        >>> ev = pair_evidence(Block((0, 1), (0, 1), 0.5), side("Two men met."), side("2 males met."))
        >>> [sw["relation"] for sw in ev.swaps], ev.equal
        (['same_synset', 'hypernym'], 1)
    """
    lex = get_lexicon()
    ops: list[Op] = _glue_compounds(diff_tokens(
        o.norms, s.norms, is_lemma=lex.is_lemma, is_gloss=lex.is_category, related=swap_affinity,
        codes=(o.codes, s.codes) if o.codes and s.codes else None,
    ), o, s)
    swaps: list[dict[str, Any]] = []
    edits: list[dict[str, Any]] = []
    equal = syn_o = syn_s = inserted = deleted = moved = verbatim = 0
    for op in ops:
        if op.tag == "equal":
            equal += op.src_end - op.src_start
            if op.src_end - op.src_start >= VERBATIM_RUN:
                verbatim += op.src_end - op.src_start
        elif op.tag == "replace":
            a0, a1, b0, b1 = op.src_start, op.src_end, op.dest_start, op.dest_end
            # one word a side (most swaps) needs no joining
            if a1 - a0 == 1:
                o_norm, o_text = o.norms[a0], o.tokens[a0].text
            else:
                o_norm, o_text = " ".join(o.norms[a0:a1]), " ".join([t.text for t in o.tokens[a0:a1]])
            if b1 - b0 == 1:
                s_norm, s_text = s.norms[b0], s.tokens[b0].text
            else:
                s_norm, s_text = " ".join(s.norms[b0:b1]), " ".join([t.text for t in s.tokens[b0:b1]])
            article = None
            if b0 > 0 and a0 > 0:
                prev = s.norms[b0 - 1]
                if prev in ("a", "an") and o.norms[a0 - 1] == prev:
                    article = prev
            ctx = _new(Context, (o_text, s_text, a0 in o.starts, b0 in s.starts, article))
            j = judge(o_norm, s_norm, ctx)
            if j.relation == "identical":
                # The same word in another form (FORMS): matched text, reported as a swap
                # but not counted as a substitution in the statistics.
                syn_o += a1 - a0
                syn_s += b1 - b0
            # A broad-thesaurus link is a spinner's kind of choice once a pair is known to
            # be derived, but too loose to show derivation itself (same-topic texts have them).
            if j.synonym and j.relation != "thesaurus":
                syn_o += a1 - a0
                syn_s += b1 - b0
            # (a dict display: the same dict, in the same order, as ``dict(...)`` with
            # keywords makes, without the call)
            swaps.append({
                "original_span": (o.tokens[a0].start, o.tokens[a1 - 1].end),
                "suspect_span": (s.tokens[b0].start, s.tokens[b1 - 1].end),
                "shape": _shape(a1 - a0, b1 - b0),
                "relation": j.relation,
                "synonym": j.synonym,
                "flagged": j.flagged,
                # the judgement's own tuple, made a list by the Swap model (a long
                # text's swap fields all exist at once: peak memory)
                "reasons": j.reasons,
                "weight": j.weight,
            })
        else:  # an insertion or a deletion; a move when its words are elsewhere in the pair
            ins = op.tag == "insert"
            size = op.dest_end - op.dest_start if ins else op.src_end - op.src_start
            moved += size if op.moved else 0
            inserted += size if ins and not op.moved else 0
            deleted += size if not ins and not op.moved else 0
            edits.append(
                dict(
                    tag="move" if op.moved else op.tag,
                    original_span=None if ins else _span(o.tokens, op.src_start, op.src_end),
                    suspect_span=_span(s.tokens, op.dest_start, op.dest_end) if ins else None,
                )
            )
    total = len(o.norms) + len(s.norms)
    share = (2 * equal + syn_o + syn_s) / total if total else 0.0
    # How much of the shorter side is matched: a sentence condensed from a longer one
    # keeps most of its words in the longer one, but its matched share stays low.
    short, kept = len(s.norms), equal + syn_s
    contained = kept / short if CONTAINED_MIN_TOKENS <= short < len(o.norms) else 0.0
    return PairEvidence(block, swaps, edits, equal, inserted, deleted, moved, share, o, s, contained,
                       verbatim)
