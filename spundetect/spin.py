"""A synthetic article spinner, for building labelled test sets and red-teaming a detector.

This module imitates what cheap article spinners do to a text (context-blind thesaurus
substitution), so that :func:`spundetect.compare` can be tested on spun pairs whose every
substitution is known. It is a measuring instrument, not a writing tool: its output is
meant to be *detected*, and it deliberately keeps the tells real spinners leave (wrong
senses, "a" before a vowel, numbers turned into words, multiword dictionary lemmas).
Do not use it to disguise someone else's text.

What it does, in order:

* the text is split with :func:`spundetect.segment.segment`, so every token has exact
  character offsets;
* *candidates* are found left to right: runs of number words or digit numbers (when
  ``numbers`` is on), then multiword dictionary headwords (longest first), then single
  words that the dictionary knows, skipping function words and capitalised words if asked
  and pieces of longer words (the ``7`` of ``7am``);
* in mode ``"first"`` every candidate is replaced by its first alternative (what free
  online rewriters do); in mode ``"random"`` each candidate is replaced with probability
  ``p`` by an alternative drawn uniformly (``p=0.25`` and ``p=0.5`` are the usual
  "normal" and "high" settings);
* the capitalisation of the replaced word is kept; the article before it is not fixed.

The default dictionary is the shipped WordNet 3.0 read as a naive spinner would: *all*
synsets of the word, no sense disambiguation, multiword lemmas with spaces, and a rough
re-inflection of the substitute (plural nouns, ``-s``/``-ed``/``-ing`` verbs,
``-er``/``-est`` adjectives). :meth:`Thesaurus.from_wordnet` with ``split="train"`` or
``split="test"`` gives two disjoint halves of it, so a detector tuned on one can be tested
on substitutions it has never seen; :meth:`Thesaurus.from_file` reads the
``word|alt|alt`` format of public spinner dictionaries.

Examples:
    >>> from spundetect.spin import spin
    >>> r = spin("The two men met an old friend.", mode="first")
    >>> r.text
    'The 2 work forces ran into an erstwhile ally.'
    >>> [(s.original, s.replacement, s.kind) for s in r.substitutions][:3]
    [('two', '2', 'number'), ('men', 'work forces', 'multiword'), ('met', 'ran into', 'multiword')]
    >>> all(r.text[a:b] == s.replacement for s in r.substitutions for a, b in [s.spun_span])
    True
    >>> spin("The two men met an old friend.", p=0.5, seed=3) == spin(
    ...     "The two men met an old friend.", p=0.5, seed=3)
    True
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from spundetect.errors import FileFormatError, InputTypeError, SettingsError, describe
from spundetect.segment import Token, segment
from spundetect.wordlists import CONTRACTION_PAIRS, EXPANSIONS, FUNCTION_WORDS, MODAL_SWAPS

__all__ = [
    "Substitution",
    "SpinResult",
    "Thesaurus",
    "spin",
    "number_to_words",
    "words_to_number",
    "MODES",
    "SPLITS",
    "RULES",
    "PHENOMENA",
]

Mode = Literal["first", "random"]
Split = Literal["train", "test"]
Kind = Literal["word", "multiword", "number"]

#: The spinning modes accepted by :func:`spin`.
MODES: tuple[str, ...] = ("first", "random")
#: The halves of the WordNet dictionary accepted by :meth:`Thesaurus.from_wordnet`.
SPLITS: tuple[str, ...] = ("train", "test")
#: The rule-built phenomena of commercial spinner dictionaries that :func:`spin` can add
#: (its ``rules`` option): other forms of the word ("list" -> "listing"), contractions
#: both ways, expansions that contain the word ("here" -> "right here"), modal swaps and
#: other spellings of numbers ("170" -> "a hundred and seventy").
RULES: tuple[str, ...] = ("inflection", "contraction", "expansion", "modal", "number_words")
#: Where a substitution came from (:attr:`Substitution.phenomenon`): the dictionary, the
#: digits/words number conversion, or one of :data:`RULES`.
PHENOMENA: tuple[str, ...] = ("dictionary", "number", *RULES)

_WORD_RE = re.compile(r"[A-Za-z]+")
_ALT_OK_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .'\-]*")
_DIGITS_RE = re.compile(r"(?P<num>[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0)(?P<suf>st|nd|rd|th)?", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")
_MAX_WORDNET_PHRASE = 3
_MAX_FILE_PHRASE = 5
_MAX_NUMBER = 10**12

# ---------------------------------------------------------------------------- numbers

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_CARDINALS: dict[str, int] = {w: i for i, w in enumerate(_ONES)}
_CARDINALS.update({w: 10 * i for i, w in enumerate(_TENS) if i >= 2})
_MULTIPLIERS: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_IRREGULAR_ORDINALS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _ordinal_word(cardinal: str) -> str:
    if cardinal in _IRREGULAR_ORDINALS:
        return _IRREGULAR_ORDINALS[cardinal]
    if cardinal.endswith("y"):
        return cardinal[:-1] + "ieth"
    return cardinal + "th"


_ORDINALS: dict[str, str] = {
    _ordinal_word(w): w for w in [*_CARDINALS, *_MULTIPLIERS] if w != "zero"
}
# "first" and "second" are left to the dictionary when they stand alone: they are far
# more often adjectives, adverbs or nouns ("a second", "first of all") than numbers.
_AMBIGUOUS_ORDINALS = frozenset({"first", "second"})


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10])
        n %= 10
        if n:
            words.append(_ONES[n])
    elif n or not words:
        words.append(_ONES[n])
    return words


def number_to_words(n: int, *, ordinal: bool = False) -> str:
    """Spell out a non-negative integer the way spinners do: short scale, no "and", no hyphens.

    Args:
        n: the number, ``0 <= n < 10**12``.
        ordinal: spell the ordinal (``"thirty seventh"``) instead of the cardinal.

    Returns:
        The words, lower case, separated by single spaces.

    Raises:
        SettingsError: ``n`` is negative, too large or not an ``int``.

    Examples:
        >>> number_to_words(2600)
        'two thousand six hundred'
        >>> number_to_words(37, ordinal=True)
        'thirty seventh'
    """
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < _MAX_NUMBER:
        raise SettingsError(f"n must be an int in [0, 10**12), got {describe(n)}")
    words: list[str] = []
    rest = n
    for value, name in _SCALES:
        if rest >= value:
            words += [*_below_thousand(rest // value), name]
            rest %= value
    if rest or not words:
        words += _below_thousand(rest)
    if ordinal:
        words[-1] = _ordinal_word(words[-1])
    return " ".join(words)


def words_to_number(words: Sequence[str]) -> tuple[int, bool] | None:
    """Read a spelled-out number back, accepting only the canonical spelling.

    The words must be exactly what :func:`number_to_words` would write for the value
    (any case); anything else (``"twenty five hundred"``, ``"two and five"``) gives None.

    Args:
        words: the number words in order, e.g. ``["thirty", "seventh"]``.

    Returns:
        ``(value, is_ordinal)`` or None.

    Examples:
        >>> words_to_number(["Thirty", "seventh"])
        (37, True)
        >>> words_to_number(["two", "three"]) is None
        True
    """
    folded = [w.lower() for w in words]
    if not folded:
        return None
    ordinal = folded[-1] in _ORDINALS
    if ordinal:
        folded[-1] = _ORDINALS[folded[-1]]
    total = current = 0
    for w in folded:
        if w in _CARDINALS:
            current += _CARDINALS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _MULTIPLIERS:
            total += max(current, 1) * _MULTIPLIERS[w]
            current = 0
        else:
            return None
    value = total + current
    if value >= _MAX_NUMBER or number_to_words(value).split() != folded:
        return None
    return value, ordinal


def _digits_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# ---------------------------------------------------------------------------- inflection

_VOWELS = "aeiou"


def _double_final(word: str) -> bool:
    """Consonant-vowel-consonant ending of a one-syllable word: stop -> stopping."""
    if len(word) < 3 or word[-1] in "wxy" + _VOWELS:
        return False
    if word[-2] not in _VOWELS or word[-3] in _VOWELS:
        return False
    return sum(1 for k, c in enumerate(word) if c in _VOWELS and (k == 0 or word[k - 1] not in _VOWELS)) == 1


def _plural(word: str) -> str:
    low = word.lower()
    if low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return word  # already plural: "years", "twenty-four hours"
    if low.endswith("man") and not low.endswith(("human", "german", "roman")):
        return word[:-3] + word[-3] + "en"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _ing(word: str) -> str:
    low = word.lower()
    if low.endswith("ie"):
        return word[:-2] + "ying"
    if low.endswith("e") and not low.endswith(("ee", "ye", "oe")) and len(low) > 2:
        return word[:-1] + "ing"
    if _double_final(low):
        return word + word[-1] + "ing"
    return word + "ing"


# Common irregular verbs: base -> (past, past participle). Anything else is inflected by rule.
_IRREGULAR_VERBS: dict[str, tuple[str, str]] = {
    v[0]: (v[1], v[2])
    for v in (
        entry.split()
        for entry in re.split(r"[|\n]", """
        arise arose arisen|awake awoke awoken|be was been|bear bore borne|beat beat beaten
        become became become|begin began begun|bend bent bent|bet bet bet|bid bid bid
        bind bound bound|bite bit bitten|bleed bled bled|blow blew blown|break broke broken
        breed bred bred|bring brought brought|build built built|burn burnt burnt
        burst burst burst|buy bought bought|cast cast cast|catch caught caught
        choose chose chosen|cling clung clung|come came come|cost cost cost|creep crept crept
        cut cut cut|deal dealt dealt|dig dug dug|do did done|draw drew drawn|dream dreamt dreamt
        drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed fed
        feel felt felt|fight fought fought|find found found|flee fled fled|fling flung flung
        fly flew flown|forbid forbade forbidden|forget forgot forgotten|forgive forgave forgiven
        freeze froze frozen|get got got|give gave given|go went gone|grind ground ground
        grow grew grown|hang hung hung|have had had|hear heard heard|hide hid hidden|hit hit hit
        hold held held|hurt hurt hurt|keep kept kept|kneel knelt knelt|know knew known
        lay laid laid|lead led led|lean leant leant|leap leapt leapt|learn learnt learnt
        leave left left|lend lent lent|let let let|lie lay lain|light lit lit|lose lost lost
        make made made|mean meant meant|meet met met|mistake mistook mistaken|pay paid paid
        prove proved proven|put put put|quit quit quit|read read read|rid rid rid|ride rode ridden
        ring rang rung|rise rose risen|run ran run|say said said|see saw seen|seek sought sought
        sell sold sold|send sent sent|set set set|sew sewed sewn|shake shook shaken|shed shed shed
        shine shone shone|shoot shot shot|show showed shown|shrink shrank shrunk|shut shut shut
        sing sang sung|sink sank sunk|sit sat sat|slay slew slain|sleep slept slept|slide slid slid
        sling slung slung|slit slit slit|speak spoke spoken|speed sped sped|spend spent spent
        spin spun spun|spit spat spat|split split split|spread spread spread|spring sprang sprung
        stand stood stood|steal stole stolen|stick stuck stuck|sting stung stung|stink stank stunk
        stride strode stridden|strike struck struck|string strung strung|strive strove striven
        swear swore sworn|sweep swept swept|swell swelled swollen|swim swam swum|swing swung swung
        take took taken|teach taught taught|tear tore torn|tell told told|think thought thought
        throw threw thrown|thrust thrust thrust|tread trod trodden|understand understood understood
        undertake undertook undertaken|upset upset upset|wake woke woken|wear wore worn
        weave wove woven|weep wept wept|win won won|wind wound wound|withdraw withdrew withdrawn
        wring wrung wrung|write wrote written
        """)
    )
    if len(v) == 3
}
_PARTICIPLES = frozenset(v[1] for v in _IRREGULAR_VERBS.values()) - frozenset(
    v[0] for v in _IRREGULAR_VERBS.values()
)


def _ed(word: str, participle: bool = False) -> str:
    low = word.lower()
    irregular = _IRREGULAR_VERBS.get(low)
    if irregular is not None:
        return _match_case(word, irregular[1 if participle else 0])
    if low.endswith("e"):
        return word + "d"
    if low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        return word[:-1] + "ied"
    if _double_final(low):
        return word + word[-1] + "ed"
    return word + "ed"


def _third_person(word: str) -> str:
    low = word.lower()
    if low in ("be", "have", "do", "go"):
        return _match_case(word, {"be": "is", "have": "has", "do": "does", "go": "goes"}[low])
    return _plural(word)


def _syllables(word: str) -> int:
    return sum(1 for k, c in enumerate(word) if c in _VOWELS + "y" and (k == 0 or word[k - 1] not in _VOWELS + "y"))


def _degree(word: str, suffix: str) -> str:
    low = word.lower()
    if low.endswith("e"):
        return word + suffix[1:]
    if low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        return word[:-1] + "i" + suffix
    if _double_final(low):
        return word + word[-1] + suffix
    return word + suffix


def _inflect(alternative: str, form: str) -> str | None:
    """Apply ``form`` to a base-form alternative; None when it cannot be done sensibly."""
    words = alternative.split(" ")
    if form == "plural":  # nouns: the head is the last word ("police officers")
        head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1  # "signs of the zodiac"
        words[head] = _plural(words[head])
    elif form in ("s", "ing", "ed", "en"):  # verbs: the first word ("giving up")
        if form == "s":
            words[0] = _third_person(words[0])
        elif form == "ing":
            words[0] = _ing(words[0])
        else:
            words[0] = _ed(words[0], participle=form == "en")
    elif form in ("er", "est"):
        if len(words) > 1 or words[0].lower().endswith(("er", "est")):
            return None  # "larger" is already a comparative
        low = words[0].lower()
        if _syllables(low) == 1 or (_syllables(low) == 2 and low.endswith("y")):
            words[0] = _degree(words[0], form)
        else:
            words.insert(0, "more" if form == "er" else "most")
    return " ".join(words)


def _verb_form(word: str) -> str:
    if word.endswith("ing"):
        return "ing"
    if word.endswith("s") and not word.endswith("ss"):
        return "s"
    if word in _PARTICIPLES:
        return "en"  # "taken" -> "assumed", "given" -> "granted"
    return "ed"  # regular -ed and irregular past forms alike


def _stable_bucket(headword: str, alternative: str) -> int:
    digest = hashlib.blake2b(f"{headword}\t{alternative.lower()}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 2


def _match_case(original: str, alternative: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return alternative.upper()
    if original[:1].isupper():
        return alternative[:1].upper() + alternative[1:]
    return alternative


# ---------------------------------------------------------------------------- dictionaries


class Thesaurus:
    """A spinner's dictionary: a word or phrase in, its alternatives out.

    Build one with :meth:`from_wordnet`, :meth:`from_file` or :meth:`from_mapping`.
    Lookups are by lower-case headword with single spaces between words; answers are
    cached.

    Examples:
        >>> t = Thesaurus.from_mapping({"old": ["previous", "former"], "old friend": ["pal"]})
        >>> t.alternatives("Old"), t.alternatives("old friend"), t.max_phrase_words
        (('previous', 'former'), ('pal',), 2)
        >>> a, b = Thesaurus.from_wordnet(split="train"), Thesaurus.from_wordnet(split="test")
        >>> set(a.alternatives("friend")).isdisjoint(b.alternatives("friend"))
        True
        >>> Thesaurus.from_wordnet().alternatives("took")[:3]
        ('occupied', 'used up', 'led')
    """

    def __init__(
        self,
        entries: Mapping[str, Sequence[str]] | None = None,
        *,
        name: str = "custom",
        wordnet: bool = False,
        split: Split | None = None,
    ) -> None:
        """Create a dictionary; prefer the ``from_*`` constructors.

        Args:
            entries: headword -> alternatives, for a fixed dictionary.
            name: a short name recorded in :class:`SpinResult`.
            wordnet: read the shipped WordNet instead of ``entries``.
            split: with ``wordnet``, keep only one half of the alternatives.

        Raises:
            SettingsError: ``split`` is not None, ``"train"`` or ``"test"``, or
                ``entries`` is given together with ``wordnet``.
        """
        if split is not None and split not in SPLITS:
            raise SettingsError(f"split must be None, 'train' or 'test', got {describe(split)}")
        if wordnet and entries is not None:
            raise SettingsError("give either entries or wordnet=True, not both")
        if split is not None and not wordnet:
            raise SettingsError("split is only available for the WordNet dictionary")
        self._name = name
        self._wordnet = wordnet
        self._split = split
        self._entries: dict[str, tuple[str, ...]] = {}
        for head, alternatives in (entries or {}).items():
            key = _key(head)
            if not key:
                continue
            merged = list(self._entries.get(key, ()))
            for alt in alternatives:
                alt = _SPACES_RE.sub(" ", alt).strip()
                if alt and alt.lower() != key and alt.lower() not in (m.lower() for m in merged):
                    merged.append(alt)
            if merged:
                self._entries[key] = tuple(merged)
        if wordnet:
            self._max_phrase = _MAX_WORDNET_PHRASE
        else:
            longest = max((k.count(" ") + 1 for k in self._entries), default=1)
            self._max_phrase = min(longest, _MAX_FILE_PHRASE)
        self._cache: dict[tuple[str, bool], tuple[str, ...]] = {}

    # -- constructors

    @classmethod
    def from_wordnet(cls, split: Split | None = None) -> Thesaurus:
        """The shipped WordNet 3.0, read as a naive spinner reads it.

        Alternatives of a word are the lemmas of *all* its synsets in WordNet order
        (:meth:`spundetect.lexicon.Lexicon.synonyms`), multiword lemmas with spaces.
        An inflected word (its most frequent base form differs from it) gets the
        alternatives of that base form in that part of speech, re-inflected with simple
        rules: plural nouns are pluralised on the head word ("signs of the zodiac"),
        ``-s``/``-ing``/``-ed`` verbs on the first word ("gave up"; about 150 common
        irregular verbs are known, past participles such as "taken" get participles,
        other past forms the simple past), ``-er``/``-est`` adjectives and adverbs get
        ``-er``/``-est`` on short single words and "more"/"most" before longer ones.
        Multiword headwords are matched only in their exact base form ("take place", not
        "took place"). Alternatives that are only another form of the word itself ("wish"
        -> "wishing", "old" -> "older") are left out. A headword written in lower case
        never gets an alternative that
        WordNet capitalises (the name senses: "day" -> "Clarence Day", "friend" ->
        "Quaker"); a capitalised one does ("Paris" -> "City of Light").

        Args:
            split: None for the whole dictionary; ``"train"`` or ``"test"`` for one of
                two disjoint halves: every (base headword, alternative) pair goes to one
                half by a stable hash, so the two halves never share a substitution and
                each keeps about half of every word's alternatives.

        Returns:
            The dictionary, named ``"wordnet"``, ``"wordnet-train"`` or ``"wordnet-test"``.

        Raises:
            SettingsError: ``split`` is not None, ``"train"`` or ``"test"``.
        """
        name = "wordnet" if split is None else f"wordnet-{split}"
        return cls(name=name, wordnet=True, split=split)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Sequence[str]], *, name: str = "custom") -> Thesaurus:
        """A fixed dictionary from a mapping of headword to alternatives.

        Headwords are matched case-insensitively; alternatives are used as written
        (no re-inflection). Alternatives equal to the headword and repeats are dropped.

        Args:
            mapping: headword (a word or a phrase) -> alternatives in order.
            name: the name recorded in results.

        Returns:
            The dictionary.
        """
        return cls(mapping, name=name)

    @classmethod
    def from_file(cls, path: str | Path, *, name: str | None = None, encoding: str = "utf-8") -> Thesaurus:
        """Read a spinner dictionary in the ``word|alt|alt...`` format.

        One entry a line: the headword, then its alternatives, separated by ``|``.
        Surrounding braces (``{word|alt}``) are allowed; blank lines and lines starting
        with ``#`` are skipped; a headword met twice has its alternatives merged.
        Headwords may be phrases (up to five words are matched).

        Args:
            path: the file.
            name: the name recorded in results; default ``"file:<file name>"``.
            encoding: the file's encoding.

        Returns:
            The dictionary.

        Raises:
            FileFormatError: the file cannot be read or has no usable entry.

        Examples:
            >>> import tempfile, os
            >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            ...     _ = f.write("# a comment\\nfriend|pal|buddy\\n{big|large}\\n")
            >>> Thesaurus.from_file(f.name).alternatives("Friend")
            ('pal', 'buddy')
            >>> os.unlink(f.name)
        """
        file = Path(path)
        try:
            lines = file.read_text(encoding=encoding).splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise FileFormatError(f"cannot read spinner dictionary {str(file)!r}: {exc}") from exc
        entries: dict[str, list[str]] = {}
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("{") and line.endswith("}"):
                line = line[1:-1]
            fields = [f.strip() for f in line.split("|")]
            if len(fields) < 2 or not fields[0]:
                continue
            entries.setdefault(fields[0], []).extend(f for f in fields[1:] if f)
        thesaurus = cls(entries, name=name or f"file:{file.name}")
        if not thesaurus._entries:
            raise FileFormatError(
                f"spinner dictionary {str(file)!r} has no 'word|alternative|...' line"
            )
        return thesaurus

    # -- lookups

    @property
    def name(self) -> str:
        """The name recorded in :class:`SpinResult` (``"wordnet-test"``, ``"file:x.txt"``...)."""
        return self._name

    @property
    def split(self) -> str | None:
        """The WordNet half (``"train"``/``"test"``) or None; :func:`spin`'s ``rules``
        keep to the same half, so a held-out dictionary stays held out."""
        return self._split

    @property
    def max_phrase_words(self) -> int:
        """The longest headword, in words, that :func:`spin` tries to match."""
        return self._max_phrase

    def alternatives(self, headword: str) -> tuple[str, ...]:
        """Return the alternatives of a word or phrase, best first.

        Args:
            headword: a word or phrase in any case (its capitalisation is not applied
                to the answer; :func:`spin` does that).

        Returns:
            The alternatives (possibly empty), re-inflected for WordNet.

        Raises:
            InputTypeError: ``headword`` is not a ``str``.
        """
        if not isinstance(headword, str):
            raise InputTypeError(f"headword must be a str, got {describe(headword)}")
        key = _key(headword)
        capitalised = headword.lstrip()[:1].isupper()
        found = self._cache.get((key, capitalised))
        if found is None:
            found = self._compute(key, capitalised) if key else ()
            self._cache[(key, capitalised)] = found
        return found

    def __repr__(self) -> str:
        return f"Thesaurus(name={self._name!r})"

    def _compute(self, key: str, capitalised: bool) -> tuple[str, ...]:
        if not self._wordnet:
            return self._entries.get(key, ())
        from spundetect.lexicon import get_lexicon

        lexicon = get_lexicon()
        lemmas = lexicon.lemmas(key)
        if not lemmas:
            return ()
        base, pos = lemmas[0]
        form: str | None = None
        if " " in key:
            if all(lemma != key for lemma, _ in lemmas):
                return ()
            base, raw = key, lexicon.synonyms(key)
        elif base == key:
            raw = lexicon.synonyms(key)
        else:
            raw = lexicon.synonyms(key, pos)
            if pos == "n":
                form = "plural"
            elif pos == "v":
                form = _verb_form(key)
            elif key.endswith("est"):
                form = "est"
            elif key.endswith("er"):
                form = "er"
        result: list[str] = []
        seen = {key}
        for alt in raw:
            if not _ALT_OK_RE.fullmatch(alt):
                continue
            if not capitalised and alt[:1].isupper():
                continue  # "day" -> "Clarence Day", "friend" -> "Quaker": name senses
            if self._split is not None and _stable_bucket(base, alt) != SPLITS.index(self._split):
                continue
            if form is not None and "." in alt:
                continue  # abbreviations ("lbf.", "sr.") cannot be inflected
            if alt[:3].lower() == base[:3] and lexicon.relation(base, alt).kind == "identical":
                continue  # an inflection of the word itself ("wish" -> "wishing")
            inflected = alt if form is None else _inflect(alt, form)
            if inflected is None or inflected.lower() in seen:
                continue
            seen.add(inflected.lower())
            result.append(inflected)
        return tuple(result)


def _key(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip().lower()


@functools.lru_cache(maxsize=None)
def _wordnet_thesaurus(split: Split | None) -> Thesaurus:
    return Thesaurus.from_wordnet(split)


_NAMED: dict[str, Split | None] = {"wordnet": None, "wordnet-train": "train", "wordnet-test": "test"}


def _resolve_dictionary(dictionary: Thesaurus | str | Path | None) -> Thesaurus:
    if dictionary is None:
        return _wordnet_thesaurus(None)
    if isinstance(dictionary, Thesaurus):
        return dictionary
    if isinstance(dictionary, str) and dictionary in _NAMED:
        return _wordnet_thesaurus(_NAMED[dictionary])
    if isinstance(dictionary, (str, Path)):
        return _file_thesaurus(str(dictionary))
    raise SettingsError(
        "dictionary must be None, a Thesaurus, 'wordnet', 'wordnet-train', 'wordnet-test' "
        f"or the path of a 'word|alt|alt' file, got {describe(dictionary)}"
    )


@functools.lru_cache(maxsize=8)
def _file_thesaurus(path: str) -> Thesaurus:
    return Thesaurus.from_file(path)


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Substitution:
    """One replacement made by :func:`spin`.

    Attributes:
        original: the replaced text, exactly ``SpinResult.source[original_span]``.
        replacement: the new text, exactly ``SpinResult.text[spun_span]``.
        original_span: ``(start, end)`` character offsets in the source text.
        spun_span: ``(start, end)`` character offsets in the spun text.
        kind: ``"number"`` (digits to words or back), ``"multiword"`` (either side has
            more than one word) or ``"word"`` (one word for one word).
        phenomenon: where the replacement came from, one of :data:`PHENOMENA`.
    """

    original: str
    replacement: str
    original_span: tuple[int, int]
    spun_span: tuple[int, int]
    kind: Kind = "word"
    phenomenon: str = "dictionary"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (spans as lists)."""
        return {
            "original": self.original,
            "replacement": self.replacement,
            "original_span": list(self.original_span),
            "spun_span": list(self.spun_span),
            "kind": self.kind,
            "phenomenon": self.phenomenon,
        }


