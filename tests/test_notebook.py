"""docs/notebook.ipynb runs top to bottom without an error.

Needs the test extras nbclient, nbformat, ipykernel, pandas and matplotlib; skips when
any is missing. The notebook reads ../shared (seeds and dev pairs) when present and falls
back to the bundled examples/ pair otherwise, so it runs in both cases.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "docs" / "notebook.ipynb"

NEEDED = ("nbclient", "nbformat", "ipykernel", "pandas", "matplotlib")
MISSING = [name for name in NEEDED if importlib.util.find_spec(name) is None]



@pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)}")
def test_notebook_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel draws inline
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out.get("output_type") == "error"]
    html = [out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    assert any('class="spd-report"' in h for h in html), "the Comparison showed its HTML report"
    assert any("spd-results-table" in h for h in html), "the batch table was shown"
    assert any("image/png" in out.get("data", {}) for out in outputs), "the plot was drawn"


def test_notebook_is_committed_without_outputs() -> None:
    import json

    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None
