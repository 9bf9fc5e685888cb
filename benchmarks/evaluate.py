"""Evaluate ``spundetect.compare`` on labelled pair files (the dev set, or generated pairs).

Each input is JSON Lines, one pair a line: ``{"id", "original", "suspect", "label", "source",
"meta"}`` (the format of ``../shared/data/dev`` and of ``benchmarks/make_spun.py``'s output).

Printed, and written as JSON to ``--out``:

* per file and per label: count, mean score, verdict confusion (rows = label, columns =
  verdict), verdict accuracy with the expected mapping, seconds per pair;
* ROC AUC (rank-based, ties averaged) of ``spun`` against every non-spun label, overall, on
  the document-level sets (all but ``mrpc``), per spun source and per negative label;
  ``auto_obfuscated`` is left out of AUC, FPR and accuracy and reported on its own;
* TPR per spun source and FPR per non-spun label at the library's verdict (``verdict ==
  "spun"``; the default threshold unless ``--threshold`` is given);
* verdict accuracy on the document-level sets;
* Brier score and a 10-bin reliability table (mean score vs fraction spun);
* the library signature of the first result;
* the same metrics on the held-out pairs only: those whose original is in the *test* half
  of ``make_spun.py``'s document split (``direction_eval.split_of``), which the scorer's
  fit (``benchmarks/fit_scorer.py``, train half) never saw.

Only the library's core dependencies are needed (no scikit-learn). Progress goes to stderr.

Usage::

    python benchmarks/evaluate.py                       # every file in ../shared/data/dev
    python benchmarks/evaluate.py --limit 20            # at most 20 pairs a file (all labels)
    python benchmarks/evaluate.py --files benchmarks/out/spun_test.jsonl ../shared/data/dev/clough.jsonl
    python benchmarks/evaluate.py --limit 12 --dump benchmarks/out/before.jsonl  # then, after a
    python benchmarks/evaluate.py --limit 12 --dump benchmarks/out/after.jsonl   # speed change:
    cmp benchmarks/out/before.jsonl benchmarks/out/after.jsonl                   # byte-identical?
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from direction_eval import split_of  # noqa: E402  (a sibling script: make_spun.py's document split)

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
DEFAULT_OUT = REPO / "benchmarks" / "out" / "eval.json"

VERDICTS = ("spun", "paraphrase", "copy", "unrelated")
EXPECTED = {
    "spun": "spun",
    "copy": "copy",
    "light_edit": "copy",
    "paraphrase": "paraphrase",
    "same_topic": "unrelated",
    "unrelated": "unrelated",
}
NEGATIVE_LABELS = ("copy", "light_edit", "paraphrase", "same_topic", "unrelated")
SEPARATE_LABELS = ("auto_obfuscated",)
SENTENCE_LEVEL_SOURCES = ("mrpc",)
#: Sources of pairs made by ``benchmarks/make_spun.py`` start with this.
SYNTHETIC_PREFIX = "synthetic"
LABEL_ORDER = ("spun", *NEGATIVE_LABELS, *SEPARATE_LABELS)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ input


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read one pair file; every row must have original, suspect and label."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            for key in ("original", "suspect", "label"):
                if key not in row:
                    raise SystemExit(f"{path}:{number}: missing field {key!r}")
            row.setdefault("id", f"{path.stem}:{number}")
            row.setdefault("source", path.stem)
            rows.append(row)
    return rows


def spread_sample(rows: Sequence[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """The first ``limit`` rows taken round-robin over (label, source) (file order within each)."""
    if limit is None or limit >= len(rows):
        return list(rows)
    by_label: dict[tuple[str, Any], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_label[(row["label"], row.get("source"))].append(row)
    queues = list(by_label.values())
    picked: list[dict[str, Any]] = []
    depth = 0
    while len(picked) < limit:
        for queue in queues:
            if depth < len(queue) and len(picked) < limit:
                picked.append(queue[depth])
        depth += 1
    order = {id(row): k for k, row in enumerate(rows)}
    return sorted(picked, key=lambda row: order[id(row)])


# ------------------------------------------------------------------ metrics


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """Mann-Whitney AUC with average ranks for ties; None if a class is empty."""
    if not positives or not negatives:
        return None
    scored = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum = 0.0
    k = 0
    while k < len(scored):
        j = k
        while j + 1 < len(scored) and scored[j + 1][0] == scored[k][0]:
            j += 1
        average_rank = (k + j) / 2 + 1
        rank_sum += average_rank * sum(label for _, label in scored[k : j + 1])
        k = j + 1
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def reliability(records: Sequence[dict[str, Any]], bins: int = 10) -> list[dict[str, Any]]:
    table = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [r for r in records if lo <= r["score"] < hi or (b == bins - 1 and r["score"] == 1.0)]
        table.append(
            {
                "bin": f"[{lo:.1f},{hi:.1f}{']' if b == bins - 1 else ')'}",
                "n": len(inside),
                "mean_score": _mean([r["score"] for r in inside]),
                "fraction_spun": _mean([1.0 if r["label"] == "spun" else 0.0 for r in inside]),
            }
        )
    return table


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def group_summary(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Count, mean score, confusion, accuracy and time of a group of scored rows."""
    ok = [r for r in records if r.get("error") is None]
    confusion: dict[str, dict[str, int]] = {}
    for label in LABEL_ORDER:
        group = [r for r in ok if r["label"] == label]
        if group:
            counts = Counter(r["verdict"] for r in group)
            confusion[label] = {v: counts.get(v, 0) for v in VERDICTS}
    for label in sorted({r["label"] for r in ok} - set(LABEL_ORDER)):
        counts = Counter(r["verdict"] for r in ok if r["label"] == label)
        confusion[label] = {v: counts.get(v, 0) for v in VERDICTS}
    judged = [r for r in ok if r["label"] in EXPECTED]
    return {
        "n": len(records),
        "errors": len(records) - len(ok),
        "mean_score": _mean(r["score"] for r in ok),
        "labels": {
            label: {
                "n": sum(row.values()),
                "mean_score": _mean(r["score"] for r in ok if r["label"] == label),
                "spun_rate": row["spun"] / sum(row.values()),
            }
            for label, row in confusion.items()
        },
        "confusion": confusion,
        "accuracy": _mean(1.0 if r["verdict"] == EXPECTED[r["label"]] else 0.0 for r in judged),
        "seconds_per_pair": _mean(r["seconds"] for r in records),
    }