@dataclass(frozen=True)
class SpinResult:
    """The spun text, every substitution, and the settings that produced them.

    Attributes:
        text: the spun text.
        substitutions: the replacements, in text order; spans index ``source`` and
            ``text`` exactly.
        source: the input text.
        mode: ``"first"`` or ``"random"``.
        p: the replacement probability (1.0 in mode ``"first"``).
        seed: the random seed.
        dictionary: the :attr:`Thesaurus.name` used.
        numbers: whether numbers were converted.
        protect_capitalised: whether capitalised words were left alone.
        skip_function_words: whether function words were left alone.
        candidates: how many places could have been replaced.
        rules: the rule-built phenomena that were on (see :data:`RULES`).
    """

    text: str
    substitutions: tuple[Substitution, ...]
    source: str
    mode: str = "random"
    p: float = 0.25
    seed: int = 0
    dictionary: str = "wordnet"
    numbers: bool = True
    protect_capitalised: bool = True
    skip_function_words: bool = True
    candidates: int = 0
    rules: tuple[str, ...] = ()

    @property
    def settings(self) -> dict[str, Any]:
        """The spinner settings, JSON-ready (for a data set's ``meta``)."""
        return {
            "mode": self.mode,
            "p": self.p,
            "seed": self.seed,
            "dictionary": self.dictionary,
            "numbers": self.numbers,
            "protect_capitalised": self.protect_capitalised,
            "skip_function_words": self.skip_function_words,
            "rules": list(self.rules),
        }


