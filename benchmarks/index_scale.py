"""Scale of ``spundetect.Index`` on disk: build speed, size, memory, latency, planted recall.

A synthetic collection of ``--docs`` documents of 300-800 words is written to a JSON Lines
file first (its writing is not timed). Each document is a run of sentences: about a fifth
are real sentences drawn from the dev texts (``../shared/data/dev``, so that documents share
stock phrases as real pages do), the rest are made of words drawn by frequency from the
30,000 most frequent English words (``wordfreq``), with a capitalised name now and then.

Planted copies: ``--planted`` documents of the collection are drawn; for each, a spun copy
(:func:`spundetect.spin.spin`, every other candidate word replaced, seeded) and a verbatim
copy inside unrelated text (the document's middle third embedded in a new 500-word page:
the 3 % reused-passage case at its easiest multiple) are made and used as queries. Recall
is the share of those queries whose document is in the top 1 / top 10 of ``search``.

Measured (one JSON object printed and written to ``--out``):

* ``build_docs_per_s``: ``Index(path).add_many(docs, workers=W)`` reading the JSON Lines
  file, documents per second; ``build_docs_per_cpu_s``: per CPU second of the building
  process and its workers (what the cores would do without the other jobs of a shared
  machine);
* ``disk_bytes``: the index file plus its WAL after the build (checkpointed);
* ``build_rss_mb``: peak RSS of the building process and of its largest worker;
* ``query_rss_mb``: peak RSS of a fresh process that opens the index and runs the queries;
* ``search_p50_ms`` / ``search_p95_ms``: latency of ``search(k=10)`` over the planted
  queries plus ``--random-queries`` random collection documents (and the CPU time of
  the same searches, ``search_cpu_p50_ms`` / ``search_cpu_p95_ms``);
* recall of the planted spun and verbatim copies;
* ``blocks_read``: postings blocks the searches read; with ``--frequent-ab``, the
  searches again, each query by an index using the runs' counts of their frequent
  fingerprints and by one not using them (format 2's skipping), alternately, with the
  number of queries whose hits differ (must be 0).

Usage (the machine is shared: run it niced)::

    nice -n 5 python benchmarks/index_scale.py --docs 10000
    nice -n 5 python benchmarks/index_scale.py --docs 100000 --workers 2 --keep --dir /tmp/scale
    # the queries again on the kept index, also with other postings caps:
    nice -n 5 python benchmarks/index_scale.py --query-only /tmp/scale/index-100000.sqlite \
        /tmp/scale/queries.json --caps 100 300 1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
DEFAULT_OUT = REPO / "benchmarks" / "out"


def _sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(DATA_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                row = json.loads(line)
                out.extend(s for s in re.split(r"(?<=[.!?])\s+", row["original"]) if 6 <= len(s.split()) <= 40)
    return sorted(set(out))


class Generator:
    """Deterministic synthetic documents: document ``i`` is the same in every run."""

    def __init__(self, seed: int = 7) -> None:
        import wordfreq

        self.words = wordfreq.top_n_list("en", 30000)
        weights = [wordfreq.word_frequency(w, "en") for w in self.words]
        total = 0.0
        self.cum = []
        for w in weights:
            total += w
            self.cum.append(total)
        self.names = [w.capitalize() for w in self.words[5000:15000:7]]
        self.real = _sentences() if DATA_DIR.is_dir() else []
        self.seed = seed

    def document(self, i: int, words: int | None = None) -> str:
        rng = random.Random(self.seed * 1_000_003 + i)
        target = words if words is not None else rng.randint(300, 800)
        parts: list[str] = []
        count = 0
        while count < target:
            if self.real and rng.random() < 0.2:
                sentence = rng.choice(self.real)
            else:
                n = rng.randint(8, 24)
                ws = rng.choices(self.words, cum_weights=self.cum, k=n)
                if rng.random() < 0.5:
                    ws[rng.randrange(n)] = rng.choice(self.names)
                sentence = " ".join(ws).capitalize() + "."
            parts.append(sentence)
            count += len(sentence.split())
        return " ".join(parts)


def write_collection(path: Path, docs: int, gen: Generator) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(docs):
            fh.write(json.dumps({"id": f"d{i}", "text": gen.document(i)}) + "\n")


def read_collection(path: Path) -> Iterator[tuple[str, str]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield row["id"], row["text"]


def planted_queries(docs: int, planted: int, gen: Generator) -> list[dict[str, Any]]:
    from spundetect.spin import spin

    rng = random.Random(11)
    chosen = rng.sample(range(docs), min(planted, docs))
    out = []
    for i in chosen:
        text = gen.document(i)
        out.append({"kind": "spun", "truth": f"d{i}", "text": spin(text, p=0.5, seed=i).text})
        third = len(text) // 3
        passage = text[third : 2 * third]
        filler = gen.document(10**9 + i, words=500)
        cut = len(filler) // 2
        out.append({"kind": "passage", "truth": f"d{i}", "text": filler[:cut] + " " + passage + " " + filler[cut:]})
    return out


def _rss_mb(who: int) -> float:
    """Peak RSS in MiB. For this process, the kernel's high-water mark of its own memory
    (``VmHWM``): ``ru_maxrss`` carries the parent's peak across ``fork`` and ``exec``,
    which would charge the query process with the build's memory."""
    if who == resource.RUSAGE_SELF:
        try:
            with open("/proc/self/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _cpu_s(who: int | None = None) -> float:
    """User and system CPU seconds of this process and of its children that have ended
    (or of ``who`` alone: ``resource.RUSAGE_SELF`` or ``RUSAGE_CHILDREN``)."""
    total = 0.0
    for one in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) if who is None else (who,):
        usage = resource.getrusage(one)
        total += usage.ru_utime + usage.ru_stime
    return total


