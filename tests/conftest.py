"""Shared fixtures: paths to the project's shared seeds and dev data (skipped when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI runs a fixed set of examples (reproducible); a local run explores new ones.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEV = SHARED / "data" / "dev"
EXAMPLES = REPO / "examples"

SEED_FILES = {
    "000": "000_4a99380d496eb791.txt",
    "001": "001_9a3ddd14051b618d.txt",
    "002": "002_c389cbfe42288b0d.txt",
    "003": "003_6c4b375a00f596c9.txt",
    "004": "004_1ed7747e35e5e28b.txt",
}


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The seed texts by number, read from ../shared/seeds; skips when absent."""
    if not all((SEEDS / name).is_file() for name in SEED_FILES.values()):
        pytest.skip("the shared seed texts are not present beside the repository")
    return {k: (SEEDS / v).read_text(encoding="utf-8") for k, v in SEED_FILES.items()}


@pytest.fixture(scope="session")
def example_pair() -> tuple[str, str]:
    """The bundled example pair (our own texts)."""
    return (
        (EXAMPLES / "original.txt").read_text(encoding="utf-8"),
        (EXAMPLES / "spun.txt").read_text(encoding="utf-8"),
    )
