"""PAN text alignment: score ``spundetect.compare`` with PAN's measure on the PAN 2013 dev pairs.

Input: ``../shared/data/dev/pan13_0{1..5}.jsonl`` (a source document as ``original``, a
suspicious document as ``suspect``, the known reused passages in ``meta.cases`` with
``source_offset``/``source_length`` into the original and ``this_offset``/``this_length``
into the suspect). The offsets are checked first: every case must lie inside its texts,
a verbatim case (``obfuscation: none``) must read the same on both sides up to whitespace,
and each edge should fall between words; mismatches are printed and counted.

Detections of spundetect, per pair (``--unit``):

* ``auto`` (default): ``comparison.passages`` when the :class:`~spundetect.Comparison` has
  that field (each passage's ``original_span`` and ``suspect_span``, scored as reported);
  otherwise as ``pairs``;
* ``raw``: the raw passages of :func:`spundetect.passages.find_passages`, before the filter
  (``score.shows_reuse``) and the sentence alignment; with
  ``--core-cost C`` the dense-core cost ``passages.CORE_COST`` is set to C first (0 keeps
  every passage whole). ``--true-only`` then scores only the raw passages that detect a
  case (how well their edges fit, apart from the filter's choice);
* ``pairs``: the aligned sentence pairs of ``comparison.pairs``, neighbouring pairs joined
  into one passage (the next pair starts at most ``--gap`` sentences after the previous
  one ends, on both sides; 0 = directly after), passages with a side shorter than
  ``--min-chars`` (150) characters dropped.

With ``--detections DIR``, ``compare`` is not run: the detections are read from PAN-format
XML files in DIR (``<document reference="suspicious-documentX.txt">`` with ``<feature
name="detected-plagiarism" this_offset= this_length= source_reference= source_offset=
source_length=/>``), one file per pair, named ``<suspicious stem>-<source stem>.xml``
(searched in DIR and in one level of subfolders). A pair without a file has no detections.
This scores any PAN text-alignment system's output on the same pairs and the same measure.

With ``--breakdown``, each case's recall (PAN's: the share of its characters on both sides
that the detections detecting it cover) is followed to where it is lost, from the raw
passages of the chain before the filter (``benchmarks/passage_filter.passage_rows``, run
once more per pair):

* ``found``: some detection detects it; what it lacks is edges short of the case (or the
  case split, which also raises granularity: ``split`` counts those);
* ``dropped: <why>``: no detection, but a raw passage detects it (overlaps it on both
  sides) and the filter dropped it; ``<why>`` is the rule (``passage_filter.why_dropped``:
  ``names``, ``topic``, ``not quiet``, ``condensed``, ``short``, ``order``), read on the
  longest such passage; ``dropped later`` when the filter kept one and a later stage lost it;
* ``seeded elsewhere``: raw passages touch its suspect side only (matched to another place
  of the original);
* ``never seeded``: no raw passage touches it.

It prints, per folder and half, the cases of each class and the recall they lose (summed
over the class, divided by all cases: the classes add up to 1 - recall).

Scores (:func:`spundetect.plagdet.plagdet`): plagdet, precision, recall, granularity per
folder, macro over all cases and detections of the folder, and the false detections
(detections that detect no case) on 01 (no plagiarism), listed.

``--half H`` scores only the pairs of one half (a hash of the original text; thresholds are
fitted on half 0 and checked on half 1).

``--per-detection`` reads precision detection by detection (it is a macro average over
detections, so each detection weighs the same). Each detection gets its precision, its
characters outside the cases it detects (both documents), and a kind:

* ``false``: it detects no case (precision 0);
* ``split``: it detects a case that another detection of the pair also detects
  (the case was found in pieces: granularity);
* ``edge``: it detects its case(s) alone but runs past them: the characters before and
  after the case on each side are listed (``o-/o+/s-/s+``: original start, original end,
  suspect start, suspect end), with the text just outside;
* ``exact``: precision 1.

The summary gives, per kind, the detections and the precision they cost (the sum of
``1 - precision`` over them, divided by all detections: the kinds' costs add up to
``1 - precision``). Every detection with precision under 1 is listed.

Usage::

    nice -n 5 python benchmarks/pan_eval.py                         # all five folders
    nice -n 5 python benchmarks/pan_eval.py --limit 20 --workers 2  # quick look
    nice -n 5 python benchmarks/pan_eval.py --files ../shared/data/dev/pan13_04.jsonl --breakdown
    nice -n 5 python benchmarks/pan_eval.py --unit pairs --json benchmarks/out/pan_pairs.json
    python benchmarks/pan_eval.py --detections /path/to/xml/out    # another system's output
    nice -n 5 python benchmarks/pan_eval.py --files ../shared/data/dev/pan13_02.jsonl --half 0 --per-detection
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
DEFAULT_FILES = [DATA_DIR / f"pan13_0{k}.jsonl" for k in range(1, 6)]
#: Passages shorter than this on either side are dropped (unit ``pairs``), as PAN systems do.
MIN_CHARS = 150
SNIPPET = 70

Span = tuple[int, int]
SpanPair = tuple[Span, Span]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# ------------------------------------------------------------------ truth


def truth(row: dict[str, Any]) -> list[SpanPair]:
    """The known cases of one pair as ``(original_span, suspect_span)``."""
    return [
        (
            (c["source_offset"], c["source_offset"] + c["source_length"]),
            (c["this_offset"], c["this_offset"] + c["this_length"]),
        )
        for c in row["meta"]["cases"]
    ]


def half(text: str) -> int:
    """The split half of a pair: a hash of its original text (as ``benchmarks/passage_filter.py``)."""
    return hashlib.sha1(text.encode("utf-8")).digest()[0] & 1


def _mid_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def check_offsets(row: dict[str, Any]) -> list[str]:
    """Problems with the case offsets of one pair, as read (empty when they slice right)."""
    problems: list[str] = []
    texts = {"original": row["original"], "suspect": row["suspect"]}
    for k, (case, (o, s)) in enumerate(zip(row["meta"]["cases"], truth(row))):
        for name, (lo, hi) in (("original", o), ("suspect", s)):
            text = texts[name]
            if not 0 <= lo < hi <= len(text):
                problems.append(f"case {k}: {name} span {lo}:{hi} outside the text (length {len(text)})")
                continue
            for at in (lo, hi):
                if _mid_word(text, at):
                    problems.append(f"case {k}: {name} edge {at} falls inside a word")
        if case.get("obfuscation") == "none":
            a, b = row["original"][o[0] : o[1]], row["suspect"][s[0] : s[1]]
            if a.split() != b.split():
                problems.append(f"case {k}: verbatim case reads differently on the two sides")
    return problems


# ------------------------------------------------------------------ detections


def passages_from_pairs(comparison: Any, *, gap: int = 0, min_chars: int = MIN_CHARS) -> list[SpanPair]:
    """Neighbouring aligned sentence pairs joined into passages; short ones dropped."""
    runs: list[list[Any]] = []
    for pair in comparison.pairs:
        if not pair.aligned:
            continue
        if runs:
            last = runs[-1][-1]
            o_step = pair.original_sentences[0] - last.original_sentences[1]
            s_step = pair.suspect_sentences[0] - last.suspect_sentences[1]
            if 0 <= o_step <= gap and 0 <= s_step <= gap:
                runs[-1].append(pair)
                continue
        runs.append([pair])
    out: list[SpanPair] = []
    for run in runs:
        o = (min(p.original_span[0] for p in run), max(p.original_span[1] for p in run))
        s = (min(p.suspect_span[0] for p in run), max(p.suspect_span[1] for p in run))
        if min(o[1] - o[0], s[1] - s[0]) >= min_chars:
            out.append((o, s))
    return out


def _span_or_empty(span: Any) -> Span:
    return (0, 0) if span is None else (int(span[0]), int(span[1]))


def detections_of(comparison: Any, unit: str, *, gap: int, min_chars: int) -> tuple[list[SpanPair], str]:
    """The detections of one Comparison, and the unit they came from."""
    passages = getattr(comparison, "passages", None)
    if unit == "auto" and passages is not None:
        # A passage with a side missing cannot detect a case (PAN needs both sides); it is
        # scored as a false detection covering its one side.
        return [
            (_span_or_empty(p.original_span), _span_or_empty(p.suspect_span)) for p in passages
        ], "passages"
    return passages_from_pairs(comparison, gap=gap, min_chars=min_chars), "pairs"


def raw_detections(pair: tuple[str, str, float | None]) -> list[SpanPair]:
    """The raw passages of one pair (``--unit raw``), as character spans."""
    from spundetect import passages
    from spundetect.compare import _names
    from spundetect.segment import Words

    original, suspect, cost = pair
    if cost is not None:
        passages.CORE_COST = cost
    o, s = Words.of(original), Words.of(suspect)
    return [(o.char_span(*r.original), s.char_span(*r.suspect))
            for r in passages.find_passages(o.norms, s.norms, names=_names(s))]


def read_pan_xml(path: Path) -> list[SpanPair]:
    """Detections of one PAN-format XML file."""
    root = ET.parse(path).getroot()
    out: list[SpanPair] = []
    for node in root.iter("feature"):
        if node.get("name") != "detected-plagiarism":
            continue
        so, sl = int(node.get("source_offset", 0)), int(node.get("source_length", 0))
        to, tl = int(node.get("this_offset", 0)), int(node.get("this_length", 0))
        out.append(((so, so + sl), (to, to + tl)))
    return out


def xml_name(row: dict[str, Any]) -> str:
    meta = row["meta"]
    return f"{Path(meta['suspicious_doc']).stem}-{Path(meta['source_doc']).stem}.xml"


def find_xml(directory: Path, name: str, folder: str) -> Path | None:
    for candidate in (directory / folder / name, directory / name, *directory.glob(f"*/{name}")):
        if candidate.is_file():
            return candidate
    return None


# ------------------------------------------------------------------ per detection


def _outside(span: Span, inside: Sequence[Span]) -> int:
    """Characters of ``span`` outside the union of ``inside``."""
    covered, reach = 0, span[0]
    for lo, hi in sorted((max(span[0], a), min(span[1], b)) for a, b in inside):
        lo = max(lo, reach)
        if hi > lo:
            covered += hi - lo
            reach = hi
    return span[1] - span[0] - covered


def read_detections(row_cases: Sequence[SpanPair], row_dets: Sequence[SpanPair]) -> list[dict[str, Any]]:
    """Per-detection precision of one pair: kind, precision, characters outside its cases.

    The precision is PAN's (the share of the detection's characters, both documents, inside
    the cases it detects); ``overhang`` gives, for a detection that detects cases, how far
    it runs past their union's outer edges: ``(original before, original after, suspect
    before, suspect after)`` in characters (0 where it stops inside).
    """
    from spundetect.plagdet import detects

    out: list[dict[str, Any]] = []
    for k, (o, s) in enumerate(row_dets):
        hits = [c for c in row_cases if detects(c, (o, s))]
        size = (o[1] - o[0]) + (s[1] - s[0])
        out_o = _outside(o, [c[0] for c in hits])
        out_s = _outside(s, [c[1] for c in hits])
        precision = 1 - (out_o + out_s) / size if hits else 0.0
        shared = any(detects(c, d) for c in hits for j, d in enumerate(row_dets) if j != k)
        kind = "false" if not hits else "split" if shared else "edge" if precision < 1 else "exact"
        overhang = (0, 0, 0, 0)
        if hits:
            co = (min(c[0][0] for c in hits), max(c[0][1] for c in hits))
            cs = (min(c[1][0] for c in hits), max(c[1][1] for c in hits))
            overhang = (max(0, co[0] - o[0]), max(0, o[1] - co[1]),
                        max(0, cs[0] - s[0]), max(0, s[1] - cs[1]))
        out.append({"detection": k, "kind": kind, "precision": precision, "chars": size,
                    "outside": out_o + out_s, "outside_original": out_o, "outside_suspect": out_s,
                    "cases": len(hits), "overhang": overhang, "original_span": o, "suspect_span": s})
    return out


def _excerpt(text: str, lo: int, hi: int) -> str:
    piece = " ".join(text[lo:hi].split())
    return piece if len(piece) <= SNIPPET else piece[: SNIPPET // 2 - 2] + " .. " + piece[-(SNIPPET // 2 - 2):]


def per_detection(rows: Sequence[dict[str, Any]], cases: Sequence[Sequence[SpanPair]],
                  detections: Sequence[Sequence[SpanPair]]) -> dict[str, Any]:
    """Every detection of a folder read for precision, and the precision lost per kind."""
    listed: list[dict[str, Any]] = []
    for row, row_cases, row_dets in zip(rows, cases, detections):
        for item in read_detections(row_cases, row_dets):
            o, s = item["original_span"], item["suspect_span"]
            ob, oa, sb, sa = item["overhang"]
            # the text just past each edge that runs over (what the detection took in)
            item["past"] = {name: _excerpt(text, lo, hi) for name, text, lo, hi, n in (
                ("o-", row["original"], o[0], o[0] + ob, ob), ("o+", row["original"], o[1] - oa, o[1], oa),
                ("s-", row["suspect"], s[0], s[0] + sb, sb), ("s+", row["suspect"], s[1] - sa, s[1], sa),
            ) if n}
            if item["kind"] == "false":
                item["past"] = {"s": _excerpt(row["suspect"], s[0], s[1])}
            listed.append({"id": row["id"], "half": half(row["original"]), **item})
    n = len(listed)
    kinds: dict[str, dict[str, float]] = {}
    for kind in ("false", "split", "edge", "exact"):
        of_kind = [d for d in listed if d["kind"] == kind]
        kinds[kind] = {"detections": len(of_kind),
                       "outside_chars": sum(d["outside"] for d in of_kind),
                       "precision_cost": sum(1 - d["precision"] for d in of_kind) / n if n else 0.0}
    return {"kinds": kinds, "detections": [d for d in listed if d["precision"] < 1]}


# ------------------------------------------------------------------ breakdown


def raw_rows(pair: tuple[str, str]) -> list[dict[str, Any]]:
    """The raw passages of one pair with the filter's rule for each (``--breakdown``)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from passage_filter import passage_rows

    return [{k: r[k] for k in ("original_span", "suspect_span", "s_words", "why")}
            for r in passage_rows(*pair)]


