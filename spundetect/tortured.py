"""Tortured phrases: established terms whose words were each swapped for a synonym.

Paper mills and article spinners write "counterfeit consciousness" for "artificial
intelligence" and "irregular timberland" for "random forest". This module finds such
phrases in a text on its own, with no original to compare with, in two ways:

* **Known phrases**: the Problematic Paper Screener's list (Cabanac, Labbé, Magazinov;
  CC BY 4.0), shipped in ``_data/tortured/pps.tsv`` (see its README). Text and phrases are
  cut into word tokens and each token is reduced to a *key* (look-alike letters folded, lower
  case, plural and third-person endings and WordNet's irregular forms undone), so that a
  phrase is found in any case or inflection, across hyphens, line breaks and extra
  whitespace, and across a word hyphenated at a line end. An index keyed on the first two
  keys gives the few phrases to try at each token: no regular expression per phrase.
* **New phrases**: a run of two to four words that is not itself an established term, but
  becomes one when its changed words are replaced by words they are synonyms of. The
  established terms are the known list's expected terms (and their runs of two or more
  words) and WordNet's multiword lemmas; the synonym links are those a spinner uses: the
  word substitutions of the known list itself ("organization" for "network"), and WordNet
  synonyms (for the list's terms only); two words may stand for one word of the term
  (:func:`unit_matches`: "recognizable proof" for "identification"). Each such candidate
  is scored by a logistic model fitted on held-out pairs of the list against ordinary
  prose (:data:`SCORE_COEFS`). Near
  a known phrase a candidate needs a lower score (:func:`supported_matches`: paper-mill
  texts hold many tortured phrases). See :func:`new_matches` for the rules and
  ``docs/inspect.md`` for what they find and miss.

Everything loads on first use and is kept for the process. The index of the list and of
WordNet's multiword lemmas is precomputed by ``data/build_tortured.py`` and shipped beside
the list (``_data/tortured/index.tsv``); loading it is a file read and a split, and the
terms starting with a word are parsed only when a text holds that word.

Examples:
    >>> from spundetect.tortured import find_tortured
    >>> [(m.term, m.known) for m in find_tortured("We use Counterfeit Consciousnesses.")]
    [('artificial intelligence', True)]
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import itertools
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from operator import is_not, itemgetter, mul
from typing import TYPE_CHECKING, NamedTuple

from spundetect.errors import ResourceError
from spundetect.models import Tell
from spundetect.tells import INVISIBLE, fold
from spundetect.wordlists import FUNCTION_WORDS

if TYPE_CHECKING:
    from spundetect.lexicon import Lexicon

__all__ = [
    "CODE",
    "tortured_tells",
    "build_phrases",
    "new_matches",
    "Token",
    "Match",
    "Phrases",
    "tokens",
    "word_key",
    "get_phrases",
    "load_index",
    "index_text",
    "find_tortured",
    "known_matches",
    "ordinary_phrases",
    "virtual_runs",
    "supported_matches",
    "gloss_counts",
    "unit_matches",
]

#: The tell code of a tortured phrase.
CODE = "tortured_phrase"
#: Longest known phrase, in words (the list's longest has 9).
MAX_WORDS = 12
#: Longest new phrase looked for, in words.
MAX_NEW_WORDS = 4

# Word tokens: letters and digits (an underscore or a hyphen separates words, as in the
# list, where "man-made" and "man made" are the same phrase). Zero-width characters hidden
# inside a word stay inside it (word_key drops them), so that they cannot hide a phrase.
_TOKEN = re.compile(r"[^\W_]+(?:[" + INVISIBLE + r"]+[^\W_]+)*")
# The same, as the one group of a split: the words at the odd places, the gaps between.
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# A word broken at a line end by a hyphen: "acknowl-\nedgement".
_LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n\s*")


class Token(NamedTuple):
    """One word token: its key and its character span in the text (a named tuple: a text
    makes one per word, and a tuple is made several times faster than a frozen dataclass)."""

    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Match:
    """A tortured phrase found in a text.

    Attributes:
        start: offset of its first character.
        end: offset after its last character.
        term: the established term it stands for.
        known: ``True`` for a phrase of the shipped list, ``False`` for a new one.
        score: for a new phrase, its score (see :func:`new_matches`); 0 for a known one.
        features: for a new phrase, the values of :data:`FEATURES` it was scored on (of
            :data:`VIRTUAL_FEATURES` for a virtual one).
        virtual: a new phrase whose term is not established: ``term`` is the run of the
            words its words stand for (see :func:`new_matches`).
        supported: a new phrase reported because a known one is near
            (:func:`supported_matches`): its score reached its threshold less
            :data:`SUPPORT_BONUS` only.
    """

    start: int
    end: int
    term: str
    known: bool
    score: float = 0.0
    features: tuple[float, ...] = ()
    virtual: bool = False
    supported: bool = False


@lru_cache(maxsize=1 << 17)  # a text repeats its words; a key costs a WordNet look-up
def word_key(word: str) -> str:
    """The form a word is matched by: folded, lower case, inflection undone.

    Plural and third-person endings are undone by rule (``consciousnesses`` ->
    ``consciousness``, ``studies`` -> ``study``; a final ``e``, ``es`` or ``is`` is dropped,
    so that ``analysis`` and ``analyses`` meet), irregular forms by WordNet's exception
    lists (``criteria`` -> ``criterion``). The same function reduces the phrases of the list
    and the words of the text, so that a crude rule is harmless: it only has to give an
    inflected form and its base the same key.

    Examples:
        >>> word_key("Consciousnesses"), word_key("studies"), word_key("criteria")
        ('consciousness', 'study', 'criterion')
        >>> word_key("Helsinki") == word_key("helsinkis"), word_key("Β") == word_key("β")
        (True, True)
    """
    # Look-alike letters are folded in a word that has Latin letters (a disguised Latin
    # word); a word of another script is only lower-cased, so that its capitals and small
    # letters meet ("Β" and "β": only the capital looks like a Latin letter).
    w = fold(word).lower() if _LATIN_LETTER.search(word) else fold(word.lower())
    w = _irregular(w) or w
    if not w.isalpha():
        return w
    # A key need not be a word; an inflected form and its base must meet: "dyes" -> "dye"
    # -> "dy"; "studies" -> "studie" -> "study"; "analyses" -> "analyse" -> "analys" <-
    # "analyse" <- "analysis".
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("ie"):
        w = w[:-2] + "y"
    elif len(w) > 4 and w.endswith("is"):
        w = w[:-2] + "e"
    elif len(w) > 3 and w.endswith("i"):
        # A word in -i takes the key of its plural in -is, which the rule above cannot
        # tell from a singular like "analysis": "Helsinki" and "Helsinkis" meet.
        w = w[:-1] + "e"
    if len(w) > 2 and w.endswith("e"):
        w = w[:-1]
    return w


def _irregular(word: str) -> str:
    from spundetect.lexicon import get_lexicon

    bases = get_lexicon().irregular_bases(word, "n")
    return bases[0] if bases and bases[0] != word else ""


def _tokens(text: str, phrases: Phrases | None = None) -> list[Token]:
    """Word tokens of ``text``; a word hyphenated at a line end is joined into one token
    when the joined word is a word of ``phrases`` (else the two parts stay two words)."""
    # The words and their offsets from one split (the same places as ``_TOKEN.finditer``),
    # made into tokens by C loops: no match object and no Python call per word
    # (tuple.__new__ directly: a named tuple's own constructor is a Python-level call).
    parts = _token_split(text).split(text)
    bases = list(itertools.accumulate(map(len, parts), initial=0))
    out: list[Token] = list(map(tuple.__new__, itertools.repeat(Token),
                                zip(map(word_key, parts[1::2]), bases[1::2], bases[2::2])))
    # Only a hyphen at a line end can join two tokens: most texts have none, and the
    # walk over every gap is then saved.
    if phrases is None or "\n" not in text or _LINE_BREAK_HYPHEN.search(text) is None:
        return out
    joined: list[Token] = []
    k = 0
    while k < len(out):
        t = out[k]
        if k + 1 < len(out):
            nxt = out[k + 1]
            gap = text[t.end : nxt.start]
            if "\n" in gap and _LINE_BREAK_HYPHEN.fullmatch(gap):
                key = word_key(text[t.start : t.end] + text[nxt.start : nxt.end])
                if phrases.has_word(key):
                    joined.append(Token(key, t.start, nxt.end))
                    k += 2
                    continue
        joined.append(t)
        k += 1
    return joined


@lru_cache(maxsize=None)
def _split_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The invisible characters, and the split of a text that has none of them (made on
    first use)."""
    return re.compile("[" + INVISIBLE + "]"), re.compile(r"([^\W_]+)")


def _token_split(text: str) -> re.Pattern[str]:
    """The split that cuts ``text`` into its words (:data:`_TOKEN_SPLIT`): without a
    zero-width character in the text (most texts; told by one search) a word is a plain run
    of letters and digits, whose pattern the engine runs in half the time."""
    invisible, plain = _split_patterns()
    return _TOKEN_SPLIT if invisible.search(text) else plain


def tokens(text: str) -> list[Token]:
    """Word tokens of ``text`` as the matcher sees them (keys and spans).

    Examples:
        >>> [t.key for t in tokens("Irregular-Timberlands")]
        ['irregular', 'timberland']
    """
    return _tokens(text, get_phrases())


