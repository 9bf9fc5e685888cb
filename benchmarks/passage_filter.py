"""The passage filter, measured: every raw passage of ``compare()``'s chain with the numbers
``score.shows_reuse`` could read, labelled reused or not, on the dev pairs.

``passages.find_passages`` finds stretches that share words; ``score.shows_reuse`` keeps
those that show reuse. This script runs the chain up to that filter and writes one JSON
line per raw passage (before the filter) with:

* where it comes from: the pair id, the set (``pan13_02`` ... or ``ecbplus_same_topic``,
  or ``find`` for a query with no original compared with one of its index candidates), a
  split half (a hash of the original text; fit thresholds on one half, report both);
* its label: ``reused`` when it overlaps a known PAN case on both sides (PAN folders
  02-05), ``none`` for every passage of a pair with no reuse (PAN 01, ECB+ same-topic and
  unrelated, Clough ``non`` answers, and every ``find`` pair whose candidate is not the
  query's original), and ``doc`` for passages of other derived pairs (Clough, IteraTeR,
  SpinBot: reused, but with no passage-level truth);
* the filter's inputs and a few more: words on each side, matched words (``seeds``), their
  density, ``in_order``, whether its sentence pairs are derived and their spin
  probability, the words of strongly matched pairs, the share of its suspect words in
  shared word trigrams and of its content keys in shared key bigrams, the share of its
  matched words that are names or numbers, the suspect sentences holding three or more
  matched words, how the rest of the two texts relates (``background``), whether the
  current filter keeps it, with and without that (``kept``, ``kept_plain``), and the
  pair's verdict.

``--report FILE`` reads such a file back and prints, per set and label, how many passages
the current filter and the candidate rules keep, split by half, then the same-topic rule
of ``shows_reuse`` (``background``, see ``passages.background``) over a grid of its two
thresholds, as a what-if from each row's rule-free verdict (``kept_plain``).

Usage::

    nice -n 5 python benchmarks/passage_filter.py --out benchmarks/out/passages_raw.jsonl
    nice -n 5 python benchmarks/passage_filter.py --sets pan13_03 --limit 20 --out /tmp/p.jsonl
    python benchmarks/passage_filter.py --report benchmarks/out/passages_raw.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
PAN = ("pan13_01", "pan13_02", "pan13_03", "pan13_04", "pan13_05")
OTHER = ("ecbplus_same_topic", "ecbplus_unrelated", "clough", "iterater_doc", "mpc_spinbot")
NO_REUSE_LABELS = ("same_topic", "unrelated")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def half(text: str) -> int:
    """The split half of a pair: a hash of its original text."""
    return hashlib.sha1(text.encode("utf-8")).digest()[0] & 1


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _trigrams(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[k : k + 3]) for k in range(len(words) - 2)}


_QUOTED = re.compile(r'"[^"\n]{20,}?"|\u201c[^\u201d\n]{20,}?\u201d|``[^\n]{20,}?\'\'')


def quoted_share(text: str, span: tuple[int, int]) -> float:
    """Share of a span's characters inside quotation marks (quoted speech) in ``text``."""
    a, b = span
    inside = sum(max(0, min(b, m.end()) - max(a, m.start())) for m in _QUOTED.finditer(text))
    return round(inside / (b - a), 4) if b > a else 0.0


