"""Measure tortured-phrase finding and ``spundetect.inspect()`` on the shared dev data.

What it measures (figures in docs/inspect.md):

* **known**: recall of the shipped list's phrases written in random variants: case
  (lower, Title, UPPER, mixed), inflection (plural of the last word, or of every word),
  hyphens between words, line breaks and extra spaces between words, a word hyphenated at a
  line end; each variant placed in a sentence.
* **new**: the dev list (``../shared/data/tortured_phrases/pps_dev.jsonl``) is split twice,
  and both are always reported: by expected term (sha256 of the term; ``--holdout`` share,
  default 30 %), and by tortured phrase (sha256 of the phrase: the term and other variants
  of it may be known); for each, the matcher is given
  only the other part as its known list, and each held-out tortured phrase is put in place
  of its expected term in a real sentence of the dev originals that contains the term
  (``real``), or, when no sentence has it, in one of a few fixed sentences (``templated``).
  Recall: a ``tortured_phrase`` tell overlaps the placed phrase; ``term``: its detail names
  the expected term. False alarms: the same sentences, with the expected term left in place,
  that get any ``tortured_phrase`` tell.
* **prose**: tortured tells per 1,000 words of every distinct ``original`` of
  ``../shared/data/dev/*.jsonl`` (news, Wikipedia, arXiv abstracts, books, web pages), with
  the shipped list, split into two halves by a hash of the text: ``--tune`` picks
  ``MIN_SCORE`` on the first half (the lowest threshold whose new-phrase tells of
  established terms stay under ``--target`` per 1,000 words), then ``VIRTUAL_MIN_SCORE``
  (virtual ones under ``--virtual-target`` more), and both halves are reported.
* **fit**: fits the score of ``inspect()`` (logistic regression over log1p of the tell rates)
  on texts written by spinners (SpinBot's output in ``mpc_spinbot``, and
  ``spundetect.spin`` over dev originals, ``p=0.5``) against texts written by people (the dev
  originals, and the human ``light_edit`` / ``paraphrase`` suspects), fitting on half of the
  texts (by a hash) and reporting the AUC on the other half.
* **grid** (not run by default): held-out recall and new-phrase tells per 1,000 words of the
  first half of the prose for each ``--thresholds`` value of ``MIN_SCORE`` (both splits).
* **fitnew** (not run by default): fits the scores of new phrases (``SCORE_INTERCEPT``,
  ``SCORE_COEFS`` of ``spundetect.tortured``, and ``VIRTUAL_INTERCEPT``, ``VIRTUAL_COEFS``
  for virtual candidates) on the fit pairs (``FIT_SHARE``), which every
  other part leaves out; ``--coefs`` scores with a fit's output instead of the shipped
  one, ``--links`` and ``--virtual`` change the candidates, ``--on-fit`` measures on the
  fit pairs (to choose between settings without the reported pairs).
* **refit** (not run by default): ``MIN_SCORE`` and ``VIRTUAL_MIN_SCORE`` refitted on the
  development half only (the fit pairs of both splits, the first half of the prose), one
  point per ``--refit-shares`` value (new tells of established terms per 1,000 words; the
  virtual ones get the rest of ``--max-prose``), the matcher run at each; the best mean
  recall with false alarms <= ``--max-false`` and prose <= ``--max-prose``. ``fitnew``'s
  ``--fit-splits`` and ``--positive-weight`` refit the weights on other examples.
* **relations** (not run by default): how WordNet (``Lexicon.relation``) relates the
  changed words of the held-out pairs that give no candidate at all (``--on-fit``: the fit
  pairs), word by word.
* **losses** (not run by default): where recall is lost, per split: the held-out pairs by
  kind (a known phrase in another form, another length than the term, the term known and
  every changed word linked or not, the term unknown and every changed word a substitution
  the list makes or not), and how many of each are found.
* **breakdown** (not run by default): where each held-out pair is lost, per split: found,
  a candidate (of an established term, or virtual) that scores below its threshold (a
  candidate overlaps the placed phrase when every candidate is reported), or no candidate,
  and why (its length, an established term with a changed word not linked, an unknown
  term whose words the list does not cover; ``breakdown_kind``).
* **analysis** (not run by default): how many expected terms WordNet or Moby know, how many
  held-out pairs have an established term, and of those how many have every changed word
  linked to the term's.
* **compare** (not run by default): ``compare()`` on the seed pair and the tortured tells of
  its suspect, timed in alternation.
* **support** (not run by default): recall of held-out phrases in a text that holds another
  tortured phrase (a sentence with a phrase of the known part, or with another held-out
  phrase, before the pair's sentence), at ``SUPPORT_BONUS`` 0, the shipped one and
  ``--support-bonuses``, with the false alarms on the clean sentence after that same
  sentence; ``--support-target T`` picks the largest ``SUPPORT_BONUS`` of
  ``--support-grid`` leaving at most T tortured tells per 1,000 words of the first half of
  the prose.
* **morphology** (not run by default): how many more changed words of the fit pairs the
  known part's substitutions would link by lemma than by key.
* **bigrams** (not run by default): how many two-word virtual runs, of the fit pairs'
  phrases and of the prose, are in a table of frequent English bigrams (``--bigrams FILE``).
* **startup** (not run by default): the first ``compare()`` of the seed pair in a fresh
  process and its peak RSS, with the shipped precomputed index and with the index built on
  first use (as before it was shipped), in alternation (``--rounds`` each, medians).
* **speed**: time of ``inspect()`` per 1,000 words over dev originals, warm (best of
  ``--repeats`` passes after one pass that fills the caches) and first pass (cold only when
  run alone: ``--only speed``), as a ratio to
  spaCy's blank English tokenizer (``spundetect.segment.get_nlp().tokenizer``) on the same
  texts.

Run (the machine is shared; nice it)::

    nice -n 5 python benchmarks/tortured_eval.py                 # everything
    nice -n 5 python benchmarks/tortured_eval.py --only new,prose --tune
    nice -n 5 python benchmarks/tortured_eval.py --only fit
    nice -n 5 python benchmarks/tortured_eval.py --only grid,analysis,compare
    nice -n 5 python benchmarks/tortured_eval.py --only prose,known,new,fit
    nice -n 5 python benchmarks/tortured_eval.py --only prose,new --tune --target 0.10 --virtual-target 0.05
    nice -n 5 python benchmarks/tortured_eval.py --only losses
    nice -n 5 python benchmarks/tortured_eval.py --only refit
    nice -n 5 python benchmarks/tortured_eval.py --only fitnew --links list,wordnet,nearby --out nearby.json
    nice -n 5 python benchmarks/tortured_eval.py --only refit --links list,wordnet,nearby --coefs nearby.json
    nice -n 5 python benchmarks/tortured_eval.py --only breakdown --show 6
    nice -n 5 python benchmarks/tortured_eval.py --only grid --thresholds=-2,-1,0,0.349,1,2
    nice -n 5 python benchmarks/tortured_eval.py --only fitnew --links list,wordnet,thesaurus --out fit.json
    nice -n 5 python benchmarks/tortured_eval.py --only prose,new --tune --target 0.15 --on-fit \
        --links list,wordnet,thesaurus --coefs fit.json
    nice -n 5 python benchmarks/tortured_eval.py --only startup --rounds 5
    nice -n 5 python benchmarks/tortured_eval.py --only support --on-fit --support 0 \
        --support-bonuses 0.25,0.5,0.75,1,1.25,1.5
    nice -n 5 python benchmarks/tortured_eval.py --only prose --support-target 0.18
    nice -n 5 python benchmarks/tortured_eval.py --only prose,new,support --support-bonuses 1,2,3
    nice -n 5 python benchmarks/tortured_eval.py --only morphology
    nice -n 5 python benchmarks/tortured_eval.py --only prose,new --min-score=-inf --virtual-min-score=-inf \
        --support 0
    nice -n 5 python benchmarks/tortured_eval.py --only bigrams --bigrams /path/to/wordsegment/bigrams.txt
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import math
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PPS = SHARED / "tortured_phrases" / "pps_dev.jsonl"
DEV = SHARED / "dev"
sys.path.insert(0, str(REPO))

from spundetect import tortured  # noqa: E402
from spundetect.lexicon import get_lexicon  # noqa: E402
from spundetect.tells import find_tells  # noqa: E402

TEMPLATES = (
    "In this study, we apply {} to the collected data.",
    "The results show that {} improves the overall performance.",
    "Recent work on {} has attracted much attention.",
    "We compare {} with several baselines on three datasets.",
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def bucket(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 100


def load_pairs() -> list[tuple[str, str]]:
    with PPS.open(encoding="utf-8") as fh:
        return [(r["tortured"], r["expected"]) for r in map(json.loads, fh) if r]


def load_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(glob.glob(str(DEV / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def originals(rows: Sequence[dict[str, Any]]) -> list[str]:
    return sorted({r["original"] for r in rows})


def words(text: str) -> int:
    return len(text.split())


# --- known phrases ----------------------------------------------------------------------


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _is_noun(word: str) -> bool:
    return get_lexicon().senses(word, "n") > 0


def variant(phrase: str, rng: random.Random) -> str:
    """A random case / inflection / hyphen / line-break variant of a phrase."""
    parts = phrase.split()
    kind = rng.choice(["inflect_last", "none"])
    last = parts[-1]
    if kind == "inflect_last" and last.isalpha() and len(last) > 3 and _is_noun(last):
        # the plural of a singular noun, the singular of a regular plural
        if get_lexicon().irregular_bases(last.lower()):
            pass  # already an irregular plural ("data")
        elif last.endswith("is"):
            parts[-1] = last[:-2] + "es"
        elif last.endswith("ies"):
            parts[-1] = last[:-3] + "y"
        elif last.endswith(("sses", "ches", "shes", "xes")):
            parts[-1] = last[:-2]
        elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
            parts[-1] = last[:-1]
        else:
            parts[-1] = _plural(last)
    case = rng.choice(["lower", "title", "upper", "mixed"])
    if case == "title":
        parts = [w[:1].upper() + w[1:] for w in parts]
    elif case == "upper":
        parts = [w.upper() for w in parts]
    elif case == "mixed":
        parts = ["".join(c.upper() if rng.random() < 0.5 else c for c in w) for w in parts]
    out = parts[0]
    for w in parts[1:]:
        out += rng.choice([" ", "-", "\n", "  ", " \n  ", "\t"]) + w
    if rng.random() < 0.3:
        # a word hyphenated at a line end
        k = rng.randrange(len(out))
        found = re.search(r"[A-Za-z]{6,}", out[k:]) or re.search(r"[A-Za-z]{6,}", out)
        if found:
            cut = found.start() + 3
            out = out[:cut] + "-\n" + out[cut:]
    return out


def measure_known(pairs: Sequence[tuple[str, str]], limit: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    # The few ordinary phrases of the list (tortured.ordinary_phrases) are not matched.
    ordinary = tortured.get_phrases().ordinary
    skipped = [p for p in pairs if tortured._phrase_keys(p[0]) in ordinary]
    pairs = [p for p in pairs if tortured._phrase_keys(p[0]) not in ordinary]
    print(f"known: {len(skipped)} pairs of ordinary phrases left out: {sorted({t for t, _ in skipped})}")
    sample = rng.sample(list(pairs), min(limit, len(pairs)))
    found = 0
    misses: list[str] = []
    for tortured_phrase, _expected in sample:
        v = variant(tortured_phrase, rng)
        text = f"We report that {v} was used here."
        a = len("We report that ")
        hit = any(m.known and m.start < a + len(v) and a < m.end for m in tortured.find_tortured(text, new=False))
        found += hit
        if not hit:
            misses.append(repr(v))
    out = {"phrases": len(sample), "recall": found / len(sample), "misses": misses[:10],
           "ordinary_left_out": len(skipped)}
    print(f"known: recall {out['recall']:.4f} on {len(sample)} random variants; misses {misses[:5]}")
    return out


# --- new phrases ------------------------------------------------------------------------


#: The two ways the list is split into what the matcher knows and what it must find:
#: ``term``, by expected term (the term of a held-out pair is never on the known part: the
#: way the list held back from this project was split, and the harder case), and
#: ``phrase``, by tortured phrase (every pair with that phrase goes to the same side; the
#: term, and other tortured variants of it, may be known).
SPLITS = ("term", "phrase")


#: Pairs whose expected term hashes below this (of the ``term`` split's held-out part) fit
#: the score of new phrases (``--only fitnew``); they are left out of every recall and
#: false-alarm figure.
FIT_SHARE = 15


#: ``--on-fit``: measure recall on the fit pairs instead (to choose between settings
#: without looking at the pairs the figures are reported on).
ON_FIT = False


def is_fit_pair(pair: tuple[str, str]) -> bool:
    return bucket(pair[1]) < FIT_SHARE


def split_pairs(pairs: Sequence[tuple[str, str]], holdout: int,
                by: str = "term") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(known part, held-out part): ``holdout`` percent held out, by a hash of the expected
    term (``by="term"``) or of the tortured phrase (``by="phrase"``)."""
    if by not in SPLITS:
        raise ValueError(f"unknown split {by!r}")
    side = 1 if by == "term" else 0
    train = [p for p in pairs if bucket(p[side]) >= holdout]
    test = [p for p in pairs if bucket(p[side]) < holdout]
    return train, test


