"""Speed, memory and scale benchmark of ``spundetect.compare`` (one run, same inputs).

Measures, on this machine, in one run:

* **ratio**: time of spaCy's blank English tokenizer over both texts of a pair divided by
  the time of :func:`spundetect.compare` on that pair (warm: resources loaded, the pair
  compared once before; best of several repeats for both), for the seed pair 002/001 and
  for generated spun pairs of 1k, 10k and 100k words. Target >= 0.5 at every size. The
  same ratio in CPU time is printed beside it (on a loaded, shared machine a call's wall
  time is mostly waiting for a core), and a digest of each pair's result, so that two runs
  show whether a change left the results byte-identical.
* **growth**: compare time per word at 100k words divided by that at 1k, the two sizes
  timed in alternation over five rounds (best of each) so that drift in the machine's
  speed weighs on both alike. Target <= 1.5.
* **memory**: peak RSS (``VmHWM`` on Linux, else ``ru_maxrss``) of a fresh process that
  loads everything and compares the 100k-word pair. Target <= 400 MB.
* **start-up**: ``import spundetect`` in a fresh process (target <= 0.3 s) and the first
  ``compare()`` in a fresh process, loading spaCy and WordNet (target <= 3 s); median of
  three fresh processes each.
* **batch**: ``compare_many(pairs, workers=2)`` (a pool of worker processes, see
  :mod:`spundetect.parallel`) vs ``workers=1`` (in this process) over 500 article-length
  pairs (300-800 words per text), including the pool's start-up; target >= 1.7x
  throughput, results identical and in input order.

It also profiles ``compare()`` on the seed, 10k and 100k pairs (cProfile, warm) and writes the
hot spots to ``benchmarks/out/profile_<size>.txt``.

Usage (from the repository root)::

    python benchmarks/bench_speed.py              # everything, ~3-5 minutes on 2 cores
    python benchmarks/bench_speed.py --quick      # smaller batch and fewer repeats
    python benchmarks/bench_speed.py --only ratio,profile   # ratio includes growth
    python benchmarks/bench_speed.py --only ratio --sizes seed,1k   # a short ratio run
    PYTHONPATH=/tmp/base python benchmarks/bench_speed.py --only ratio --sizes seed,1k  # another tree

The ratio of two trees is best compared in short runs of each, alternated (the machine's
speed drifts): the ``package`` line says which tree a run imported.

The seed texts are read from ``<repo>/../shared/seeds`` (or ``--seeds DIR``). Pairs are
generated deterministically: a bigram chain over the seed texts writes the source text,
then ``spundetect.spin`` (if the package has it) or a simple WordNet word-substitution
spinner in this script rewrites it. Results go to ``benchmarks/out/speed.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import random
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "benchmarks" / "out"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

TARGETS = {
    "ratio": 0.5,  # tokenizer time / compare time, at least
    "growth": 1.5,  # per-word time 100k / 1k, at most
    "memory_mb": 400.0,  # peak RSS, at most
    "import_s": 0.3,  # at most
    "first_compare_s": 3.0,  # at most
    "batch_speedup": 1.7,  # at least
}

# --- inputs ------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*|[.,;:!?]")
_END = {".", "!", "?"}
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?"}


def seed_paths(seeds: Path) -> tuple[Path, Path]:
    """The seed original (002) and its spun copy (001)."""
    try:
        return next(seeds.glob("002_*.txt")), next(seeds.glob("001_*.txt"))
    except StopIteration:
        sys.exit(f"seed texts 002_*.txt / 001_*.txt not found in {seeds} (use --seeds DIR)")


class TextGenerator:
    """Deterministic news-like text from a bigram chain over the seed texts."""

    def __init__(self, seeds: Path) -> None:
        tokens: list[str] = []
        for path in sorted(seeds.glob("*.txt")):
            if path.name.lower() == "readme.md":
                continue
            tokens.extend(_TOKEN_RE.findall(path.read_text(encoding="utf-8")))
        self.next: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        prev = "."
        for tok in tokens:
            self.next[prev].append(tok)
            if prev in _END and tok[0].isupper():
                self.starts.append(tok)
            prev = tok

    def sentence(self, rng: random.Random) -> list[str]:
        out = [rng.choice(self.starts)]
        limit = rng.randint(8, 40)
        while True:
            nxt = self.next.get(out[-1])
            if not nxt:
                out.append(".")
                return out
            tok = rng.choice(nxt)
            if tok in _END or len(out) >= limit:
                out.append(tok if tok in _END else ".")
                return out
            out.append(tok)

    def text(self, words: int, seed: int) -> str:
        """About ``words`` words (at least), in paragraphs of 2-6 sentences."""
        rng = random.Random(seed)
        paragraphs: list[str] = []
        count = 0
        while count < words:
            sents = []
            for _ in range(rng.randint(2, 6)):
                sent = self.sentence(rng)
                count += sum(1 for t in sent if t[0].isalnum())
                sents.append(_join(sent))
                if count >= words:
                    break
            paragraphs.append(" ".join(sents))
        return "\n\n".join(paragraphs) + "\n"


def _join(tokens: list[str]) -> str:
    out = []
    for tok in tokens:
        if out and tok not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(tok)
    return "".join(out)


def _simple_spin(text: str, seed: int, rate: float = 0.3) -> str:
    """Replace about ``rate`` of the longer words by a WordNet synonym (a naive spinner)."""
    from spundetect.lexicon import get_lexicon

    lex = get_lexicon()
    rng = random.Random(seed)

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        if len(word) < 4 or rng.random() >= rate:
            return word
        options = [s for s in lex.synonyms(word.lower()) if s.isascii()]
        if not options:
            return word
        new = options[rng.randrange(min(3, len(options)))]
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return re.sub(r"[A-Za-z]+", swap, text)


def spinner() -> tuple[str, Callable[[str, int], str]]:
    """``spundetect.spin`` if the package has a usable one, else the simple spinner."""
    try:
        import spundetect.spin as spin_mod  # type: ignore[import-not-found]
    except ImportError:
        return "simple word substitution (bench_speed.py)", _simple_spin
    fn = getattr(spin_mod, "spin", None)
    if not callable(fn):
        return "simple word substitution (bench_speed.py)", _simple_spin

    def run(text: str, seed: int) -> str:
        try:
            out = fn(text, seed=seed)
        except TypeError:
            out = fn(text)
        return out if isinstance(out, str) else str(getattr(out, "text", out))

    return "spundetect.spin", run


def make_pair(gen: TextGenerator, spin: Callable[[str, int], str], words: int, seed: int) -> tuple[str, str]:
    original = gen.text(words, seed)
    return original, spin(original, seed + 1)


def read_pairs(paths: list[Path]) -> list[tuple[str, str]]:
    """``(original, suspect)`` of every row of labelled JSON Lines files, in file order."""
    pairs = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        pairs += [(row["original"], row["suspect"]) for row in rows]
    return pairs


def word_count(text: str) -> int:
    return len(text.split())


# --- measuring -----------------------------------------------------------------------------


def best_of(fn: Callable[[], Any], repeats: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Best time of ``repeats`` calls of ``fn`` on ``clock``.

    With ``clock=time.process_time``, this process's CPU time: on a shared machine a call's
    wall time includes the time it waited for a core (at a load average of 10 on 2 cores,
    most of it); its CPU time does not. Both sides of the ratio are single-threaded, so
    their CPU times compare like their wall times would on an idle machine.
    """
    best = float("inf")
    for _ in range(repeats):
        t0 = clock()
        fn()
        best = min(best, clock() - t0)
    return best