# ---------------------------------------------------------------------------- spinning


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    words: int
    alternatives: tuple[str, ...]
    number: bool
    # parallel to alternatives: where each came from (PHENOMENA); empty: all dictionary
    # (or all "number" for a number)
    phenomena: tuple[str, ...] = ()

    def phenomenon(self, index: int) -> str:
        if self.phenomena:
            return self.phenomena[index]
        return "number" if self.number else "dictionary"


def _joined(text: str, tokens: Sequence[Token], i: int, n: int) -> bool:
    """Tokens ``i .. i+n-1`` are words separated by exactly one space each."""
    return all(text[tokens[k].end : tokens[k + 1].start] == " " for k in range(i, i + n - 1))


def _number_unit(text: str, tokens: Sequence[Token], i: int) -> _Unit | None:
    tok = tokens[i]
    match = _DIGITS_RE.fullmatch(tok.text)
    if match is not None:
        value = int(match.group("num").replace(",", ""))
        if value >= _MAX_NUMBER:
            return None
        spelled = number_to_words(value, ordinal=match.group("suf") is not None)
        return _Unit(tok.start, tok.end, 1, (spelled,), True)
    if tok.norm not in _CARDINALS and tok.norm not in _MULTIPLIERS and tok.norm not in _ORDINALS:
        return None
    # the longest run of number words joined by single spaces or hyphens
    parts = [i]
    k = i
    while k + 1 < len(tokens):
        nxt = tokens[k + 1]
        gap = text[tokens[k].end : nxt.start]
        if gap == " " and _is_number_word(nxt.norm):
            parts.append(k + 1)
            k += 1
        elif (
            gap == ""
            and nxt.text == "-"
            and k + 2 < len(tokens)
            and nxt.end == tokens[k + 2].start
            and _is_number_word(tokens[k + 2].norm)
        ):
            parts.append(k + 2)
            k += 2
        else:
            break
        if tokens[parts[-1]].norm in _ORDINALS:
            break  # an ordinal ends a number
    words = [tokens[j].norm for j in parts]
    if all(w in _MULTIPLIERS for w in words):
        return None  # "3.2 million", "hundreds": no digits to write
    if len(words) == 1 and words[0] in _AMBIGUOUS_ORDINALS:
        return None
    parsed = words_to_number(words)
    if parsed is None:
        return None
    value, ordinal = parsed
    digits = f"{value}{_digits_suffix(value)}" if ordinal else str(value)
    return _Unit(tok.start, tokens[parts[-1]].end, k - i + 1, (digits,), True)