def placements(test: Sequence[tuple[str, str]], texts: Sequence[str],
               seed: int) -> list[tuple[str, str, str, str, int, int]]:
    """(kind, clean sentence, tortured sentence, expected, start, end of the placed phrase)
    per held-out pair."""
    rng = random.Random(seed)
    sentences = [s.strip() for t in texts for s in _SENTENCE.findall(t)]
    by_word: dict[str, list[str]] = {}
    for s in sentences:
        for w in set(re.findall(r"[a-z]+", s.lower())):
            by_word.setdefault(w, []).append(s)
    out = []
    for tortured_phrase, expected in test:
        pattern = re.compile(r"\b" + re.escape(expected) + r"\b", re.IGNORECASE)
        first = (re.findall(r"[a-z]+", expected.lower()) or [""])[0]
        real = [s for s in by_word.get(first, ()) if pattern.search(s)]
        if real:
            s = rng.choice(real)
            m = pattern.search(s)
            assert m is not None
            out.append(("real", s, s[: m.start()] + tortured_phrase + s[m.end() :], expected,
                        m.start(), m.start() + len(tortured_phrase)))
        else:
            t = rng.choice(TEMPLATES)
            at = t.index("{}")
            out.append(("templated", t.format(expected), t.format(tortured_phrase), expected,
                        at, at + len(tortured_phrase)))
    return out


def measure_new(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int, seed: int,
                show: int) -> dict[str, Any]:
    return {by: measure_new_split(pairs, texts, holdout, seed, show, by) for by in SPLITS}


def measure_new_split(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int, seed: int,
                      show: int, by: str) -> dict[str, Any]:
    train, test = split_pairs(pairs, holdout, by)
    test = [p for p in test if is_fit_pair(p) == ON_FIT]
    index = tortured.build_phrases(train)
    placed = placements(test, texts, seed)
    stats: dict[str, dict[str, int]] = {}
    examples: dict[str, list[str]] = {"found": [], "missed": [], "false": []}
    for kind, clean, spun, expected, start, end in placed:
        st = stats.setdefault(kind, {"n": 0, "found": 0, "term": 0, "as_known": 0, "as_virtual": 0,
                                        "false": 0, "false_known": 0, "false_virtual": 0})
        st["n"] += 1
        ms = [m for m in tortured.find_tortured(spun, phrases=index) if m.start < end and start < m.end]
        if ms:
            st["found"] += 1
            st["term"] += any(m.term == expected for m in ms)
            # the phrase is a known one in another inflection or with another term
            st["as_known"] += any(m.known for m in ms)
            # found by a virtual candidate alone
            st["as_virtual"] += all(m.virtual for m in ms)
            if len(examples["found"]) < show:
                examples["found"].append(f"{spun[start:end]!r} -> {ms[0].term!r} (expected {expected!r})")
        elif len(examples["missed"]) < show:
            examples["missed"].append(f"{spun[start:end]!r} (expected {expected!r})")
        fa = tortured.find_tortured(clean, phrases=index)
        if fa:
            st["false"] += 1
            # the clean sentence's own term, or a word of it, is a phrase of the known part
            st["false_known"] += any(m.known for m in fa)
            st["false_virtual"] += all(m.virtual for m in fa)
            if len(examples["false"]) < show:
                examples["false"].append(f"{clean[fa[0].start:fa[0].end]!r} -> {fa[0].term!r} in {clean[:80]!r}")
    total = {k: sum(s[k] for s in stats.values()) for k in ("n", "found", "term", "as_known", "as_virtual", "false",
                                                    "false_known", "false_virtual")}
    stats["all"] = total
    for kind, st in stats.items():
        n = max(st["n"], 1)
        print(f"new, split by {by} ({kind}): {st['n']} held-out pairs, recall {st['found'] / n:.3f} "
              f"(as a known phrase {st['as_known'] / n:.3f}, by a virtual one alone {st['as_virtual'] / n:.3f}), "
              f"term named {st['term'] / n:.3f}, "
              f"false alarms on clean sentences {st['false'] / n:.3f} (by a known phrase {st['false_known'] / n:.3f}, "
              f"by virtual ones alone {st['false_virtual'] / n:.3f})")
    for k, v in examples.items():
        for line in v:
            print(f"  {k}: {line}")
    return {"split": by, "train_pairs": len(train), "test_pairs": len(test), "by_kind": stats,
            "examples": examples}