def measure_ratio(pairs: dict[str, tuple[str, str]], repeats: dict[str, int]) -> dict[str, Any]:
    import spundetect
    from spundetect.segment import get_nlp

    tokenizer = get_nlp().tokenizer
    rows = {}
    for name, (o, s) in pairs.items():
        t0 = time.perf_counter()
        result = spundetect.compare(o, s)  # the first compare of this pair (resources already loaded)
        first = time.perf_counter() - t0
        reps = repeats.get(name, 5)
        t_tok = best_of(lambda: (tokenizer(o), tokenizer(s)), reps)
        t_cmp = best_of(lambda: spundetect.compare(o, s), reps)
        c_tok = best_of(lambda: (tokenizer(o), tokenizer(s)), reps, time.process_time)
        c_cmp = best_of(lambda: spundetect.compare(o, s), reps, time.process_time)
        words = word_count(o) + word_count(s)
        rows[name] = {
            "words": words,
            "tokenizer_s": t_tok,
            "compare_s": t_cmp,
            "compare_first_s": first,
            "ratio": t_tok / t_cmp,
            "ratio_first": t_tok / first,
            "us_per_word": 1e6 * t_cmp / words,
            "repeats": reps,
            "tokenizer_cpu_s": c_tok,
            "compare_cpu_s": c_cmp,
            "ratio_cpu": c_tok / c_cmp,
            # a speed change must leave the result byte-identical: compare digests of two runs
            "digest": hashlib.sha1(result.model_dump_json().encode()).hexdigest(),
        }
        print(f"  {name:>6}: {words:>7} words  tokenizer {t_tok * 1e3:9.1f} ms  compare "
              f"{t_cmp * 1e3:9.1f} ms (first {first * 1e3:9.1f} ms)  ratio {t_tok / t_cmp:5.2f}  "
              f"(CPU {c_tok * 1e3:.1f} / {c_cmp * 1e3:.1f} ms, {c_tok / c_cmp:4.2f})  result {rows[name]['digest'][:10]}",
              flush=True)
    return rows


