"""Score many (original, suspect) pairs on a local Dask cluster.

Needs the optional extra: ``pip install "spundetect[dask]"``. Run from the repository::

    python examples/dask_batch.py                 # 200 pairs made from the bundled example
    python examples/dask_batch.py pairs.parquet   # your own: columns id, original, suspect

It starts a ``LocalCluster`` of two worker processes with one thread each (spaCy and
WordNet are loaded once per worker process, on its first partition), scores the pairs
partition by partition with :func:`spundetect.distributed.score_dask_dataframe`, and
prints the verdict counts and the highest scores. On a real cluster, replace the
``LocalCluster`` with ``Client("scheduler-address:8786")``; nothing else changes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

from spundetect.distributed import score_dask_dataframe

HERE = Path(__file__).resolve().parent


def example_pairs(n: int) -> pd.DataFrame:
    """``n`` pairs: the bundled original with its spun copy, and some unrelated pairs."""
    original = (HERE / "original.txt").read_text(encoding="utf-8")
    spun = (HERE / "spun.txt").read_text(encoding="utf-8")
    paragraphs_o = [p for p in original.split("\n\n") if p.strip()]
    paragraphs_s = [p for p in spun.split("\n\n") if p.strip()]
    rows = []
    for k in range(n):
        i = k % len(paragraphs_o)
        j = i if k % 4 else (i + 1) % len(paragraphs_s)  # every 4th pair is not derived
        rows.append({"id": f"pair-{k:04d}", "original": paragraphs_o[i],
                     "suspect": paragraphs_s[min(j, len(paragraphs_s) - 1)]})
    return pd.DataFrame(rows)


def main(argv: list[str]) -> int:
    if argv:
        path = Path(argv[0])
        pdf = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    else:
        pdf = example_pairs(200)
    # A few partitions per worker keep both busy and let a lost partition be redone cheaply.
    ddf = dd.from_pandas(pdf, npartitions=8)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
        print(f"dashboard: {client.dashboard_link}")
        t0 = time.perf_counter()
        scores = score_dask_dataframe(ddf).compute()
        elapsed = time.perf_counter() - t0

    print(f"scored {len(scores)} pairs in {elapsed:.1f} s on 2 worker processes")
    print(scores["verdict"].value_counts(dropna=False).to_string())
    errors = scores[scores["error"].notna()]
    if len(errors):
        print(f"{len(errors)} rows could not be scored, e.g. {errors['error'].iloc[0]}")
    top = scores.sort_values("score", ascending=False).head(5)
    print(top[["id", "score", "verdict", "swaps", "flagged"]].to_string(index=False))
    print(f"signature: {scores['signature'].dropna().iloc[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
