"""WordNet 3.0 and word frequencies: the only module that touches either.

Everything here is lazy. Importing this module does no work and imports neither NLTK
nor wordfreq; :func:`get_lexicon` loads WordNet 3.0 once per process from the lookup
table shipped in ``spundetect/_data/wordnet/table.pickle.zlib`` (no network, no
``nltk.download()``), and wordfreq is imported on the first frequency lookup.

The table holds what the lookups need from the WordNet 3.0 database shipped beside it
(``corpora/wordnet.zip``, NLTK's own layout) as NLTK's ``WordNetCorpusReader`` reads
it: the lemma index, morphy's exception lists, and per synset its lemma names, their
SemCor counts and its pointers. ``data/build_wordnet.py`` writes it from the zip with
NLTK, so the answers are NLTK's; at run time NLTK is not imported. Loading the table
takes about a tenth of what opening the zip with NLTK took.

Words and phrases can be given in any case and inflection; multiword phrases use spaces
or underscores (``"going through"``, ``"look_up"``). Every lookup is cached,
so asking the same question twice costs a dictionary lookup. Junk input (empty strings,
digits, punctuation, emoji, very long strings) gives "not found" answers, never an
exception; only a non-``str`` argument raises :class:`~spundetect.errors.InputTypeError`.

Parts of speech are WordNet's: ``'n'`` noun, ``'v'`` verb, ``'a'`` adjective (head and
satellite adjectives together; NLTK's ``'s'`` is reported as ``'a'``), ``'r'`` adverb.

Examples:
    >>> from spundetect.lexicon import get_lexicon
    >>> lex = get_lexicon()
    >>> lex.relation("car", "automobile").kind
    'same_synset'
    >>> lex.relation("friend", "pal").kind  # a pal is a buddy, a kind of friend
    'hyponym'
    >>> r = lex.relation("model", "mannequin")
    >>> (r.kind, r.pos, r.sense_rank, r.sense_count)
    ('same_synset', 'n', 8, 9)
    >>> lex.is_lemma("going through")
    True
"""

from __future__ import annotations

import functools
import gc
import itertools
import math
import pickle
import re
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from spundetect.errors import InputTypeError, ResourceError, SettingsError, describe

__all__ = ["RELATIONS", "POS_TAGS", "Relation", "Lexicon", "get_lexicon", "DATA_DIR"]

#: Relation kinds returned by :meth:`Lexicon.relation`, strongest first.
RELATIONS: tuple[str, ...] = (
    "identical",
    "same_synset",
    "similar_to",
    "hypernym",
    "hyponym",
    "co_hyponym",
    "derivation",
    "other_pos",
    "related",
    "none",
)

#: WordNet parts of speech in the order used to break ties: noun, verb, adjective, adverb.
POS_TAGS: tuple[str, ...] = ("n", "v", "a", "r")

#: Directory of the shipped WordNet: ``table.pickle.zlib`` (what :class:`Lexicon` reads),
#: ``corpora/wordnet.zip`` (the database it was built from) and ``LICENSE``.
DATA_DIR: Path = Path(__file__).resolve().parent / "_data" / "wordnet"

_TABLE_NAME = "table.pickle.zlib"
_TABLE_FORMAT = 1  # data/build_wordnet.py's TABLE_FORMAT
_MAX_CHARS = 120  # longer than any WordNet 3.0 lemma (the longest has 71 characters)
_MAX_PHRASE_TOKENS = 6  # per-word base forms are combined only for phrases this short
_CACHE_SIZE = 1 << 16
#: How many hypernym steps :meth:`Lexicon.is_category` climbs.
CATEGORY_DEPTH = 6
_STRENGTH = {kind: i for i, kind in enumerate(RELATIONS)}
_SEPARATORS = re.compile(r"[\s_]+")
_PLAIN_WORD = re.compile(r"[a-z]+")
_CLITIC = re.compile(r"[\s_]+('s|'|n't)(?=[\s_]|$)")

_Key = tuple[str, int]  # (part of speech with 's' folded into 'a', byte offset): a synset id
# Fields of a synset record in the table (see data/build_wordnet.py): NLTK's pos ('s' for
# satellites), lemma names, their SemCor counts, then synset keys as "<pos><offset>" words.
_F_NAMES, _F_COUNTS = 1, 2
_F_HYPERNYMS = 3  # hypernym, instance hypernym
_F_SIMILAR = 4  # similar to, also see, verb group (synset and lemma pointers)
_F_DERIVED = 5  # derivationally related form, pertainym (synset and lemma pointers)
_F_HEADS = 6  # a satellite's head adjectives (similar-to synset pointers)

# Morphy's suffix rules, as NLTK's WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS.
_SUBSTITUTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}  # fmt: skip
#: The endings the rules of each part of speech remove.
_ENDINGS: dict[str, tuple[str, ...]] = {pos: tuple(sorted({old for old, _ in rules})) for pos, rules in _SUBSTITUTIONS.items()}