def measure_growth(small: tuple[str, str], large: tuple[str, str], rounds: int, inner: int) -> dict[str, Any]:
    """Per-word compare time of ``large`` over that of ``small``, measured interleaved.

    Each round times ``small`` (best of ``inner``) and then ``large`` once, so that a
    machine that slows down or speeds up during the run (other jobs, frequency changes)
    weighs on both sizes alike; the best time of each size over all rounds counts.
    """
    import spundetect

    w_small = word_count(small[0]) + word_count(small[1])
    w_large = word_count(large[0]) + word_count(large[1])
    spundetect.compare(*small)
    spundetect.compare(*large)
    t_small: list[float] = []
    t_large: list[float] = []
    for _ in range(rounds):
        t_small.append(best_of(lambda: spundetect.compare(*small), inner))
        t_large.append(best_of(lambda: spundetect.compare(*large), 1))
    per_round = [(tl / w_large) / (ts / w_small) for ts, tl in zip(t_small, t_large)]
    growth = (min(t_large) / w_large) / (min(t_small) / w_small)
    print(f"  growth: {growth:.2f} (rounds: {', '.join(f'{g:.2f}' for g in per_round)}; "
          f"1k {1e6 * min(t_small) / w_small:.2f} us/word, 100k {1e6 * min(t_large) / w_large:.2f} us/word)",
          flush=True)
    return {"growth": growth, "per_round": per_round, "small_s": t_small, "large_s": t_large,
            "small_words": w_small, "large_words": w_large, "rounds": rounds, "inner": inner}


def profile_compare(name: str, pair: tuple[str, str], top: int = 25) -> dict[str, Any]:
    """cProfile one warm compare(); write the listing; return the top functions and files."""
    import spundetect

    o, s = pair
    spundetect.compare(o, s)
    gc_s, plain_s = gc_time(lambda: spundetect.compare(o, s))
    # Profiled with the collector off: its passes would land on whichever function happened
    # to allocate; its share is measured above, without the profiler.
    import gc

    prof = cProfile.Profile()
    gc.disable()
    try:
        prof.enable()
        spundetect.compare(o, s)
        prof.disable()
    finally:
        gc.enable()
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    funcs = []
    by_file: dict[str, float] = defaultdict(float)
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = _short(file)
        funcs.append((tt, ct, f"{short}:{line}({func})"))
        by_file[short] += tt
    funcs.sort(reverse=True)
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"profile_{name}.txt"
    path.write_text(buf.getvalue(), encoding="utf-8")
    result = {
        "total_s": total,
        "top_self": [{"function": f, "self_share": tt / total, "cum_share": ct / total}
                     for tt, ct, f in funcs[:top]],
        "by_file": {f: t / total for f, t in sorted(by_file.items(), key=lambda kv: -kv[1])[:15]},
        "listing": str(path.relative_to(ROOT)),
        "plain_s": plain_s,
        "gc_s": gc_s,
        "gc_share": gc_s / plain_s,
    }
    print(f"  profile {name}: without the profiler {plain_s:.2f} s, of which the cyclic garbage "
          f"collector {gc_s:.2f} s ({100 * gc_s / plain_s:.0f}%)")
    print(f"  profile {name} (self time, {total:.2f} s under cProfile, collector off):")
    for row in result["top_self"][:12]:
        print(f"    {100 * row['self_share']:5.1f}%  (cum {100 * row['cum_share']:5.1f}%)  {row['function']}")
    print("    by file: " + ", ".join(f"{f} {100 * v:.0f}%" for f, v in list(result["by_file"].items())[:8]))
    return result


