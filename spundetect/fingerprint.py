"""Spin-proof fingerprints: the words a spinner cannot change, hashed in order.

A spinner replaces words (and phrases) with entries of its thesaurus. Words it has no
entry for survive, in their order: function words that thesauri leave alone ("the",
"of", "and"), numbers, names and rare or technical words. DSpin (Zhang et al., NDSS 2014)
called them *immutables* and found spun copies on the web from them. Here a word is
immutable when the dictionaries the package ships have no synonyms for it: no WordNet
synonyms (:mod:`spundetect.lexicon`), no Moby Thesaurus entry
(:mod:`spundetect.thesaurus`) and no closed-class synonym group
(:data:`spundetect.wordlists.FUNCTION_SYNONYMS`); function words outside those groups and
numbers always are.

A text's fingerprints are the hashes of the n-grams of its immutable words (``n`` of
them in a row, the mutable words between them skipped), so a swap of a word or of a
phrase of another length leaves them as they were, and a shuffle of sentences only breaks
the n-grams across a sentence boundary. Documents keep a *winnowed* subset (Schleimer et
al., SIGMOD 2003): the smallest hash of every ``window`` consecutive n-grams, which keeps
about ``2 / (window + 1)`` of them and guarantees one in any run of ``window + n - 1``
immutable words, so a reused passage of a few dozen words still leaves a mark. Queries
keep every n-gram, so any winnowed fingerprint of a document that the query also holds is
found.

Other schemes, measured against this one in ``benchmarks/index_eval.py`` (see
``docs/search.md``): ``"stopword"`` (n-grams of function words only, Stamatatos 2011),
``"canonical"`` (every word replaced by a canonical member of its synonym class) and
``"word"`` (plain word n-grams, the near-duplicate classic).

Hashes are 64-bit signed integers (SQLite's integer), the same in every process and run:
words are hashed with BLAKE2b, not Python's salted ``hash``.

Examples:
    >>> from spundetect.fingerprint import fingerprints
    >>> a = fingerprints("The 2 men met in Moscow on the 3rd of May, as planned.")
    >>> b = fingerprints("The two males met within Moscow on the 3rd of May, as designed.")
    >>> len({f.hash for f in a} & {f.hash for f in b}) > 0
    True
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spundetect.errors import SettingsError, describe

__all__ = [
    "SCHEMES",
    "Scheme",
    "Fingerprint",
    "FingerprintConfig",
    "DEFAULT_CONFIG",
    "tokens",
    "fingerprints",
    "is_immutable",
]

Scheme = Literal["hybrid", "immutable", "stopword", "canonical", "word"]
SCHEMES: tuple[str, ...] = ("hybrid", "immutable", "stopword", "canonical", "word")

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_MASK = (1 << 64) - 1
# A text with this few n-grams keeps them all: winnowing would leave a sentence one or two.
_KEEP_ALL = 16
_SIGN = 1 << 63
_SALT = 0x5BD1E9955BD1E995 - (1 << 64)  # negative: stays a signed 64-bit int after xor
# Odd 64-bit multipliers, one per n-gram position: the n-gram hash is a weighted sum of
# the word hashes, so it is cheap (no string is built per n-gram) and order-sensitive.
_MULTIPLIERS = (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9,
)


@dataclass(frozen=True)
class FingerprintConfig:
    """How fingerprints are made; stored with an index, which only matches its own.

    Attributes:
        scheme: ``"hybrid"`` (default: immutable and canonical n-grams together),
            ``"immutable"``, ``"stopword"``, ``"canonical"`` or ``"word"``.
        n: words per n-gram.
        window: winnowing window for documents (1 keeps every n-gram).
    """

    scheme: str = "hybrid"
    n: int = 3
    window: int = 6

    def __post_init__(self) -> None:
        if self.scheme not in SCHEMES:
            raise SettingsError(f"scheme must be one of {', '.join(SCHEMES)}, got {describe(self.scheme)}",
                                code="E110")
        for name, value, top in (("n", self.n, len(_MULTIPLIERS)), ("window", self.window, 64)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                raise SettingsError(f"{name} must be an int in [1, {top}], got {describe(value)}", code="E110")

    @property
    def key(self) -> str:
        """A short string naming the configuration (kept in an index's metadata)."""
        return f"{self.scheme}:{self.n}:{self.window}"

    @classmethod
    def from_key(cls, key: str) -> FingerprintConfig:
        """The configuration :attr:`key` names.

        Raises:
            SettingsError: ``key`` is not a configuration key.
        """
        parts = key.split(":")
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
            raise SettingsError(f"not a fingerprint configuration: {key!r}", code="E110")
        return cls(parts[0], int(parts[1]), int(parts[2]))


DEFAULT_CONFIG = FingerprintConfig()


@dataclass(frozen=True)
class Fingerprint:
    """One fingerprint of a text: a 64-bit hash and the characters it covers.

    Attributes:
        hash: signed 64-bit integer.
        start: offset of the first character of the n-gram's first word.
        end: offset just past its last word (``text[start:end]`` is the stretch).
    """

    hash: int
    start: int
    end: int


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text``, lower-cased, with their character offsets.

    A word is a run of letters and digits, with an inner apostrophe kept ("don't").

    Examples:
        >>> tokens("Don't stop, 2 men!")
        [("don't", 0, 5), ('stop', 6, 10), ('2', 12, 13), ('men', 14, 17)]
    """
    return [(m.group().lower().replace("\u2019", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


class _Vocabulary:
    """Per-word facts, computed once per word and process: immutability, class, hash."""

    def __init__(self) -> None:
        self._immutable: dict[str, bool] = {}
        self._canonical: dict[str, str] = {}
        self._hash: dict[str, int] = {}
        self._spelling: dict[str, str] = {}
        self._lock = threading.Lock()

    def hash(self, word: str) -> int:
        h = self._hash.get(word)
        if h is None:
            h = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                               "little")
            self._hash[word] = h
        return h

    def spelling(self, word: str) -> str:
        """One spelling for the forms a spinner swaps freely: digits and number words
        ("2", "two" -> "#2"; "3rd", "third" -> "#3") and the two indefinite articles."""
        known = self._spelling.get(word)
        if known is None:
            from spundetect.wordlists import is_number, number_value

            known = word
            if word == "an":
                known = "a"
            elif is_number(word):
                value = number_value([word])
                if value is not None:
                    known = f"#{value[0]:g}"
            self._spelling[word] = known
        return known

    def immutable(self, word: str) -> bool:
        known = self._immutable.get(word)
        if known is None:
            known = self._compute_immutable(word)
            self._immutable[word] = known
        return known

    def _compute_immutable(self, word: str) -> bool:
        from spundetect.wordlists import FUNCTION_SYNONYMS, FUNCTION_WORDS, is_number

        if word in FUNCTION_SYNONYMS:
            return False
        if word in FUNCTION_WORDS or is_number(word):
            return True
        from spundetect.lexicon import get_lexicon
        from spundetect.thesaurus import get_thesaurus

        with self._lock:  # the lexicon's caches are filled by one thread at a time
            return not get_lexicon().synonyms(word) and not get_thesaurus().entry(word)

    def canonical(self, word: str) -> str:
        known = self._canonical.get(word)
        if known is None:
            known = self._compute_canonical(word)
            self._canonical[word] = known
        return known

    def _compute_canonical(self, word: str) -> str:
        # The class of a word: the alphabetically first of the word's base form and its
        # one-word WordNet synonyms. A spun word shares it when both sides list that member.
        from spundetect.lexicon import get_lexicon
        from spundetect.wordlists import FUNCTION_SYNONYMS

        group = FUNCTION_SYNONYMS.get(word)
        if group is not None:
            return min(group)
        lex = get_lexicon()
        with self._lock:
            lemmas = lex.lemmas(word)
            base = lemmas[0][0] if lemmas else word
            members = [s.lower() for s in lex.synonyms(base) if " " not in s]
        return min([base, *members])


_VOCABULARY = _Vocabulary()


def is_immutable(word: str) -> bool:
    """Whether no shipped dictionary offers a substitute for ``word`` (lower case).

    Examples:
        >>> is_immutable("the"), is_immutable("moscow"), is_immutable("friend")
        (True, True, False)
    """
    return _VOCABULARY.immutable(word)


def _units(text: str, scheme: str) -> list[tuple[int, int, int]]:
    """(word hash, start, end) of the words the scheme keeps, in order."""
    vocab = _VOCABULARY
    out: list[tuple[int, int, int]] = []
    if scheme == "immutable":
        for word, a, b in tokens(text):
            if vocab.immutable(word) or (text[a].isupper() and not _sentence_start(text, a)):
                out.append((vocab.hash(vocab.spelling(word)), a, b))
    elif scheme == "stopword":
        from spundetect.wordlists import FUNCTION_WORDS

        for word, a, b in tokens(text):
            if word in FUNCTION_WORDS:
                out.append((vocab.hash(word), a, b))
    elif scheme == "canonical":
        for word, a, b in tokens(text):
            out.append((vocab.hash(vocab.canonical(word)), a, b))
    else:
        for word, a, b in tokens(text):
            out.append((vocab.hash(word), a, b))
    return out


def _sentence_start(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens a sentence (or a line): its capital says nothing."""
    k = at - 1
    while k >= 0 and text[k] in " \t\"'\u201c\u2018(":
        k -= 1
    return k < 0 or text[k] in ".!?:\n\r"


def _grams(units: Sequence[tuple[int, int, int]], n: int) -> list[Fingerprint]:
    if len(units) < n:
        if not units:
            return []
        n = len(units)  # a text shorter than one n-gram still gets one fingerprint
    mults = _MULTIPLIERS[:n]
    hashes = [u[0] for u in units]
    out: list[Fingerprint] = []
    for i in range(len(units) - n + 1):
        h = 0
        for m, x in zip(mults, hashes[i : i + n]):
            h += m * x
        h = (h ^ (h >> 29)) & _MASK
        out.append(Fingerprint(h - (1 << 64) if h & _SIGN else h, units[i][1], units[i + n - 1][2]))
    return out


def _winnow(grams: list[Fingerprint], window: int) -> list[Fingerprint]:
    if window <= 1 or len(grams) <= _KEEP_ALL:
        return grams
    kept: list[Fingerprint] = []
    last = -1
    for i in range(len(grams) - window + 1):
        # the rightmost minimum, so a run of windows shares one pick (robust winnowing)
        best = i
        best_hash = grams[i].hash
        for j in range(i + 1, i + window):
            if grams[j].hash <= best_hash:
                best, best_hash = j, grams[j].hash
        if best != last:
            kept.append(grams[best])
            last = best
    return kept


def _by_hash(f: Fingerprint) -> int:
    return f.hash


def fingerprints(
    text: str, *, config: FingerprintConfig = DEFAULT_CONFIG, winnow: bool = False
) -> list[Fingerprint]:
    """The fingerprints of ``text``, in text order.

    Args:
        text: any text.
        config: the scheme, n-gram size and winnowing window.
        winnow: keep only the winnowed subset (what an index stores per document);
            False keeps every n-gram (what a query looks up).

    Returns:
        Fingerprints in text order; the same n-gram twice gives two entries.

    Examples:
        >>> fps = fingerprints("It was the best of times, it was the worst of times.")
        >>> [text[f.start:f.end] for text in ["It was the best of times, it was the worst of times."]
        ...  for f in fps][:2]
        ['It was the', 'was the best']
    """
    if config.scheme != "hybrid":
        grams = _grams(_units(text, config.scheme), config.n)
        return _winnow(grams, config.window) if winnow else grams
    # Both kinds, told apart by a salt: immutable n-grams survive heavy spinning, canonical
    # ones also survive reordering and rewording around the words a spinner can change.
    first = _grams(_units(text, "immutable"), config.n)
    second = [Fingerprint(f.hash ^ _SALT, f.start, f.end) for f in _grams(_units(text, "canonical"), config.n)]
    if winnow:
        first, second = _winnow(first, config.window), _winnow(second, config.window)
    return sorted(first + second, key=lambda f: (f.start, f.end))