def metrics(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in records if r.get("error") is None]
    binary = [r for r in ok if r["label"] == "spun" or r["label"] in NEGATIVE_LABELS]
    document = [r for r in binary if r["source"] not in SENTENCE_LEVEL_SOURCES]
    pos = [r["score"] for r in binary if r["label"] == "spun"]
    neg = [r["score"] for r in binary if r["label"] != "spun"]
    doc_pos = [r["score"] for r in document if r["label"] == "spun"]
    doc_neg = [r["score"] for r in document if r["label"] != "spun"]
    spun_sources = sorted({r["source"] for r in ok if r["label"] == "spun"})
    negatives = [label for label in NEGATIVE_LABELS if any(r["label"] == label for r in ok)]
    tpr = {}
    for source in spun_sources:
        group = [r for r in ok if r["label"] == "spun" and r["source"] == source]
        tpr[source] = {
            "n": len(group),
            "tpr": _mean(1.0 if r["verdict"] == "spun" else 0.0 for r in group),
            "mean_score": _mean(r["score"] for r in group),
            "auc_vs_all_negatives": roc_auc([r["score"] for r in group], neg),
        }
    fpr = {}
    for label in negatives:
        group = [r for r in ok if r["label"] == label]
        fpr[label] = {
            "n": len(group),
            "fpr": _mean(1.0 if r["verdict"] == "spun" else 0.0 for r in group),
            "mean_score": _mean(r["score"] for r in group),
            "auc_vs_all_spun": roc_auc(pos, [r["score"] for r in group]),
        }
    separate = {}
    for label in SEPARATE_LABELS:
        group = [r for r in ok if r["label"] == label]
        if group:
            counts = Counter(r["verdict"] for r in group)
            separate[label] = {
                "n": len(group),
                "spun_rate": counts.get("spun", 0) / len(group),
                "mean_score": _mean(r["score"] for r in group),
                "verdicts": {v: counts.get(v, 0) for v in VERDICTS},
                "auc_vs_negatives": roc_auc([r["score"] for r in group], neg),
            }
    judged = [r for r in ok if r["label"] in EXPECTED and r["source"] not in SENTENCE_LEVEL_SOURCES]
    real = [r for r in judged if not r["source"].startswith(SYNTHETIC_PREFIX)]
    return {
        "n_scored": len(ok),
        "n_errors": len(records) - len(ok),
        "auc": roc_auc(pos, neg),
        "auc_n": {"spun": len(pos), "not_spun": len(neg)},
        "auc_document_level": roc_auc(doc_pos, doc_neg),
        "tpr_by_spun_source": tpr,
        "fpr_by_label": fpr,
        "separate": separate,
        "accuracy_document_level": _mean(
            1.0 if r["verdict"] == EXPECTED[r["label"]] else 0.0 for r in judged
        ),
        "accuracy_document_level_n": len(judged),
        # The target of issue 4 is on real pairs: the same without generated ones.
        "accuracy_document_level_real": _mean(
            1.0 if r["verdict"] == EXPECTED[r["label"]] else 0.0 for r in real
        ),
        "accuracy_document_level_real_n": len(real),
        "confusion_document_level_real": {
            label: {v: sum(1 for r in real if r["label"] == label and r["verdict"] == v) for v in VERDICTS}
            for label in EXPECTED if any(r["label"] == label for r in real)
        },
        "brier": _mean((r["score"] - (1.0 if r["label"] == "spun" else 0.0)) ** 2 for r in binary),
        "reliability": reliability(binary),
    }