def gc_time(fn: Callable[[], Any]) -> tuple[float, float]:
    """(time in the cyclic garbage collector, total time) of one call of ``fn``."""
    import gc

    spent = [0.0, 0.0]

    def callback(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            spent[1] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - spent[1]

    gc.callbacks.append(callback)
    try:
        t0 = time.perf_counter()
        fn()
        total = time.perf_counter() - t0
    finally:
        gc.callbacks.remove(callback)
    return spent[0], total


def _short(file: str) -> str:
    if file.startswith("<") or file == "~":
        return "builtins"
    p = Path(file)
    parts = p.parts
    if "spundetect" in parts:
        return "spundetect/" + "/".join(parts[parts.index("spundetect") + 1:])
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1:][:2])
    return p.name


def run_child(code: str, runs: int) -> list[dict[str, Any]]:
    """Run ``code`` in ``runs`` fresh interpreters; each prints one JSON line last."""
    out = []
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              cwd=ROOT, env=env, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


_STARTUP_CODE = """
import json, time, sys
t0 = time.perf_counter()
c0 = time.process_time()
import spundetect
t1 = time.perf_counter()
c1 = time.process_time()
o = open(sys.argv[-2] if False else {o!r}, encoding="utf-8").read()
s = open({s!r}, encoding="utf-8").read()
t2 = time.perf_counter()
c2 = time.process_time()
spundetect.compare(o, s)
t3 = time.perf_counter()
c3 = time.process_time()
print(json.dumps({{"import_s": t1 - t0, "import_cpu_s": c1 - c0, "first_compare_s": t3 - t2,
                  "first_compare_cpu_s": c3 - c2}}))
"""

_MEMORY_CODE = """
import json, resource, time
import spundetect

def peak_kb():
    # On Linux, ru_maxrss of a process started by subprocess carries over the peak RSS of
    # the process that started it (this script: 250-330 MB), so it cannot go below that;
    # VmHWM is the peak of this process's own memory.
    try:
        with open("/proc/self/status") as fh:
            return int(fh.read().split("VmHWM:")[1].split()[0])
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

o = open({o!r}, encoding="utf-8").read()
s = open({s!r}, encoding="utf-8").read()
spundetect.compare("The two men met an old friend.", "The 2 males met a previous pal.")
before = peak_kb()
t0 = time.perf_counter()
c = spundetect.compare(o, s)
t1 = time.perf_counter()
peak = peak_kb()
print(json.dumps({{"peak_rss_mb": peak / 1024, "loaded_mb": before / 1024,
                  "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "compare_s": t1 - t0, "words": len(o.split()) + len(s.split()),
                  "verdict": c.verdict}}))
"""


def measure_startup(o_path: Path, s_path: Path, runs: int) -> dict[str, Any]:
    rows = run_child(_STARTUP_CODE.format(o=str(o_path), s=str(s_path)), runs)
    imp = [r["import_s"] for r in rows]
    first = [r["first_compare_s"] for r in rows]
    imp_cpu = [r["import_cpu_s"] for r in rows]
    first_cpu = [r["first_compare_cpu_s"] for r in rows]
    res = {"import_s": statistics.median(imp), "import_all": imp,
           "import_cpu_s": statistics.median(imp_cpu), "import_cpu_all": imp_cpu,
           "first_compare_s": statistics.median(first), "first_compare_all": first,
           "first_compare_cpu_s": statistics.median(first_cpu), "first_compare_cpu_all": first_cpu}
    print(f"  import spundetect {res['import_s']:.3f} s (runs {', '.join(f'{x:.3f}' for x in imp)}; "
          f"CPU {', '.join(f'{x:.3f}' for x in imp_cpu)}); "
          f"first compare {res['first_compare_s']:.2f} s (runs {', '.join(f'{x:.2f}' for x in first)}; "
          f"CPU {', '.join(f'{x:.2f}' for x in first_cpu)})")
    return res