@dataclass(frozen=True, slots=True)
class Relation:
    """How a suspect word or phrase is related in WordNet to the original it replaced.

    Attributes:
        kind: one of :data:`RELATIONS` (see :meth:`Lexicon.relation` for definitions).
        pos: WordNet part of speech (``'n'``, ``'v'``, ``'a'``, ``'r'``) of the
            original's synset taking part in the link; ``None`` for ``'none'`` and for
            ``'identical'`` strings that WordNet does not know.
        sense_rank: 1-based rank, among the original's synsets of that part of speech in
            WordNet order (most frequent sense first), of the best (lowest-ranked)
            synset taking part in the link; ``None`` when ``pos`` is ``None``.
        sense_count: number of synsets of the original in that part of speech (0 when
            ``pos`` is ``None``).
        tagged_count: SemCor tagged count (NLTK ``Lemma.count()``) of the original's
            lemma in that synset; 0 when unknown.
        first_sense_tagged: tagged count of the original's lemma in its first synset of
            that part of speech, to judge how rare the sense used is.
    """

    kind: str
    pos: str | None
    sense_rank: int | None
    sense_count: int
    tagged_count: int
    first_sense_tagged: int

    @property
    def strength(self) -> int:
        """Index of :attr:`kind` in :data:`RELATIONS` (0 is the strongest)."""
        return _STRENGTH[self.kind]


_NONE = Relation("none", None, None, 0, 0, 0)
_IDENTICAL_UNKNOWN = Relation("identical", None, None, 0, 0, 0)


def _check_str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a str, got {describe(value)}")
    return value


def _check_pos(pos: object) -> str | None:
    if pos is None:
        return None
    if pos == "s":
        return "a"
    if pos not in POS_TAGS:
        raise SettingsError(
            f"pos must be None or one of 'n', 'v', 'a', 'r' (or 's'), got {describe(pos)}"
        )
    return str(pos)


def _normalise(text: str) -> str:
    """WordNet key form: lower case, spaces/underscores as single ``_``, trimmed."""
    # Cached: the diff engine asks about the same words over and over, and the two
    # regular expressions are most of a cold lookup's cost for a word WordNet lacks.
    return _normalise_short(text) if len(text) <= 2 * _MAX_CHARS else _normalise_text(text)


def _normalise_text(text: str) -> str:
    text = text.replace("\u2019", "'").lower()
    # Tokenised text splits clitics off ("one 's mind"); WordNet writes "one's_mind".
    text = _CLITIC.sub(r"\1", text)
    return _SEPARATORS.sub("_", text).strip("_")


_normalise_short = functools.lru_cache(maxsize=_CACHE_SIZE)(_normalise_text)


def _display(name: str) -> str:
    return name.replace("_", " ")


class _Sense(NamedTuple):
    """One synset of a word in one part of speech, with the word's lemma count in it.

    A named tuple rather than a frozen dataclass: a cold lookup makes thousands, and a
    tuple is made several times faster."""

    names: tuple[str, ...]  # the synset's lemma names, WordNet's case
    counts: tuple[int, ...]  # their SemCor tagged counts
    key: _Key
    rank: int
    tagged: int  # the word's summed count in this synset


@dataclass(frozen=True, slots=True)
class _Entry:
    """Everything :meth:`Lexicon.relation` needs about one word, computed once."""

    key: str
    bases: dict[str, tuple[str, ...]]  # pos -> base forms (WordNet keys) in morphy order
    senses: dict[str, tuple[_Sense, ...]]  # pos -> synsets in WordNet order
    order: tuple[str, ...]  # parts of speech, most frequent first
    synsets: frozenset[_Key]  # all synsets, every part of speech

    @property
    def primary(self) -> str | None:
        return self.order[0] if self.order else None