def _number_variants(unit: _Unit, text: str, split: str | None) -> _Unit:
    """A digit number unit with the other spellings of :func:`_number_spellings` added."""
    match = _DIGITS_RE.fullmatch(text[unit.start : unit.end])
    if match is None:
        return unit  # words to digits: digits have one spelling
    value = int(match.group("num").replace(",", ""))
    head = text[unit.start : unit.end]
    extra = tuple(
        v for v in _number_spellings(value, match.group("suf") is not None) if _rule_allowed(split, head, v)
    )
    return _Unit(unit.start, unit.end, unit.words, unit.alternatives + extra, True,
                 ("number",) * len(unit.alternatives) + ("number_words",) * len(extra))


def _is_number_word(norm: str) -> bool:
    return norm in _CARDINALS or norm in _MULTIPLIERS or norm in _ORDINALS


def _is_number_token(tok: Token) -> bool:
    return _DIGITS_RE.fullmatch(tok.text) is not None or _is_number_word(tok.norm)



# ---------------------------------------------------------------------------- rules
#
# The phenomena of commercial spinner dictionaries that a WordNet synonym list never
# yields, built from morphology, WordNet and general rules of English (see RULES).

_CONTRACTION_MAP: dict[str, str] = {}
for _full, _short in CONTRACTION_PAIRS:
    _CONTRACTION_MAP[_full] = _short
    _CONTRACTION_MAP[_short] = _full