def measure_memory(pair: tuple[str, str]) -> dict[str, Any]:
    """Peak RSS of a fresh process that loads everything and compares ``pair``.

    The texts are written to files first, so that the child does nothing but load the
    library, warm it up on a tiny pair and compare.
    """
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    paths = [OUT_DIR / "pair_100k_original.txt", OUT_DIR / "pair_100k_suspect.txt"]
    for path, text in zip(paths, pair):
        path.write_text(text, encoding="utf-8")
    res = run_child(_MEMORY_CODE.format(o=str(paths[0]), s=str(paths[1])), 1)[0]
    print(f"  peak RSS {res['peak_rss_mb']:.0f} MB (after loading, before the big compare: "
          f"{res['loaded_mb']:.0f} MB), {res['words']} words, compare {res['compare_s']:.1f} s")
    return res


# One timed job in a fresh process: ``compare_many`` over the pairs, or the same pairs
# through the ``batch`` command's path (``spundetect.batch.process_rows``, ``--full``
# records), to measure that path's pool. ``_BATCH_VIA`` fills in the call.
_BATCH_CODE = """
import hashlib, json, os, time
import spundetect
from spundetect.batch import PairRow, process_rows
pairs = [tuple(json.loads(line)) for line in open({path!r}, encoding="utf-8")]
rows = [PairRow(k + 1, None, o, s) for k, (o, s) in enumerate(pairs)]
spundetect.compare("The two men met an old friend.", "The 2 males met a previous pal.")
digest = {digest}
c0 = os.times()
t0 = time.perf_counter()
results = {call}(iter({items}), {full}workers={workers})
digests = [digest(next(results))]
first = time.perf_counter() - t0
digests += [digest(r) for r in results]
elapsed = time.perf_counter() - t0
c1 = os.times()
print(json.dumps({{"elapsed_s": elapsed, "first_s": first, "digests": digests,
                  "cpu_self_s": c1.user - c0.user + c1.system - c0.system,
                  "cpu_workers_s": c1.children_user - c0.children_user
                                   + c1.children_system - c0.children_system}}))
"""

_BATCH_VIA = {
    "compare_many": {"call": "spundetect.compare_many", "items": "pairs", "full": "",
                     "digest": "lambda c: hashlib.sha1(c.model_dump_json().encode()).hexdigest()"},
    "process_rows": {"call": "process_rows", "items": "rows", "full": "full=True, ",
                     "digest": "lambda r: hashlib.sha1(json.dumps(r, sort_keys=True).encode()).hexdigest()"},
}


def measure_batch(pairs: list[tuple[str, str]], workers: int, rounds: int, *,
                  via: str = "compare_many") -> dict[str, Any]:
    """``compare_many(workers=1)`` vs ``compare_many(workers=N)``, each in a fresh process.

    With ``via="process_rows"``, the ``batch`` command's path instead (``--full`` records).

    Both start from the same state: a process that has loaded the resources (one tiny
    comparison) and has cold caches, as a fresh batch job would. Rounds alternate the two,
    and the best time of each counts. The results are compared through a digest of their
    JSON; input order through the texts each result carries.
    """
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / "batch_pairs.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for pair in pairs:
            fh.write(json.dumps(pair) + "\n")
    words = sum(word_count(o) + word_count(s) for o, s in pairs)
    runs: dict[int, list[dict[str, Any]]] = {1: [], workers: []}
    for _ in range(rounds):
        for n in (1, workers):
            res = run_child(_BATCH_CODE.format(path=str(path), workers=n, **_BATCH_VIA[via]), 1)[0]
            runs[n].append(res)
            print(f"    workers={n}: {res['elapsed_s']:.1f} s (first result after {res['first_s']:.2f} s; "
                  f"CPU {res['cpu_self_s']:.1f} s here + {res['cpu_workers_s']:.1f} s in workers; "
                  f"load average {os.getloadavg()[0]:.1f})", flush=True)
    serial = min(runs[1], key=lambda r: r["elapsed_s"])
    pooled = min(runs[workers], key=lambda r: r["elapsed_s"])
    identical = all(r["digests"] == serial["digests"] for r in runs[1] + runs[workers])
    identical = identical and len(serial["digests"]) == len(pairs)
    # Each result carries its own texts: equal digests and equal counts mean equal order too,
    # since the serial path yields in input order by construction.
    in_order = len(pooled["digests"]) == len(pairs) and pooled["digests"] == serial["digests"]
    res = {
        "pairs": len(pairs),
        "words": words,
        "workers": workers,
        "via": via,
        "serial_s": serial["elapsed_s"],
        "pool_s": pooled["elapsed_s"],
        "serial_all": [r["elapsed_s"] for r in runs[1]],
        "pool_all": [r["elapsed_s"] for r in runs[workers]],
        "speedup": serial["elapsed_s"] / pooled["elapsed_s"],
        # CPU seconds of all processes: how much more work the pool does than one process
        "cpu_serial_s": serial["cpu_self_s"] + serial["cpu_workers_s"],
        "cpu_pool_s": pooled["cpu_self_s"] + pooled["cpu_workers_s"],
        "identical": identical,
        "in_order": in_order,
    }
    print(f"  batch {len(pairs)} pairs ({words} words): serial {res['serial_s']:.1f} s, "
          f"{workers} workers {res['pool_s']:.1f} s -> {res['speedup']:.2f}x; identical {identical}, "
          f"in order {in_order}; CPU work {res['cpu_serial_s']:.1f} s -> {res['cpu_pool_s']:.1f} s "
          f"({res['cpu_pool_s'] / res['cpu_serial_s']:.2f}x)")
    return res