def case_class(case: SpanPair, dets: Sequence[SpanPair], raws: Sequence[dict[str, Any]]) -> tuple[str, float, int]:
    """Where one case's recall goes: its class, its recall, and the detections detecting it."""
    from spundetect.plagdet import _coverage, detects

    recall = _coverage(case, dets)
    hits = sum(1 for d in dets if detects(case, d))
    if hits:
        return "found", recall, hits
    on_both = [r for r in raws if detects(case, (tuple(r["original_span"]), tuple(r["suspect_span"])))]
    if on_both:
        if any(r["why"] is None for r in on_both):
            return "dropped later", recall, 0
        return "dropped: " + max(on_both, key=lambda r: r["s_words"])["why"], recall, 0
    lo, hi = case[1]
    if any(r["suspect_span"][0] < hi and lo < r["suspect_span"][1] for r in raws):
        return "seeded elsewhere", recall, 0
    return "never seeded", recall, 0


def breakdown(rows: Sequence[dict[str, Any]], cases: Sequence[Sequence[SpanPair]],
              detections: Sequence[Sequence[SpanPair]], workers: int) -> dict[str, Any]:
    """Per class (see ``case_class``) and half: cases, recall lost, split cases."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        raws = list(pool.map(raw_rows, ((r["original"], r["suspect"]) for r in rows), chunksize=2))
    out: dict[str, dict[str, Any]] = {}
    total = [sum(len(c) for row, c in zip(rows, cases) if half(row["original"]) == h) for h in (0, 1)]
    for row, row_cases, dets, row_raws in zip(rows, cases, detections, raws):
        h = half(row["original"])
        for case in row_cases:
            name, recall, hits = case_class(case, dets, row_raws)
            entry = out.setdefault(name, {"cases": [0, 0], "lost": [0.0, 0.0], "split": [0, 0]})
            entry["cases"][h] += 1
            entry["lost"][h] += (1 - recall) / max(1, total[h])
            entry["split"][h] += hits > 1
    return {"total": total, "classes": out}


def print_breakdown(reports: Sequence[dict[str, Any]]) -> None:
    if not any(r.get("breakdown") for r in reports):
        return
    print("\nrecall lost by class (cases half 0/1; recall lost = class loss / all cases, half 0 / half 1 / all):")
    for r in reports:
        b = r.get("breakdown")
        if not b:
            continue
        n0, n1 = b["total"][0], b["total"][1]
        print(f"{r['folder']}: {n0}/{n1} cases")
        for name, e in sorted(b["classes"].items(), key=lambda kv: -sum(kv[1]["lost"])):
            both = (e["lost"][0] * n0 + e["lost"][1] * n1) / max(1, n0 + n1)
            split = f", split {e['split'][0]}/{e['split'][1]}" if sum(e["split"]) else ""
            print(f"  {name:<22}{e['cases'][0]:>4}/{e['cases'][1]:<4} lost {e['lost'][0]:.4f} / "
                  f"{e['lost'][1]:.4f} / {both:.4f}{split}")


# ------------------------------------------------------------------ run


def run_folder(path: Path, args: argparse.Namespace) -> dict[str, Any]:
    from spundetect.plagdet import detects, plagdet

    rows = read_jsonl(path)
    if args.half is not None:
        rows = [row for row in rows if half(row["original"]) == args.half]
    if args.limit is not None:
        rows = rows[: args.limit]
    folder = path.stem
    offset_problems = {row["id"]: p for row in rows if (p := check_offsets(row))}
    cases = [truth(row) for row in rows]
    detections: list[list[SpanPair]] = []
    units: dict[str, int] = {}
    signature = None
    started = time.perf_counter()
    if args.detections is not None:
        missing = 0
        for row in rows:
            found = find_xml(args.detections, xml_name(row), folder)
            missing += found is None
            detections.append(read_pan_xml(found) if found is not None else [])
        units = {"xml": len(rows) - missing, "no_file": missing}
        signature = f"detections from {args.detections}"
    elif args.unit == "raw":
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.workers) as pool:
            detections = list(pool.map(raw_detections, ((r["original"], r["suspect"], args.core_cost)
                                                        for r in rows), chunksize=4))
        if args.true_only:
            detections = [[d for d in dets if any(detects(c, d) for c in row_cases)]
                          for dets, row_cases in zip(detections, cases)]
        units = {"raw": len(rows)}
        signature = f"raw passages, core cost {args.core_cost}" + (", true only" if args.true_only else "")
    else:
        import spundetect

        serial_differs: list[str] = []
        results: Iterator[Any] = spundetect.compare_many(
            ((r["original"], r["suspect"]) for r in rows), workers=args.workers
        )
        for k, comparison in enumerate(results, 1):
            signature = signature or str(comparison.signature)
            dets, unit = detections_of(comparison, args.unit, gap=args.gap, min_chars=args.min_chars)
            units[unit] = units.get(unit, 0) + 1
            detections.append(dets)
            if args.check_serial:
                # compare() one pair at a time must give what compare_many gave
                alone = spundetect.compare(rows[k - 1]["original"], rows[k - 1]["suspect"])
                if alone.model_dump_json() != comparison.model_dump_json():
                    serial_differs.append(rows[k - 1]["id"])
            if k % 25 == 0 or k == len(rows):
                log(f"  {folder}: {k}/{len(rows)} ({time.perf_counter() - started:.1f}s)")
        if args.check_serial:
            log(f"  {folder}: compare() alone differs from compare_many on {len(serial_differs)} of {len(rows)} pairs"
                + (f": {serial_differs[:5]}" if serial_differs else ""))
    score = plagdet(cases, detections)
    found_where = breakdown(rows, cases, detections, args.workers) if args.breakdown else None
    # the two halves a filter's thresholds are fitted on and checked on (benchmarks/passage_filter.py)
    halves = {}
    for h in (0, 1):
        keep = [k for k, row in enumerate(rows) if half(row["original"]) == h]
        if not keep:  # --half: the other half is not run
            continue
        part = plagdet([cases[k] for k in keep], [detections[k] for k in keep])
        halves[str(h)] = {"pairs": len(keep), **part.model_dump(include={"plagdet", "precision", "recall", "granularity"})}
    false: list[dict[str, Any]] = []
    for row, row_cases, row_dets in zip(rows, cases, detections):
        for o, s in row_dets:
            if not any(detects(case, (o, s)) for case in row_cases):
                false.append({
                    "id": row["id"], "original_span": o, "suspect_span": s,
                    "suspect": " ".join(row["suspect"][s[0] : s[1]].split())[:SNIPPET],
                })
    report_extra = {"per_detection": per_detection(rows, cases, detections)} if args.per_detection else {}
    return {
        **report_extra,
        "file": str(path),
        "folder": folder,
        "pairs": len(rows),
        "seconds": round(time.perf_counter() - started, 1),
        "units": units,
        "signature": signature,
        "score": score.model_dump(),
        "halves": halves,
        "score_signature": score.signature,
        "false_detections": false,
        "offset_problems": offset_problems,
        "breakdown": found_where,
    }


def print_report(reports: Sequence[dict[str, Any]]) -> None:
    signatures = {r["signature"] for r in reports if r["signature"]}
    for sig in sorted(signatures):
        print(f"signature: {sig}")
    print(f"\n{'folder':<10}{'pairs':>6}{'cases':>6}{'dets':>6}{'plagdet':>9}{'prec':>8}{'recall':>8}"
          f"{'gran':>7}{'false':>7}  units")
    for r in reports:
        s = r["score"]
        units = ", ".join(f"{k} {v}" for k, v in sorted(r["units"].items()))
        print(f"{r['folder']:<10}{r['pairs']:>6}{s['cases']:>6}{s['detections']:>6}{s['plagdet']:>9.4f}"
              f"{s['precision']:>8.4f}{s['recall']:>8.4f}{s['granularity']:>7.3f}{s['false_detections']:>7}  {units}")
    print(f"\nby half (a hash of the original; thresholds of the passage filter were fitted on half 0):")
    for r in reports:
        parts = "  ".join(f"half {h}: {v['pairs']} pairs plagdet {v['plagdet']:.4f} (P {v['precision']:.4f}, "
                          f"R {v['recall']:.4f}, gran {v['granularity']:.3f})" for h, v in r["halves"].items())
        print(f"{r['folder']:<10}{parts}")
    print_breakdown(reports)
    for r in reports:
        bad = r["offset_problems"]
        print(f"\n{r['folder']}: case offsets checked on {r['pairs']} pairs, "
              f"{sum(map(len, bad.values()))} problems in {len(bad)} pairs")
        for row_id, problems in list(bad.items())[:10]:
            for p in problems:
                print(f"  {row_id}: {p}")
    for r in reports:
        if r["folder"].endswith("01"):
            print(f"\nfalse detections on {r['folder']} (no plagiarism): {len(r['false_detections'])}")
            for f in r["false_detections"]:
                print(f"  {f['id']} original {f['original_span']} suspect {f['suspect_span']}: {f['suspect']!r}")


def print_per_detection(reports: Sequence[dict[str, Any]]) -> None:
    for r in reports:
        if "per_detection" not in r:
            continue
        reading = r["per_detection"]
        print(f"\n{r['folder']}: precision lost per kind of detection (cost = sum of 1 - precision / detections)")
        for kind, v in reading["kinds"].items():
            print(f"  {kind:<6}{v['detections']:>5} detections  {v['outside_chars']:>7} chars outside cases"
                  f"  cost {v['precision_cost']:.4f}")
        print(f"  detections with precision < 1 ({len(reading['detections'])}):")
        for d in sorted(reading["detections"], key=lambda d: d["precision"]):
            ob, oa, sb, sa = d["overhang"]
            print(f"  {d['id']} (half {d['half']}) #{d['detection']} {d['kind']:<5} P {d['precision']:.3f} "
                  f"outside {d['outside']} of {d['chars']} (original {d['outside_original']}, suspect "
                  f"{d['outside_suspect']}) o-{ob} o+{oa} s-{sb} s+{sa}  orig {tuple(d['original_span'])} "
                  f"susp {tuple(d['suspect_span'])}")
            for edge, text in d["past"].items():
                print(f"      {edge}: {text!r}")


def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", nargs="+", type=Path, default=DEFAULT_FILES,
                        help="pan13 pair files (default: ../shared/data/dev/pan13_01..05.jsonl)")
    parser.add_argument("--limit", type=int, help="at most this many pairs per file (file order)")
    parser.add_argument("--unit", choices=("auto", "pairs", "raw"), default="auto",
                        help="detections from comparison.passages when present (auto), from merged sentence "
                             "pairs, or the raw passages before the filter")
    parser.add_argument("--core-cost", type=float, help="unit raw: set passages.CORE_COST to this first")
    parser.add_argument("--true-only", action="store_true", help="unit raw: score only passages that detect a case")
    parser.add_argument("--gap", type=int, default=0,
                        help="unit pairs: sentences allowed between joined pairs, on each side (default 0)")
    parser.add_argument("--min-chars", type=int, default=MIN_CHARS,
                        help=f"unit pairs: drop passages with a side shorter than this (default {MIN_CHARS})")
    parser.add_argument("--workers", type=int, default=1, help="compare_many worker processes (default 1)")
    parser.add_argument("--check-serial", action="store_true",
                        help="also run compare() on each pair alone and count the pairs whose result differs")
    parser.add_argument("--detections", type=Path,
                        help="score PAN-format XML detections from this folder instead of running compare")
    parser.add_argument("--breakdown", action="store_true",
                        help="also follow each case's lost recall to where it is lost (never seeded, "
                             "dropped by which filter rule, found with short edges)")
    parser.add_argument("--half", type=int, choices=(0, 1),
                        help="score only the pairs of this half (a hash of the original; fit on 0, check on 1)")
    parser.add_argument("--per-detection", action="store_true",
                        help="read precision detection by detection: kind (false/split/edge/exact), "
                             "characters outside the cases, the text past each overhanging edge")
    parser.add_argument("--json", type=Path, help="write the full report as JSON here")
    args = parser.parse_args(argv)

    missing = [p for p in args.files if not p.is_file()]
    if missing:
        raise SystemExit(f"missing pair files: {[str(p) for p in missing]}")
    if args.detections is not None and not args.detections.is_dir():
        raise SystemExit(f"--detections: no folder {args.detections}")
    reports = []
    for path in args.files:
        log(f"{path.name} ...")
        reports.append(run_folder(path, args))
    print_report(reports)
    print_per_detection(reports)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"argv": sys.argv[1:], "folders": reports}, indent=1), encoding="utf-8")
        log(f"wrote {args.json}")
    return reports


if __name__ == "__main__":
    main()