_CONTRACTION_RE = re.compile(
    r"(?:"
    + "|".join(
        re.escape(form).replace("'", "['\u2019]").replace("\\ ", " ")
        for form in sorted(_CONTRACTION_MAP, key=len, reverse=True)
    )
    + r")(?![\w'\u2019])",
    re.IGNORECASE,
)
_RULE_EXPANSIONS = 3  # compound expansions offered per noun ("political campaign")


def _rule_allowed(split: str | None, head: str, alternative: str) -> bool:
    """Rule alternatives keep to the dictionary's half, as WordNet's do."""
    return split is None or _stable_bucket(head.lower(), alternative) == SPLITS.index(split)


def _number_spellings(value: int, ordinal: bool) -> list[str]:
    """Other spellings of a number that spinner dictionaries use: "and" after "hundred",
    "a hundred" for "one hundred", hyphenated tens ("forty-three")."""
    words = number_to_words(value, ordinal=ordinal).split()
    variants: list[list[str]] = []
    with_and: list[str] = []
    for k, w in enumerate(words):
        with_and.append(w)
        if w == "hundred" and k + 1 < len(words) and words[k + 1] not in _MULTIPLIERS:
            with_and.append("and")
    if with_and != words:
        variants.append(with_and)
    for v in list(variants) or [words]:
        if v[:2] in (["one", "hundred"], ["one", "thousand"]):
            variants.append(["a", *v[1:]])
    hyphened = " ".join(words)
    for tens in _TENS[2:]:
        hyphened = re.sub(rf"\b{tens} (?=(?:{'|'.join(_ONES[1:10])}|{'|'.join(_ordinal_word(o) for o in _ONES[1:10])})\b)",
                          f"{tens}-", hyphened)
    found = [" ".join(v) for v in variants]
    if hyphened != " ".join(words):
        found.append(hyphened)
    return found