def _phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(map(word_key, _TOKEN.findall(phrase)))


#: A term of the index: its text, and whether it comes from the known list (its expected
#: terms and their runs) rather than from WordNet's multiword lemmas.
TermInfo = tuple[str, bool]


@dataclass
class Phrases:
    """The known list and the established terms, indexed for matching.

    Built from pairs by :func:`build_phrases`, or loaded from the precomputed index that
    ships beside the list (:func:`get_phrases`): the established terms are then kept as
    the file's bytes, one line per first word, found by binary search and parsed when a
    text holds that word, so that loading costs a file read and the parse of the known
    phrases, not the keying of 70,000 terms.

    Attributes:
        known: key tuple of a tortured phrase -> the terms it stands for.
        by_pair: first two keys (the first and ``""`` for a one-word phrase) -> the key
            tuples of known phrases starting with them, longest first.
        substitutions: a word's key -> keys of the words the list substitutes it for
            ("organization" -> "network") -> in how many pairs.
        listed_vocabulary: every key of an established term that comes from the list
            (its expected terms and their runs), which WordNet links may reach.
        listed_words: a key of ``listed_vocabulary`` -> the word it was made from, where
            they differ (``"analys"`` -> ``"analysis"``): how a term made of those words
            is written (:func:`new_matches`).
        function_keys: the keys of the closed-class words (``"these"`` -> ``"thes"``).
        term_counts: a key of ``listed_vocabulary`` -> in how many pairs of the list it is a
            word of the expected term (``"network"`` is the word of many terms, ``"timberland"``
            of none, while the list substitutes it for ``"forest"``).
        ordinary: key tuples of phrases of the list that are left unmatched because they are
            ordinary terms (:func:`ordinary_phrases`) -> why; they count as established
            terms instead.
        units: two words that stand for one word of a term (``("man", "mad")`` for
            ``"artificial"``, ``("recognizabl", "proof")`` for ``"identification"``): their
            keys -> the key of the word they replace -> in how many pairs of the list (0: a
            two-word WordNet synonym of a word of the list's terms, which the list does not
            use). See :func:`unit_matches`.
    """

    known: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    ordinary: dict[tuple[str, ...], str] = field(default_factory=dict)
    term_counts: dict[str, int] = field(default_factory=dict)
    by_pair: dict[tuple[str, str], list[tuple[str, ...]]] = field(default_factory=dict)
    substitutions: dict[str, dict[str, int]] = field(default_factory=dict)
    listed_vocabulary: frozenset[str] = frozenset()
    listed_words: dict[str, str] = field(default_factory=dict)
    function_keys: frozenset[str] = FUNCTION_WORDS
    units: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    # first key -> rest of the keys -> (text, listed): parsed groups of terms
    _groups: dict[str, dict[tuple[str, ...], TermInfo]] = field(default_factory=dict, repr=False)
    # The shipped index's bytes, and the offset of its "T" lines (one per first key,
    # sorted by it, to the end): a group is found by bisection over the bytes and parsed
    # when first asked for.
    _blob: bytes = field(default=b"", repr=False)
    _t_start: int = field(default=0, repr=False)
    _pairs: list[tuple[str, str]] | None = field(default=None, repr=False)
    _vocabulary: frozenset[str] | None = field(default=None, repr=False)
    _vocabulary_raw: str = field(default="", repr=False)
    _options: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _target: dict[str, tuple[str, str | None] | None] = field(default_factory=dict, repr=False)
    _listed_prefixes: frozenset[str] = field(default=frozenset(), repr=False)
    _substituted: dict[str, int] = field(default_factory=dict, repr=False)
    _runs: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[int, tuple[float, ...], str]]] = field(
        default_factory=dict, repr=False)
    _follow: dict[str, dict[str, list[tuple[str, tuple[str, ...], str | None]]]] = field(
        default_factory=dict, repr=False)
    _unit_firsts: frozenset[str] | None = field(default=None, repr=False)
    # the first keys of by_pair, and how many entries by_pair had when they were taken
    _known_firsts: tuple[int, frozenset[str]] = field(default=(-1, frozenset()), repr=False, compare=False)

    def known_firsts(self) -> frozenset[str]:
        """The first keys of the known phrases (:attr:`by_pair`): a word whose key is not
        among them starts none. Made on first use, again if :attr:`by_pair` has grown
        (its keys are only ever added)."""
        size, firsts = self._known_firsts
        if size != len(self.by_pair):
            firsts = frozenset(a for a, _ in self.by_pair)
            self._known_firsts = (len(self.by_pair), firsts)
        return firsts

    def unit_firsts(self) -> frozenset[str]:
        """The first keys of :attr:`units` (a text's words are checked against it)."""
        if self._unit_firsts is None:
            self._unit_firsts = frozenset(a for a, _ in self.units)
        return self._unit_firsts

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """``(tortured, expected)`` as given (the shipped list is read when first asked)."""
        if self._pairs is None:
            self._pairs = _read_pairs()
        return self._pairs

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every key of a known phrase or an established term (of a loaded index: made
        anew at each call; :meth:`has_word` asks without making it)."""
        if self._vocabulary is None:
            return frozenset(self._vocabulary_raw.split())
        return self._vocabulary

    def has_word(self, key: str) -> bool:
        """Whether ``key`` is a key of a known phrase or an established term (a search in
        the shipped line of them, not a set: only a word hyphenated at a line end asks)."""
        if self._vocabulary is not None:
            return key in self._vocabulary
        return bool(key) and f" {key} " in self._vocabulary_raw

    def starting(self, first: str) -> dict[tuple[str, ...], TermInfo]:
        """The established terms whose first key is ``first``: the rest of their keys ->
        (text, listed)."""
        group = self._groups.get(first)
        if group is None:
            group = {}
            line = self._t_line(first)
            if line:
                for entry in line.split("\t")[2:]:
                    rest, _, tail = entry.partition("|")
                    text, _, flag = tail.rpartition("|")
                    group[tuple(rest.split(" "))] = (text, flag == "1")
            self._groups[first] = group
        return group

    def _t_line(self, first: str) -> str:
        """The shipped "T" line of ``first`` (decoded), or ``""``: a binary search over the
        bytes, each probe moved to the start of its line."""
        blob, want = self._blob, first.encode("utf-8")
        lo, hi = self._t_start, len(blob)
        # lo and hi are line starts; lines before lo have smaller keys, lines from hi on
        # keys at least as large.
        while lo < hi:
            mid = (lo + hi) // 2
            start = blob.rfind(b"\n", lo, mid) + 1 or lo
            key = blob[start + 2 : blob.index(b"\t", start + 2)]
            if key < want:
                end = blob.find(b"\n", start)
                lo = len(blob) if end < 0 else end + 1
            else:
                hi = start
        if blob.startswith(b"T\t" + want + b"\t", lo):
            end = blob.find(b"\n", lo)
            return blob[lo : end if end >= 0 else len(blob)].decode("utf-8")
        return ""

    def term(self, keys: Sequence[str]) -> TermInfo | None:
        """``(text, listed)`` of the established term with these keys, else ``None``.

        Examples:
            >>> get_phrases().term(_phrase_keys("random forests"))
            ('random forest', True)
        """
        if len(keys) < 2:
            return None
        return self.starting(keys[0]).get(tuple(keys[1:]))

    def terms(self) -> dict[tuple[str, ...], TermInfo]:
        """Every established term: key tuple -> (text, listed) (parses the whole index)."""
        for line in self._blob[self._t_start :].split(b"\n"):
            if line:
                self.starting(line.split(b"\t", 2)[1].decode("utf-8"))
        return {(first, *rest): info for first, group in self._groups.items() for rest, info in group.items()}

    def content(self, key: str) -> str | None:
        """``key`` if it can be a changed word of a tortured phrase (a content word of three
        letters or more), else ``None``."""
        if len(key) < 3 or key in self.function_keys or not key.isalpha():
            return None
        return key

    def options(self, key: str, word: str = "") -> dict[str, str]:
        """Words ``key`` may stand for -> the kind of link (one of :data:`LINKS`): a
        substitution the list makes, else a WordNet synonym, else a Moby thesaurus entry.

        ``word`` is a word of the text with that key, looked up in the thesauri (a key
        need not be a word: "hous"); without it the key is looked up. WordNet and Moby
        links count towards the words of the list's own terms only (:meth:`follow`). The
        answer is kept per key.
        """
        found = self._options.get(key)
        if found is None:
            found = {}
            for other in sorted(self.substitutions.get(key, ())):
                found[other] = "list"
            if self.content(key):
                if "wordnet" in LINKS:
                    from spundetect.lexicon import get_lexicon

                    for syn in get_lexicon().synonyms(word or key):
                        other = word_key(syn) if self._may_be_listed(syn) else ""
                        if other and other != key and other in self.listed_vocabulary:
                            found.setdefault(other, "wordnet")
                if "nearby" in LINKS:
                    from spundetect.lexicon import get_lexicon

                    # One WordNet step from the word (a direct hypernym, a similar
                    # adjective: "sack" for "bag", "noteworthy" for "significant"),
                    # after its synonyms, so a synonym keeps the stronger kind.
                    for syn in get_lexicon().nearby(word or key):
                        other = word_key(syn) if self._may_be_listed(syn) else ""
                        if other and other != key and other in self.listed_vocabulary:
                            found.setdefault(other, "nearby")
                if "thesaurus" in LINKS:
                    from spundetect.thesaurus import get_thesaurus

                    for syn in sorted(get_thesaurus().entry(word or key)):
                        other = word_key(syn) if self._may_be_listed(syn) else ""
                        if other and other != key and other in self.listed_vocabulary:
                            found.setdefault(other, "thesaurus")
            self._options[key] = found
        return found

    def _may_be_listed(self, syn: str) -> bool:
        """Whether a synonym may have a key of ``listed_vocabulary``: a single word whose
        first three letters start such a key. A key keeps a word's first letters (only an
        irregular plural such as "mice" changes them), and most synonyms of a word are
        ruled out before the cost of keying them (a Moby entry lists hundreds)."""
        if " " in syn or "-" in syn:
            return False
        if not self._listed_prefixes:
            self._listed_prefixes = frozenset(k[:3] for k in self.listed_vocabulary)
        return syn[:3].lower() in self._listed_prefixes

    def uses(self, key: str, other: str) -> int:
        """How many pairs of the list substitute ``key`` for ``other``."""
        return self.substitutions.get(key, {}).get(other, 0)

    def substituted(self, key: str) -> int:
        """In how many pairs of the list ``key`` is a substitute for a word of the term.

        Examples:
            >>> get_phrases().substituted(word_key("timberland")) > 0
            True
        """
        found = self._substituted.get(key)
        if found is None:
            found = self._substituted[key] = sum(self.substitutions.get(key, {}).values())
        return found

    def target(self, key: str, word: str = "") -> tuple[str, str | None] | None:
        """The word of a term that ``key`` most likely stands in for, as a key of
        ``listed_vocabulary``, and the kind of link (``None``: the word itself): the list's
        most frequent substitution of it, else the word itself, else a WordNet synonym,
        else a Moby one; ``None`` when there is none. Kept per key."""
        if key in self._target:
            return self._target[key]
        found: tuple[str, str | None] | None = None
        if self.content(key):
            opts = self.options(key, word)
            listed = [(-self.uses(key, o), o) for o, kind in opts.items()
                      if kind == "list" and o in self.listed_vocabulary]
            if listed:
                found = (min(listed)[1], "list")
            elif key in self.listed_vocabulary:
                found = (key, None)
            else:
                found = next(((o, kind) for o, kind in opts.items() if kind != "list"), None)
        self._target[key] = found
        return found

    def follow(self, key: str, word: str = "") -> dict[str, list[tuple[str, tuple[str, ...], str | None]]]:
        """Established terms a run starting with ``key`` may stand for, by their second
        word: ``(first key, rest of the keys, link of the first word)`` (link ``None`` when
        the first word is the term's own).

        Terms outside the known list's expected terms are only reached through the list's
        own substitutions (WordNet's multiword lemmas hold many idioms that ordinary words
        reach through WordNet synonyms)."""
        found = self._follow.get(key)
        if found is None:
            found = {}
            if self.content(key):
                firsts: list[tuple[str, str | None]] = [(key, None), *self.options(key, word).items()]
                for first, link in firsts:
                    for rest, (_text, listed) in self.starting(first).items():
                        if link is not None and link != "list" and not listed:
                            continue
                        found.setdefault(rest[0], []).append((first, rest, link))
            self._follow[key] = found
        return found


_LIST = "_data/tortured/pps.tsv"
_INDEX = "_data/tortured/index.tsv"
#: Version of the index format (first line of ``index.tsv``).
INDEX_VERSION = 4


def _read_resource(name: str) -> bytes:
    try:
        return resources.files("spundetect").joinpath(name).read_bytes()
    except OSError as err:
        raise ResourceError(f"cannot read the tortured-phrase data {name}: {err}", code="E200") from err


def _read_pairs() -> list[tuple[str, str]]:
    text = _read_resource(_LIST).decode("utf-8")
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        tortured, _, expected = line.partition("\t")
        if not expected:
            raise ResourceError(f"malformed line in {_LIST}: {line!r}", code="E200")
        pairs.append((tortured, expected))
    return pairs


#: A phrase of the list seen this many times or more in WordNet's glosses and examples is
#: ordinary English (:func:`ordinary_phrases`).
GLOSS_ORDINARY = 2
_WORDNET_ZIP = "_data/wordnet/corpora/wordnet.zip"


def gloss_counts(wanted: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """How often each key tuple of ``wanted`` occurs in the glosses and examples of the
    shipped WordNet (its ``data.*`` files): ordinary English, written by lexicographers.

    Examples:
        >>> gloss_counts([_phrase_keys("search engines")])
        {('search', 'engin'): 6}
    """
    import zipfile

    want = set(wanted)
    sizes = sorted({len(k) for k in want})
    found: dict[tuple[str, ...], int] = {}
    path = resources.files("spundetect").joinpath(_WORDNET_ZIP)
    try:
        with path.open("rb") as fh, zipfile.ZipFile(fh) as archive:
            names = [n for n in archive.namelist() if re.search(r"data\.(noun|verb|adj|adv)$", n)]
            for name in names:
                for line in archive.read(name).decode("latin-1").splitlines():
                    if line.startswith("  ") or "|" not in line:
                        continue  # the licence at the top of each file
                    keys = _phrase_keys(line.split("|", 1)[1].lower())
                    for n in sizes:
                        for i in range(len(keys) - n + 1):
                            run = keys[i : i + n]
                            if run in want:
                                found[run] = found.get(run, 0) + 1
    except (OSError, zipfile.BadZipFile) as err:
        raise ResourceError(f"cannot read WordNet's glosses {_WORDNET_ZIP}: {err}", code="E200") from err
    return dict(sorted(found.items()))


def ordinary_phrases(pairs: Iterable[tuple[str, str]], *, glosses: bool = True) -> dict[tuple[str, ...], str]:
    """Phrases of the list that are ordinary terms, which a clean text uses as they are:
    their keys are those of their own expected term (``"higher income levels"`` for
    ``"higher-income levels"``) or of an expected term of another pair (``"machine
    learning"``, listed for ``"discriminative learning"``, is itself the term of many
    pairs), or (with ``glosses``) they occur :data:`GLOSS_ORDINARY` times or more in
    WordNet's glosses and examples (``"search engine"``, ``"benign tumor"``). Such a phrase
    is not matched as a tortured one: it counts as an established term instead.

    Returns:
        key tuple -> the reason (``"own term"``, ``"a term of the list"`` or ``"WordNet
        glosses"``).

    Examples:
        >>> ordinary_phrases([("machine learning", "discriminative learning"),
        ...                   ("device learning", "machine learning")], glosses=False)
        {('machin', 'learning'): 'a term of the list'}
    """
    listed = [(_phrase_keys(t), _phrase_keys(e)) for t, e in pairs]
    terms = {e for _, e in listed}
    found: dict[tuple[str, ...], str] = {}
    for t_keys, e_keys in listed:
        if t_keys == e_keys:
            found[t_keys] = "own term"
        elif t_keys in terms:
            found.setdefault(t_keys, "a term of the list")
    if glosses:
        counts = gloss_counts(t for t, _ in listed if t not in found and len(t) >= 2)
        for keys, n in counts.items():
            if n >= GLOSS_ORDINARY:
                found[keys] = "WordNet glosses"
    return dict(sorted(found.items()))


def _list_units(listed: Sequence[tuple[str, str]], ordinary: dict[tuple[str, ...], str],
                subs: dict[str, dict[str, int]]) -> dict[tuple[str, str], dict[str, int]]:
    """Two words the list writes for one word of a term: of a pair one word longer than its
    term ("man-made consciousness" for "artificial intelligence"), the two words that stand
    where the term has one, when exactly one place lets every other word be the term's own
    or a substitution the list makes elsewhere (``subs``, learned from pairs of equal
    length); a unit holding the word it replaces ("neural network" for "network") is left
    out. Keys -> the key of the replaced word -> in how many pairs."""
    units: dict[tuple[str, str], dict[str, int]] = {}

    def same(a: str, b: str) -> bool:
        return a == b or b in subs.get(a, {})

    for tortured_phrase, expected in listed:
        t_keys, e_keys = _phrase_keys(tortured_phrase), _phrase_keys(expected)
        if len(t_keys) != len(e_keys) + 1 or t_keys in ordinary:
            continue
        places = [j for j in range(len(e_keys))
                  if all(same(a, b) for a, b in zip(t_keys[:j], e_keys[:j]))
                  and all(same(a, b) for a, b in zip(t_keys[j + 2 :], e_keys[j + 1 :]))]
        if len(places) != 1:
            continue
        j = places[0]
        unit, word = (t_keys[j], t_keys[j + 1]), e_keys[j]
        if word in unit or not word.isalpha() or not all(k.isalpha() for k in unit):
            continue
        found = units.setdefault(unit, {})
        found[word] = found.get(word, 0) + 1
    return units


def build_phrases(pairs: Iterable[tuple[str, str]], *, wordnet_terms: bool = True) -> Phrases:
    """Index a list of ``(tortured, expected)`` pairs (the shipped one, or part of it).

    This keys every phrase and term (about a second with WordNet's multiword lemmas);
    the shipped list's index is precomputed by ``data/build_tortured.py`` with this
    function and :func:`index_text`, and loaded by :func:`get_phrases`.

    Phrases of the list that are ordinary terms (:func:`ordinary_phrases`; WordNet's
    glosses are read only with ``wordnet_terms``) are not matched: they count as
    established terms instead.

    Args:
        pairs: the known pairs.
        wordnet_terms: also count WordNet's multiword lemmas as established terms.

    Examples:
        >>> p = build_phrases([("counterfeit consciousness", "artificial intelligence")],
        ...                   wordnet_terms=False)  # WordNet's terms take a second more
        >>> p.known[("counterfeit", "consciousness")]
        ['artificial intelligence']
    """
    listed = list(pairs)
    phrases = Phrases(_pairs=listed)
    phrases.ordinary = ordinary_phrases(listed, glosses=wordnet_terms)
    subs: dict[str, dict[str, int]] = {}
    terms: dict[tuple[str, ...], TermInfo] = {}
    ordinary_text: dict[tuple[str, ...], str] = {}
    term_counts: dict[str, int] = {}
    for tortured, expected in listed:
        t_keys, e_keys = _phrase_keys(tortured), _phrase_keys(expected)
        if not t_keys or len(t_keys) > MAX_WORDS:
            continue
        if t_keys in phrases.ordinary:
            ordinary_text.setdefault(t_keys, tortured)
        else:
            found = phrases.known.setdefault(t_keys, [])
            if expected not in found:
                found.append(expected)
        for key in set(e_keys):
            term_counts[key] = term_counts.get(key, 0) + 1
        if len(t_keys) == len(e_keys) and t_keys not in phrases.ordinary:
            for a, b in zip(t_keys, e_keys):
                if a != b:
                    uses = subs.setdefault(a, {})
                    uses[b] = uses.get(b, 0) + 1
        # The expected term, and its runs of two or more words ("neural network" in
        # "convolutional neural network"), are established terms.
        for n in range(2, min(len(e_keys), MAX_NEW_WORDS) + 1):
            for i in range(len(e_keys) - n + 1):
                run = e_keys[i : i + n]
                if run not in terms:
                    terms[run] = (expected if n == len(e_keys) else " ".join(
                        m.group() for m in itertools.islice(_TOKEN.finditer(expected), i, i + n)), True)
    for keys in phrases.known:
        phrases.by_pair.setdefault((keys[0], keys[1] if len(keys) > 1 else ""), []).append(keys)
    for group in phrases.by_pair.values():
        group.sort(key=len, reverse=True)
    units = _list_units(listed, phrases.ordinary, subs)
    phrases.listed_vocabulary = frozenset(itertools.chain.from_iterable(terms))
    phrases.term_counts = {k: n for k, n in sorted(term_counts.items()) if k in phrases.listed_vocabulary}
    # the shortest word a key was made from (then the first in alphabetical order)
    for word in sorted({w for _, e in listed for w in _TOKEN.findall(e.lower())}, key=lambda w: (len(w), w)):
        key = word_key(word)
        if key in phrases.listed_vocabulary and key not in phrases.listed_words:
            phrases.listed_words[key] = word
    phrases.listed_words = {k: w for k, w in sorted(phrases.listed_words.items()) if k != w}
    if wordnet_terms:
        from spundetect.lexicon import get_lexicon

        # Two-word WordNet synonyms of the words of the list's terms ("adipose tissue" for
        # "fat"), where the list itself makes no such substitution; not a phrasal verb or
        # any other pair holding a function word ("pick up" for "learn"): text is full of
        # them, and a term's words are content words.
        function_keys = FUNCTION_WORDS | frozenset(map(word_key, FUNCTION_WORDS))
        for key in sorted(phrases.listed_vocabulary):
            if not key.isalpha() or len(key) < 3 or key in FUNCTION_WORDS:
                continue
            for syn in get_lexicon().synonyms(phrases.listed_words.get(key, key)):
                parts = _phrase_keys(syn)
                if len(parts) == 2 and key not in parts and all(
                        len(k) >= 3 and k.isalpha() and k not in function_keys for k in parts):
                    units.setdefault((parts[0], parts[1]), {}).setdefault(key, 0)
        for lemma in get_lexicon().multiword_lemmas():
            keys = _phrase_keys(lemma)
            if 2 <= len(keys) <= MAX_NEW_WORDS:
                terms.setdefault(keys, (lemma, False))
    # An ordinary phrase of the list is an established term (so that no rule finds it
    # tortured), from WordNet unless the list has it as a term.
    for keys, text in ordinary_text.items():
        if 2 <= len(keys) <= MAX_NEW_WORDS:
            terms.setdefault(keys, (text, False))
    # A tortured phrase of the list is no established term, whatever else says so.
    for keys in phrases.known:
        terms.pop(keys, None)
    for keys in sorted(terms):
        phrases._groups.setdefault(keys[0], {})[keys[1:]] = terms[keys]
    phrases.substitutions = {k: dict(sorted(v.items())) for k, v in sorted(subs.items())}
    phrases.units = {k: dict(sorted(v.items())) for k, v in sorted(units.items())
                     if any(w in phrases.listed_vocabulary for w in v)}
    phrases.function_keys = FUNCTION_WORDS | frozenset(map(word_key, FUNCTION_WORDS))
    vocabulary: set[str] = set()
    for keys in itertools.chain(phrases.known, terms):
        vocabulary.update(keys)
    phrases._vocabulary = frozenset(vocabulary)
    return phrases


def _list_digest() -> str:
    return hashlib.sha256(_read_resource(_LIST)).hexdigest()


def index_text(phrases: Phrases, *, digest: str) -> str:
    """The index of ``phrases`` as the text of ``_data/tortured/index.tsv``.

    One record a line, tab-separated, after a header naming the format and the sha256 of
    the list it was built from: ``K`` a known phrase (its keys, then its terms), ``O`` a
    phrase of the list left unmatched as an ordinary term (its keys, then why), ``S`` a
    substitution of the list (a key, then the keys it replaces), ``U`` two words that stand
    for one word of a term (:attr:`Phrases.units`: their keys, then ``key:pairs``), ``L`` the keys of the
    list's terms (``key=word`` where the word differs), ``N`` in how many terms each of
    those keys is (``key:count``), ``V`` every key, ``T`` the established terms starting with one key (that
    key, then per term ``rest of its keys|text|1 if from the list else 0``); a substitution
    is written ``key:uses``. Sorted, so that
    the same index gives the same bytes.

    Args:
        phrases: an index (built or loaded).
        digest: sha256 of the list file (``pps.tsv``) it was built from.

    Examples:
        >>> text = index_text(build_phrases([("profound learning", "deep learning")],
        ...                                 wordnet_terms=False), digest="0")
        >>> text.splitlines()[1:]
        ['K\\tprofound learning\\tdeep learning', 'S\\tprofound\\tdeep:1', 'L\\tdeep learning', \
'N\\tdeep:1 learning:1', 'V\\tdeep learning profound', 'T\\tdeep\\tlearning|deep learning|1']
    """
    lines = [f"# spundetect tortured-phrase index {INDEX_VERSION}; list sha256 {digest}; "
             "built by data/build_tortured.py, do not edit"]
    for keys, expected in phrases.known.items():
        lines.append("\t".join(("K", " ".join(keys), *expected)))
    for keys, why in phrases.ordinary.items():
        lines.append(f"O\t{' '.join(keys)}\t{why}")
    for key in sorted(phrases.substitutions):
        lines.append(f"S\t{key}\t" + " ".join(f"{other}:{n}" for other, n in sorted(phrases.substitutions[key].items())))
    for unit in sorted(phrases.units):
        lines.append(f"U\t{' '.join(unit)}\t" + " ".join(f"{w}:{n}" for w, n in sorted(phrases.units[unit].items())))
    lines.append("L\t" + " ".join(f"{k}={phrases.listed_words[k]}" if k in phrases.listed_words else k
                                   for k in sorted(phrases.listed_vocabulary)))
    lines.append("N\t" + " ".join(f"{k}:{n}" for k, n in sorted(phrases.term_counts.items())))
    lines.append("V\t" + " ".join(sorted(phrases.vocabulary)))
    for keys, (text, listed) in sorted(phrases.terms().items()):
        if "\t" in text or "\n" in text:
            raise ValueError(f"a term holds a tab or a line break: {text!r}")
        entry = f"{' '.join(keys[1:])}|{text}|{int(listed)}"
        if lines[-1].startswith(f"T\t{keys[0]}\t"):
            lines[-1] += "\t" + entry
        else:
            lines.append(f"T\t{keys[0]}\t{entry}")
    return "\n".join(lines) + "\n"


def load_index() -> Phrases:
    """The shipped list's index, read from ``_data/tortured/index.tsv``.

    The terms stay as the file's bytes, a group of them (one line per first key) parsed
    when a text holds that key (see :meth:`Phrases.starting`): loading reads the file and
    notes where each line starts.

    Raises:
        ResourceError: the index is missing, malformed, or was built from another list
            than the shipped ``pps.tsv`` (rebuild it with ``data/build_tortured.py``).
    """
    blob = _read_resource(_INDEX)
    expected_header = (f"# spundetect tortured-phrase index {INDEX_VERSION}; "
                       f"list sha256 {_list_digest()};").encode("utf-8")
    if not blob.startswith(expected_header):
        raise ResourceError(f"{_INDEX} does not match {_LIST} (or its format): rebuild it with "
                            "data/build_tortured.py", code="E200")
    # The "T" lines come last: what precedes them is parsed now.
    first_t = blob.find(b"\nT\t")
    first_t = len(blob) if first_t < 0 else first_t + 1
    phrases = Phrases(_blob=blob)
    subs: dict[str, dict[str, int]] = {}
    for line in blob[blob.index(b"\n") + 1 : first_t].decode("utf-8").split("\n"):
        kind, _, rest = line.partition("\t")
        if kind == "K":
            joined, *expected = rest.split("\t")
            phrases.known[tuple(joined.split(" "))] = expected
        elif kind == "O":
            joined, _, why = rest.partition("\t")
            phrases.ordinary[tuple(joined.split(" "))] = why
        elif kind == "S":
            key, _, others = rest.partition("\t")
            subs[key] = {other: int(n) for other, _, n in (x.rpartition(":") for x in others.split(" "))}
        elif kind == "U":
            joined, _, others = rest.partition("\t")
            first_key, _, second_key = joined.partition(" ")
            phrases.units[(first_key, second_key)] = {
                w: int(n) for w, _, n in (x.rpartition(":") for x in others.split(" "))}
        elif kind == "L":
            listed_keys = []
            for entry in rest.split():
                key, _, word = entry.partition("=")
                listed_keys.append(key)
                if word:
                    phrases.listed_words[key] = word
            phrases.listed_vocabulary = frozenset(listed_keys)
        elif kind == "N":
            phrases.term_counts = {k: int(n) for k, _, n in (x.rpartition(":") for x in rest.split())}
        elif kind == "V":
            phrases._vocabulary_raw = f" {rest} "
        elif line:
            raise ResourceError(f"malformed line in {_INDEX}: {line[:80]!r}", code="E200")
    if first_t < len(blob) and not blob.startswith(b"T\t", first_t):
        raise ResourceError(f"malformed line in {_INDEX} at byte {first_t}: a term group was expected",
                            code="E200")
    phrases._t_start = first_t
    for keys in phrases.known:
        phrases.by_pair.setdefault((keys[0], keys[1] if len(keys) > 1 else ""), []).append(keys)
    for by in phrases.by_pair.values():
        by.sort(key=len, reverse=True)
    phrases.substitutions = subs
    phrases.function_keys = FUNCTION_WORDS | frozenset(map(word_key, FUNCTION_WORDS))
    return phrases


_LOCK = threading.Lock()
_PHRASES: list[Phrases] = []


def get_phrases() -> Phrases:
    """The shipped list, loaded once per process (on first use) from its precomputed index."""
    if not _PHRASES:
        with _LOCK:
            if not _PHRASES:
                _PHRASES.append(load_index())
    return _PHRASES[0]


def known_matches(toks: Sequence[Token], phrases: Phrases) -> list[tuple[int, int, list[str]]]:
    """Known phrases among ``toks``: ``(first token, end token, terms)``, leftmost-longest,
    not overlapping.

    Examples:
        >>> p = build_phrases([("profound learning", "deep learning")], wordnet_terms=False)
        >>> known_matches(tokens("Profound-learnings rule"), p)
        [(0, 2, ['deep learning'])]
    """
    out: list[tuple[int, int, list[str]]] = []
    by_pair, known = phrases.by_pair, phrases.known
    keys = [t.key for t in toks]
    n = len(keys)
    i = 0
    # Only the words whose key starts a known phrase are looked at (one C-level pass over
    # the keys): most words of a text start none, and a word that starts none moves the
    # walk on by one, as if it had been looked at.
    firsts = phrases.known_firsts()
    for at in [k for k, key in enumerate(keys) if key in firsts]:
        if at < i:
            continue  # inside a phrase found before
        i = at
        # Indexed on the first two keys: a common first word ("the", "in") starts many
        # phrases, its pair with the next word few.
        size = 0
        for start in ((keys[i], keys[i + 1]) if i + 1 < n else None, (keys[i], "")):
            for phrase in by_pair.get(start, ()) if start is not None else ():
                if tuple(keys[i : i + len(phrase)]) == phrase:
                    size = len(phrase)
                    out.append((i, i + size, known[phrase]))
                    break
            if size:
                break
        i += size or 1
    return out


# -- New phrases -----------------------------------------------------------------------

#: The kinds of synonym link from a word of a phrase to the word of the term it replaced,
#: strongest first: a substitution the known list makes ("organization" for "network"), a
#: WordNet synonym, and (when ``"thesaurus"`` is added) an entry of the Moby thesaurus, the
#: project's broad one. A changed word counts under the first kind that links it. Moby is
#: left out: with it (and a score fitted with it) the held-out recall was no higher at the
#: same rate of false tells, and the first inspection of a text cost three times as much
#: (docs/inspect.md). ``"nearby"`` (off too; after ``"wordnet"`` when added) links a word
#: to a word of the list's terms one WordNet step away (:meth:`Lexicon.nearby
#: <spundetect.lexicon.Lexicon.nearby>`: a direct hypernym, "sack" for "bag"; a similar
#: adjective, "noteworthy" for "significant"): it makes a candidate of a fifth of the fit
#: pairs that had none, but with a score refitted for it the held-out recall was no higher
#: within the budget of false tells (docs/inspect.md, branch tortured5).
LINKS: tuple[str, ...] = ("list", "wordnet")
#: What a candidate phrase is scored on (see :func:`new_matches`), in this order
#: (``nearby``: changed words linked by that kind of :data:`LINKS` only; 0 while it is off).
FEATURES: tuple[str, ...] = ("list", "list_uses", "wordnet", "thesaurus", "same", "listed",
                             "rarity", "changed_zipf", "nearby")
#: Longest run looked for as a stand-in for a term that is not established (``virtual``
#: candidates: every word stands for a word of the list's terms, one at least through a
#: substitution of the list); 0 looks for none. Most held-out phrases of the list whose
#: term is unknown are such runs (docs/inspect.md).
MAX_VIRTUAL_WORDS = 3
#: What a virtual candidate is scored on, in this order: its size in words; the share of
#: its words the list substitutes (``list_share``); the Zipf frequency of its rarest and
#: of its most frequent word that stands for another (``changed_zipf_min``,
#: ``changed_zipf_max``); the mean of ``log(1 + pairs of the list where the word is a
#: substitute)`` (``substituted``) and of ``log(1 + terms of the list the word is in)``
#: (``in_terms``); the least and the mean share, over its words, of substitute uses among
#: both uses (``substitute_share_min``, ``substitute_share_mean``: "timberland" is only
#: ever a substitute, "network" mostly a term's own word); the Zipf frequency of its
#: rarest word (``zipf_min``); how many words stand for another through WordNet only,
#: and through a ``"nearby"`` link of :data:`LINKS` only.
VIRTUAL_FEATURES: tuple[str, ...] = ("size", "list_share", "changed_zipf_min", "changed_zipf_max",
                                     "substituted", "in_terms", "substitute_share_min",
                                     "substitute_share_mean", "zipf_min", "wordnet", "nearby")
#: The score of a candidate: ``SCORE_INTERCEPT + sum(SCORE_COEFS[f] * value of f)``, the
#: log-odds of a logistic regression fitted by ``benchmarks/tortured_eval.py --only fitnew``
#: (held-out pairs of the list placed in sentences against candidates in ordinary prose;
#: see docs/inspect.md).
SCORE_INTERCEPT = 6.5773
SCORE_COEFS: dict[str, float] = {"list": -0.2395, "list_uses": 0.8588, "wordnet": -1.6234,
                                 "thesaurus": 0.0000, "same": 1.1809, "listed": 0.7659,
                                 "rarity": -0.1239, "changed_zipf": -2.2070, "nearby": 0.0}
#: The score of a virtual candidate, likewise over :data:`VIRTUAL_FEATURES` (fitted by the
#: same command, on the virtual candidates of the same sentences and prose).
VIRTUAL_INTERCEPT = 2.1663
VIRTUAL_COEFS: dict[str, float] = {"size": 0.5594, "list_share": 1.1581,
                                   "changed_zipf_min": -0.0401, "changed_zipf_max": -0.8592,
                                   "substituted": 1.6148, "in_terms": -0.0818,
                                   "substitute_share_min": -0.9556,
                                   "substitute_share_mean": 1.2668, "zipf_min": -1.0750,
                                   "wordnet": -0.5340, "nearby": 0.0}
#: A virtual candidate is reported when its score reaches this (tuned like
#: :data:`MIN_SCORE`, with its own share of the false tells allowed).
VIRTUAL_MIN_SCORE = 0.6610
#: A candidate is reported when its score reaches this. Tuned by
#: ``benchmarks/tortured_eval.py --tune`` on half of the dev originals (tells per 1,000
#: words of ordinary text), checked on the other half; see docs/inspect.md.
MIN_SCORE = 0.4612
#: Paper-mill texts hold many tortured phrases, ordinary text almost none: a new candidate
#: within :data:`SUPPORT_WORDS` words of a tortured phrase found at the thresholds above (a
#: known one, or a new one reaching :data:`MIN_SCORE` or :data:`VIRTUAL_MIN_SCORE`) is
#: reported when its score reaches its threshold less this (log-odds; 0 turns it off).
#: Tuned by ``benchmarks/tortured_eval.py --tune --support-target`` on the first half of
#: the dev prose (see docs/inspect.md, "Support"). A supported tell never supports another.
SUPPORT_BONUS = 0.5
#: How near (in words, either side) a tortured phrase supports a candidate.
SUPPORT_WORDS = 150
#: Which tortured phrases support their neighbours: ``"known"`` (phrases of the list only)
#: or ``"all"`` (new ones too).
SUPPORT_FROM = "known"
# Only spaces and hyphens may separate the words of a phrase.
_GAP = re.compile(r"[\s\-\u2010\u2011]*")
_KEY = itemgetter(0)  # a Token's key
_UNSEEN = object()  # a key the targets' cache does not hold yet


def _word(text: str, token: Token) -> str:
    return fold(text[token.start : token.end]).lower()


def _options_of(phrases: Phrases, text: str, token: Token) -> dict[str, str]:
    # The cache first: the word (a slice, folded) is only needed to fill it.
    found = phrases._options.get(token.key)
    return found if found is not None else phrases.options(token.key, _word(text, token))


def candidate_score(features: Sequence[float]) -> float:
    """The score of a candidate from its :data:`FEATURES` values.

    Examples:
        >>> candidate_score([0.0] * len(FEATURES)) == SCORE_INTERCEPT
        True
    """
    # (C loops; the same products summed in the same order as one after the other)
    total: float = sum(map(mul, map(SCORE_COEFS.__getitem__, FEATURES), features))
    return SCORE_INTERCEPT + total


def virtual_score(features: Sequence[float]) -> float:
    """The score of a virtual candidate from its :data:`VIRTUAL_FEATURES` values.

    Examples:
        >>> virtual_score([0.0] * len(VIRTUAL_FEATURES)) == VIRTUAL_INTERCEPT
        True
    """
    total: float = sum(map(mul, map(VIRTUAL_COEFS.__getitem__, VIRTUAL_FEATURES), features))
    return VIRTUAL_INTERCEPT + total


def new_matches(text: str, toks: Sequence[Token], phrases: Phrases,
                taken: set[int] | frozenset[int] = frozenset(), *, min_score: float | None = None,
                virtual_min_score: float | None = None) -> list[Match]:
    """New tortured phrases among ``toks`` (tokens in ``taken`` are left alone).

    A candidate is a run of 2 to :data:`MAX_NEW_WORDS` words, only spaces or hyphens
    between them, that is neither an established term nor a known phrase, while an
    established term of the same length differs from it only in words it links to (each
    changed word a content word of three letters or more, linked by a kind of
    :data:`LINKS`; WordNet's multiword lemmas through the list's substitutions only). It
    is scored on :data:`FEATURES`: how many changed words each kind of link explains, how
    often the list makes those substitutions (``list_uses``, the sum of ``log(1 + uses)``),
    how many words are the term's own (``same``), whether the term comes from the list
    (``listed``), how much more frequent the term is than the phrase (``rarity``, wordfreq
    Zipf of each), and how frequent the rarest changed word is (``changed_zipf``); it is
    reported when :func:`candidate_score` reaches :data:`MIN_SCORE`. Longest first, then
    best score, leftmost first, not overlapping. Where no established term is reached,
    and :data:`MAX_VIRTUAL_WORDS` allows, a run whose every word stands for a word of the
    list's terms (:meth:`Phrases.target`), one at least through a substitution of the
    list, is a ``virtual`` candidate, scored by :func:`virtual_score` on
    :data:`VIRTUAL_FEATURES` and reported when that reaches :data:`VIRTUAL_MIN_SCORE`.
    ``min_score`` and ``virtual_min_score`` replace those two thresholds (the support pass
    of :func:`find_tortured` lowers them).

    Examples:
        >>> p = build_phrases([("profound learning", "deep learning"),
        ...                    ("profound organization", "deep network")], wordnet_terms=False)
        >>> text = "A profound organization."
        >>> [(text[m.start:m.end], m.term) for m in new_matches(text, tokens(text), p)]
        []
        >>> text = "A profound organizations trained it."
        >>> [(text[m.start:m.end], m.term, m.known) for m in find_tortured(text, phrases=p)]
        [('profound organizations', 'deep network', True)]
    """
    from spundetect.lexicon import get_lexicon

    lex = get_lexicon()
    least = MIN_SCORE if min_score is None else min_score
    virtual_least = VIRTUAL_MIN_SCORE if virtual_min_score is None else virtual_min_score
    out: list[Match] = []
    covered: list[range] = []  # the tokens of each match in out
    n = len(toks)
    content = phrases.content
    follow_get = phrases._follow.get
    # Whether each word stands for a word of the list's terms (a virtual run needs two in a
    # row): the cache first, most words are function words or stand for none.
    keys = list(map(_KEY, toks))
    if MAX_VIRTUAL_WORDS >= 2:
        # each word's target read from the cache by C loops; the words not cached yet
        # (none in a warm process, on common words) looked up in text order
        targets = list(map(phrases._target.get, keys, itertools.repeat(_UNSEEN)))
        if _UNSEEN in targets:
            target = phrases.target
            for k in [k for k, found in enumerate(targets) if found is _UNSEEN]:
                targets[k] = target(keys[k], _word(text, toks[k]))
        stands = list(map(is_not, targets, itertools.repeat(None)))
        # Per word, whether it stands for a word of a term through a substitution of the
        # list: a virtual run needs one among its words.
        by_list = [found is not None and found[1] == "list" for found in targets]  # type: ignore[index]
    else:
        stands = by_list = [False] * n
    # The words that may start a candidate, in one C-level pass: a word whose cached
    # follow-up is empty and that starts no virtual run (most words) is passed by at once.
    # (Only the cache is read here: an uncached word is looked up in the walk, in text
    # order, as before.)
    # A word with a cached follow-up is passed by too when no term can start there: the
    # next word is no content word, or its cached options reach none of the terms'
    # second words (the walk's own test, read from the caches only; most such words).
    cached = list(map(follow_get, keys))
    options_get = phrases._options.get
    maybe = [k for k in range(n - 1) if (found := cached[k]) is None or (stands[k] and stands[k + 1]) or (
        found and content(nxt := keys[k + 1]) and (
            (opts := options_get(nxt)) is None or nxt in found or not found.keys().isdisjoint(opts)))]
    at = 0
    i = 0
    while i < n - 1:
        while at < len(maybe) and maybe[at] < i:
            at += 1
        if at == len(maybe):
            break
        i = maybe[at]
        if i in taken or i + 1 in taken:
            following = None
        else:
            first = toks[i]
            # The cache first (most words start no term: an empty answer is cached too).
            following = follow_get(first.key)
            if following is None:
                following = phrases.follow(first.key, _word(text, first))
        # A virtual run needs its first two words to stand for words of terms (the cache
        # first: most words are function words or stand for none).
        virtual = following is not None and stands[i] and stands[i + 1]
        if not following and not virtual:
            i += 1
            continue
        best: Match | None = None
        best_size = 0
        first = toks[i]
        nxt = toks[i + 1].key
        if following and content(nxt):
            opts = _options_of(phrases, text, toks[i + 1])
            # Most pairs reach no term's first two words: tell so without building the list.
            reached = nxt in following or not following.keys().isdisjoint(opts)
            for second in (nxt, *opts) if reached else ():
                for head, rest, link0 in following.get(second, ()):
                    size = len(rest) + 1
                    end = i + size
                    if end > n or size < best_size or any(k in taken for k in range(i + 2, end)):
                        continue
                    info = phrases.starting(head).get(rest)
                    if info is None:
                        continue
                    term_text, listed = info
                    counts = {"list": 0, "wordnet": 0, "thesaurus": 0, "nearby": 0}
                    uses = 0.0
                    changed: list[int] = []
                    if link0 is not None:
                        counts[link0] += 1
                        changed.append(i)
                        if link0 == "list":
                            uses += math.log1p(phrases.uses(first.key, head))
                    ok = True
                    for j in range(1, size):
                        key = toks[i + j].key
                        if key == rest[j - 1]:
                            continue
                        link = _options_of(phrases, text, toks[i + j]).get(rest[j - 1]) if content(key) else None
                        if link is None or (not listed and link != "list"):
                            ok = False
                            break
                        counts[link] += 1
                        changed.append(i + j)
                        if link == "list":
                            uses += math.log1p(phrases.uses(key, rest[j - 1]))
                    if not ok or not changed:
                        continue
                    run = tuple(t.key for t in toks[i:end])
                    if phrases.term(run) is not None or run in phrases.known:
                        continue
                    if not all(_GAP.fullmatch(text, toks[k].end, toks[k + 1].start)
                               for k in range(i, end - 1)):
                        continue
                    features = _candidate_features(text, toks[i:end], term_text, listed, counts, uses,
                                                   [_word(text, toks[k]) for k in changed], size, lex)
                    score = round(candidate_score(features), 4)
                    if score < least:
                        continue
                    if best is None or size > best_size or score > best.score:
                        best, best_size = Match(toks[i].start, toks[end - 1].end, term_text, False,
                                                score, features), size
        if best is None and virtual and _may_run(by_list, stands, taken, i):
            best = _virtual(text, toks, phrases, taken, i, virtual_least)
            best_size = 0
            if best is not None:
                while best_size < n - i and toks[i + best_size].end <= best.end:
                    best_size += 1
        if best is not None:
            out.append(best)
            covered.append(range(i, i + best_size))
            i += best_size
            continue
        i += 1
    if phrases.units:
        busy = taken if not covered else set(taken).union(*covered)
        units = unit_matches(text, toks, phrases, busy, min_score=least)
        if units:
            out = sorted(out + units, key=lambda m: m.start)
    return out


def unit_matches(text: str, toks: Sequence[Token], phrases: Phrases,
                 taken: set[int] | frozenset[int] = frozenset(), *, min_score: float | None = None) -> list[Match]:
    """New tortured phrases in which two words stand for one word of an established term
    (tokens in ``taken`` are left alone): "man-made consciousness" for "artificial
    intelligence", "recognizable proof" for "identification" inside "emotion
    identification".

    The two words are a *unit* of :attr:`Phrases.units` (learned from the list's pairs
    one word longer than their term, or a two-word WordNet synonym of a word of the list's
    terms), only spaces or hyphens between the words of the run; another word of the term
    at least is a content word; every other word of the
    term is the term's own or linked as in :func:`new_matches` (and a term of WordNet, not
    of the list, is reached through the list's substitutions only). The run is scored by
    :func:`candidate_score` as a candidate of :func:`new_matches` whose unit is one changed
    word (a substitution the list makes, counted in ``list_uses``, or a WordNet link), and
    reported when that reaches ``min_score`` (:data:`MIN_SCORE`). Leftmost first, then
    best score, not overlapping.

    Examples:
        >>> p = build_phrases([("man-made neural network", "artificial neural network"),
        ...                    ("profound organization", "deep network"),
        ...                    ("profound learning", "deep learning")], wordnet_terms=False)
        >>> p.units
        {('man', 'mad'): {'artificial': 1}}
        >>> text = "A man-made neural organization."
        >>> [(text[m.start:m.end], m.term) for m in unit_matches(text, tokens(text), p, min_score=-9.0)]
        [('man-made neural organization', 'artificial neural network')]
    """
    from spundetect.lexicon import get_lexicon

    least = MIN_SCORE if min_score is None else min_score
    firsts, units = phrases.unit_firsts(), phrases.units
    keys = [t.key for t in toks]
    n = len(keys)
    # Most texts hold no unit: one set look-up per word rules them out.
    spots = [i for i, key in enumerate(keys[:-1]) if key in firsts]
    spots = [i for i in spots if (keys[i], keys[i + 1]) in units and i not in taken and i + 1 not in taken
             and _GAP.fullmatch(text, toks[i].end, toks[i + 1].start)]
    if not spots:
        return []
    lex = get_lexicon()
    found: list[Match] = []
    heads: list[tuple[str, tuple[str, ...], str | None]]
    for i in spots:
        for word, uses in units[(toks[i].key, toks[i + 1].key)].items():
            for p in range(MAX_NEW_WORDS):
                start = i - p
                if start < 0:
                    break
                if p == 0:
                    # the term's second word is the word after the unit, or linked to it
                    if i + 2 >= n:
                        continue
                    seconds = {keys[i + 2]}
                    if phrases.content(keys[i + 2]):
                        seconds.update(_options_of(phrases, text, toks[i + 2]))
                    heads = [(word, rest, None) for rest in phrases.starting(word) if rest[0] in seconds]
                elif start in taken:
                    break  # every longer run holds that token too
                elif not phrases.content(toks[start].key):
                    continue  # no term starts with a function word ("of" in "center of mass")
                else:
                    heads = [entry for entries in phrases.follow(toks[start].key, _word(text, toks[start])).values()
                             for entry in entries if len(entry[1]) >= p and entry[1][p - 1] == word]
                for head, rest, link0 in heads:
                    match = _unit_candidate(text, toks, phrases, taken, start, p, (head, *rest), link0, uses, lex)
                    if match is not None and match.score >= least:
                        found.append(match)
    found.sort(key=lambda m: (m.start, -m.score, m.end))
    out: list[Match] = []
    for m in found:
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def _candidate_features(text: str, run: Sequence[Token], term_text: str, listed: bool, counts: dict[str, int],
                        uses: float, changed: Sequence[str], size: int, lex: Lexicon) -> tuple[float, ...]:
    """The :data:`FEATURES` of a candidate of :func:`new_matches` or :func:`unit_matches`:
    the tokens ``run`` written for the term ``term_text`` of ``size`` words, ``changed``
    the words (or units) written in place of the term's, ``counts`` their links by kind
    and ``uses`` the summed ``log1p`` of how often the list makes each substitution."""
    phrase_text = " ".join(text[t.start : t.end].lower() for t in run)
    rarity = lex.zipf(term_text) - lex.zipf(phrase_text)
    changed_zipf = min(lex.zipf(w) for w in changed)
    return (float(counts["list"]), uses, float(counts["wordnet"]), float(counts["thesaurus"]),
            float(size - len(changed)), float(listed), rarity, changed_zipf, float(counts["nearby"]))


def _unit_candidate(text: str, toks: Sequence[Token], phrases: Phrases, taken: set[int] | frozenset[int],
                    start: int, p: int, term: tuple[str, ...], link0: str | None, uses: int,
                    lex: Lexicon) -> Match | None:
    """The candidate of :func:`unit_matches` for ``term`` with its word ``p`` written as the
    unit at ``toks[start + p]`` and the next token, else ``None``."""
    size = len(term)
    end = start + size + 1  # tokens: the unit takes two
    if size < 2 or end > len(toks) or any(k in taken for k in range(start, end)):
        return None
    info = phrases.starting(term[0]).get(term[1:])
    if info is None:
        return None
    term_text, listed = info
    if not listed and uses == 0:
        return None  # a WordNet link reaches the list's own terms only
    if not any(phrases.content(k) for q, k in enumerate(term) if q != p):
        return None  # "focal point of" for "center of": a unit and function words make no term
    counts = {"list": 0, "wordnet": 0, "thesaurus": 0, "nearby": 0}
    link_uses = 0.0
    changed: list[str] = []
    for q in range(size):
        if q == p:
            kind = "list" if uses else "wordnet"
            counts[kind] += 1
            link_uses += math.log1p(uses)
            changed.append(f"{_word(text, toks[start + q])} {_word(text, toks[start + q + 1])}")
            continue
        token = toks[start + q if q < p else start + q + 1]
        if token.key == term[q]:
            continue
        link = link0 if q == 0 else (
            _options_of(phrases, text, token).get(term[q]) if phrases.content(token.key) else None)
        if link is None or (not listed and link != "list"):
            return None
        counts[link] += 1
        changed.append(_word(text, token))
        if link == "list":
            link_uses += math.log1p(phrases.uses(token.key, term[q]))
    if not all(_GAP.fullmatch(text, toks[k].end, toks[k + 1].start) for k in range(start, end - 1)):
        return None
    run = tuple(t.key for t in toks[start:end])
    if run in phrases.known or (len(run) <= MAX_NEW_WORDS and phrases.term(run) is not None):
        return None
    features = _candidate_features(text, toks[start:end], term_text, listed, counts, link_uses, changed, size, lex)
    return Match(toks[start].start, toks[end - 1].end, term_text, False,
                 round(candidate_score(features), 4), features)


_SENTENCE_END = re.compile(r"(?:^|[.!?:;]|\n)[\s\"'(\[]*$")


def _sentence_start(text: str, at: int) -> bool:
    """Whether the word at ``at`` starts a sentence (a line, or the text)."""
    return _SENTENCE_END.search(text, max(0, at - 8), at) is not None


def _target_of(phrases: Phrases, text: str, token: Token) -> tuple[str, str | None] | None:
    if token.key in phrases._target:
        return phrases._target[token.key]
    return phrases.target(token.key, _word(text, token))


_LINK = itemgetter(1)  # the link of a (target, link) pair


def virtual_runs(text: str, toks: Sequence[Token], phrases: Phrases, taken: set[int] | frozenset[int],
                 i: int, least: float = -math.inf) -> list[Match]:
    """Every virtual candidate starting at ``toks[i]`` that scores ``least`` or more,
    shortest first: each run from ``toks[i]`` of 2 to :data:`MAX_VIRTUAL_WORDS` words whose
    words stand in for words of the list's terms (each word's :meth:`Phrases.target`), one
    of them at least by a substitution of the list, while the words they stand for make no
    established term. Its score is :func:`virtual_score` over :data:`VIRTUAL_FEATURES`.

    Examples:
        >>> p = build_phrases([("irregular variable", "random variable"),
        ...                    ("organization traffic", "network traffic")], wordnet_terms=False)
        >>> text = "An irregular organization grew."
        >>> [(text[m.start:m.end], m.term) for m in virtual_runs(text, tokens(text), p, set(), 1)]
        [('irregular organization', 'random network')]
    """
    # The words' targets first (cached look-ups): most runs have no word the list
    # substitutes, which rules them out before any gap or capital is read.
    targets: list[tuple[str, str | None]] = []
    for k in range(i, min(i + MAX_VIRTUAL_WORDS, len(toks))):
        target = _target_of(phrases, text, toks[k]) if k not in taken else None
        if target is None:
            break
        targets.append(target)
    if len(targets) < 2 or "list" not in map(_LINK, targets):
        return []
    picks: list[tuple[str, str | None]] = []
    for k, pick in enumerate(targets, start=i):
        if k > i and not _GAP.fullmatch(text, toks[k - 1].end, toks[k].start):
            break
        # A capital that does not start a sentence marks a name or a title ("Crab House",
        # "Credential Evaluation Services"): a virtual run stops before it (a choice, not a
        # fit: the list's phrases are lower case, so a fit would learn no more than that).
        if text[toks[k].start].isupper() and (k > i or not _sentence_start(text, toks[k].start)):
            break
        picks.append(pick)
    if len(picks) < 2 or "list" not in map(_LINK, picks):
        return []
    run = tuple(t.key for t in toks[i : i + len(picks)])
    words = tuple(_word(text, t) for t in toks[i : i + len(picks)])
    # A text repeats its runs, and so do texts: the runs' features are kept per words (the
    # score is taken anew, so that a change of VIRTUAL_COEFS holds at once).
    found = phrases._runs.get((run, words))
    if found is None:
        if len(phrases._runs) >= 1 << 16:
            phrases._runs.clear()
        found = phrases._runs[(run, words)] = _score_runs(phrases, picks, run, words)
    out: list[Match] = []
    for size, features, term_text in found:
        score = round(virtual_score(features), 4)
        if score >= least:
            out.append(Match(toks[i].start, toks[i + size - 1].end, term_text, False, score, features, True))
    return out


def _score_runs(phrases: Phrases, picks: Sequence[tuple[str, str | None]], run: tuple[str, ...],
                words: tuple[str, ...]) -> list[tuple[int, tuple[float, ...], str]]:
    """``(size, features, term)`` of each virtual candidate of a run of words (their
    keys and targets given), shortest first."""
    from spundetect.lexicon import get_lexicon

    lex = get_lexicon()
    zipfs = [lex.zipf(w) for w in words]
    raw_subs = [phrases.substituted(k) for k in run]
    raw_terms = [phrases.term_counts.get(k, 0) for k in run]
    shares = [a / (a + b) if a + b else 0.0 for a, b in zip(raw_subs, raw_terms)]
    subs = [math.log1p(n) for n in raw_subs]
    in_terms = [math.log1p(n) for n in raw_terms]
    out: list[tuple[int, tuple[float, ...], str]] = []
    for size in range(2, len(picks) + 1):
        chosen = picks[:size]
        listed = sum(link == "list" for _, link in chosen)
        if not listed:
            continue
        changed = [z for (_, link), z in zip(chosen, zipfs) if link is not None]
        features = (float(size), listed / size, min(changed), max(changed), sum(subs[:size]) / size,
                    sum(in_terms[:size]) / size, min(shares[:size]), sum(shares[:size]) / size,
                    min(zipfs[:size]), float(sum(link == "wordnet" for _, link in chosen)),
                    float(sum(link == "nearby" for _, link in chosen)))
        term = tuple(key for key, _ in chosen)
        if phrases.term(term) is not None or phrases.term(run[:size]) is not None or run[:size] in phrases.known:
            continue
        term_text = " ".join(phrases.listed_words.get(key, key) if link else w
                             for (key, link), w in zip(chosen, words))
        out.append((size, features, term_text))
    return out


def _may_run(by_list: Sequence[bool], stands: Sequence[bool], taken: set[int] | frozenset[int], i: int) -> bool:
    """Whether :func:`virtual_runs` at word ``i`` can find a run, told from the words'
    cached targets (``stands``: a word has one; ``by_list``: through a substitution of
    the list): the run's words, at most :data:`MAX_VIRTUAL_WORDS` and none in ``taken``, each
    stand for a word of a term, and one of them through the list. Most words that start
    two standing words have no such run, and are passed by without the run's look-ups."""
    for k in range(i, min(i + MAX_VIRTUAL_WORDS, len(stands))):
        if k in taken or not stands[k]:
            return False
        if by_list[k]:
            return True
    return False


def _virtual(text: str, toks: Sequence[Token], phrases: Phrases, taken: set[int] | frozenset[int],
             i: int, least: float) -> Match | None:
    """The best-scoring virtual candidate starting at ``toks[i]`` (the shorter on a tie)
    that scores ``least`` or more, unless one starting at the next word, overlapping it,
    scores higher (so that a word before a phrase does not take its place)."""
    here = max(virtual_runs(text, toks, phrases, taken, i, least), key=lambda m: m.score, default=None)
    if here is None:
        return None
    after = max(virtual_runs(text, toks, phrases, taken, i + 1, here.score), key=lambda m: m.score, default=None)
    if after is not None and after.start < here.end and after.score > here.score:
        return None
    return here


def find_tortured(text: str, *, new: bool = True, phrases: Phrases | None = None) -> list[Match]:
    """Find tortured phrases in ``text``, known ones and (with ``new``) new ones.

    Args:
        text: any text.
        new: also look for phrases the list does not have.
        phrases: the index to use (default: the shipped list, :func:`get_phrases`).

    Returns:
        The matches in text order, not overlapping (a known phrase wins over a new one).
        With ``new``, a candidate near a tortured phrase found at the usual thresholds
        needs :data:`SUPPORT_BONUS` less (:func:`supported_matches`).

    Examples:
        >>> [m.term for m in find_tortured("An irregular timberland classifier.")]
        ['random forest']
    """
    index = phrases if phrases is not None else get_phrases()
    toks = _tokens(text, index)
    known = known_matches(toks, index)
    found = [Match(toks[a].start, toks[b - 1].end, terms[0], True) for a, b, terms in known]
    if new:
        taken = {k for a, b, _ in known for k in range(a, b)}
        found += new_matches(text, toks, index, taken)
        found += supported_matches(text, toks, index, found)
        found.sort(key=lambda m: (m.start, m.end))
    return found


def supported_matches(text: str, toks: Sequence[Token], phrases: Phrases, found: Sequence[Match],
                      *, bonus: float | None = None, window: int | None = None) -> list[Match]:
    """New candidates near the tortured phrases ``found`` (at the usual thresholds, by
    :func:`find_tortured`): those within ``window`` words (:data:`SUPPORT_WORDS`) of one,
    not overlapping any, whose score reaches its threshold less ``bonus``
    (:data:`SUPPORT_BONUS`).

    A paper-mill text holds many tortured phrases, ordinary text almost none: one found
    makes its neighbours likelier. Only the words in those windows are looked at again;
    a supported candidate supports no other (no chain through a text).

    Examples:
        >>> p = build_phrases([("irregular variable", "random variable"),
        ...                    ("organization traffic", "network traffic"),
        ...                    ("profound learning", "deep learning")], wordnet_terms=False)
        >>> text = "Profound learning on an irregular organization."
        >>> toks = tokens(text)
        >>> found = find_tortured(text, phrases=p, new=False)
        >>> [text[m.start:m.end] for m in supported_matches(text, toks, p, found, bonus=9.0)]
        ['irregular organization']
    """
    bonus = SUPPORT_BONUS if bonus is None else bonus
    window = SUPPORT_WORDS if window is None else window
    if bonus <= 0 or not any(m.known or SUPPORT_FROM == "all" for m in found):
        return []
    starts = [t.start for t in toks]
    near: set[int] = set()
    busy: set[int] = set()
    for m in found:
        a = bisect.bisect_left(starts, m.start)
        b = bisect.bisect_left(starts, m.end)
        busy.update(range(a, b))
        if m.known or SUPPORT_FROM == "all":
            near.update(range(max(0, a - window), min(len(toks), b + window)))
    # Words outside every window, or in a phrase already found, are not looked at again.
    taken = busy | (set(range(len(toks))) - near)
    return [dataclasses.replace(m, supported=True)
            for m in new_matches(text, toks, phrases, taken, min_score=MIN_SCORE - bonus,
                                 virtual_min_score=VIRTUAL_MIN_SCORE - bonus)]


def tortured_tells(text: str, *, new: bool = True) -> list[Tell]:
    """Tortured phrases of ``text`` as tells (code ``"tortured_phrase"``), in text order.

    The detail names the term the phrase stands for, and whether the phrase is on the
    shipped list (known) or found by its synonym links (new).

    Examples:
        >>> t = tortured_tells("A counterfeit consciousness wrote it.")[0]
        >>> t.code, t.suspect_span, t.detail.split(" (")[0]
        ('tortured_phrase', (2, 27), 'stands for "artificial intelligence"')
    """
    tells: list[Tell] = []
    for m in find_tortured(text, new=new):
        near = "; a known tortured phrase is near" if m.supported else ""
        if m.known:
            detail = f'stands for "{m.term}" (known tortured phrase, Problematic Paper Screener list)'
        elif m.virtual:
            detail = (f'may stand for "{m.term}" (new tortured phrase: its words are substitutes the list '
                      f"makes for the words of its terms; virtual score {m.score:.2f}{near})")
        else:
            detail = (f'stands for "{m.term}" (new tortured phrase: its changed words are '
                      f"synonyms of the term's; link score {m.score:.2f}{near})")
        tells.append(Tell(code=CODE, suspect_span=(m.start, m.end), detail=detail))
    return tells