def passage_rows(original: str, suspect: str) -> list[dict[str, Any]]:
    """Every raw passage of the chain with the numbers the filter could read."""
    from spundetect.compare import _Commons, _each_passage, _encoded, _names, _pair_passages, _units
    from spundetect.lexicon import get_lexicon
    from spundetect.passages import RARE_ZIPF, background, content_key, find_seeds
    from spundetect.score import features, is_derived, load_model, probability, shows_reuse
    from spundetect.segment import Words
    from spundetect.settings import Settings

    from spundetect.passages import find_passages

    model, settings = load_model(), Settings()
    o, s = Words.of(original), Words.of(suspect)
    flat = _encoded(o, s)
    o, s, known = _units(original, o, suspect, s, settings, flat)
    found = find_passages(o.norms, s.norms, names=_names(s))
    results, found = _pair_passages(o, s, found, settings, flat, known)
    lex = get_lexicon()
    rest = background(o.norms, s.norms, found, rare=lambda w: lex.zipf(w) < RARE_ZIPF)
    verdict, kept_spans = _verdict(original, suspect, o, s, found, results, model, settings, flat)
    seeds = sorted(find_seeds(o.norms, s.norms))
    items_of: dict[int, int] = defaultdict(int)
    for _, k in results:
        items_of[k] += 1
    s_sentence = [k for k, ws in enumerate(s.norms) for _ in ws]
    rows = []
    for k, (r, stats) in enumerate(zip(found, _each_passage(original, o, s, found, results, _Commons(flat)))):
        derived = is_derived(stats, model)
        prob = probability(features(stats), model) if derived else 0.0
        (o0, o1), (s0, s1) = r.original, r.suspect
        ow, sw_ = o.flat_norms[o0:o1], s.flat_norms[s0:s1]
        inside = [(i, j) for i, j in seeds if o0 <= i < o1 and s0 <= j < s1]
        s_matched = sorted({j for _, j in inside})
        tri_o = _trigrams(ow)
        tri_s = [tuple(sw_[x : x + 3]) for x in range(len(sw_) - 2)]
        in_tri = set()
        for x, t in enumerate(tri_s):
            if t in tri_o:
                in_tri.update(range(x, x + 3))
        ok_ = [key for w in ow if (key := content_key(w)) is not None]
        sk = [key for w in sw_ if (key := content_key(w)) is not None]
        big_o = {(a, b) for a, b in zip(ok_, ok_[1:])}
        big_s = list(zip(sk, sk[1:]))
        names = 0
        rare = 0
        for j in s_matched:
            tok = s.flat[j]
            sentence_start = j == s.first[s_sentence[j]]
            if tok.text[:1].isdigit() or (tok.text[:1].isupper() and not sentence_start):
                names += 1
            if lex.zipf(tok.norm) < 4.0:
                rare += 1
        per_sentence: dict[int, int] = defaultdict(int)
        for j in s_matched:
            per_sentence[s_sentence[j]] += 1
        s_content = sum(1 for w in sw_ if content_key(w) is not None)
        rows.append({
            "original_span": o.char_span(o0, o1), "suspect_span": s.char_span(s0, s1),
            "o_words": o1 - o0, "s_words": s1 - s0,
            "o_total": len(o.flat), "s_total": len(s.flat),
            "seeds": r.seeds, "matched": len(s_matched), "s_content": s_content,
            "density": round(len(s_matched) / s_content, 4) if s_content else 0.0,
            "condensed": r.condensed, "in_order": r.in_order, "run": r.seeds == 0,
            "derived": derived, "prob": round(prob, 4),
            "pairs": items_of[k], "aligned_s": stats.aligned_suspect_tokens,
            "strong": stats.strong_tokens, "change": round(stats.reused_change_rate, 4),
            "common": stats.reused_common_tokens,
            "tri_share": round(len(in_tri) / len(sw_), 4) if sw_ else 0.0,
            "bigram_share": round(sum(b in big_o for b in big_s) / len(big_s), 4) if big_s else 0.0,
            "name_share": round(names / len(s_matched), 4) if s_matched else 0.0,
            "names": r.names,
            "rare_share": round(rare / len(s_matched), 4) if s_matched else 0.0,
            "sentences3": sum(1 for v in per_sentence.values() if v >= 3),
            "s_sentences": len(s.sentences_in(s0, s1)),
            "kept": shows_reuse(stats, r, model, background=rest),
            "why": why_dropped(stats, r, model, rest),
            "kept_plain": shows_reuse(stats, r, model),
            "quoted": quoted_share(suspect, s.char_span(s0, s1)),
            "background": None if rest is None else round(rest, 4),
            "verdict": verdict, "kept_spans": kept_spans,
        })
    return rows