def measure_support(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int, seed: int,
                    show: int, bonuses: Sequence[float] = ()) -> dict[str, Any]:
    """Recall of held-out phrases in a text that holds another tortured phrase (the support
    of ``tortured.SUPPORT_BONUS``), both splits, fit pairs left out (``--on-fit``: only
    they), with the support off
    (bonus 0) and at the shipped bonus. Each held-out pair's sentence (tortured, and left
    clean for the false alarms) follows a sentence holding either a phrase of the known part
    (``known``: a pair of the known part placed as the held-out ones are), or the next
    held-out pair's tortured sentence (``new``: found only when that one reaches the usual
    thresholds). ``bonuses``: further values of the bonus to measure. A false alarm is a tell inside the clean sentence. The benchmark of
    ``--only new`` places one phrase per sentence, alone; a paper-mill text holds many, so
    this is reported apart."""
    out: dict[str, Any] = {}
    for by in SPLITS:
        train, test = split_pairs(pairs, holdout, by)
        test = [p for p in test if is_fit_pair(p) == ON_FIT]
        index = tortured.build_phrases(train)
        placed = placements(test, texts, seed)
        rng = random.Random(seed)
        usable = [p for p in train if tortured._phrase_keys(p[0]) in index.known]
        supports = [spun for _k, _c, spun, _e, _s, _t in placements(rng.sample(usable, len(placed)), texts, seed)]
        res: dict[str, Any] = {}
        for kind in ("known", "new"):
            for bonus in sorted({0.0, tortured.SUPPORT_BONUS, *bonuses}):
                found = false = supported = 0
                examples: list[str] = []
                for k, (_kind, clean, spun, expected, start, end) in enumerate(placed):
                    before = supports[k] if kind == "known" else placed[(k + 1) % len(placed)][2]
                    at = len(before) + 1
                    saved = tortured.SUPPORT_BONUS
                    tortured.SUPPORT_BONUS = bonus
                    try:
                        ms = [m for m in tortured.find_tortured(before + " " + spun, phrases=index)
                              if m.start < at + end and at + start < m.end]
                        fa = [m for m in tortured.find_tortured(before + " " + clean, phrases=index) if m.end > at]
                        plain = bool(ms) and not [m for m in tortured.find_tortured(spun, phrases=index)
                                                  if m.start < end and start < m.end]
                    finally:
                        tortured.SUPPORT_BONUS = saved
                    found += bool(ms)
                    supported += plain
                    false += bool(fa)
                    if plain and len(examples) < show:
                        examples.append(f"{spun[start:end]!r} -> {ms[0].term!r} (expected {expected!r})")
                n = max(len(placed), 1)
                res[f"{kind}, bonus {bonus:g}"] = {"pairs": len(placed), "recall": found / n,
                                                   "found_only_with_support": supported / n,
                                                   "false_alarms": false / n}
                print(f"support, split by {by}, after a sentence with a {kind} phrase, bonus {bonus:g}: "
                      f"recall {found / n:.3f} (found only in that text {supported / n:.3f}), false alarms on "
                      f"the clean sentence {false / n:.3f} ({len(placed)} pairs)")
                for line in examples:
                    print(f"  supported: {line}")
        out[by] = res
    return out


def measure_morphology(pairs: Sequence[tuple[str, str]], holdout: int) -> dict[str, Any]:
    """How many more changed words of the fit pairs (both splits) the known part's
    substitutions would link if taken by lemma (WordNet's first base form of each word:
    "huge" for "big" would also link "largest" to "biggest") rather than by key."""
    lex = get_lexicon()
    wkey = tortured.word_key

    def lemma(word: str) -> str:
        found = lex.lemmas(word)
        return found[0][0] if found and " " not in found[0][0] else word

    out: dict[str, Any] = {}
    for by in SPLITS:
        train, test = split_pairs(pairs, holdout, by)
        fit = [p for p in test if is_fit_pair(p)]
        by_key: set[tuple[str, str]] = set()
        by_lemma: set[tuple[str, str]] = set()
        for t, e in train:
            tw, ew = re.findall(r"[^\W_]+", t.lower()), re.findall(r"[^\W_]+", e.lower())
            if len(tw) == len(ew):
                for a, b in zip(tw, ew):
                    if wkey(a) != wkey(b):
                        by_key.add((wkey(a), wkey(b)))
                        by_lemma.add((lemma(a), lemma(b)))
        changed = keyed = lemmatised = 0
        for t, e in fit:
            tw, ew = re.findall(r"[^\W_]+", t.lower()), re.findall(r"[^\W_]+", e.lower())
            if len(tw) != len(ew):
                continue
            for a, b in zip(tw, ew):
                if wkey(a) == wkey(b):
                    continue
                changed += 1
                hit = (wkey(a), wkey(b)) in by_key
                keyed += hit
                lemmatised += hit or (lemma(a), lemma(b)) in by_lemma
        out[by] = {"changed_words": changed, "linked_by_key": keyed, "linked_by_key_or_lemma": lemmatised}
        print(f"morphology, split by {by}: of {changed} changed words of the fit pairs, the known part's "
              f"substitutions link {keyed} by key, {lemmatised} by key or lemma")
    return out


def measure_bigrams(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int, seed: int,
                    path: Path) -> dict[str, Any]:
    """Would a table of frequent English bigrams (a file of ``w1 w2<TAB or space>count``
    lines, such as the one a word-segmentation package ships) tell virtual candidates from
    ordinary phrases? Of the two-word virtual runs (term split, every run at every word, as
    ``--only fitnew`` sees them) inside the fit pairs' placed phrases and in the first half
    of the prose, how many are in the table, at any score and at scores near the shipped
    ``VIRTUAL_MIN_SCORE``."""
    table: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                table.add(f"{parts[0].lower()} {parts[1].lower()}")
    train, test = split_pairs(pairs, holdout, "term")
    fit = [p for p in test if is_fit_pair(p)]
    index = tortured.build_phrases(train)

    def two(text: str, m: tortured.Match) -> str | None:
        found = re.findall(r"[^\W_]+", text[m.start : m.end].lower())
        return " ".join(found) if len(found) == 2 else None

    positives: list[tuple[str, float]] = []
    for _kind, _clean, spun, _expected, start, end in placements(fit, texts, seed):
        for m in all_virtual_runs(spun, index):
            w = two(spun, m)
            if w and start <= m.start and m.end <= end:
                positives.append((w, m.score))
    negatives = [(w, m.score) for t in texts if bucket(t) < 50 for m in all_virtual_runs(t, index)
                 if (w := two(t, m))]
    out: dict[str, Any] = {"bigrams": len(table), "rows": []}
    for least in (-math.inf, tortured.VIRTUAL_MIN_SCORE - 2, tortured.VIRTUAL_MIN_SCORE - 1,
                  tortured.VIRTUAL_MIN_SCORE):
        pos = [w for w, sc in positives if sc >= least]
        neg = [w for w, sc in negatives if sc >= least]
        row = {"min_score": least, "positives": len(pos), "positives_in_table": sum(w in table for w in pos),
               "prose_runs": len(neg), "prose_runs_in_table": sum(w in table for w in neg)}
        out["rows"].append(row)
        print(f"bigrams ({len(table)} in {path.name}), virtual runs of two words scoring >= {least:.3f}: fit "
              f"positives {row['positives']} ({row['positives_in_table']} in the table), first half of the prose "
              f"{row['prose_runs']} ({row['prose_runs_in_table']} in the table)")
    return out


def tune_support(texts: Sequence[str], target: float, grid: Sequence[float]) -> float:
    """The largest ``SUPPORT_BONUS`` of ``grid`` whose tortured tells (all kinds) stay at
    most ``target`` per 1,000 words of the first half of the prose (one pass per value)."""
    half = [t for t in texts if bucket(t) < 50]
    n_words = sum(map(words, half))
    # Only texts with a tell at the usual thresholds can change.
    saved = tortured.SUPPORT_BONUS
    tortured.SUPPORT_BONUS = 0.0
    try:
        base = {t: len(tortured.find_tortured(t)) for t in half}
    finally:
        tortured.SUPPORT_BONUS = saved
    with_tells = [t for t in half if base[t]]
    best = 0.0
    for bonus in sorted(grid):
        tortured.SUPPORT_BONUS = bonus
        try:
            count = sum(base.values()) + sum(len(tortured.find_tortured(t)) - base[t] for t in with_tells)
        finally:
            tortured.SUPPORT_BONUS = saved
        rate = 1000 * count / n_words
        print(f"tune support: SUPPORT_BONUS {bonus:g}: {rate:.3f} tortured tells per 1,000 words (first half)")
        if rate <= target:
            best = bonus
        else:
            break
    return best