class Lexicon:
    """WordNet 3.0 lookups with caches. Use :func:`get_lexicon` for the shared instance.

    Constructing one loads the WordNet table (about a tenth of a second). All methods
    are thread-safe: the table is only read, and results are kept in LRU caches.

    Args:
        data_dir: directory holding ``table.pickle.zlib``; defaults to the package's
            own :data:`DATA_DIR`.

    Raises:
        ResourceError: the WordNet table is missing or unreadable (the message names the
            path).
    """

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self._data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
        table = _load_table(self._data_dir)
        self._index: dict[str, str] = table["index"]
        self._exceptions: dict[str, dict[str, tuple[str, ...]]] = table["exceptions"]
        self._records: dict[str, dict[int, str]] = table["synsets"]
        # First words of the multiword lemmas: most phrases start with none of them, and
        # then no combination of their words' base forms needs looking up.
        self._phrase_starts = frozenset(k[: k.index("_")] for k in self._index if "_" in k)
        # The same for hyphenated lemmas ("life-threatening"), and every form that morphy's
        # exception lists map from (which may start with anything): see _may_be_phrase.
        self._hyphen_starts = frozenset(k[: k.index("-")] for k in self._index if "-" in k)
        self._exception_forms = frozenset(itertools.chain.from_iterable(self._exceptions.values()))
        self._zipf_function: Callable[[str, str], float] | None = None
        self._frequencies: dict[str, float] = {}
        cached = functools.lru_cache(maxsize=_CACHE_SIZE)
        unbounded = functools.lru_cache(maxsize=None)  # bounded by WordNet's 117,659 synsets
        self._entry = cached(self._compute_entry)
        # Phrases ask morphy about each of their words in every part of speech.
        self._morphy = cached(self._compute_morphy)
        self._options = cached(self._compute_options)
        self._relation = cached(self._compute_relation)
        self._around = cached(self._compute_around)
        self._lemmas = cached(self._compute_lemmas)
        self._synonyms = cached(self._compute_synonyms)
        self._nearby = cached(self._compute_nearby)
        self._zipf = cached(self._compute_zipf)
        self._similar = unbounded(self._compute_similar)
        self._parents = unbounded(self._compute_parents)
        self._up2 = unbounded(self._compute_up2)
        self._derived = unbounded(self._compute_derived)
        self._hypernyms = unbounded(self._compute_hypernyms)
        self._category = cached(self._compute_category)
        self._compounds = cached(self._compute_compounds)
        self._compound_index: dict[str, list[str]] | None = None

    # ------------------------------------------------------------------ public API

    def is_category(self, word: str, head: str) -> bool:
        """Return whether ``head`` names a category that ``word`` belongs to.

        True when ``head`` is a lemma of a noun hypernym (up to :data:`CATEGORY_DEPTH`
        steps, instance hypernyms included) of some noun sense of ``word``. Thesauri
        gloss a word with its category, and spinners paste the gloss in whole:
        "Chinese" -> "Chinese language", "Sony" -> "Sony company".

        Examples:
            >>> get_lexicon().is_category("Chinese", "language")
            True
        """
        word = _check_str(word, "word")
        head = _check_str(head, "head")
        return self._category(_normalise(word), _normalise(head))


    def relation(self, original: str, suspect: str) -> Relation:
        """Return the strongest WordNet link from ``original`` to ``suspect``.

        Both are words or multiword phrases in any case and inflection; each is reduced
        to its base forms with morphy in every part of speech (phrases also word by
        word, so "going through" finds "go_through"). Let *primary* be the original's
        most frequent part of speech (that of the first pair of :meth:`lemmas`). Each
        synset *S* of the original, in every part of speech, is tested against all
        synsets of the suspect (every part of speech) for these links, in this order:

        1. same synset: the suspect's synsets include *S* (the suspect is one of its
           lemmas);
        2. similar to: *S* and a suspect synset are linked, in either direction, by a
           similar-to, also-see or verb-group pointer (synset or lemma pointer);
        3. hypernym: a suspect synset is a hypernym or instance hypernym of *S*, one or
           two steps up;
        4. hyponym: *S* is a hypernym or instance hypernym of a suspect synset, one or
           two steps up from it;
        5. co-hyponym: *S* and a suspect synset share a direct hypernym or instance
           hypernym (for satellite adjectives the head adjective they are similar to
           counts as their hypernym).

        The first link that holds gives *S* the kind of the same name if *S* is in the
        primary part of speech, and ``other_pos`` otherwise. If none holds, *S* gets
        ``derivation`` when some lemma of *S* and some lemma of a suspect synset (any
        part of speech) are linked, in either direction, by a derivationally related
        form or pertainym pointer ("decision" -> "decide", "nation" -> "national").
        Failing that, *S* gets ``related`` when the two are two steps apart: similar to
        one head adjective, a derived form of one similar to the other, or sharing a
        grandparent ("creative" -> "innovative").
        The result is the strongest kind over all *S* in :data:`RELATIONS` order; within
        a kind (and, for ``other_pos``, the strongest inner link first) the lowest
        ``sense_rank`` wins, then the primary part of speech, then the higher tagged
        count. Two shortcuts come first: ``identical`` when the normalised strings are
        equal or share a base form in some part of speech ("run"/"ran": ``pos`` is that
        part of speech, ``sense_rank`` 1), and ``none`` when WordNet lacks either side.

        Examples: "model" -> "mannequin" is ``same_synset`` with rank 8 of 9 (a rare
        sense, tagged count 0); "lower" (mostly the adjective "low") -> "frown", a
        synonym of the verb "lower" only, is ``other_pos``.

        Args:
            original: the word or phrase in the original text.
            suspect: the word or phrase that replaced it.

        Returns:
            The :class:`Relation`; ``Relation.kind == "none"`` when nothing links them.

        Raises:
            InputTypeError: an argument is not a ``str``.
        """
        first = _normalise(_check_str(original, "original"))
        second = _normalise(_check_str(suspect, "suspect"))
        if len(first) > _MAX_CHARS or len(second) > _MAX_CHARS:  # not cached: no lemma is that long
            return _IDENTICAL_UNKNOWN if first == second else _NONE
        return self._relation(first, second)

    def lemmas(self, word: str) -> list[tuple[str, str]]:
        """Return the WordNet base forms of ``word`` in every part of speech.

        Args:
            word: a word or phrase, any case or inflection.

        Returns:
            ``(lemma, pos)`` pairs, lemma in lower case with spaces between words
            (``("go through", "v")``), most frequent first: by the summed SemCor tagged
            counts of the lemma over its synsets in that part of speech, then by number
            of synsets, then noun, verb, adjective, adverb. Empty if WordNet lacks it.

        Raises:
            InputTypeError: ``word`` is not a ``str``.
        """
        key = _normalise(_check_str(word, "word"))
        return list(self._lemmas(key)) if len(key) <= _MAX_CHARS else []

    def is_lemma(self, phrase: str) -> bool:
        """Return whether ``phrase`` is (an inflection of) a WordNet lemma.

        Args:
            phrase: a word or multiword phrase with spaces or underscores, any case or
                inflection ("Looked up" -> ``look_up``, "going through" ->
                ``go_through``). WordNet 3.0 has no "Chinese language" (the language
                is the noun "Chinese"), so that phrase gives False.

        Returns:
            True if some part of speech has a base form of it in WordNet.

        Raises:
            InputTypeError: ``phrase`` is not a ``str``.
        """
        phrase = _check_str(phrase, "phrase")
        return bool(self._lookup(phrase).synsets)

    def may_be_lemma(self, phrase: str) -> bool:
        """Return False only when no look-up of ``phrase`` can find a WordNet synset.

        A cheap test for callers that ask about many candidate phrases: a single word is
        always worth looking up; a phrase only when some spelling of it can be a lemma (see
        :meth:`_may_be_phrase`). True does not promise a lemma.

        Raises:
            InputTypeError: ``phrase`` is not a ``str``.
        """
        key = _normalise(_check_str(phrase, "phrase"))
        if len(key) > _MAX_CHARS:
            return False
        return "_" not in key or self._may_be_phrase(key)

    def is_known(self, word: str) -> bool:
        """Return whether ``word`` is a known English word or phrase.

        Known means in WordNet (any part of speech, after morphy) or
        ``wordfreq.zipf_frequency(word, "en") >= 1.0`` (about once per 100 million
        words). Numbers, frequent emoji and names are therefore known, and so are some
        frequent misspellings: "remoted" has Zipf 1.24 in wordfreq 3.1.

        Args:
            word: a word or phrase.

        Returns:
            True if WordNet or wordfreq knows it.

        Raises:
            InputTypeError: ``word`` is not a ``str``.
        """
        word = _check_str(word, "word")
        return self.is_lemma(word) or self.zipf(word) >= 1.0

    def zipf(self, word: str) -> float:
        """Return ``wordfreq.zipf_frequency(word, "en")``, cached.

        The Zipf scale is log10 of frequency per billion words: 7 for "the", about 3
        for "mannequin", 0 for unseen strings. wordfreq is imported on first use.

        Args:
            word: a word or phrase (wordfreq tokenises phrases and combines them).

        Returns:
            The Zipf frequency, 0.0 for empty or unusable strings.

        Raises:
            InputTypeError: ``word`` is not a ``str``.
        """
        word = _check_str(word, "word")
        if len(word) > 10 * _MAX_CHARS:  # not cached
            return 0.0
        return self._zipf(word)

    def synonyms(self, word: str, pos: str | None = None) -> list[str]:
        """Return every lemma of every synset of ``word``, as a naive spinner would.

        No sense disambiguation: all synsets of all base forms of ``word`` (in ``pos``
        only, if given) are used, in WordNet order (synset order, then lemma order
        within a synset). Underscores become spaces; WordNet's capitalisation is kept.
        The word itself and its base forms are left out, and duplicates (compared
        without case) are kept once, first place.

        Args:
            word: a word or phrase, any case or inflection.
            pos: ``'n'``, ``'v'``, ``'a'`` (``'s'`` is accepted as ``'a'``), ``'r'`` or
                None for all parts of speech.

        Returns:
            The synonyms, possibly empty.

        Raises:
            InputTypeError: ``word`` is not a ``str``.
            SettingsError: ``pos`` is not one of the allowed values.
        """
        key = _normalise(_check_str(word, "word"))
        checked = _check_pos(pos)
        return list(self._synonyms(key, checked)) if len(key) <= _MAX_CHARS else []

    def nearby(self, word: str) -> list[str]:
        """Return the lemmas one WordNet step from ``word`` that are not its synonyms.

        The steps: a direct hypernym or instance hypernym of a synset of ``word`` (the
        more general word: "sack" -> "bag", "carcinoma" -> "cancer"), and, for
        adjectives, a synset it is similar to, its head adjective, an also-see or verb
        group link ("noteworthy" -> "significant", "shared" -> "mutual"). No sense
        disambiguation, as :meth:`synonyms`; every base form of ``word``, every part of
        speech. Order: synsets in WordNet order, then lemma order; duplicates (without
        case), the word, its base forms and its synonyms are left out.

        Args:
            word: a word or phrase, any case or inflection.

        Returns:
            The lemmas, possibly empty.

        Raises:
            InputTypeError: ``word`` is not a ``str``.

        Examples:
            >>> "bag" in get_lexicon().nearby("sack")
            True
            >>> "bag" in get_lexicon().synonyms("sack")
            False
        """
        key = _normalise(_check_str(word, "word"))
        return list(self._nearby(key)) if len(key) <= _MAX_CHARS else []

    def senses(self, word: str, pos: str | None = None) -> int:
        """Return the number of WordNet synsets of ``word`` (of all its base forms).

        Args:
            word: a word or phrase, any case or inflection.
            pos: restrict to one part of speech (as in :meth:`synonyms`), or None.

        Returns:
            The number of distinct synsets; 0 if WordNet lacks the word.

        Raises:
            InputTypeError: ``word`` is not a ``str``.
            SettingsError: ``pos`` is not one of the allowed values.
        """
        word = _check_str(word, "word")
        checked = _check_pos(pos)
        entry = self._lookup(word)
        if checked is None:
            return len(entry.synsets)
        return len(entry.senses.get(checked, ()))

    def irregular_bases(self, form: str, pos: str = "n") -> tuple[str, ...]:
        """Return the base forms morphy's exception list gives an irregular ``form``.

        Args:
            form: a lower-case word form (``"mice"``, ``"analyses"``).
            pos: the part of speech whose exception list is read (default nouns).

        Returns:
            The base forms (``("mouse",)``), empty when ``form`` is not listed.

        Raises:
            SettingsError: ``pos`` is not one of the allowed values.

        Examples:
            >>> get_lexicon().irregular_bases("criteria")
            ('criterion',)
        """
        checked = _check_pos(pos) or "n"
        return self._exceptions[checked].get(form, ())

    def multiword_lemmas(self) -> list[str]:
        """Return every multiword lemma of WordNet, lower case with spaces, sorted.

        Examples:
            >>> "artificial intelligence" in get_lexicon().multiword_lemmas()
            True
        """
        return sorted(_display(k) for k in self._index if "_" in k)

    def compounds(self, word: str) -> list[str]:
        """Return the two-word WordNet lemmas that end in ``word`` and name a kind of it.

        "campaign" -> "political campaign", "advertising campaign": the expansions a
        spinner dictionary offers for a noun (the substitute contains the original word).
        Only compounds that WordNet links to the word as a synonym or a more specific
        word are kept, most frequent (wordfreq) first; lower-case lemmas only.

        Args:
            word: a single word, any case (inflected forms are not looked up).

        Returns:
            The compounds with a space between the words, possibly empty.

        Raises:
            InputTypeError: ``word`` is not a ``str``.

        Examples:
            >>> "political campaign" in get_lexicon().compounds("campaign")
            True
        """
        key = _normalise(_check_str(word, "word"))
        if not _PLAIN_WORD.fullmatch(key):
            return []
        return list(self._compounds(key))

    def _compute_compounds(self, key: str) -> tuple[str, ...]:
        if self._compound_index is None:
            # Built once, on the first question: the last word of every two-word lemma.
            index: dict[str, list[str]] = {}
            for lemma in self._index:
                first, _, last = lemma.partition("_")
                if last and _PLAIN_WORD.fullmatch(first) and _PLAIN_WORD.fullmatch(last):
                    index.setdefault(last, []).append(f"{first} {last}")
            self._compound_index = index
        found = [
            c for c in self._compound_index.get(key, ())
            if self.relation(key, c).kind in ("same_synset", "hyponym")
        ]
        found.sort(key=lambda c: (-self.zipf(c), c))
        return tuple(found)

    def cache_info(self) -> dict[str, Any]:
        """Return ``functools`` cache statistics per cache, for profiling."""
        return {
            "relation": self._relation.cache_info(),
            "around": self._around.cache_info(),
            "entry": self._entry.cache_info(),
            "lemmas": self._lemmas.cache_info(),
            "synonyms": self._synonyms.cache_info(),
            "zipf": self._zipf.cache_info(),
        }

    # ------------------------------------------------------------------ word entries

    def _compute_morphy(self, form: str, pos: str) -> tuple[str, ...]:
        """NLTK's ``WordNetCorpusReader._morphy``: ``form`` and its exception-list bases or
        suffix-rule bases, those that are lemmas in ``pos``, in that order, once each."""
        exceptions = self._exceptions[pos]
        if form in exceptions:
            forms = [form, *exceptions[form]]
        elif form.endswith(_ENDINGS[pos]):
            forms = [form]
            forms += [form[: -len(old)] + new for old, new in _SUBSTITUTIONS[pos] if form.endswith(old)]
        else:  # no rule applies (one C call instead of a test per rule: most words)
            forms = [form]
        index = self._index
        found: list[str] = []
        for candidate in forms:
            by_pos = index.get(candidate)
            # by_pos is "n<offsets>;v<offsets>": pos letters and digits only
            if by_pos is not None and pos in by_pos and candidate not in found:
                found.append(candidate)
        return tuple(found)

    def _offsets(self, form: str, pos: str) -> tuple[int, ...]:
        """Synset offsets of lemma ``form`` in ``pos``, WordNet's sense order."""
        for part in self._index.get(form, "").split(";"):
            if part[:1] == pos:
                return tuple(map(int, part[1:].split(",")))
        return ()

    def _compute_options(self, token: str, pos: str) -> tuple[str, ...]:
        """A phrase word and up to three of its base forms (``pos`` first, then all)."""
        options = [token]
        for base in itertools.chain.from_iterable(self._morphy(token, p) for p in (pos, *POS_TAGS)):
            if base not in options:
                options.append(base)
        return tuple(options[:4])

    def _base_forms(self, key: str, pos: str) -> tuple[str, ...]:
        """Base forms of ``key`` (WordNet key form) in ``pos``, morphy order."""
        index = self._index
        forms = list(self._morphy(key, pos))
        if "_" in key:
            tokens = key.split("_")
            if len(tokens) <= _MAX_PHRASE_TOKENS:
                choices = [self._options(tokens[0], pos)]
                if self._phrase_starts.isdisjoint(choices[0]):
                    return tuple(forms)  # no multiword lemma starts with these
                choices += [self._options(token, pos) for token in tokens[1:]]
                for combo in itertools.islice(itertools.product(*choices), 256):
                    candidate = "_".join(combo)
                    if candidate not in forms and pos in index.get(candidate, ""):
                        forms.append(candidate)
        return tuple(forms)

    def _lookup(self, text: str) -> _Entry:
        """The cached :class:`_Entry` of ``text``; over-long strings are not cached."""
        key = _normalise(text)
        if len(key) > _MAX_CHARS:
            return _Entry(key, {}, {}, (), frozenset())
        return self._entry(key)

    def _compute_entry(self, key: str) -> _Entry:
        if "_" in key and not self._may_be_phrase(key):
            return _Entry(key, {}, {}, (), frozenset())
        entry = self._compute_plain_entry(key)
        if not entry.synsets and "_" in key and len(key.split("_")) <= 3:
            # Tokenised text splits hyphenated compounds ("life threatening"); WordNet
            # writes them with the hyphen ("life-threatening").
            hyphenated = self._compute_plain_entry(key.replace("_", "-"))
            if hyphenated.synsets:
                return hyphenated
        return entry

    def _may_be_phrase(self, key: str) -> bool:
        """False when no spelling of the phrase ``key`` can be a WordNet lemma.

        The diff engine asks about many phrases that are not lemmas ("more_and", "lots_more"
        in a long changed region). Morphy only changes the end of a phrase, so a lemma found
        from it starts with the same word, or with a base form of it when the words are
        looked up one by one, or (hyphenated) with the same letters up to the first hyphen;
        only the exception lists map a form to something else. This reads a few sets where
        the full look-up runs morphy on the phrase, its words and its hyphenated spelling in
        four parts of speech.
        """
        first = key[: key.index("_")]
        starts = self._phrase_starts
        if first in starts or first.split("-", 1)[0] in self._hyphen_starts:
            return True
        if key in self._exception_forms or key.replace("_", "-") in self._exception_forms:
            return True
        return any(not starts.isdisjoint(self._morphy(first, pos)) for pos in POS_TAGS)

    def _compute_plain_entry(self, key: str) -> _Entry:
        bases: dict[str, tuple[str, ...]] = {}
        senses: dict[str, tuple[_Sense, ...]] = {}
        totals: dict[str, tuple[int, int, int]] = {}
        if key:
            for pos_index, pos in enumerate(POS_TAGS):
                forms = self._base_forms(key, pos)
                if not forms:
                    continue
                records = self._records[pos]
                seen: set[int] = set()
                found: list[_Sense] = []
                for form in forms:
                    for offset in self._offsets(form, pos):
                        if offset in seen:
                            continue
                        seen.add(offset)
                        # Only the names and counts: the link fields are split when needed.
                        _, names_text, counts_text, _ = records[offset].split("|", 3)
                        names = tuple(names_text.split(" "))
                        if counts_text:
                            counts = tuple(map(int, counts_text.split()))
                            count = sum(c for name, c in zip(names, counts) if c and name.lower() in forms)
                        else:  # no tagged use of any lemma (most synsets)
                            counts, count = (0,) * len(names), 0
                        found.append(_Sense(names, counts, (pos, offset), len(found) + 1, count))
                if found:
                    bases[pos] = forms
                    senses[pos] = tuple(found)
                    totals[pos] = (-sum(s.tagged for s in found), -len(found), pos_index)
        order = tuple(sorted(totals, key=totals.__getitem__))
        everything = frozenset(s.key for group in senses.values() for s in group)
        return _Entry(key, bases, senses, order, everything)

    def _compute_lemmas(self, key: str) -> tuple[tuple[str, str], ...]:
        entry = self._entry(key)
        scored: list[tuple[int, int, int, int, str, str]] = []
        for pos_index, pos in enumerate(POS_TAGS):
            for form_index, form in enumerate(entry.bases.get(pos, ())):
                count = 0
                n_synsets = 0
                for sense in entry.senses[pos]:
                    counts = [c for name, c in zip(sense.names, sense.counts) if name.lower() == form]
                    if counts:
                        n_synsets += 1
                        count += sum(counts)
                if n_synsets:
                    scored.append((-count, -n_synsets, pos_index, form_index, form, pos))
        scored.sort()
        return tuple((_display(form), pos) for *_, form, pos in scored)

    def _compute_synonyms(self, key: str, pos: str | None) -> tuple[str, ...]:
        entry = self._entry(key)
        excluded = {key}
        for forms in entry.bases.values():
            excluded.update(forms)
        result: list[str] = []
        for p in POS_TAGS if pos is None else (pos,):
            for sense in entry.senses.get(p, ()):
                for name in sense.names:
                    folded = name.lower()
                    if folded not in excluded:
                        excluded.add(folded)
                        result.append(_display(name))
        return tuple(result)

    def _compute_nearby(self, key: str) -> tuple[str, ...]:
        entry = self._entry(key)
        own = set(itertools.chain.from_iterable(entry.bases.values())) | {key}  # the word's forms
        excluded = set(own)
        excluded.update(name.lower() for group in entry.senses.values() for sense in group for name in sense.names)
        result: list[str] = []
        for pos in POS_TAGS:
            for sense in entry.senses.get(pos, ()):
                steps = self._parents(sense.key) | self._similar(sense.key)
                for other in sorted(steps):  # synset ids: (part of speech, offset)
                    for name in self._record(other)[_F_NAMES].split(" "):
                        folded = name.lower()
                        if folded in excluded:
                            continue
                        excluded.add(folded)
                        # another form of the word itself ("forecasting" for "forecast")
                        if not own.isdisjoint(itertools.chain.from_iterable(self._entry(folded).bases.values())):
                            continue
                        result.append(_display(name))
        return tuple(result)

    def _compute_zipf(self, word: str) -> float:
        if self._zipf_function is None:
            try:
                from wordfreq import get_frequency_dict, zipf_frequency
            except ImportError as exc:  # pragma: no cover - wordfreq is a dependency
                raise ResourceError(f"wordfreq cannot be imported: {exc}") from exc
            # The table zipf_frequency(word, "en") reads (same arguments, so the same
            # cached dict: no second copy).
            self._frequencies = get_frequency_dict("en", "best")
            self._zipf_function = zipf_frequency
        if _PLAIN_WORD.fullmatch(word):
            # Most words asked about: wordfreq's tokenizer keeps them whole, so its answer
            # is one look-up and the arithmetic below (a tenth of its time; a test checks
            # that the two agree).
            return _plain_zipf(self._frequencies, word)
        if not word.strip():
            return 0.0
        try:
            return float(self._zipf_function(word, "en"))
        except Exception:  # noqa: BLE001 - junk input must not raise
            return 0.0

    # ------------------------------------------------------------------ synset links
    #
    # Links are read from the synset records of the table (see data/build_wordnet.py) and
    # compared as (pos, offset) keys; a record is split only when its links are needed.

    def _record(self, key: _Key) -> list[str]:
        return self._records[key[0]][key[1]].split("|")

    def _links(self, key: _Key, field: int) -> set[_Key]:
        return {(word[0], int(word[1:])) for word in self._record(key)[field].split()}

    def _compute_similar(self, key: _Key) -> frozenset[_Key]:
        return frozenset(self._links(key, _F_SIMILAR))

    def _compute_parents(self, key: _Key) -> frozenset[_Key]:
        # A satellite's head adjective plays the hypernym (the field is empty otherwise).
        return frozenset(self._links(key, _F_HYPERNYMS) | self._links(key, _F_HEADS))

    def _compute_hypernyms(self, key: _Key) -> frozenset[_Key]:
        return frozenset(self._links(key, _F_HYPERNYMS))

    def _compute_up2(self, key: _Key) -> frozenset[_Key]:
        one = self._hypernyms(key)
        return one.union(*(self._hypernyms(parent) for parent in one))

    def _compute_category(self, word: str, head: str) -> bool:
        if not word or not head or word == head or len(word) > _MAX_CHARS:
            return False
        heads = {k for k in self._lookup(head).synsets if k[0] == "n"}
        if not heads:
            return False
        frontier = {k for k in self._lookup(word).synsets if k[0] == "n"}
        seen: set[_Key] = set()
        for _ in range(CATEGORY_DEPTH):
            frontier = {p for k in frontier for p in self._hypernyms(k)} - seen
            if not frontier.isdisjoint(heads):
                return True
            seen |= frontier
        return False

    def _compute_derived(self, key: _Key) -> frozenset[_Key]:
        return frozenset(self._links(key, _F_DERIVED))

    def _compute_around(self, key: str) -> tuple[frozenset[_Key], ...]:
        # A word's neighbourhood: the unions over its synsets, shared by every relation
        # that asks about the word, on either side.
        others = self._entry(key).synsets
        return (
            self._union(self._similar, others),
            self._union(self._up2, others),
            self._union(self._parents, others),
            self._union(self._derived, others),
        )

    def _union(self, function: Callable[[_Key], frozenset[_Key]], keys: frozenset[_Key]) -> frozenset[_Key]:
        return frozenset().union(*(function(key) for key in keys))

    def _compute_relation(self, original: str, suspect: str) -> Relation:
        first = self._entry(original)
        if original == suspect:
            return self._make("identical", first, first.primary, 1)
        second = self._entry(suspect)
        if not first.synsets or not second.synsets:
            return _NONE
        shared = [p for p in first.order if set(first.bases[p]) & set(second.bases.get(p, ()))]
        if shared:
            return self._make("identical", first, shared[0], 1)

        primary = first.order[0]
        others = second.synsets
        for sense in first.senses[primary]:  # the strongest kind: settle it cheaply first
            if sense.key in others:
                return self._make("same_synset", first, primary, sense.rank)

        similar_s, up2_s, parents_s, derived_s = self._around(suspect)
        # Most pairs of words are not linked at all (the diff engine weighs every pairing in
        # a changed region). Each test of the loop below asks whether one set of a sense
        # meets one set of the suspect; over all senses, that is whether the union meets
        # it, and the original's unions are cached like the suspect's: twelve set tests
        # settle "none" without the loop.
        similar_o, up2_o, parents_o, derived_o = self._around(original)
        senses_o = first.synsets
        if (
            senses_o.isdisjoint(others) and senses_o.isdisjoint(similar_s)
            and senses_o.isdisjoint(up2_s) and senses_o.isdisjoint(derived_s)
            and similar_o.isdisjoint(others) and similar_o.isdisjoint(similar_s)
            and similar_o.isdisjoint(derived_s)
            and up2_o.isdisjoint(others) and up2_o.isdisjoint(up2_s)
            and parents_o.isdisjoint(parents_s)
            and derived_o.isdisjoint(others) and derived_o.isdisjoint(similar_s)
        ):
            return _NONE

        best: tuple[tuple[int, ...], str, str, _Sense] | None = None
        for pos_order, pos in enumerate(first.order):
            for sense in first.senses[pos]:
                key = sense.key
                link: str | None = None
                if key in others:
                    link = "same_synset"
                elif key in similar_s or not self._similar(key).isdisjoint(others):
                    link = "similar_to"
                elif not self._up2(key).isdisjoint(others):
                    link = "hypernym"
                elif key in up2_s:
                    link = "hyponym"
                elif not self._parents(key).isdisjoint(parents_s):
                    link = "co_hyponym"
                inner = 0
                if link is not None:
                    if pos == primary:
                        kind = link
                    else:
                        kind, inner = "other_pos", _STRENGTH[link]
                elif key in derived_s or not self._derived(key).isdisjoint(others):
                    kind = "derivation"
                elif (
                    not self._similar(key).isdisjoint(similar_s)
                    or not self._derived(key).isdisjoint(similar_s)
                    or not self._similar(key).isdisjoint(derived_s)
                    or not self._up2(key).isdisjoint(up2_s)
                ):
                    # Two steps apart: both similar to one head adjective, a derived form's
                    # near-synonym, or cousins under a common grandparent.
                    kind = "related"
                else:
                    continue
                rank_key = (_STRENGTH[kind], inner, sense.rank, pos_order, -sense.tagged)
                if best is None or rank_key < best[0]:
                    best = (rank_key, kind, pos, sense)
        if best is None:
            return _NONE
        _, kind, pos, sense = best
        return self._make(kind, first, pos, sense.rank)

    def _make(self, kind: str, entry: _Entry, pos: str | None, rank: int) -> Relation:
        if pos is None or pos not in entry.senses:
            return Relation(kind, None, None, 0, 0, 0)
        senses = entry.senses[pos]
        return Relation(kind, pos, rank, len(senses), senses[rank - 1].tagged, senses[0].tagged)


