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

A text's fingerprints are hashed n-grams of two kinds (the ``"hybrid"`` scheme, the
default):

* *immutable n-grams*: ``n`` immutable words in a row, the mutable words between them
  skipped, so a swap of a word or of a phrase of another length leaves them as they were;
* *canonical n-grams*: ``n`` words in a row, each replaced by a canonical member of its
  synonym class, which also survive edits around the words a spinner can change.

A shuffle of sentences only breaks the n-grams across a sentence boundary. Documents keep
a *winnowed* subset (Schleimer et al., SIGMOD 2003): the smallest hash of every
``window`` consecutive n-grams of each kind, about ``2 / (window + 1)`` of them, with a
guarantee of one in any run of ``window + n - 1`` words, so a reused passage of a few
dozen words still leaves a mark. Queries keep every n-gram, so any winnowed fingerprint of
a document that the query also holds is found.

The other schemes, measured against this one in ``benchmarks/index_eval.py`` (see
``docs/search.md``): ``"immutable"`` and ``"canonical"`` alone, ``"stopword"`` (n-grams of
function words only, Stamatatos 2011) and ``"word"`` (plain word n-grams, the
near-duplicate classic).

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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from spundetect.errors import SettingsError, describe

__all__ = [
    "SCHEMES",
    "Scheme",
    "Fingerprint",
    "FingerprintConfig",
    "DEFAULT_CONFIG",
    "fingerprints",
    "document_hashes",
    "query_grams",
    "is_immutable",
    "take_new_words",
    "learn_words",
]

Scheme = Literal["hybrid", "immutable", "stopword", "canonical", "word"]
SCHEMES: tuple[str, ...] = ("hybrid", "immutable", "stopword", "canonical", "word")

# A text with this few n-grams keeps them all: winnowing would leave a sentence one or two.
_KEEP_ALL = 16
_SALT = 0x5BD1E9955BD1E995  # below 2**63: a signed 64-bit int stays one after xor
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


#: What is known of a word: (immutable, hash of its spelling, hash of its synonym class,
#: function word, hash of the word itself).
Facts = tuple[bool, int, int, bool, int]


class _Vocabulary:
    """Per-word facts, computed once per word and process.

    ``facts[word]`` is ``(immutable, spelled_hash, canonical_hash, function_word,
    word_hash)``.
    """

    def __init__(self) -> None:
        self.facts: dict[str, Facts] = {}
        self.new: list[str] = []  # computed here since the last take_new()
        self._lock = threading.Lock()

    def compute_facts(self, word: str) -> Facts:
        from spundetect.wordlists import FUNCTION_WORDS

        with self._lock:  # the lexicon's caches are filled by one thread at a time
            facts = (self._immutable(word), _hash(self._spelling(word)), _hash(self._canonical(word)),
                     word in FUNCTION_WORDS, _hash(word))
        self.facts[word] = facts
        self.new.append(word)
        return facts

    @staticmethod
    def _spelling(word: str) -> str:
        # One spelling for the forms a spinner swaps freely: digits and number words
        # ("2", "two" -> "#2"; "3rd", "third" -> "#3") and the two indefinite articles.
        from spundetect.wordlists import is_number, number_value

        if word == "an":
            return "a"
        if is_number(word):
            value = number_value([word])
            if value is not None:
                return f"#{value[0]:g}"
        return word

    @staticmethod
    def _immutable(word: str) -> bool:
        from spundetect.wordlists import FUNCTION_SYNONYMS, FUNCTION_WORDS, is_number

        if word in FUNCTION_SYNONYMS:
            return False
        if word in FUNCTION_WORDS or is_number(word):
            return True
        from spundetect.lexicon import get_lexicon
        from spundetect.thesaurus import get_thesaurus

        return not get_lexicon().synonyms(word) and not get_thesaurus().entry(word)

    @staticmethod
    def _canonical(word: str) -> str:
        # The class of a word: the alphabetically first of the word's base form and its
        # one-word WordNet synonyms. A spun word shares it when both sides list that member.
        from spundetect.lexicon import get_lexicon
        from spundetect.wordlists import FUNCTION_SYNONYMS

        group = FUNCTION_SYNONYMS.get(word)
        if group is not None:
            return min(group)
        if _Vocabulary._spelling(word) != word:
            return _Vocabulary._spelling(word)
        lex = get_lexicon()
        lemmas = lex.lemmas(word)
        base = lemmas[0][0] if lemmas else word
        members = [s.lower() for s in lex.synonyms(base) if " " not in s]
        return min([base, *members])