def _verdict(original: str, suspect: str, o: Any, s: Any, found: list[Any], results: list[Any],
             model: Any, settings: Any, flat: tuple[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """The rest of ``compare()``'s chain from the raw passages: the document verdict and the
    suspect spans of the passages it keeps (so the dump needs no second ``compare()``)."""
    from spundetect.compare import _assemble, _Commons, _joined, _passages, _shown
    from spundetect.score import decide, features, is_derived, probability

    commons = _Commons(flat)
    results, kept = _shown(original, o, s, list(found), list(results), model, settings, commons)
    results, kept = _joined(results, kept)
    assembled = _assemble(original, suspect, o, s, results)
    passages, stats = _passages(o, s, kept, assembled, 0, model, settings, commons)
    score = probability(features(stats), model) if is_derived(stats, model) else 0.0
    return decide(score, stats, model, settings.threshold), [p.suspect_span for p in passages]


def why_dropped(stats: Any, r: Any, model: Any, rest: float | None) -> str | None:
    """Which rule of ``score.shows_reuse`` drops a raw passage (``None`` when it is kept), read
    as a what-if: the first of these that would keep it with one input changed names it.

    * ``names``: kept if none of its matched words were names or numbers (``Reuse.names``);
    * ``topic``: kept if the rest of the two texts shared nothing (``background`` 0), its
      background being at least ``score.TOPIC_BACKGROUND`` (two texts on one topic);
    * ``not quiet``: the same, its background between ``QUIET_BACKGROUND`` and that;
    * ``condensed``: kept if it were not condensed (its original side >= 3x its suspect side);
    * ``short``: none of these, under ``score.MIN_PASSAGE_TOKENS`` suspect words;
    * ``order``: none of these, longer (too few words in order or matched for its length).
    """
    from dataclasses import replace as swap

    from spundetect.score import MIN_PASSAGE_TOKENS, QUIET_BACKGROUND, TOPIC_BACKGROUND, shows_reuse

    if shows_reuse(stats, r, model, background=rest):
        return None
    if r.names and shows_reuse(stats, swap(r, names=0.0), model, background=rest):
        return "names"
    if rest is not None and rest > QUIET_BACKGROUND and shows_reuse(stats, r, model, background=0.0):
        return "topic" if rest >= TOPIC_BACKGROUND else "not quiet"
    if r.condensed and shows_reuse(stats.model_copy(update={"condensed_tokens": 0}), swap(r, condensed=False),
                                   model, background=rest):
        return "condensed"
    return "short" if stats.reused_suspect_tokens < MIN_PASSAGE_TOKENS else "order"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _covered(span: tuple[int, int], cases: list[tuple[int, int]]) -> int:
    return sum(max(0, min(span[1], c[1]) - max(span[0], c[0])) for c in cases)


def tasks(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    """The pairs to run: dev pairs of the chosen sets, then the find() pairs."""
    for name in args.sets:
        path = args.data / f"{name}.jsonl"
        rows = read_jsonl(path)[: args.limit]
        for row in rows:
            cases = [((c["source_offset"], c["source_offset"] + c["source_length"]),
                      (c["this_offset"], c["this_offset"] + c["this_length"]))
                     for c in row.get("meta", {}).get("cases", [])]
            yield {"id": row["id"], "set": name, "label": row["label"], "original": row["original"],
                   "suspect": row["suspect"], "cases": cases}
    if args.find:
        sys.path.insert(0, str(REPO / "benchmarks"))
        import spundetect
        from index_eval import NO_ORIGINAL, load

        corpus, queries = load(args.data)
        index = spundetect.Index()
        index.add_many(corpus.items())
        picked = [q for q in queries if q.label in NO_ORIGINAL]
        picked = sorted(picked, key=lambda q: hashlib.sha1(q.key.encode()).hexdigest())[: args.find]
        for q in picked:
            for hit in index.search(q.text, k=args.candidates):
                if hit.doc_id in q.truth:
                    continue
                yield {"id": f"find:{q.key}:{hit.doc_id}", "set": "find", "label": q.label,
                       "original": corpus[hit.doc_id], "suspect": q.text, "cases": []}


def _work(task: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for row in passage_rows(task["original"], task["suspect"]):
        if task["set"] in PAN[1:]:
            hit = [c for c in task["cases"] if _overlaps(c[0], row["original_span"])
                   and _overlaps(c[1], row["suspect_span"])]
            label = "reused" if hit else "none"
            row["case_share"] = round(_covered(row["suspect_span"], [c[1] for c in task["cases"]])
                                      / max(1, row["suspect_span"][1] - row["suspect_span"][0]), 4)
        elif task["label"] in NO_REUSE_LABELS:
            label = "none"
        else:
            label = "doc"
        out.append({"id": task["id"], "set": task["set"], "half": half(task["original"]),
                    "label": label, **row})
    return out


def dump(args: argparse.Namespace) -> None:
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    n = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle, ProcessPoolExecutor(args.workers) as pool:
        for rows in pool.map(_work, tasks(args), chunksize=2):
            n += 1
            for row in rows:
                handle.write(json.dumps(row) + "\n")
            if n % 50 == 0:
                log(f"{n} pairs ({time.perf_counter() - started:.0f}s)")
    log(f"{n} pairs, wrote {args.out} ({time.perf_counter() - started:.0f}s)")


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[k : k + 5]) for k in range(len(words) - 4)}


def shared_grams(a: str, b: str) -> float:
    """Share of the shorter text's word 5-grams found in the other (the rule by which the
    ECB+ same-topic file left out wire-service copies: 0.5 or more)."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    small, big = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
    return len(small & big) / len(small)


def report(path: Path, data: Path) -> None:
    rows = read_jsonl(path)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(row["set"], row["label"])].append(row)
    print("Passages the filter keeps (rows: raw passages; pairs: pairs with a kept passage), by half:")
    print(f"{'set':<22}{'label':<8}{'passages':>9}{'kept':>6}{'kept h0':>9}{'kept h1':>9}{'pairs kept h0/h1':>18}")
    for (name, label), rs in sorted(groups.items()):
        kept = [r for r in rs if r["kept"]]
        h = [sum(1 for r in kept if r["half"] == x) for x in (0, 1)]
        pairs = [len({r["id"] for r in kept if r["half"] == x}) for x in (0, 1)]
        print(f"{name:<22}{label:<8}{len(rs):>9}{len(kept):>6}{h[0]:>9}{h[1]:>9}{pairs[0]:>11}/{pairs[1]}")
    found = [r for r in rows if r["set"] == "find"]
    if not found:
        return
    sys.path.insert(0, str(REPO / "benchmarks"))
    from index_eval import load

    corpus, queries = load(data)
    text = {q.key: q.text for q in queries}
    asked = {r["id"].split(":")[1] for r in found}
    kept_pairs = {r["id"] for r in found if r["kept"]}
    by_query: dict[str, list[float]] = defaultdict(list)
    for pair in kept_pairs:
        _, key, doc = pair.split(":", 2)
        by_query[key].append(shared_grams(corpus[doc], text[key]))
    copies = sum(1 for v in by_query.values() if max(v) >= 0.5)
    some = sum(1 for v in by_query.values() if max(v) >= 0.1)
    print(f"\nfind: {len(by_query)} of {len(asked)} no-original queries with a passage "
          f"(compared with their top candidates) keep one; of these, {copies} share >= 50 % and "
          f"{some} share >= 10 % of the shorter text's word 5-grams with a matched candidate")


def _topic_kept(row: dict[str, Any], level: float | None, words: int, threshold: float,
                share: float) -> bool:
    """Whether the filter keeps a raw passage with the same-topic rule at ``level`` and
    ``words`` (``level`` None: the rule off), from the row's rule-free verdict
    (``kept_plain``) and ``background``: a what-if over one dump."""
    if not row["kept_plain"] or level is None or row["background"] is None:
        return bool(row["kept_plain"])
    if row["derived"] and row["prob"] >= threshold:
        return True  # shown as spun: kept whatever its size
    shorter = min(row["o_total"], row["s_total"])
    small = row["s_words"] < words and row["s_words"] < share * shorter
    return not (row["background"] >= level and small)


def topic_grid(rows: list[dict[str, Any]]) -> None:
    """The same-topic rule (``score.TOPIC_BACKGROUND``, ``score.TOPIC_PASSAGE_TOKENS``)
    over a grid, by half: PAN passages overlapping a case that stay kept, and the ECB+
    same-topic pairs, the ``find`` queries and the other derived pairs (Clough, IteraTeR,
    SpinBot) with a kept passage. Fit on half 0; half 1 is read only to report it."""
    from spundetect.score import load_model

    model = load_model()
    pairs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        pairs[row["id"]].append(row)
    grid: list[tuple[float | None, int]] = [(None, 0)]
    grid += [(level, words) for level in (0.15, 0.2, 0.25, 0.3) for words in (50, 60, 70, 80)]
    print("\nsame-topic rule (background >= level: a passage needs `words` words), what-if by half (h0 / h1):")
    print(f"{'level':>6}{'words':>6}{'PAN 02':>10}{'PAN 03':>10}{'PAN 04':>10}{'PAN 05':>10}"
          f"{'PAN none':>10}{'ECB+ pairs':>12}{'find queries':>14}{'other derived':>15}")
    for level, words in grid:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        queries: dict[tuple[str, int], bool] = defaultdict(bool)
        for pid, rs in pairs.items():
            h = rs[0]["half"]
            kept = [r for r in rs if _topic_kept(r, level, words, model.threshold, model.min_derived_share)]
            for r in kept:
                if r["set"] in PAN[1:]:
                    counts[r["set"] if r["label"] == "reused" else "PAN none"][h] += 1
            name = rs[0]["set"]
            if name == "find":
                queries[(pid.split(":")[1], h)] |= bool(kept)
            elif name == "ecbplus_same_topic":
                counts["ecb"][h] += bool(kept)
            elif rs[0]["label"] == "doc":
                counts["doc"][h] += bool(kept)
        for (_, h), got in queries.items():
            counts["find"][h] += got
        cells = [f"{counts[k][0]}/{counts[k][1]}" for k in (*PAN[1:], "PAN none", "ecb", "find", "doc")]
        print(f"{'off' if level is None else level:>6}{words or '':>6}{cells[0]:>10}{cells[1]:>10}{cells[2]:>10}"
              f"{cells[3]:>10}{cells[4]:>10}{cells[5]:>12}{cells[6]:>14}{cells[7]:>15}")
    # The other side, not adopted: between texts that share little besides a passage
    # (background at most `quiet`), also keep a passage whose sentence pairs are derived
    # though it is short (PAN 03's single reworded sentences).
    print("\nquiet rest (background <= quiet): also keep a derived passage of `words` words or more, "
          "what-if by half (h0 / h1), passages added:")
    print(f"{'quiet':>6}{'words':>6}{'PAN case':>10}{'PAN none':>10}{'other none':>12}")
    for quiet, words in ((0.05, 10), (0.05, 20), (0.1, 10), (0.1, 20)):
        added: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            if (not row["kept"] and row["background"] is not None and row["background"] <= quiet
                    and row["derived"] and not row["condensed"] and row["s_words"] >= words):
                kind = ("PAN case" if row["label"] == "reused" else "PAN none" if row["set"] in PAN
                        else "other none" if row["label"] == "none" else "doc")
                added[kind][row["half"]] += 1
        cells = [f"{added[k][0]}/{added[k][1]}" for k in ("PAN case", "PAN none", "other none")]
        print(f"{quiet:>6}{words:>6}{cells[0]:>10}{cells[1]:>10}{cells[2]:>12}")
    # Adopted (score._quiet_translation): a passage of one length on both sides with no
    # derived pair, between texts that share little else; what it adds over the grid of
    # its levels, by half. Rows written before the rule (their `kept` without it) show
    # what it adds; on newer rows `kept` already holds it.
    from spundetect.score import MAX_NAMES, MIN_PASSAGE_TOKENS
    print("\nquiet translation (no derived pair, background <= quiet, sides within 1.5 of one length, "
          f"{MIN_PASSAGE_TOKENS}+ words, names <= {MAX_NAMES}): passages it keeps that the rest of the filter "
          "does not, by half (h0 / h1):")
    print(f"{'quiet':>6}{'order':>6}{'seeds/w':>8}{'PAN case':>10}{'PAN none':>10}{'other none':>12}{'doc':>8}")
    for level, order, density in ((0.1, 0.3, 0.25), (0.1, 0.35, 0.25), (0.1, 0.3, 0.2), (0.15, 0.3, 0.25)):
        added = defaultdict(lambda: [0, 0])
        for row in rows:
            words, o_words = row["s_words"], row["o_words"]
            if (row["kept_plain"] or row["condensed"] or row["run"] or row["background"] is None
                    or row["background"] > level or words < MIN_PASSAGE_TOKENS
                    or max(words, o_words) > 1.5 * min(words, o_words) or row["in_order"] < order
                    or row["seeds"] < density * words or row["names"] > MAX_NAMES):
                continue
            kind = ("PAN case" if row["label"] == "reused" else "PAN none" if row["set"] in PAN
                    else "other none" if row["label"] == "none" else "doc")
            added[kind][row["half"]] += 1
        cells = [f"{added[k][0]}/{added[k][1]}" for k in ("PAN case", "PAN none", "other none", "doc")]
        print(f"{level:>6}{order:>6}{density:>8}{cells[0]:>10}{cells[1]:>10}{cells[2]:>12}{cells[3]:>8}")
    # Quoted speech, not adopted: kept passages mostly (0.8) inside quotation marks.
    quoted: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["kept"] and row.get("quoted", 0.0) >= 0.8:
            quoted[f"{row['set']} {row['label']}"] += 1
    print("\nkept passages with 80 % or more of their characters in quotation marks: "
          + (", ".join(f"{k} {v}" for k, v in sorted(quoted.items())) or "none"))


def _passes_without_derived(row: dict[str, Any], model: Any) -> bool:
    """Whether a raw passage would pass ``score.shows_reuse``'s tests after ``derived`` (its
    extent: unchanged, condensed, or enough of its words in order) with its pairs not derived."""
    from spundetect.score import (
        IN_ORDER, LOOSE_DENSITY, LOOSE_IN_ORDER, LOOSE_NAMES, LOOSE_SEEDS, MAX_NAMES, MIN_COPIED_RUN,
        SUPPORTED_IN_ORDER, SUPPORTED_SEEDS,
    )

    words = row["s_words"]
    if words < MIN_COPIED_RUN:
        return False
    return bool(row["change"] <= model.copy_change or row["condensed"] or row["in_order"] >= IN_ORDER
                or (row["seeds"] >= SUPPORTED_SEEDS and row["in_order"] >= SUPPORTED_IN_ORDER
                    and row["names"] <= MAX_NAMES)
                or (row["in_order"] >= LOOSE_IN_ORDER and row["seeds"] >= max(LOOSE_SEEDS, LOOSE_DENSITY * words)
                    and row["names"] <= LOOSE_NAMES))


def verdict_what_ifs(rows: list[dict[str, Any]]) -> None:
    """Two passage rules for the document verdict (branch docacc2), not adopted, as what-ifs
    over one dump: the pairs whose verdict each would move, with the pair's verdict now and
    its half (pair labels: ``verdict_errors.py``).

    * *whole text reworded*: keep a dropped passage that is most (:data:`WHOLE_SHARE`) of the
      shorter text, not condensed, with ``SUPPORTED_SEEDS`` matched words, at most
      ``MAX_NAMES`` of them names, and :data:`WHOLE_IN_ORDER` in order (a person's rewording
      of a whole short text; ``SUPPORTED_IN_ORDER`` asks 0.6): a pair with no kept passage
      would turn from ``unrelated`` to ``paraphrase``;
    * *derived alone is not enough*: a kept passage that is not spun, not condensed, passes
      only because its sentence pairs are derived, and keeps under :data:`WHOLE_IN_ORDER` of
      its words in order, is dropped (two reports of one event reworded alike): a pair all of
      whose kept passages are such would turn ``unrelated`` (pairs called ``spun`` left
      aside: the dump scores a passage before the chain joins and grows it, and the
      final passage of such a pair is spun and kept first).
    """
    from spundetect.score import MAX_NAMES, SUPPORTED_SEEDS, load_model

    model = load_model()
    by_pair: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_pair[row["id"]].append(row)
    print(f"\nverdict what-ifs (branch docacc2, not adopted): whole text reworded (share >= {WHOLE_SHARE}, "
          f"seeds >= {SUPPORTED_SEEDS}, in order >= {WHOLE_IN_ORDER}, names <= {MAX_NAMES}):")
    for pid, rs in sorted(by_pair.items()):
        if any(r["kept"] for r in rs):
            continue
        for r in rs:
            shorter = min(r["o_total"], r["s_total"])
            if (not r["condensed"] and r["s_words"] >= WHOLE_SHARE * shorter and r["seeds"] >= SUPPORTED_SEEDS
                    and r["in_order"] >= WHOLE_IN_ORDER and r["names"] <= MAX_NAMES):
                print(f"  {r['set']:<20} {pid:<34} half {r['half']}  {r['verdict']} -> reuse shown "
                      f"({r['s_words']} of {shorter} words, in order {r['in_order']:.2f})")
                break
    print(f"derived alone is not enough (kept, not spun, not condensed, in order < {WHOLE_IN_ORDER}):")
    for pid, rs in sorted(by_pair.items()):
        kept = [r for r in rs if r["kept"]]
        if not kept or rs[0]["verdict"] == "spun":
            continue  # a spun pair's passages are judged spun once joined and grown (after the dump)
        weak = [r for r in kept if r["derived"] and r["prob"] < model.threshold and not r["condensed"]
                and r["in_order"] < WHOLE_IN_ORDER and not _passes_without_derived(r, model)]
        if len(weak) == len(kept):
            print(f"  {rs[0]['set']:<20} {pid:<34} half {rs[0]['half']}  {rs[0]['verdict']} -> unrelated")


#: The what-ifs' share of the shorter text and share in order (:func:`verdict_what_ifs`).
WHOLE_SHARE = 0.75
WHOLE_IN_ORDER = 0.5


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--sets", nargs="*", default=[*PAN, *OTHER])
    parser.add_argument("--limit", type=int, help="at most this many pairs a set")
    parser.add_argument("--find", type=int, default=0,
                        help="also this many no-original index queries with their candidates")
    parser.add_argument("--candidates", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "passages_raw.jsonl")
    parser.add_argument("--report", type=Path, help="summarise a file written before")
    args = parser.parse_args(argv)
    if args.report is not None:
        report(args.report, args.data)
        topic_grid(read_jsonl(args.report))
        verdict_what_ifs(read_jsonl(args.report))
        return 0
    if not args.data.is_dir():
        log(f"no dev data at {args.data}")
        return 2
    dump(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