def _plain_zipf(frequencies: dict[str, float], word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")`` (wordfreq 3.1) for a word of ASCII lower-case
    letters, which wordfreq's English tokenizer keeps as one token: the same steps on the
    same table (``_word_frequency`` with ``minimum=zipf_to_freq(0)``, then the Zipf scale
    rounded to two decimals)."""
    minimum = 1e-9  # wordfreq.zipf_to_freq(0.0)
    freq = frequencies.get(word)
    if freq is None:
        value = minimum
    else:
        value = max(1.0 / (0.0 + 1.0 / freq), minimum)
        value = round(value, math.floor(-math.log(value, 10)) + 3)  # 3 significant digits
    return round(math.log(value, 10) + 9, 2)


# ---------------------------------------------------------------------- loading


def _load_table(data_dir: Path) -> dict[str, Any]:
    """Read the shipped WordNet table; see :class:`Lexicon` for errors."""
    path = data_dir / _TABLE_NAME
    if not path.is_file():
        raise ResourceError(
            f"WordNet data not found at {path}; the spundetect installation is "
            "incomplete (rebuild it with data/build_wordnet.py from a source checkout)"
        )
    gc_was_enabled = gc.isenabled()
    gc.disable()  # ~550k strings: cyclic GC passes would double the load time
    try:
        # Our own file, shipped in the package beside this module: as trusted as the code.
        table = pickle.loads(zlib.decompress(path.read_bytes()))  # noqa: S301
        if not isinstance(table, dict) or table.get("format") != _TABLE_FORMAT:
            raise ValueError(f"not a WordNet table of format {_TABLE_FORMAT}")
    except Exception as exc:  # noqa: BLE001 - OSError, zlib.error, UnpicklingError...
        detail = f"{type(exc).__name__}: {str(exc).strip()[:300]}"
        raise ResourceError(f"WordNet data at {path} cannot be read: {detail}") from exc
    finally:
        if gc_was_enabled:
            gc.enable()
    return table


_INSTANCE: Lexicon | None = None
_INSTANCE_LOCK = threading.Lock()


def get_lexicon() -> Lexicon:
    """Return the process-wide :class:`Lexicon`, loading WordNet on the first call.

    Thread-safe: concurrent first calls load once and all get the same instance.

    Returns:
        The shared :class:`Lexicon`.

    Raises:
        ResourceError: the shipped WordNet data is missing or unreadable.
    """
    global _INSTANCE
    lexicon = _INSTANCE
    if lexicon is None:
        with _INSTANCE_LOCK:
            if _INSTANCE is None:
                _INSTANCE = Lexicon()
            lexicon = _INSTANCE
    return lexicon