def _inflections(word: str) -> list[str]:
    """Other forms of the word's most frequent base form, in every part of speech that
    base has ("list" -> "lists", "listing", "listed"; "young" -> "younger";
    "credits" -> "credit"), kept only when they are frequent real forms of that base."""
    from spundetect.lexicon import get_lexicon

    lex = get_lexicon()
    lemmas = lex.lemmas(word)
    if not lemmas or not _WORD_RE.fullmatch(lemmas[0][0]):
        return []
    base = lemmas[0][0]
    forms: list[str] = [base]
    for lemma, pos in lemmas:
        if lemma != base:
            continue
        if pos == "n":
            forms.append(_plural(base))
        elif pos == "v":
            forms += [_third_person(base), _ing(base), _ed(base), _ed(base, participle=True)]
        elif pos == "a" and _syllables(base) <= 2 and len(base) <= 7:
            forms += [_degree(base, "er"), _degree(base, "est")]
    out: list[str] = []
    for form in forms:
        if form == word or form in out or lex.zipf(form) < 2.5:
            continue
        if any(b == base for b, _ in lex.lemmas(form)):
            out.append(form)
    return out


def _rule_alternatives(word: str, rules: frozenset[str], split: str | None) -> list[tuple[str, str]]:
    """(alternative, phenomenon) for one lower-case word under the inflection and
    expansion rules."""
    found: list[tuple[str, str]] = []
    if "expansion" in rules:
        if word in EXPANSIONS:
            found += [(alt, "expansion") for alt in EXPANSIONS[word]]
        elif word not in FUNCTION_WORDS:
            from spundetect.lexicon import get_lexicon

            found += [(c, "expansion") for c in get_lexicon().compounds(word)[:_RULE_EXPANSIONS]]
    if "inflection" in rules and word not in FUNCTION_WORDS and word not in EXPANSIONS:
        found += [(f, "inflection") for f in _inflections(word)]
    return [(alt, ph) for alt, ph in found if _rule_allowed(split, word, alt)]