# ------------------------------------------------------------------ printing


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def print_group(title: str, summary: dict[str, Any]) -> None:
    print(
        f"\n== {title}: n={summary['n']} errors={summary['errors']} "
        f"mean_score={_fmt(summary['mean_score'])} accuracy={_fmt(summary['accuracy'])} "
        f"s/pair={_fmt(summary['seconds_per_pair'], 2)}"
    )
    print(f"  {'label':<16}{'n':>5}{'mean':>8}  " + "".join(f"{v:>11}" for v in VERDICTS))
    for label, row in summary["confusion"].items():
        info = summary["labels"][label]
        print(
            f"  {label:<16}{info['n']:>5}{_fmt(info['mean_score']):>8}  "
            + "".join(f"{row[v]:>11}" for v in VERDICTS)
        )


def print_metrics(m: dict[str, Any]) -> None:
    print("\n== Overall")
    print(
        f"  ROC AUC spun vs not spun: {_fmt(m['auc'])} "
        f"(spun {m['auc_n']['spun']}, not spun {m['auc_n']['not_spun']}); "
        f"document-level only: {_fmt(m['auc_document_level'])}"
    )
    print(
        f"  verdict accuracy, document-level sets: {_fmt(m['accuracy_document_level'])} "
        f"(n={m['accuracy_document_level_n']}); Brier: {_fmt(m['brier'], 4)}; "
        f"errors: {m['n_errors']}"
    )
    print(
        f"  verdict accuracy, document-level sets without generated pairs: "
        f"{_fmt(m['accuracy_document_level_real'])} (n={m['accuracy_document_level_real_n']})"
    )
    print(f"    {'label':<14}" + "".join(f"{v:>12}" for v in VERDICTS))
    for label, row in m["confusion_document_level_real"].items():
        print(f"    {label:<14}" + "".join(f"{row[v]:>12}" for v in VERDICTS))
    print(f"\n  {'spun source':<34}{'n':>5}{'TPR':>8}{'mean':>8}{'AUC':>8}")
    for source, row in m["tpr_by_spun_source"].items():
        print(
            f"  {source:<34}{row['n']:>5}{_fmt(row['tpr']):>8}{_fmt(row['mean_score']):>8}"
            f"{_fmt(row['auc_vs_all_negatives']):>8}"
        )
    print(f"\n  {'non-spun label':<34}{'n':>5}{'FPR':>8}{'mean':>8}{'AUC':>8}")
    for label, row in m["fpr_by_label"].items():
        print(
            f"  {label:<34}{row['n']:>5}{_fmt(row['fpr']):>8}{_fmt(row['mean_score']):>8}"
            f"{_fmt(row['auc_vs_all_spun']):>8}"
        )
    for label, row in m["separate"].items():
        print(
            f"\n  {label} (not in AUC/FPR/accuracy): n={row['n']} spun_rate={_fmt(row['spun_rate'])} "
            f"mean={_fmt(row['mean_score'])} AUC vs negatives={_fmt(row['auc_vs_negatives'])} "
            f"verdicts={row['verdicts']}"
        )
    print(f"\n  {'reliability bin':<16}{'n':>6}{'mean score':>12}{'frac spun':>11}")
    for row in m["reliability"]:
        print(f"  {row['bin']:<16}{row['n']:>6}{_fmt(row['mean_score']):>12}{_fmt(row['fraction_spun']):>11}")