def measure_grid(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int, seed: int,
                 thresholds: Sequence[float]) -> dict[str, Any]:
    """Held-out recall (both splits) and new-phrase tells per 1,000 words of the first half
    of the prose, for each score threshold (the rules of the library otherwise)."""
    saved = tortured.MIN_SCORE
    tortured.MIN_SCORE = -math.inf
    try:
        bests: dict[str, list[float]] = {}
        for by in SPLITS:
            train, test = split_pairs(pairs, holdout, by)
            test = [p for p in test if not is_fit_pair(p)]
            index = tortured.build_phrases(train)
            best = bests[by] = []
            for _kind, _clean, spun, _expected, start, end in placements(test, texts, seed):
                ms = [m for m in tortured.find_tortured(spun, phrases=index) if m.start < end and start < m.end]
                best.append(math.inf if any(m.known for m in ms) else max((m.score for m in ms), default=-math.inf))
        half = [t for t in texts if bucket(t) < 50]
        n_words = sum(map(words, half))
        prose = [m.score for t in half for m in tortured.find_tortured(t) if not m.known]
    finally:
        tortured.MIN_SCORE = saved
    rows = []
    for th in thresholds:
        recall = {by: sum(1 for b in best if b >= th) / len(best) for by, best in bests.items()}
        rate = 1000 * sum(1 for sc in prose if sc >= th) / n_words
        rows.append({"threshold": th, "recall": recall, "new_per_1000": rate})
        print(f"grid: MIN_SCORE {th:5.2f}: held-out recall by term {recall['term']:.3f}, by phrase "
              f"{recall['phrase']:.3f}; new tells per 1,000 words {rate:.3f}")
    return {"links": tortured.LINKS, "rows": rows}


LOSS_KINDS = ("known phrase", "other length", "term known, words linked", "term known, a word not linked",
              "term unknown, every changed word a substitute of the list", "term unknown, other")


def loss_kind(tortured_phrase: str, expected: str, index: tortured.Phrases) -> str:
    """Where a held-out pair stands for the matcher (one of :data:`LOSS_KINDS`)."""
    keys = tortured._phrase_keys
    tk, ek = keys(tortured_phrase), keys(expected)
    if tk in index.known:
        return LOSS_KINDS[0]
    if len(tk) != len(ek):
        return LOSS_KINDS[1]
    changed = [(a, b) for a, b in zip(tk, ek) if a != b]
    if index.term(ek) is not None:
        return LOSS_KINDS[2] if all(b in index.options(a) for a, b in changed) else LOSS_KINDS[3]
    return LOSS_KINDS[4] if all(a in index.substitutions for a, _ in changed) else LOSS_KINDS[5]


def measure_losses(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int,
                   seed: int) -> dict[str, Any]:
    """Where recall is lost: the held-out pairs (fit pairs left out) of each split by
    :func:`loss_kind`, with the share of each kind found in its sentence."""
    out: dict[str, Any] = {}
    for by in SPLITS:
        train, test = split_pairs(pairs, holdout, by)
        test = [p for p in test if not is_fit_pair(p)]
        index = tortured.build_phrases(train)
        kinds: dict[str, list[int]] = {k: [0, 0] for k in LOSS_KINDS}
        for (t, e), (_kind, _clean, spun, _expected, start, end) in zip(test, placements(test, texts, seed)):
            row = kinds[loss_kind(t, e, index)]
            row[0] += 1
            row[1] += any(m.start < end and start < m.end for m in tortured.find_tortured(spun, phrases=index))
        out[by] = {k: {"pairs": n, "found": f} for k, (n, f) in kinds.items()}
        print(f"losses, split by {by} ({len(test)} held-out pairs): " + "; ".join(
            f"{k}: {n} ({n / len(test):.1%}), found {f}" for k, (n, f) in kinds.items()))
    return out


#: Where a held-out pair is lost (``--only breakdown``), in the order a pair is sorted into
#: them: found; a candidate (of an established term, or virtual) that scores below its
#: threshold; else why no candidate covers it.
BREAKDOWN_KINDS = (
    "found",
    "candidate below threshold (established term)",
    "candidate below threshold (virtual)",
    "no candidate: a hyphenated word for one word of the term",
    "no candidate: one word of the term for two words",
    "no candidate: other length",
    "no candidate: term established, a changed word linked by Moby only",
    "no candidate: term established, a changed word linked by no resource",
    "no candidate: term established, other",
    "no candidate: term not established, longer than the virtual runs",
    "no candidate: term not established, a term's word unknown to the list",
    "no candidate: term not established, a changed word stands for no word of the list's terms",
    "no candidate: term not established, no changed word a substitute of the list",
    "no candidate: term not established, other",
)


def breakdown_kind(tortured_phrase: str, expected: str, index: tortured.Phrases) -> str:
    """Why a held-out pair that no candidate covers gives none (one of the ``no candidate``
    kinds of :data:`BREAKDOWN_KINDS`), from what the matcher knows of it."""
    from spundetect.thesaurus import get_thesaurus

    keys, wkey = tortured._phrase_keys, tortured.word_key
    tk, ek = keys(tortured_phrase), keys(expected)
    if len(tk) != len(ek):
        # "man-made brainpower" for "artificial intelligence": a hyphenated word stands for
        # one word, and the phrase is one word longer as tokens
        units = [u for u in re.split(r"\s+", tortured_phrase.strip()) if u]
        if any("-" in u for u in units) and len(units) == len(ek):
            return BREAKDOWN_KINDS[3]
        if len(tk) == len(ek) + 1:
            return BREAKDOWN_KINDS[4]
        return BREAKDOWN_KINDS[5]
    tw = re.findall(r"[^\W_]+", tortured_phrase.lower())
    ew = re.findall(r"[^\W_]+", expected.lower())
    changed = [(a, b, wa, wb) for a, b, wa, wb in zip(tk, ek, tw, ew) if a != b]
    if index.term(ek) is not None:
        unlinked = [(a, b, wa, wb) for a, b, wa, wb in changed if b not in index.options(a, wa)]
        if not unlinked:
            return BREAKDOWN_KINDS[8]
        th = get_thesaurus()
        if all(b in {wkey(x) for x in th.entry(wa) if " " not in x}
               or a in {wkey(x) for x in th.entry(wb) if " " not in x} for a, b, wa, wb in unlinked):
            return BREAKDOWN_KINDS[6]
        return BREAKDOWN_KINDS[7]
    if len(tk) > tortured.MAX_VIRTUAL_WORDS:
        return BREAKDOWN_KINDS[9]
    if any(b not in index.listed_vocabulary for _a, b, _wa, _wb in changed):
        return BREAKDOWN_KINDS[10]
    if any(index.target(a, wa) is None for a, _b, wa, _wb in changed):
        return BREAKDOWN_KINDS[11]
    if not any(index.substitutions.get(a) for a, _b, _wa, _wb in changed):
        return BREAKDOWN_KINDS[12]
    return BREAKDOWN_KINDS[13]


def measure_breakdown(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int, seed: int,
                      show: int) -> dict[str, Any]:
    """Where the held-out pairs (fit pairs left out; ``--on-fit``: only they) are lost, per
    split: found at the shipped thresholds; a candidate covering the placed phrase when every
    candidate is reported (``MIN_SCORE`` and ``VIRTUAL_MIN_SCORE`` at -inf, no support) but
    scored below its threshold; or no candidate at all, and why (:func:`breakdown_kind`)."""
    out: dict[str, Any] = {}
    for by in SPLITS:
        train, test = split_pairs(pairs, holdout, by)
        test = [p for p in test if is_fit_pair(p) == ON_FIT]
        index = tortured.build_phrases(train)
        counts = dict.fromkeys(BREAKDOWN_KINDS, 0)
        examples: dict[str, list[str]] = {k: [] for k in BREAKDOWN_KINDS}
        saved = tortured.SUPPORT_BONUS
        for (t, e), (_kind, _clean, spun, _expected, start, end) in zip(test, placements(test, texts, seed)):
            def over(ms: list[tortured.Match]) -> list[tortured.Match]:
                return [m for m in ms if m.start < end and start < m.end]

            if over(tortured.find_tortured(spun, phrases=index)):
                kind = BREAKDOWN_KINDS[0]
            else:
                tortured.SUPPORT_BONUS = 0.0
                try:
                    every = over(with_thresholds(-math.inf, -math.inf,
                                                 lambda: tortured.find_tortured(spun, phrases=index)))
                finally:
                    tortured.SUPPORT_BONUS = saved
                if every:
                    kind = BREAKDOWN_KINDS[2] if all(m.virtual for m in every) else BREAKDOWN_KINDS[1]
                else:
                    kind = breakdown_kind(t, e, index)
            counts[kind] += 1
            if len(examples[kind]) < show:
                examples[kind].append(f"{t!r} for {e!r}")
        n = max(len(test), 1)
        out[by] = {"pairs": len(test), "counts": counts, "examples": examples}
        print(f"breakdown, split by {by} ({len(test)} held-out pairs):")
        for k, c in counts.items():
            print(f"  {c:5d} ({c / n:6.1%})  {k}" + (f"  e.g. {'; '.join(examples[k][:3])}" if examples[k] else ""))
    return out