def _contraction_unit(
    text: str, tokens: Sequence[Token], i: int, split: str | None
) -> _Unit | None:
    """A full form or a contraction starting at token ``i`` ("does not", "doesn't")."""
    match = _CONTRACTION_RE.match(text, tokens[i].start)
    if match is None:
        return None
    end = next((k for k in range(i, len(tokens)) if tokens[k].end == match.end()), None)
    if end is None:
        return None  # the match does not end at a token edge
    found = match.group(0)
    key = _SPACES_RE.sub(" ", found.replace("\u2019", "'")).lower()
    other = _CONTRACTION_MAP.get(key)
    if other is None or not _rule_allowed(split, key, other):
        return None
    if "\u2019" in found:
        other = other.replace("'", "\u2019")
    if found[:1] == "I" and found[1:2] in ("", " ", "'", "\u2019"):
        other = "I" + other[1:]  # the pronoun keeps its capital
    else:
        other = _match_case(found, other)
    return _Unit(tokens[i].start, match.end(), end - i + 1, (other,), False, ("contraction",))


def _modal_unit(tok: Token, split: str | None) -> _Unit | None:
    alternatives = tuple(
        _match_case(tok.text, alt) for alt in MODAL_SWAPS.get(tok.norm, ()) if _rule_allowed(split, tok.norm, alt)
    )
    if not alternatives:
        return None
    return _Unit(tok.start, tok.end, 1, alternatives, False, ("modal",) * len(alternatives))


def _with_rules(
    unit: _Unit | None, tok: Token, rules: frozenset[str], split: str | None, protected: bool
) -> _Unit | None:
    """A single-word unit (or none) with the word's rule alternatives added after the
    dictionary's."""
    if protected or not _WORD_RE.fullmatch(tok.text) or (unit is not None and unit.words > 1):
        return unit
    extra = [
        (_match_case(tok.text, alt), ph)
        for alt, ph in _rule_alternatives(tok.norm, rules, split)
    ]
    have = set(unit.alternatives) if unit is not None else set()
    extra = [(a, ph) for a, ph in extra if a not in have and a != tok.text]
    if not extra:
        return unit
    if unit is None:
        return _Unit(tok.start, tok.end, 1, tuple(a for a, _ in extra), False, tuple(ph for _, ph in extra))
    phenomena = tuple(unit.phenomenon(k) for k in range(len(unit.alternatives)))
    return _Unit(
        unit.start, unit.end, 1,
        unit.alternatives + tuple(a for a, _ in extra), False,
        phenomena + tuple(ph for _, ph in extra),
    )


def _find_units(
    text: str,
    thesaurus: Thesaurus,
    *,
    numbers: bool,
    protect_capitalised: bool,
    skip_function_words: bool,
    rules: frozenset[str] = frozenset(),
) -> list[_Unit]:
    units: list[_Unit] = []
    split = thesaurus.split
    for sentence in segment(text):
        tokens = sentence.tokens
        first_word = next((k for k, t in enumerate(tokens) if t.is_word), -1)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if not tok.is_word:
                i += 1
                continue
            unit = None
            protected = _protected(tok, i == first_word, protect_capitalised)
            if "contraction" in rules and (not protected or tok.text == "I"):
                unit = _contraction_unit(text, tokens, i, split)
            if unit is None and "modal" in rules and not protected:
                unit = _modal_unit(tok, split)
            if unit is not None:
                pass
            elif _is_number_token(tok) and not (
                tok.norm in _AMBIGUOUS_ORDINALS
                and not (i + 1 < len(tokens) and _is_number_word(tokens[i + 1].norm))
            ):
                unit = _number_unit(text, tokens, i) if numbers else None
                if unit is not None and "number_words" in rules:
                    unit = _number_variants(unit, text, split)
            else:
                unit = _word_unit(text, tokens, i, i == first_word, thesaurus, protect_capitalised, skip_function_words)
                if rules:
                    unit = _with_rules(unit, tok, rules, split, protected)
            if unit is None or _glued(tokens, i, unit.words) or (unit.number and _in_code(text, unit)):
                i += 1
                continue
            units.append(unit)
            i += unit.words
    return units


def _glued(tokens: Sequence[Token], i: int, n: int) -> bool:
    """The unit is part of a longer word, as "7" in "7am" (segment splits those)."""
    before = i > 0 and tokens[i - 1].is_word and tokens[i - 1].end == tokens[i].start
    j = i + n
    after = j < len(tokens) and tokens[j].is_word and tokens[j].start == tokens[j - 1].end
    return before or after


def _in_code(text: str, unit: _Unit) -> bool:
    """A number written against "-", "/", "%" or another number ("6-1/2", "10%",
    "847-385-7170"): a range, a fraction, a percentage or a code, not a number in prose."""
    before = text[unit.start - 1] if unit.start > 0 else " "
    after = text[unit.end] if unit.end < len(text) else " "
    return before in "-/%" or after in "-/%" or before.isalnum() or after.isalnum()


def _protected(tok: Token, sentence_start: bool, protect_capitalised: bool) -> bool:
    if not protect_capitalised or not tok.text[:1].isupper():
        return False
    if sentence_start:
        return len(tok.text) > 1 and tok.text.isupper()  # acronyms stay protected
    return True


def _word_unit(
    text: str,
    tokens: Sequence[Token],
    i: int,
    sentence_start: bool,
    thesaurus: Thesaurus,
    protect_capitalised: bool,
    skip_function_words: bool,
) -> _Unit | None:
    for n in range(min(thesaurus.max_phrase_words, len(tokens) - i), 0, -1):
        group = tokens[i : i + n]
        if not all(_WORD_RE.fullmatch(t.text) for t in group):
            continue
        if n > 1 and not _joined(text, tokens, i, n):
            continue
        if any(_protected(t, sentence_start and k == 0, protect_capitalised) for k, t in enumerate(group)):
            continue
        if skip_function_words and all(t.norm in FUNCTION_WORDS for t in group):
            continue
        original = text[group[0].start : group[-1].end]
        alternatives = tuple(
            _match_case(original, alt) for alt in thesaurus.alternatives(original)
        )
        alternatives = tuple(a for a in alternatives if a != original)
        if alternatives:
            return _Unit(group[0].start, group[-1].end, n, alternatives, False)
    return None


def _kind(original: str, replacement: str, number: bool) -> Kind:
    if number:
        return "number"
    if " " in original.strip() or " " in replacement.strip():
        return "multiword"
    return "word"