def take_new_words() -> list[tuple[str, Facts]]:
    """The words whose facts were computed in this process since the last call, with them.

    An index stores them (and :func:`learn_words` loads them back), so a fresh process
    does not look every word up in WordNet again: a cold look-up costs about a
    millisecond, a stored one a dictionary hit.
    """
    vocab = _VOCABULARY
    words, vocab.new = vocab.new, []
    return [(w, vocab.facts[w]) for w in words]


def learn_words(rows: Iterable[tuple[str, Facts]], *, new: bool = False) -> None:
    """Take word facts computed elsewhere (by :func:`take_new_words`).

    Args:
        rows: ``(word, facts)`` pairs.
        new: count the words not known here yet as new (:func:`take_new_words` gives them
            next), as for facts a worker process computed.
    """
    vocab = _VOCABULARY
    for word, known in rows:
        if word not in vocab.facts:
            vocab.facts[word] = known
            if new:
                vocab.new.append(word)


def _hash(word: str) -> int:
    # signed, as SQLite stores integers (the word facts are kept in an index)
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little",
                          signed=True)


_VOCABULARY = _Vocabulary()


def is_immutable(word: str) -> bool:
    """Whether no shipped dictionary offers a substitute for ``word`` (lower case).

    Examples:
        >>> is_immutable("the"), is_immutable("1999"), is_immutable("friend"), is_immutable("in")
        (True, True, False, False)
    """
    known = _VOCABULARY.facts.get(word) or _VOCABULARY.compute_facts(word)
    return known[0]


# A word, with the sentence-closing mark before it, if any (across spaces, quotes and an
# opening parenthesis): a capital after one says nothing, elsewhere it marks a name.
_WORD_AFTER = re.compile(r"([.!?:\n\r]?)[ \t\"'\u201c\u2018(]*([^\W_]+(?:['\u2019][^\W_]+)?)")


def _units(text: str, schemes: Sequence[str], offsets: bool) -> list[tuple[list[int], list[int], list[int]]]:
    """Per scheme: the hashes of the words it keeps, in order, with their starts and ends
    (only when ``offsets``: documents need none, and ``findall`` is much faster). One pass
    over the words serves every scheme."""
    vocab = _VOCABULARY
    get = vocab.facts.get
    compute = vocab.compute_facts
    if offsets:
        matches = list(_WORD_AFTER.finditer(text))
        pairs = [m.groups() for m in matches]
    else:
        pairs = _WORD_AFTER.findall(text)
    # Comprehensions, not one loop with appends: this is the hot path of building an index.
    known = [get(low) or compute(low) for low in [word.lower() for _, word in pairs]]
    out = []
    for scheme in schemes:
        keep: Sequence[int]
        if scheme == "immutable":
            # a name mid-sentence counts too: spinners leave capitalised words alone
            keep = [k for k, (facts, (mark, word)) in enumerate(zip(known, pairs))
                    if facts[0] or (k and not mark and word[0].isupper())]
        elif scheme == "stopword":
            keep = [k for k, facts in enumerate(known) if facts[3]]
        else:
            keep = range(len(known))
        field = _FIELD[scheme]
        hashes = [known[k][field] for k in keep]
        if offsets:
            out.append((hashes, [matches[k].start(2) for k in keep], [matches[k].end(2) for k in keep]))
        else:
            out.append((hashes, [], []))
    return out


_FIELD = {"immutable": 1, "stopword": 1, "canonical": 2, "word": 4}


def _gram_hashes(hashes: list[int], n: int) -> Any:
    """The n-gram hashes as a numpy int64 array (n words in a row; fewer if the text is shorter).

    The hash of an n-gram is ``sum(m_i * h_i)`` modulo 2**64 over its word hashes, mixed
    with its own top bits: no string is built per n-gram, and numpy does it for the whole
    text at once (unsigned arithmetic wraps modulo 2**64, as wanted).
    """
    import numpy as np

    n = min(n, len(hashes))
    words = np.array(hashes, dtype=np.int64).view(np.uint64)
    count = len(hashes) - n + 1
    grams = np.zeros(count, dtype=np.uint64)
    for i in range(n):
        grams += words[i : i + count] * np.uint64(_MULTIPLIERS[i])
    grams ^= grams >> np.uint64(29)
    return grams.view(np.int64)