# --- main ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": sys.version.split()[0], "platform": platform.platform(),
                            "cpus": os.cpu_count()}
    try:
        lines = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in lines.splitlines():
            if line.startswith(("Model name", "CPU(s)")):
                k, _, v = line.partition(":")
                info[k.strip()] = v.strip()
    except OSError:
        pass
    try:
        import spacy

        info["spacy"] = spacy.__version__
    except ImportError:
        pass
    return info


def verdicts(results: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    rows = []
    ratio = results.get("ratio")
    if ratio:
        worst = min(r["ratio"] for r in ratio.values())
        rows.append(("ratio tokenizer/compare (min over sizes)", f"{worst:.2f}", ">= 0.5",
                     worst >= TARGETS["ratio"]))
        worst_cpu = min(r["ratio_cpu"] for r in ratio.values())
        rows.append(("  the same in CPU time (min over sizes)", f"{worst_cpu:.2f}", ">= 0.5",
                     worst_cpu >= TARGETS["ratio"]))
    growth = results.get("growth_interleaved")
    if growth:
        g = growth["growth"]
        results["growth"] = g
        rows.append(("growth per-word 100k/1k", f"{g:.2f}", "<= 1.5", g <= TARGETS["growth"]))
    mem = results.get("memory")
    if mem:
        rows.append(("peak RSS 100k pair (MB)", f"{mem['peak_rss_mb']:.0f}", "<= 400",
                     mem["peak_rss_mb"] <= TARGETS["memory_mb"]))
    st = results.get("startup")
    if st:
        rows.append(("import spundetect (s)", f"{st['import_s']:.3f}", "<= 0.3",
                     st["import_s"] <= TARGETS["import_s"]))
        if "import_cpu_s" in st:
            rows.append(("  the same in CPU time (s)", f"{st['import_cpu_s']:.3f}", "<= 0.3",
                         st["import_cpu_s"] <= TARGETS["import_s"]))
        rows.append(("first compare, fresh process (s)", f"{st['first_compare_s']:.2f}", "<= 3",
                     st["first_compare_s"] <= TARGETS["first_compare_s"]))
        if "first_compare_cpu_s" in st:
            rows.append(("  the same in CPU time (s)", f"{st['first_compare_cpu_s']:.2f}", "<= 3",
                         st["first_compare_cpu_s"] <= TARGETS["first_compare_s"]))
    b = results.get("batch")
    if b:
        ok = b["speedup"] >= TARGETS["batch_speedup"] and b["identical"] and b["in_order"]
        rows.append((f"batch speed-up {b['workers']} workers vs 1", f"{b['speedup']:.2f}",
                     ">= 1.7, identical, ordered", ok))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--only", default="ratio,profile,memory,startup,batch",
                    help="comma list of: ratio, profile, memory, startup, batch")
    ap.add_argument("--quick", action="store_true", help="fewer repeats, 100-pair batch")
    ap.add_argument("--batch-pairs", type=int, default=None)
    ap.add_argument("--batch-files", type=Path, nargs="+", default=None,
                    help="take the batch from these labelled JSON Lines files (e.g. the dev "
                    "pairs: a random sample, seed 7) instead of generating it")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-via", choices=("compare_many", "process_rows"), default="compare_many",
                    help="time compare_many (default) or the batch command's path "
                    "(spundetect.batch.process_rows, --full records)")
    ap.add_argument("--sizes", default="seed,1k,10k,100k",
                    help="the pairs whose ratio is measured (growth needs 1k and 100k): e.g. --sizes seed,1k "
                    "for a short run, to alternate with the same run of another tree (see docs/performance.md)")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "speed.json")
    args = ap.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if not set(sizes) <= {"seed", "1k", "10k", "100k"}:
        ap.error(f"--sizes: pairs are seed, 1k, 10k, 100k (got {args.sizes})")
    # the pairs some part reads (memory the 100k pair, the profile seed, 10k and 100k)
    needed = set(sizes) if "ratio" in parts else set()
    needed |= {"100k"} if "memory" in parts else set()
    needed |= {"seed", "10k", "100k"} if "profile" in parts else set()
    o_path, s_path = seed_paths(args.seeds)

    results: dict[str, Any] = {"machine": machine(), "command": " ".join([Path(sys.executable).name, *sys.argv])}
    print(f"machine: {results['machine']}")

    pairs: dict[str, tuple[str, str]] = {}
    if parts & {"ratio", "profile", "memory", "batch"}:
        import spundetect

        spundetect.compare("The old friend came.", "The previous pal came.")  # load resources
        results["package"] = str(Path(spundetect.__file__).parent)
        print(f"package: {results['package']}")
        gen = TextGenerator(args.seeds)
        spin_name, spin = spinner()
        results["spinner"] = spin_name
        t0 = time.perf_counter()
        pairs = {"seed": (o_path.read_text(encoding="utf-8"), s_path.read_text(encoding="utf-8"))}
        for name, words, seed in (("1k", 1_000, 10), ("10k", 10_000, 20), ("100k", 100_000, 100)):
            if name in needed:
                pairs[name] = make_pair(gen, spin, words, seed)
        print(f"generated pairs in {time.perf_counter() - t0:.1f} s with {spin_name} "
              f"(words per text: {', '.join(f'{k} {word_count(v[0])}' for k, v in pairs.items())})")

    if "startup" in parts:
        print("start-up (fresh processes):")
        results["startup"] = measure_startup(o_path, s_path, 3)
    if "memory" in parts:
        print("memory (fresh process, 100k-word pair):")
        results["memory"] = measure_memory(pairs["100k"])
    if "ratio" in parts:
        print("ratio tokenizer / compare (warm, best of repeats):")
        reps = {"seed": 5, "1k": 7, "10k": 5, "100k": 3}
        if args.quick:
            reps = {"seed": 3, "1k": 3, "10k": 2, "100k": 1}
        results["ratio"] = measure_ratio({name: pairs[name] for name in sizes}, reps)
        if {"1k", "100k"} <= set(sizes):
            print("growth (1k and 100k timed in alternation):")
            results["growth_interleaved"] = measure_growth(
                pairs["1k"], pairs["100k"], rounds=2 if args.quick else 5, inner=3 if args.quick else 7)
    if "profile" in parts:
        results["profile"] = {name: profile_compare(name, pairs[name]) for name in ("seed", "10k", "100k")}
    if "batch" in parts:
        n = args.batch_pairs or (100 if args.quick else 500)
        rng = random.Random(7)
        t0 = time.perf_counter()
        if args.batch_files:
            batch = read_pairs(args.batch_files)
            rng.shuffle(batch)
            batch = batch[:n]
            print(f"batch: {len(batch)} pairs sampled from {len(args.batch_files)} files")
        else:
            batch = [make_pair(gen, spin, rng.randint(300, 800), 1000 + k) for k in range(n)]
            print(f"batch: generated {n} pairs in {time.perf_counter() - t0:.1f} s")
        results["batch"] = measure_batch(batch, args.workers, 1 if args.quick else 5, via=args.batch_via)

    rows = verdicts(results)
    results["targets"] = [{"metric": m, "value": v, "target": t, "met": ok} for m, v, t, ok in rows]
    print()
    print(f"{'metric':45s} {'value':>8s}  {'target':28s} met")
    for m, v, t, ok in rows:
        print(f"{m:45s} {v:>8s}  {t:28s} {'yes' if ok else 'NO'}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