def _check_probability(p: object) -> float:
    ok = isinstance(p, (int, float)) and not isinstance(p, bool) and math.isfinite(p) and 0 <= p <= 1
    if not ok:
        raise SettingsError(f"p must be a number in [0, 1], got {describe(p)}")
    return float(p)  # type: ignore[arg-type]


def spin(
    text: str,
    *,
    mode: Mode = "random",
    p: float = 0.25,
    seed: int = 0,
    dictionary: Thesaurus | str | Path | None = None,
    numbers: bool = True,
    protect_capitalised: bool = True,
    skip_function_words: bool = True,
    rules: bool | Sequence[str] = (),
) -> SpinResult:
    """Spin ``text`` the way a cheap article spinner would, recording every substitution.

    For building labelled test data and red-teaming a detector; see the module docstring.
    The article before a replaced word is left as it is ("an old" -> "an previous"), as
    spinners do.

    Args:
        text: the text to spin.
        mode: ``"first"`` replaces every candidate by its first alternative (``p`` and
            ``seed`` are not used); ``"random"`` replaces each candidate with probability
            ``p`` by a uniformly drawn alternative.
        p: replacement probability in mode ``"random"``, in [0, 1].
        seed: seed of the ``random.Random`` that makes the choices; the same text and
            settings always give the same result.
        dictionary: a :class:`Thesaurus`; ``None`` or ``"wordnet"`` for the whole shipped
            WordNet, ``"wordnet-train"`` / ``"wordnet-test"`` for one half of it; any
            other ``str`` or a ``Path`` is read with :meth:`Thesaurus.from_file`.
        numbers: turn digit numbers into words (``"37th"`` -> ``"thirty seventh"``) and
            spelled-out numbers into digits (``"two hundred"`` -> ``"200"``); when False,
            numbers are never touched.
        protect_capitalised: leave capitalised words alone (the first word of a sentence
            is not counted as capitalised, unless it is all capitals); when False,
            proper nouns are spun too ("United States" -> "Joined States").
        skip_function_words: leave closed-class words (articles, pronouns, prepositions,
            auxiliaries, see :data:`spundetect.wordlists.FUNCTION_WORDS`) alone.
        rules: add the phenomena of commercial spinner dictionaries that a synonym
            list lacks: ``True`` for all of :data:`RULES`, or a sequence of their names.
            ``"inflection"``: another form of the word ("list" -> "listing", "young" ->
            "younger"); ``"contraction"``: made or undone ("does not" <-> "doesn't");
            ``"expansion"``: a phrase containing the word ("here" -> "right here",
            "campaign" -> "political campaign"); ``"modal"``: "might" -> "may";
            ``"number_words"``: other spellings of digit numbers ("170" -> "a hundred
            and seventy", "43" -> "forty-three"). Contractions, modals and listed
            expansions apply to function words even with ``skip_function_words``. With
            a WordNet half as the dictionary, rule alternatives are split the same way
            (the two halves share none).

    Returns:
        A :class:`SpinResult`.

    Raises:
        InputTypeError: ``text`` is not a ``str``.
        SettingsError: an option is outside what is allowed.
        FileFormatError: a dictionary file cannot be read.

    Examples:
        >>> from spundetect.spin import spin
        >>> spin("He was 37th of 2,600.", mode="first").text
        'He was thirty seventh of two thousand six hundred.'
        >>> spin("I saw Paris.", mode="first").text
        'I understood Paris.'
        >>> spin("I saw Paris.", mode="first", protect_capitalised=False).text
        'I understood City of Light.'
        >>> spin("The old friend came.", p=0.0).substitutions
        ()
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str, got {describe(text)}")
    if mode not in MODES:
        raise SettingsError(f"mode must be 'first' or 'random', got {describe(mode)}")
    probability = _check_probability(p)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise SettingsError(f"seed must be an int, got {describe(seed)}")
    for flag_name, flag in (
        ("numbers", numbers),
        ("protect_capitalised", protect_capitalised),
        ("skip_function_words", skip_function_words),
    ):
        if not isinstance(flag, bool):
            raise SettingsError(f"{flag_name} must be True or False, got {describe(flag)}")
    chosen = _check_rules(rules)
    thesaurus = _resolve_dictionary(dictionary)
    units = _find_units(
        text,
        thesaurus,
        numbers=numbers,
        protect_capitalised=protect_capitalised,
        skip_function_words=skip_function_words,
        rules=frozenset(chosen),
    )
    rng = random.Random(seed)
    pieces: list[str] = []
    substitutions: list[Substitution] = []
    cursor = 0
    length = 0
    for unit in units:
        if mode == "first":
            index = 0
        else:
            draw = rng.random()
            index = rng.randrange(len(unit.alternatives))
            if draw >= probability:
                continue
        replacement = unit.alternatives[index]
        between = text[cursor : unit.start]
        pieces += [between, replacement]
        start = length + len(between)
        length = start + len(replacement)
        original = text[unit.start : unit.end]
        substitutions.append(
            Substitution(
                original=original,
                replacement=replacement,
                original_span=(unit.start, unit.end),
                spun_span=(start, length),
                kind=_kind(original, replacement, unit.number),
                phenomenon=unit.phenomenon(index),
            )
        )
        cursor = unit.end
    pieces.append(text[cursor:])
    return SpinResult(
        text="".join(pieces),
        substitutions=tuple(substitutions),
        source=text,
        mode=mode,
        p=1.0 if mode == "first" else probability,
        seed=seed,
        dictionary=thesaurus.name,
        numbers=numbers,
        protect_capitalised=protect_capitalised,
        skip_function_words=skip_function_words,
        candidates=len(units),
        rules=chosen,
    )


def _check_rules(rules: object) -> tuple[str, ...]:
    if rules is True:
        return RULES
    if rules is False:
        return ()
    if isinstance(rules, str) or not isinstance(rules, Sequence):
        raise SettingsError(f"rules must be True, False or a sequence of names from {RULES}, got {describe(rules)}")
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise SettingsError(f"unknown spinner rules {unknown!r}; choose from {RULES}")
    return tuple(r for r in RULES if r in rules)