def build(args: argparse.Namespace, collection: Path, index_path: Path) -> dict[str, Any]:
    import spundetect
    import spundetect.index

    if args.max_run is not None:
        spundetect.index._MAX_RUN = args.max_run
    if args.pipeline is not None:
        spundetect.index._PIPELINE = args.pipeline

    load_before = os.getloadavg()
    cpu_before, main_before = _cpu_s(), _cpu_s(resource.RUSAGE_SELF)
    start = time.perf_counter()
    with spundetect.Index(index_path) as index:
        added = index.add_many(read_collection(collection), workers=args.workers)
    seconds = time.perf_counter() - start
    cpu, main_cpu = _cpu_s() - cpu_before, _cpu_s(resource.RUSAGE_SELF) - main_before
    import sqlite3

    db = sqlite3.connect(index_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    size = sum(p.stat().st_size for p in index_path.parent.glob(index_path.name + "*"))
    return {
        "docs": added,
        "build_s": round(seconds, 1),
        "build_docs_per_s": round(added / seconds, 1),
        # CPU seconds of this process and its workers: on a shared machine the wall
        # clock measures the other jobs too; docs per CPU second times the cores is what
        # the machine would do alone (an upper bound: it ignores waiting on the disk)
        "build_cpu_s": round(cpu, 1),
        "build_cpu_main_s": round(main_cpu, 1),  # reading, checking, writing (the workers fingerprint)
        "build_docs_per_cpu_s": round(added / cpu, 1) if cpu else None,
        "build_load_avg": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "disk_bytes": size,
        "disk_mb": round(size / 2**20, 1),
        "build_rss_mb": _rss_mb(resource.RUSAGE_SELF),
        "build_worker_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN),
    }


def _count_blocks(index: Any) -> list[int]:
    """Wrap the index's block reads to count them (one number, updated in place)."""
    read = [0]
    store = index._store
    blocks = store._blocks

    def counting(ids: Any) -> Any:
        # the ids of the blocks read (an array); before branch p50, a list of
        # (run, fingerprints, blocks) per run (to count another version's reads)
        read[0] += sum(len(b) for _, _, b in ids) if isinstance(ids, list) else len(ids)
        return blocks(ids)

    store._blocks = counting
    return read


def frequent_ab(index_path: Path, queries: list[dict[str, Any]]) -> dict[str, Any]:
    """The queries searched by two indexes opened on the same file in this (fresh)
    process, one adding up the runs' counts of their frequent fingerprints (format 3)
    and one counting whole blocks alone (as format 2 did), query by query, each going
    first on every other query (the first search of a query word learns its facts for
    both). Their hits must be identical."""
    import spundetect

    sides = {"with_counts": spundetect.Index(index_path), "without_counts": spundetect.Index(index_path)}
    sides["without_counts"]._store.use_frequent = False  # type: ignore[attr-defined]
    spent: dict[str, list[float]] = {name: [] for name in sides}
    wall: dict[str, list[float]] = {name: [] for name in sides}
    read = {name: _count_blocks(index) for name, index in sides.items()}
    differ = 0
    for k, q in enumerate(queries):
        names = list(sides) if k % 2 == 0 else list(reversed(sides))
        hits = {}
        for name in names:
            start, started = time.perf_counter(), time.process_time()
            hits[name] = sides[name].search(q["text"], k=10)
            wall[name].append(1000 * (time.perf_counter() - start))
            spent[name].append(1000 * (time.process_time() - started))
        differ += hits["with_counts"] != hits["without_counts"]
    out: dict[str, Any] = {"queries_with_different_hits": differ}
    for name in sides:
        w, c = sorted(wall[name]), sorted(spent[name])
        out[name] = {"search_p50_ms": round(statistics.median(w), 2),
                     "search_p95_ms": round(w[int(0.95 * (len(w) - 1))], 2),
                     "search_cpu_p50_ms": round(statistics.median(c), 2),
                     "search_cpu_p95_ms": round(c[int(0.95 * (len(c) - 1))], 2),
                     "blocks_read": read[name][0]}
    return out


def query(index_path: Path, queries_path: Path, caps: Sequence[int] = (),
          ab: bool = False, hits_out: Path | None = None) -> dict[str, Any]:
    """Run in a fresh process: open the index, search every query, time each; then again
    with each postings cap of ``caps`` (CPU time and recall only); ``ab``: then
    :func:`frequent_ab` (two fresh index objects, so a second pass for the query words'
    facts only). ``hits_out``: every query's hits written there, one JSON line a query
    (to compare two versions' hits byte for byte)."""
    import spundetect

    queries = json.loads(queries_path.read_text(encoding="utf-8"))
    start = time.perf_counter()
    index = spundetect.Index(index_path)
    index.search("Warm up the look-ups.", k=10)  # loads WordNet, for the words no document had
    opened = time.perf_counter() - start
    blocks_read = _count_blocks(index)
    times: list[float] = []
    found: dict[str, list[int]] = {}
    cpu: list[float] = []
    dumped: list[str] = []
    for q in queries:
        start, started = time.perf_counter(), time.process_time()
        hits = index.search(q["text"], k=10)
        times.append(1000 * (time.perf_counter() - start))
        cpu.append(1000 * (time.process_time() - started))
        dumped.append(json.dumps([hit.model_dump(mode="json") for hit in hits]))
        ids = [h.doc_id for h in hits]
        if q["kind"] != "random":
            found.setdefault(q["kind"], []).append(0 if q["truth"] not in ids else 1 + ids.index(q["truth"]))
    if hits_out is not None:
        hits_out.write_text("\n".join(dumped) + "\n", encoding="utf-8")
    by_kind: dict[str, list[float]] = {}
    for q, t in zip(queries, times):
        by_kind.setdefault(q["kind"], []).append(t)
    times.sort()
    out: dict[str, Any] = {
        "queries": len(queries),
        "open_s": round(opened, 2),
        "search_p50_ms": round(statistics.median(times), 2),
        "search_p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        # CPU time of the same searches (the wall clock also counts the other jobs)
        "search_cpu_p50_ms": round(statistics.median(cpu), 2),
        "search_cpu_p95_ms": round(sorted(cpu)[int(0.95 * (len(cpu) - 1))], 2),
        "search_p50_ms_by_kind": {k: round(statistics.median(v), 2) for k, v in by_kind.items()},
        "query_rss_mb": _rss_mb(resource.RUSAGE_SELF),
        "blocks_read": blocks_read[0],
    }
    for kind, ranks in found.items():
        out[f"{kind}_R@1"] = round(sum(r == 1 for r in ranks) / len(ranks), 4)
        out[f"{kind}_R@10"] = round(sum(r >= 1 for r in ranks) / len(ranks), 4)
    out["postings_cap"] = index.postings_cap
    by_cap: dict[str, Any] = {}
    for cap in caps:
        capped = spundetect.Index(index_path, postings_cap=cap)
        spent: list[float] = []
        first: dict[str, list[bool]] = {}
        for q in queries:
            started = time.process_time()
            hits = capped.search(q["text"], k=10)
            spent.append(1000 * (time.process_time() - started))
            first.setdefault(q["kind"], []).append(bool(hits) and hits[0].doc_id == q["truth"])
        spent.sort()
        by_cap[str(cap)] = {"search_cpu_p50_ms": round(statistics.median(spent), 2),
                            "search_cpu_p95_ms": round(spent[int(0.95 * (len(spent) - 1))], 2),
                            **{f"{kind}_R@1": round(sum(v) / len(v), 4) for kind, v in first.items()}}
    if by_cap:
        out["by_postings_cap"] = by_cap
    if ab:
        out["frequent_counts_ab"] = frequent_ab(index_path, queries)
    return out


def ab_builds(args: argparse.Namespace, collection: Path, work: Path) -> int:
    """Builds without and with the writing thread, alternately, each in a fresh process
    (a process keeps the words it learned), so that both see the same load."""
    runs: dict[str, list[dict[str, Any]]] = {"inline": [], "thread": []}
    index_path = work / f"index-ab-{args.docs}.sqlite"
    for _ in range(args.ab):
        for name, pipeline in (("inline", ["--pipeline", "0"]), ("thread", [])):
            done = subprocess.run([sys.executable, __file__, "--workers", str(args.workers), *pipeline,
                                   "--build-only", str(collection), str(index_path)],
                                  check=True, capture_output=True, text=True)
            runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
            for p in work.glob(index_path.name + "*"):
                p.unlink()
    report = {"docs": args.docs, "workers": args.workers, "rounds": args.ab, **{
        name: {"build_s": [r["build_s"] for r in rows], "build_cpu_s": [r["build_cpu_s"] for r in rows],
               "build_cpu_main_s": [r["build_cpu_main_s"] for r in rows],
               # cores kept busy: CPU seconds over wall seconds
               "busy_cores": [round(r["build_cpu_s"] / r["build_s"], 2) for r in rows],
               "build_load_avg": [r["build_load_avg"] for r in rows],
               "build_rss_mb": [r["build_rss_mb"] for r in rows]}
        for name, rows in runs.items()}}
    out = args.out or DEFAULT_OUT / f"index_scale_ab_{args.docs}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    if not args.keep:
        collection.unlink()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--planted", type=int, default=100, help="documents given a spun and a passage copy")
    parser.add_argument("--random-queries", type=int, default=100, help="collection documents also queried")
    parser.add_argument("--dir", type=Path, default=None, help="working directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the collection and the index")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--max-run", type=int, default=None,
                        help="postings of the largest run (smaller: more runs, as a larger collection makes)")
    parser.add_argument("--caps", type=int, nargs="*", default=[],
                        help="also search with these postings caps (CPU time and recall)")
    parser.add_argument("--query-only", nargs=2, metavar=("INDEX", "QUERIES"),
                        help="only open INDEX (kept by --keep) and run the queries of QUERIES")
    parser.add_argument("--pipeline", type=int, default=None,
                        help="batches queued for the writing thread (0: written in the calling thread, "
                             "as before the thread)")
    parser.add_argument("--ab", type=int, default=0, metavar="ROUNDS",
                        help="only build, ROUNDS times each without the writing thread (--pipeline 0) and "
                             "with it, alternately, each in a fresh process (same load for both)")
    parser.add_argument("--frequent-ab", action="store_true",
                        help="in the query process, first search every query with and without the runs' "
                             "counts of their frequent fingerprints, alternately (CPU time, blocks read, "
                             "identical hits)")
    parser.add_argument("--hits-out", type=Path, default=None,
                        help="with --query-only: write every query's hits there (JSON Lines)")
    parser.add_argument("--build-only", nargs=2, metavar=("COLLECTION", "INDEX"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        index_path = Path(args.build_only[1])
        for p in index_path.parent.glob(index_path.name + "*"):
            p.unlink()
        print(json.dumps(build(args, Path(args.build_only[0]), index_path)))
        return 0
    if args.query_only:
        print(json.dumps(query(Path(args.query_only[0]), Path(args.query_only[1]), args.caps, args.frequent_ab,
                               args.hits_out)))
        return 0
    work = args.dir or Path(tempfile.mkdtemp(prefix="spd-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    gen = Generator()
    collection = work / f"collection-{args.docs}.jsonl"
    start = time.perf_counter()
    if not collection.exists():
        write_collection(collection, args.docs, gen)
    generate_s = time.perf_counter() - start
    if args.ab:
        return ab_builds(args, collection, work)
    queries = planted_queries(args.docs, args.planted, gen)
    rng = random.Random(5)
    queries += [{"kind": "random", "truth": f"d{i}", "text": gen.document(i)}
                for i in rng.sample(range(args.docs), min(args.random_queries, args.docs))]
    queries_path = work / "queries.json"
    queries_path.write_text(json.dumps(queries), encoding="utf-8")
    index_path = work / f"index-{args.docs}.sqlite"
    for p in work.glob(index_path.name + "*"):
        p.unlink()
    report: dict[str, Any] = {"docs_requested": args.docs, "workers": args.workers, "generate_s": round(generate_s, 1)}
    report.update(build(args, collection, index_path))
    done = subprocess.run([sys.executable, __file__, "--query-only", str(index_path), str(queries_path),
                           "--caps", *map(str, args.caps), *(["--frequent-ab"] if args.frequent_ab else [])],
                          check=True, capture_output=True, text=True)
    report.update(json.loads(done.stdout.strip().splitlines()[-1]))
    import sqlite3

    db = sqlite3.connect(index_path)
    report["runs_by_level"] = {str(level): n for level, n in
                               db.execute("SELECT level, count(*) FROM runs GROUP BY level")}
    # the runs' stored counts of their frequent fingerprints (format 3): 12 bytes each
    report["frequent_stored"], report["frequent_bytes"] = db.execute(
        "SELECT sum(length(frequent)) / 8, sum(length(frequent) + length(frequent_counts)) FROM runs").fetchone()
    db.close()
    report["load_avg"] = os.getloadavg()
    out = args.out or DEFAULT_OUT / f"index_scale_{args.docs}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    if not args.keep:
        for p in work.glob(index_path.name + "*"):
            p.unlink()
        collection.unlink()
        queries_path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
