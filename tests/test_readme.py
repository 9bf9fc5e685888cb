"""The Python code of README.md's "In Python" section runs as it is written.

The blocks are self-contained (they read the bundled example pair from ``examples/``,
relative to the repository's root, where a reader of the README runs them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def python_blocks(markdown: str, section: str) -> list[str]:
    """The ```python blocks of one ``## section`` of a Markdown text."""
    parts = re.split(r"^## ", markdown, flags=re.MULTILINE)
    [body] = [p for p in parts if p.startswith(section + "\n")]
    return re.findall(r"^```python\n(.*?)^```", body, flags=re.MULTILINE | re.DOTALL)


def test_python_blocks_are_found() -> None:
    text = "# T\n\n## A\n\n```python\nx = 1\n```\n\n```bash\nls\n```\n\n## B\n\n```python\ny = 2\n```\n"
    assert python_blocks(text, "A") == ["x = 1\n"]
    assert python_blocks(text, "B") == ["y = 2\n"]


def test_readme_in_python_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = python_blocks((REPO / "README.md").read_text(encoding="utf-8"), "In Python")
    assert blocks, "README.md's In Python section has no python block"
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    out = capsys.readouterr().out
    # The bundled pair is spun: its flagged swaps and its one passage are printed.
    result = namespace["result"]
    assert getattr(result, "verdict") == "spun"
    assert " -> " in out and "spun " in out
    assert str(getattr(result, "signature")) in out
    # orient() was given the texts the wrong way round and puts them right.
    orientation = namespace["o"]
    assert getattr(orientation, "original") == (REPO / "examples" / "original.txt").read_text(encoding="utf-8")