# ------------------------------------------------------------------ main


def score_rows(
    rows: Sequence[dict[str, Any]], file_name: str, threshold: float | None, state: dict[str, Any]
) -> list[dict[str, Any]]:
    import spundetect

    records = []
    started = time.perf_counter()
    for k, row in enumerate(rows, 1):
        record: dict[str, Any] = {
            "id": row["id"],
            "file": file_name,
            "source": row.get("source", file_name),
            "label": row["label"],
            "split": split_of(row["original"]),
        }
        t0 = time.perf_counter()
        try:
            c = spundetect.compare(row["original"], row["suspect"], threshold=threshold)
        except Exception as exc:  # noqa: BLE001 - a benchmark reports failures, it does not stop
            record.update(score=None, verdict=None, error=f"{type(exc).__name__}: {exc}")
            log(f"  ! {row['id']}: {record['error']}")
        else:
            if state.get("signature") is None:
                state["signature"] = str(c.signature)
            if state.get("dump") is not None:
                state["dump"].write(json.dumps({"file": file_name, "id": row["id"], "result": c.model_dump_json()})
                                    + "\n")
            record.update(
                score=c.score,
                verdict=c.verdict,
                error=None,
                swaps=c.stats.swaps,
                flagged_swaps=c.stats.flagged_swaps,
                suspect_tokens=c.stats.suspect_tokens,
                features=c.features,
            )
        record["seconds"] = time.perf_counter() - t0
        records.append(record)
        if k % 25 == 0 or k == len(rows):
            log(f"  {file_name}: {k}/{len(rows)} ({time.perf_counter() - started:.1f}s)")
    return records


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", nargs="+", type=Path, help="pair files (default: every *.jsonl in --data-dir)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help=f"default {DATA_DIR}")
    parser.add_argument("--limit", type=int, help="at most this many pairs per file, spread over its labels")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON output (default {DEFAULT_OUT})")
    parser.add_argument("--threshold", type=float, help="verdict threshold passed to compare()")
    parser.add_argument("--no-rows", action="store_true", help="leave per-pair rows out of the JSON")
    parser.add_argument("--dump", type=Path, help="also write every result's model_dump_json() here (JSON Lines), "
                        "to check that a change leaves the results byte-identical (cmp two dumps)")
    args = parser.parse_args(argv)

    files = args.files or sorted(args.data_dir.glob("*.jsonl"))
    if not files:
        raise SystemExit(f"no pair files found (looked in {args.data_dir})")
    state: dict[str, Any] = {"signature": None, "dump": None}
    if args.dump:
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        state["dump"] = args.dump.open("w", encoding="utf-8")
    records: list[dict[str, Any]] = []
    per_file: dict[str, Any] = {}
    t_start = time.perf_counter()
    for path in files:
        rows = spread_sample(read_jsonl(path), args.limit)
        log(f"{path.name}: {len(rows)} pairs")
        file_records = score_rows(rows, path.name, args.threshold, state)
        records += file_records
        per_file[path.name] = group_summary(file_records)

    if state["dump"] is not None:
        state["dump"].close()
    print(f"signature: {state['signature']}")
    print(f"files: {len(files)}, pairs: {len(records)}, seconds: {time.perf_counter() - t_start:.1f}")
    for name, summary in per_file.items():
        print_group(f"file {name}", summary)
    by_label = group_summary(records)
    print_group("all files, by label", by_label)
    overall = metrics(records)
    print_metrics(overall)
    # The scorer is fitted on the train split (benchmarks/fit_scorer.py): the same figures
    # on the pairs whose original is in the test split are held out.
    held_out = metrics([r for r in records if r["split"] == "test"])
    print("\n== Held out: pairs whose original is in the test split (the scorer never saw them)")
    print_metrics(held_out)

    report = {
        "signature": state["signature"],
        "files": [str(p) for p in files],
        "limit": args.limit,
        "threshold": args.threshold,
        "per_file": per_file,
        "by_label": by_label,
        "overall": overall,
        "held_out": held_out,
    }
    if not args.no_rows:
        report["rows"] = records
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    log(f"wrote {args.out}")
    return report


if __name__ == "__main__":
    main()