def _winnow_positions(grams: Any, window: int) -> Any:
    """Positions of the winnowed n-grams: the rightmost smallest hash of each window."""
    import numpy as np

    if window <= 1 or len(grams) <= _KEEP_ALL:
        return np.arange(len(grams))
    windows = np.lib.stride_tricks.sliding_window_view(grams, window)
    rightmost = window - 1 - np.argmin(windows[:, ::-1], axis=1)
    return np.unique(rightmost + np.arange(len(windows)))


def _scheme_fingerprints(text: str, config: FingerprintConfig, offsets: bool) -> Iterator[tuple[Any, list[int], list[int], int]]:
    """Per part of the scheme: n-gram hashes (salted), word starts and ends, and n."""
    parts = _parts(config.scheme)
    for (hashes, starts, ends), (_, salt) in zip(_units(text, [p[0] for p in parts], offsets), parts):
        if not hashes:
            continue
        grams = _gram_hashes(hashes, config.n)
        if salt:
            grams = grams ^ salt
        yield grams, starts, ends, min(config.n, len(hashes))


def document_hashes(text: str, *, config: FingerprintConfig = DEFAULT_CONFIG) -> list[int]:
    """The distinct winnowed fingerprint hashes of a document, sorted (what an index stores).

    Examples:
        >>> hashes = document_hashes("The two men met an old friend in Moscow in May.")
        >>> hashes == sorted(set(hashes)) and all(-2**63 <= h < 2**63 for h in hashes)
        True
    """
    import numpy as np

    parts = [grams[_winnow_positions(grams, config.window)] for grams, _, _, _ in
             _scheme_fingerprints(text, config, False)]
    if not parts:
        return []
    return [int(h) for h in np.unique(np.concatenate(parts))]


def _parts(scheme: str) -> tuple[tuple[str, int], ...]:
    # The hybrid scheme holds both kinds, told apart by a salt: immutable n-grams survive
    # heavy spinning, canonical ones also survive rewording around the words a spinner
    # can change (measured in docs/search.md).
    return (("immutable", 0), ("canonical", _SALT)) if scheme == "hybrid" else ((scheme, 0),)


def fingerprints(
    text: str, *, config: FingerprintConfig = DEFAULT_CONFIG, winnow: bool = False
) -> list[Fingerprint]:
    """The fingerprints of ``text``, with where they are, in text order.

    Args:
        text: any text.
        config: the scheme, n-gram size and winnowing window.
        winnow: keep only the winnowed subset (what an index stores per document);
            False keeps every n-gram (what a query looks up).

    Returns:
        Fingerprints in text order; the same n-gram twice gives two entries.

    Examples:
        >>> text = "It was the best of times, it was the worst of times."
        >>> [text[f.start:f.end] for f in fingerprints(text, config=FingerprintConfig("word", 3, 1))][:2]
        ['It was the', 'was the best']
    """
    if not winnow:
        return [Fingerprint(h, a, b) for h, a, b in query_grams(text, config=config)]
    out: list[Fingerprint] = []
    for grams, starts, ends, n in _scheme_fingerprints(text, config, True):
        values = grams.tolist()
        out.extend(Fingerprint(values[i], starts[i], ends[i + n - 1])
                   for i in _winnow_positions(grams, config.window))
    out.sort(key=lambda f: (f.start, f.end))
    return out


def query_grams(text: str, *, config: FingerprintConfig = DEFAULT_CONFIG) -> list[tuple[int, int, int]]:
    """Every n-gram of ``text`` as ``(hash, start, end)``, in text order: what a query looks up.

    :func:`fingerprints` without winnowing, as plain tuples (a long query has thousands).

    Examples:
        >>> text = "The 2 men met in Moscow."
        >>> [text[a:b] for _, a, b in query_grams(text, config=FingerprintConfig("word", 3, 1))]
        ['The 2 men', '2 men met', 'men met in', 'met in Moscow']
    """
    out: list[tuple[int, int, int]] = []
    for grams, starts, ends, n in _scheme_fingerprints(text, config, True):
        out.extend(zip(grams.tolist(), starts, ends[n - 1 :]))
    out.sort(key=lambda g: (g[1], g[2]))
    return out