def measure_relations(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int,
                      seed: int) -> dict[str, Any]:
    """How WordNet relates the changed words of the held-out pairs (fit pairs left out;
    ``--on-fit``: only they) that give no candidate even with every candidate reported:
    ``Lexicon.relation`` from the term's word to the phrase's, per word, for pairs as long
    as their term (words split on spaces); pairs of another length are counted apart."""
    from spundetect.lexicon import get_lexicon

    lex = get_lexicon()
    out: dict[str, Any] = {}
    for by in SPLITS:
        train, test = split_pairs(pairs, holdout, by)
        test = [p for p in test if is_fit_pair(p) == ON_FIT]
        index = tortured.build_phrases(train)
        kinds: dict[str, int] = {}
        examples: dict[str, list[str]] = {}
        other_length = 0
        for (t, e), (_kind, _clean, spun, _expected, start, end) in zip(test, placements(test, texts, seed)):
            every = with_thresholds(-math.inf, -math.inf, lambda: tortured.find_tortured(spun, phrases=index))
            if any(m.start < end and start < m.end for m in every):
                continue
            tw, ew = t.lower().split(), e.lower().split()
            if len(tw) != len(ew):
                other_length += 1
                continue
            for a, b in zip(tw, ew):
                if a != b:
                    kind = lex.relation(b, a).kind
                    kinds[kind] = kinds.get(kind, 0) + 1
                    examples.setdefault(kind, []).append(f"{a} for {b}")
        out[by] = {"other_length": other_length, "words": kinds, "examples": {k: v[:8] for k, v in examples.items()}}
        print(f"relations, split by {by}: {other_length} pairs of another length; changed words of the others "
              f"({sum(kinds.values())}): " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
        for k, v in examples.items():
            print(f"  {k}: {'; '.join(v[:6])}")
    return out


def measure_analysis(pairs: Sequence[tuple[str, str]], holdout: int) -> dict[str, Any]:
    """Why held-out phrases are missed: are their terms established, are their words linked?"""
    from spundetect.thesaurus import get_thesaurus

    th = get_thesaurus()
    multi: set[str] = set()
    for k in range(len(th._spans)):
        for root, syns in th._block(k).items():
            multi.update(x for x in [root.decode(), *syns.decode().split(",")] if " " in x)
    lemmas = set(get_lexicon().multiword_lemmas())
    expected = {e for _, e in pairs}
    covered = sum(1 for e in expected if e in lemmas or e in multi)
    train, test = split_pairs(pairs, holdout)
    index = tortured.build_phrases(train)
    keys = tortured._phrase_keys
    known_term = [(t, e) for t, e in test if index.term(keys(e)) is not None]
    linked = 0
    for t, e in known_term:
        tk, ek = keys(t), keys(e)
        if len(tk) == len(ek) and all(a == b or b in index.options(a) for a, b in zip(tk, ek)):
            linked += 1
    # How far each kind of link reaches: the changed words of the held-out pairs of equal
    # length, linked to the term's word by the known part's substitutions, a WordNet synonym
    # or a Moby entry of the tortured word (whatever the term's words).
    wkey = tortured.word_key
    subs = {(a, b) for t, e in train for a, b in zip(keys(t), keys(e)) if len(keys(t)) == len(keys(e))}
    reach = {"list": 0, "wordnet": 0, "thesaurus": 0, "any": 0}
    whole = dict(reach)
    changed_words = equal = 0
    for t, e in test:
        tw, ew = re.findall(r"[^\W_]+", t.lower()), re.findall(r"[^\W_]+", e.lower())
        if len(tw) != len(ew):
            continue
        equal += 1
        ok = dict.fromkeys(reach, True)
        for a, b in zip(tw, ew):
            ka, kb = wkey(a), wkey(b)
            if ka == kb:
                continue
            changed_words += 1
            hit = {"list": (ka, kb) in subs,
                   "wordnet": kb in {wkey(x) for x in get_lexicon().synonyms(a) if " " not in x},
                   "thesaurus": kb in {wkey(x) for x in th.entry(a) if " " not in x}}
            hit["any"] = any(hit.values())
            for kind in reach:
                reach[kind] += hit[kind]
                ok[kind] = ok[kind] and hit[kind]
        for kind in reach:
            whole[kind] += ok[kind]
    word_share = {k: v / max(changed_words, 1) for k, v in reach.items()}
    phrase_share = {k: v / max(equal, 1) for k, v in whole.items()}
    links = {"held_out_equal_length": equal, "changed_words": changed_words,
             "word_share": word_share, "phrase_share": phrase_share}
    print(f"analysis: {equal} of {len(test)} held-out pairs have as many words as their term; of their "
          f"{changed_words} changed words, linked by " + ", ".join(f"{k} {v:.3f}" for k, v in word_share.items())
          + "; phrases with every changed word linked: " + ", ".join(f"{k} {v:.3f}" for k, v in phrase_share.items()))
    # Collocations of WordNet's glosses as further established terms: how many held-out
    # terms would they add?
    import zipfile

    grams: dict[tuple[str, ...], int] = {}
    with zipfile.ZipFile(REPO / "spundetect" / "_data" / "wordnet" / "corpora" / "wordnet.zip") as z:
        for name in z.namelist():
            if not re.search(r"data\.(noun|verb|adj|adv)$", name):
                continue
            for line in z.read(name).decode("latin-1").splitlines():
                if line.startswith("  ") or "|" not in line:
                    continue
                toks = keys(line.split("|", 1)[1].lower())
                for n in (2, 3):
                    for i in range(len(toks) - n + 1):
                        grams[toks[i : i + n]] = grams.get(toks[i : i + n], 0) + 1
    gloss = {}
    for least in (1, 2, 5):
        added = sum(1 for _, e in test if index.term(keys(e)) is None and grams.get(keys(e), 0) >= least)
        gloss[least] = {"ngrams": sum(1 for c in grams.values() if c >= least), "held_out_terms_added": added}
        print(f"analysis: gloss 2-3-grams seen >= {least} times: {gloss[least]['ngrams']}, "
              f"would add the terms of {added} held-out pairs")
    out = {"expected_terms": len(expected), "in_wordnet_or_moby": covered, "held_out": len(test),
           "held_out_term_established": len(known_term), "of_those_all_words_linked": linked,
           "links": links, "gloss_collocations": gloss}
    print(f"analysis: {covered} of {len(expected)} expected terms are WordNet multiword lemmas or Moby "
          f"entries; {len(known_term)} of {len(test)} held-out pairs have an established term, and of "
          f"those {linked} ({linked / max(len(known_term), 1):.2f}) have every changed word linked")
    return out


def measure_compare_cost(rounds: int) -> dict[str, Any]:
    """compare() on the seed pair, and tortured_tells() of its suspect, timed in alternation."""
    import spundetect

    seeds = REPO.parent / "shared" / "seeds"
    original = next(seeds.glob("002_*.txt")).read_text(encoding="utf-8")
    suspect = next(seeds.glob("001_*.txt")).read_text(encoding="utf-8")
    spundetect.compare(original, suspect)
    rows = []
    for _ in range(rounds):
        t_cmp = best_of(lambda: spundetect.compare(original, suspect), 5)
        t_tor = best_of(lambda: tortured.tortured_tells(suspect), 5)
        rows.append({"compare_ms": 1e3 * t_cmp, "tortured_ms": 1e3 * t_tor, "share": t_tor / t_cmp})
        print(f"compare cost: compare {1e3 * t_cmp:.1f} ms, tortured tells of the suspect {1e3 * t_tor:.1f} ms "
              f"({100 * t_tor / t_cmp:.1f} % of compare)")
    return {"rounds": rows}


_STARTUP_CODE = """
import json, sys, time
t0 = time.perf_counter()
import spundetect
from spundetect import tortured
t1 = time.perf_counter()
shipped_load = tortured.load_index
if {built!r}:
    # as before the index was shipped: the list and WordNet's multiword lemmas keyed on
    # first use
    tortured.load_index = lambda: tortured.build_phrases(tortured._read_pairs())
original, suspect = (open(p, encoding="utf-8").read() for p in {paths!r})
spundetect.compare(original, suspect)
t2 = time.perf_counter()
with open("/proc/self/status") as fh:
    hwm = int(fh.read().split("VmHWM:")[1].split()[0]) / 1024
# the index alone, made again both ways in this warm process
t3 = time.perf_counter()
tortured.build_phrases(tortured._read_pairs())
t4 = time.perf_counter()
t5 = time.perf_counter()
shipped_load()
t6 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "first_compare_s": t2 - t1, "hwm_mb": hwm,
                  "index_build_s": t4 - t3, "index_load_s": t6 - t5}}))
"""


def measure_startup(rounds: int) -> dict[str, Any]:
    """The first ``compare()`` of the seed pair in a fresh process, and its peak RSS, with
    the shipped index (``shipped``) and with the index built on first use as before it was
    shipped (``built``): fresh processes in alternation, median of ``rounds`` each."""
    import statistics
    import subprocess

    seeds = REPO.parent / "shared" / "seeds"
    paths = [str(next(seeds.glob("002_*.txt"))), str(next(seeds.glob("001_*.txt")))]
    runs: dict[str, list[dict[str, float]]] = {"built": [], "shipped": []}
    for _ in range(rounds):
        for name in runs:
            proc = subprocess.run([sys.executable, "-c", _STARTUP_CODE.format(built=name == "built", paths=paths)],
                                  capture_output=True, text=True, cwd=REPO, check=True)
            runs[name].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    out: dict[str, Any] = {}
    for name, rows in runs.items():
        out[name] = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        out[name]["first_compare_all"] = [round(r["first_compare_s"], 3) for r in rows]
        print(f"startup ({name} index): import {out[name]['import_s']:.3f} s, first compare "
              f"{out[name]['first_compare_s']:.2f} s (runs {out[name]['first_compare_all']}), "
              f"peak RSS {out[name]['hwm_mb']:.0f} MB; medians of {rounds}")
    print(f"startup: the index alone, warm: built from the list {out['shipped']['index_build_s']:.3f} s, "
          f"loaded from index.tsv {out['shipped']['index_load_s']:.3f} s")
    return out


def with_thresholds(min_score: float, virtual_min: float, fn: Callable[[], Any]) -> Any:
    """``fn()`` run with ``tortured.MIN_SCORE`` and ``tortured.VIRTUAL_MIN_SCORE`` set."""
    saved = tortured.MIN_SCORE, tortured.VIRTUAL_MIN_SCORE
    tortured.MIN_SCORE, tortured.VIRTUAL_MIN_SCORE = min_score, virtual_min
    try:
        return fn()
    finally:
        tortured.MIN_SCORE, tortured.VIRTUAL_MIN_SCORE = saved


def candidates_of(text: str, index: tortured.Phrases, *, virtual: bool = False) -> list[tortured.Match]:
    """Every new-phrase candidate the matcher would choose at any score: of established
    terms (virtual ones off), or (``virtual``) virtual ones (established ones off)."""
    thresholds = (math.inf, -math.inf) if virtual else (-math.inf, math.inf)
    found = with_thresholds(*thresholds, lambda: tortured.find_tortured(text, phrases=index))
    return [m for m in found if not m.known and m.virtual == virtual]


def all_virtual_runs(text: str, index: tortured.Phrases) -> list[tortured.Match]:
    """Every virtual candidate of ``text`` at any score, of every size, at every word that
    no known phrase takes (``tortured.virtual_runs``), overlapping ones too."""
    toks = tortured._tokens(text, index)
    taken = {k for a, b, _ in tortured.known_matches(toks, index) for k in range(a, b)}
    return [m for i in range(len(toks) - 1) for m in tortured.virtual_runs(text, toks, index, taken, i)]


def measure_fitnew(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int,
                   seed: int, splits: Sequence[str] = ("term",), positive_weight: float = 1.0) -> dict[str, Any]:
    """Fit the score of new phrases (``tortured.SCORE_INTERCEPT`` / ``SCORE_COEFS``).

    The matcher knows the ``term`` split's known part; positives are the candidates that
    overlap a held-out fit pair (:data:`FIT_SHARE`) placed in its sentence, negatives every
    other candidate: elsewhere in those sentences, in the same sentences left clean, and in
    the first half of the prose (the half ``--tune`` picks the threshold on). A logistic
    regression over :data:`tortured.FEATURES`; the held-out pairs it is scored on later
    are other pairs, the prose the other half. ``splits`` (``--fit-splits``): the fit pairs
    of these splits, each with its own known part; ``positive_weight``
    (``--positive-weight``): each positive counted that many times.
    """
    sets = []
    for by in splits:
        train, test = split_pairs(pairs, holdout, by)
        fit_pairs = [p for p in test if is_fit_pair(p)]
        sets.append((tortured.build_phrases(train), placements(fit_pairs, texts, seed)))
    prose = [t for t in texts if bucket(t) < 50]
    prose_index = sets[0][0]  # the first split's known part (as before: the term split's)
    out: dict[str, Any] = {"fit_pairs": sum(len(placed) for _, placed in sets), "splits": list(splits),
                           "positive_weight": positive_weight}
    for virtual, names in ((False, tortured.FEATURES), (True, tortured.VIRTUAL_FEATURES)):
        x: list[tuple[float, ...]] = []
        y: list[int] = []
        # Candidates of established terms as the matcher chooses them; virtual ones of
        # every size at every word (the matcher chooses among them by this score): a run
        # inside the placed phrase is a positive, a run overlapping it and more is left out.
        def found(text: str, index: tortured.Phrases) -> list[tortured.Match]:
            return all_virtual_runs(text, index) if virtual else candidates_of(text, index)

        for index, placed in sets:
            for _kind, clean, spun, _expected, start, end in placed:
                for m in found(spun, index):
                    inside = start <= m.start and m.end <= end
                    if inside or m.end <= start or end <= m.start or not virtual:
                        x.append(m.features)
                        y.append(int(m.start < end and start < m.end))
                for m in found(clean, index):
                    x.append(m.features)
                    y.append(0)
        in_sentences = len(y)
        for t in prose:
            for m in found(t, prose_index):
                x.append(m.features)
                y.append(0)
        w = fit_logistic(x, y, positive_weight=positive_weight)
        coefs = dict(zip(names, w[1:]))
        name = "virtual" if virtual else "term"
        out[name] = {"candidates": len(y), "positives": sum(y), "negatives_in_sentences": in_sentences - sum(y),
                     "negatives_in_prose": len(y) - in_sentences, "intercept": w[0], "coefs": coefs}
        prefix = "VIRTUAL" if virtual else "SCORE"
        print(f"fitnew ({name} candidates): {out['fit_pairs']} fit pairs; {sum(y)} positive candidates, "
              f"{in_sentences - sum(y)} negative in the sentences, {len(y) - in_sentences} in the first half "
              "of the prose")
        print(f"fitnew: {prefix}_INTERCEPT = {w[0]:.4f}")
        print(f"fitnew: {prefix}_COEFS = {{" + ", ".join(f'"{k}": {v:.4f}' for k, v in coefs.items()) + "}")
    # the term model's figures where they were before (older outputs of --coefs)
    out.update({k: out["term"][k] for k in ("intercept", "coefs")})
    return out


def measure_refit(pairs: Sequence[tuple[str, str]], texts: Sequence[str], holdout: int, seed: int,
                  shares: Sequence[float], max_false: float, max_prose: float) -> dict[str, Any]:
    """Refit ``MIN_SCORE`` and ``VIRTUAL_MIN_SCORE`` on the development half only.

    The development half: the fit pairs (:data:`FIT_SHARE`) of both splits, each placed in
    its sentence (recall) and that sentence left clean (false alarms), and the first half of
    the prose (tortured tells per 1,000 words, every kind, with the shipped list). For each
    share ``T`` of ``shares``, the two thresholds are tuned on that half of the prose as
    ``--tune`` does (``MIN_SCORE`` the lowest leaving at most ``T`` new-phrase tells of
    established terms per 1,000 words, then ``VIRTUAL_MIN_SCORE`` the lowest leaving the
    rest of ``max_prose``, less the known phrases' tells, to the virtual ones); the matcher
    itself is then run on the fit pairs' sentences and on the prose (a candidate above its
    threshold can hide another, so the rate is measured, not summed). Chosen: the highest
    mean recall of the two splits whose false alarms stay at ``max_false`` or less in both
    splits and whose prose rate stays at ``max_prose`` or less (ties: fewer prose tells).
    The held-out pairs and the other half of the prose are not read: measure them
    afterwards with ``--min-score`` and ``--virtual-min-score``.
    """
    sets = []
    for by in SPLITS:
        train, test = split_pairs(pairs, holdout, by)
        fit_pairs = [p for p in test if is_fit_pair(p)]
        sets.append((by, tortured.build_phrases(train), placements(fit_pairs, texts, seed)))
    half = [t for t in texts if bucket(t) < 50]
    n_words, every = prose_matches(half, -math.inf, math.inf)
    known_rate = 1000 * sum(1 for _, m in every if m.known) / n_words
    rows: list[dict[str, Any]] = []
    for share in shares:
        a = lowest_threshold([m.score for _, m in every if not m.known], n_words, share)
        _, found = prose_matches(half, a, -math.inf)
        b = lowest_threshold([m.score for _, m in found if m.virtual], n_words,
                             max(max_prose - known_rate - share, 0.0))

        def run() -> dict[str, Any]:
            row: dict[str, Any] = {"share": share, "min_score": a, "virtual_min_score": b}
            for by, index, placed in sets:
                hit = false = 0
                for _kind, clean, spun, _expected, start, end in placed:
                    hit += any(m.start < end and start < m.end
                               for m in tortured.find_tortured(spun, phrases=index))
                    false += bool(tortured.find_tortured(clean, phrases=index))
                row[by] = {"recall": hit / len(placed), "false": false / len(placed)}
            row["prose"] = 1000 * sum(len(tortured.find_tortured(t)) for t in half) / n_words
            return row

        row = with_thresholds(a, b, run)
        row["ok"] = all(row[by]["false"] <= max_false for by in SPLITS) and row["prose"] <= max_prose
        row["recall"] = sum(row[by]["recall"] for by in SPLITS) / len(SPLITS)
        rows.append(row)
        print(f"refit: share {share:.3f}: MIN_SCORE {a:.4f}, VIRTUAL_MIN_SCORE {b:.4f}: recall by term "
              f"{row['term']['recall']:.3f} (false {row['term']['false']:.3f}), by phrase "
              f"{row['phrase']['recall']:.3f} (false {row['phrase']['false']:.3f}), prose {row['prose']:.3f}"
              + ("" if row["ok"] else "  (over)"), flush=True)
    feasible = [r for r in rows if r["ok"]]
    best = max(feasible, key=lambda r: (r["recall"], -r["prose"])) if feasible else None
    if best is not None:
        print(f"refit: chosen MIN_SCORE {best['min_score']:.4f}, VIRTUAL_MIN_SCORE {best['virtual_min_score']:.4f} "
              f"(false alarms <= {max_false}, prose <= {max_prose} on the development half)")
    else:
        print("refit: no share meets the limits")
    return {"max_false": max_false, "max_prose": max_prose, "best": best, "points": rows}


# --- ordinary prose ---------------------------------------------------------------------


def prose_matches(texts: Sequence[str], min_score: float,
                  virtual_min: float) -> tuple[int, list[tuple[str, tortured.Match]]]:
    """Words, and every tortured match of the shipped list in ``texts`` at these thresholds."""
    found = with_thresholds(min_score, virtual_min,
                            lambda: [(t, m) for t in texts for m in tortured.find_tortured(t)])
    return sum(map(words, texts)), found


def lowest_threshold(scores: Sequence[float], n_words: int, target: float) -> float:
    """The lowest threshold at which at most ``target`` of ``scores`` per 1,000 words remain."""
    ordered = sorted(set(scores))
    return next((s for s in ordered if 1000 * sum(1 for x in scores if x >= s) / n_words <= target),
                ordered[-1] + 0.01 if ordered else 0.0)


def measure_prose(texts: Sequence[str], tune: bool, target: float, virtual_target: float,
                  show: int) -> dict[str, Any]:
    halves = ([t for t in texts if bucket(t) < 50], [t for t in texts if bucket(t) >= 50])
    if tune:
        # first the new phrases of established terms (virtual ones off), then the virtual
        # ones where those leave room, each to its own share of the false tells
        n_words, found = prose_matches(halves[0], -math.inf, math.inf)
        tortured.MIN_SCORE = lowest_threshold([m.score for _, m in found if not m.known], n_words, target)
        n_words, found = prose_matches(halves[0], tortured.MIN_SCORE, -math.inf)
        tortured.VIRTUAL_MIN_SCORE = lowest_threshold([m.score for _, m in found if m.virtual], n_words,
                                                      virtual_target)
        print(f"tuned on the first half: MIN_SCORE {tortured.MIN_SCORE:.4f} (target {target} new-phrase "
              f"tells per 1,000 words), VIRTUAL_MIN_SCORE {tortured.VIRTUAL_MIN_SCORE:.4f} (target "
              f"{virtual_target} virtual ones)")
    out: dict[str, Any] = {"min_score": tortured.MIN_SCORE, "virtual_min_score": tortured.VIRTUAL_MIN_SCORE}
    for name, half in zip(("tune half", "test half"), halves):
        n_words, found = prose_matches(half, tortured.MIN_SCORE, tortured.VIRTUAL_MIN_SCORE)
        known = [(t, m) for t, m in found if m.known]
        virtual = [(t, m) for t, m in found if m.virtual]
        new = [(t, m) for t, m in found if not m.known and not m.virtual]
        rate = 1000 * len(found) / n_words
        out[name] = {"texts": len(half), "words": n_words, "known": len(known), "new": len(new),
                     "virtual": len(virtual), "per_1000": rate}
        print(f"prose ({name}): {n_words} words, {len(known)} known + {len(new)} new + {len(virtual)} virtual "
              f"tortured tells = {rate:.3f} per 1,000 words")
        for t, m in known[:show] + new[:show] + virtual[:show]:
            kind = "known" if m.known else "virtual" if m.virtual else "new"
            print(f"  {kind}: {t[m.start:m.end]!r} -> {m.term!r} ({m.score})")
    return out


# --- score of inspect() -----------------------------------------------------------------


def rates(text: str) -> tuple[float, float]:
    tells = find_tells(text)
    n = max(len(re.findall(r"[^\W_]+", text)), 1)
    tort = sum(1 for t in tells if t.code == "tortured_phrase")
    return 1000 * tort / n, 1000 * (len(tells) - tort) / n


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def fit_logistic(x: Sequence[Sequence[float]], y: Sequence[int], l2: float = 1e-3,
                 positive_weight: float = 1.0) -> list[float]:
    """Weights (intercept first) of an L2-regularised logistic regression, by Newton steps
    (each positive example counted ``positive_weight`` times)."""
    import numpy as np

    X = np.column_stack([np.ones(len(x)), np.asarray(x, dtype=float)])
    Y = np.asarray(y, dtype=float)
    C = np.where(Y > 0, positive_weight, 1.0)
    w = np.zeros(X.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (C * (p - Y)) + l2 * np.r_[0, w[1:]]
        hess = (X * (C * p * (1 - p))[:, None]).T @ X + l2 * np.diag(np.r_[0, np.ones(len(w) - 1)])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return [float(v) for v in w]


def measure_fit(rows: Sequence[dict[str, Any]], limit: int, seed: int) -> dict[str, Any]:
    from spundetect.spin import spin

    rng = random.Random(seed)
    human = originals(rows)
    human += sorted({r["suspect"] for r in rows if r["label"] in ("light_edit", "paraphrase")})
    spun = [r["suspect"] for r in rows if r["label"] == "spun"]
    base = [t for t in originals(rows) if words(t) <= 3000]
    for k, t in enumerate(rng.sample(base, min(limit, len(base)))):
        spun.append(spin(t, p=0.5, seed=k).text)
    data = [(t, 1) for t in spun] + [(t, 0) for t in human]
    feats = {t: rates(t) for t, _ in data}
    fit = [(t, y) for t, y in data if bucket(t) < 50]
    test = [(t, y) for t, y in data if bucket(t) >= 50]
    x = [[math.log1p(feats[t][0]), math.log1p(feats[t][1])] for t, _ in fit]
    w = fit_logistic(x, [y for _, y in fit])

    def score(t: str) -> float:
        a, b = feats[t]
        return 1 / (1 + math.exp(-(w[0] + w[1] * math.log1p(a) + w[2] * math.log1p(b))))

    out = {"intercept": w[0], "tortured_coef": w[1], "other_coef": w[2],
           "fit_texts": len(fit), "test_texts": len(test)}
    for name, part in (("fit", fit), ("test", test)):
        pos = [score(t) for t, y in part if y]
        neg = [score(t) for t, y in part if not y]
        out[f"auc_{name}"] = auc(pos, neg)
        out[f"{name}_spun"], out[f"{name}_human"] = len(pos), len(neg)
    spinbot = [score(t) for t, y in test if y and t in {r["suspect"] for r in rows if r["label"] == "spun"}]
    neg = [score(t) for t, y in test if not y]
    out["auc_test_spinbot_only"] = auc(spinbot, neg) if spinbot else float("nan")
    print(f"fit: INTERCEPT = {w[0]:.4f}, TORTURED_COEF = {w[1]:.4f}, OTHER_COEF = {w[2]:.4f}")
    print(f"fit: AUC {out['auc_fit']:.3f} on the fit half ({out['fit_spun']} spun, {out['fit_human']} human), "
          f"{out['auc_test']:.3f} on the other half ({out['test_spun']} spun, {out['test_human']} human); "
          f"SpinBot texts only: {out['auc_test_spinbot_only']:.3f}")
    return out


# --- speed ------------------------------------------------------------------------------


def best_of(fn: Callable[[], Any], repeats: int) -> float:
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def measure_speed(texts: Sequence[str], repeats: int) -> dict[str, Any]:
    import spundetect
    from spundetect.segment import get_nlp

    tokenizer = get_nlp().tokenizer
    spundetect.inspect("warm up the imports")
    n_words = sum(map(words, texts))
    t0 = time.perf_counter()
    for t in texts:
        spundetect.inspect(t)
    first = time.perf_counter() - t0
    t_tok = best_of(lambda: [tokenizer(t) for t in texts], repeats)
    t_ins = best_of(lambda: [spundetect.inspect(t) for t in texts], repeats)
    out = {"texts": len(texts), "words": n_words, "tokenizer_ms_per_1000": 1e6 * t_tok / n_words,
           "inspect_ms_per_1000": 1e6 * t_ins / n_words, "inspect_first_ms_per_1000": 1e6 * first / n_words,
           "ratio": t_tok / t_ins, "ratio_first": t_tok / first}
    print(f"speed: {len(texts)} texts, {n_words} words; tokenizer {out['tokenizer_ms_per_1000']:.2f} ms, "
          f"inspect {out['inspect_ms_per_1000']:.2f} ms per 1,000 words (first pass "
          f"{out['inspect_first_ms_per_1000']:.2f} ms); ratio tokenizer/inspect {out['ratio']:.2f} "
          f"(first pass {out['ratio_first']:.2f}; target >= 0.5)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="known,new,prose,fit,speed",
                    help="comma list of: known, new, prose, fit, speed, grid, analysis, losses, compare, "
                         "startup, fitnew, support, morphology, bigrams, breakdown")
    ap.add_argument("--links", default=",".join(tortured.LINKS),
                    help="kinds of synonym link new phrases may use (of list, wordnet, thesaurus)")
    ap.add_argument("--thresholds", default="-2,-1,0,0.349,1,2", help="grid: MIN_SCORE values")
    ap.add_argument("--holdout", type=int, default=30, help="percent of expected terms held out")
    ap.add_argument("--known-limit", type=int, default=5055, help="known phrases to vary")
    ap.add_argument("--spin-limit", type=int, default=200, help="dev originals spun for the fit")
    ap.add_argument("--speed-limit", type=int, default=300, help="dev originals timed")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=5, help="startup: fresh processes of each kind")
    ap.add_argument("--virtual", type=int, default=None,
                    help="longest virtual-term candidate (tortured.MAX_VIRTUAL_WORDS; 0: none)")
    ap.add_argument("--coefs", type=Path, default=None,
                    help="score new phrases with the fit in this --only fitnew output (JSON)")
    ap.add_argument("--on-fit", action="store_true",
                    help="new: measure on the fit pairs instead of the others (choosing settings)")
    ap.add_argument("--tune", action="store_true", help="pick MIN_SCORE on the first half of the prose")
    ap.add_argument("--target", type=float, default=0.12, help="new-phrase tells per 1,000 words when tuning")
    ap.add_argument("--virtual-target", type=float, default=0.05,
                    help="virtual new-phrase tells per 1,000 words when tuning (after --target's)")
    ap.add_argument("--min-score", type=float, default=None,
                    help="MIN_SCORE to use (default: the shipped one; -inf: every candidate, the ceiling)")
    ap.add_argument("--virtual-min-score", type=float, default=None, help="VIRTUAL_MIN_SCORE to use")
    ap.add_argument("--support", type=float, default=None, help="SUPPORT_BONUS to use (default: the shipped one)")
    ap.add_argument("--support-target", type=float, default=None,
                    help="tune SUPPORT_BONUS: the largest of --support-grid leaving at most this many tortured "
                         "tells (all kinds) per 1,000 words of the first half of the prose")
    ap.add_argument("--support-from", choices=("known", "all"), default=None,
                    help="tortured.SUPPORT_FROM: which tortured phrases support their neighbours")
    ap.add_argument("--support-bonuses", default="", help="support: further SUPPORT_BONUS values measured")
    ap.add_argument("--support-grid", default="0.5,1,1.5,2,2.5,3,4,5,6,8")
    ap.add_argument("--bigrams", type=Path, default=None,
                    help="bigrams: a table of English bigrams with counts (w1 w2 count per line)")
    ap.add_argument("--refit-shares", default="0.04,0.06,0.08,0.10,0.12,0.14",
                    help="refit: new-phrase tells of established terms per 1,000 words tried (the rest of "
                         "--max-prose to virtual ones)")
    ap.add_argument("--fit-splits", default="term",
                    help="fitnew: the splits whose fit pairs are fitted on (term, phrase or both)")
    ap.add_argument("--positive-weight", type=float, default=1.0,
                    help="fitnew: how many times each positive candidate counts")
    ap.add_argument("--max-false", type=float, default=0.015,
                    help="refit: false alarms allowed on the fit pairs' clean sentences")
    ap.add_argument("--max-prose", type=float, default=0.17,
                    help="refit: tortured tells per 1,000 words allowed on the first half of the prose")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--show", type=int, default=8, help="examples printed per kind")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "tortured_eval.json")
    args = ap.parse_args(argv)
    if not PPS.is_file() or not DEV.is_dir():
        print(f"shared data not found beside the repository ({SHARED})", file=sys.stderr)
        return 2
    parts = set(args.only.split(","))
    pairs = load_pairs()
    rows = load_rows()
    texts = originals(rows)
    tortured.LINKS = tuple(args.links.split(","))
    if args.virtual is not None:
        tortured.MAX_VIRTUAL_WORDS = args.virtual
    if args.coefs is not None:
        fitted = json.loads(args.coefs.read_text(encoding="utf-8"))["fitnew"]
        tortured.SCORE_INTERCEPT = fitted["intercept"]
        tortured.SCORE_COEFS = {name: fitted["coefs"].get(name, 0.0) for name in tortured.FEATURES}
        if "virtual" in fitted:
            tortured.VIRTUAL_INTERCEPT = fitted["virtual"]["intercept"]
            tortured.VIRTUAL_COEFS = {name: fitted["virtual"]["coefs"].get(name, 0.0)
                                      for name in tortured.VIRTUAL_FEATURES}
    global ON_FIT
    ON_FIT = args.on_fit
    results: dict[str, Any] = {"min_score": tortured.MIN_SCORE, "virtual_min_score": tortured.VIRTUAL_MIN_SCORE,
                               "virtual_intercept": tortured.VIRTUAL_INTERCEPT,
                               "virtual_coefs": tortured.VIRTUAL_COEFS, "links": tortured.LINKS,
                               "score_intercept": tortured.SCORE_INTERCEPT, "score_coefs": tortured.SCORE_COEFS}
    if args.min_score is not None:
        tortured.MIN_SCORE = args.min_score
    if args.virtual_min_score is not None:
        tortured.VIRTUAL_MIN_SCORE = args.virtual_min_score
    if args.support_from is not None:
        tortured.SUPPORT_FROM = args.support_from
    if args.support_target is not None:
        tortured.SUPPORT_BONUS = tune_support(texts, args.support_target,
                                              [float(x) for x in args.support_grid.split(",")])
        print(f"tuned on the first half: SUPPORT_BONUS {tortured.SUPPORT_BONUS:g} (target {args.support_target} "
              "tortured tells per 1,000 words)")
        results["support_bonus"] = tortured.SUPPORT_BONUS
    if args.support is not None:
        tortured.SUPPORT_BONUS = args.support
    if "prose" in parts:
        results["prose"] = measure_prose(texts, args.tune, args.target, args.virtual_target, args.show)
    if "known" in parts:
        results["known"] = measure_known(pairs, args.known_limit, args.seed)
    if "new" in parts:
        results["new"] = measure_new(pairs, texts, args.holdout, args.seed, args.show)
    if "support" in parts:
        results["support"] = measure_support(pairs, texts, args.holdout, args.seed, args.show,
                                             [float(x) for x in args.support_bonuses.split(",") if x])
    if "morphology" in parts:
        results["morphology"] = measure_morphology(pairs, args.holdout)
    if "bigrams" in parts:
        if args.bigrams is None:
            ap.error("--only bigrams needs --bigrams FILE")
        results["bigrams"] = measure_bigrams(pairs, texts, args.holdout, args.seed, args.bigrams)
    if "fit" in parts:
        results["fit"] = measure_fit(rows, args.spin_limit, args.seed)
    if "speed" in parts:
        rng = random.Random(args.seed)
        results["speed"] = measure_speed(rng.sample(texts, min(args.speed_limit, len(texts))), args.repeats)
    if "fitnew" in parts:
        results["fitnew"] = measure_fitnew(pairs, texts, args.holdout, args.seed, args.fit_splits.split(","),
                                           args.positive_weight)
    if "grid" in parts:
        results["grid"] = measure_grid(pairs, texts, args.holdout, args.seed,
                                       [float(x) for x in args.thresholds.split(",")])
    if "analysis" in parts:
        results["analysis"] = measure_analysis(pairs, args.holdout)
    if "relations" in parts:
        results["relations"] = measure_relations(pairs, texts, args.holdout, args.seed)
    if "losses" in parts:
        results["losses"] = measure_losses(pairs, texts, args.holdout, args.seed)
    if "refit" in parts:
        results["refit"] = measure_refit(pairs, texts, args.holdout, args.seed,
                                         [float(x) for x in args.refit_shares.split(",")],
                                         args.max_false, args.max_prose)
    if "breakdown" in parts:
        results["breakdown"] = measure_breakdown(pairs, texts, args.holdout, args.seed, args.show)
    if "compare" in parts:
        results["compare"] = measure_compare_cost(args.repeats)
    if "startup" in parts:
        results["startup"] = measure_startup(args.rounds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
