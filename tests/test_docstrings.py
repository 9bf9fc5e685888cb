"""Every docstring example of the installed package runs, and shows what the code does.

The modules are discovered with :mod:`pkgutil` over the installed ``spundetect`` package, so
a new module is covered without touching this file. A module's examples are skipped only
when an optional extra they need is not installed (``[test]`` installs every one of them).
A second test checks that every public callable of ``spundetect.__all__`` (and every public
method of :class:`~spundetect.Index` and :class:`~spundetect.Comparison`) has an example.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import io
import pkgutil
import re
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

import spundetect

OPTIONFLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

# The modules whose examples need an optional dependency (an extra of pyproject.toml, or
# pandas for the DataFrame views), and what they import from it. Checked against the
# sources by test_extras_map_is_complete, so a module that starts using an extra (through
# errors.import_extra) cannot be forgotten here.
EXTRAS: dict[str, tuple[str, ...]] = {
    "spundetect.web": ("trafilatura", "lxml_html_clean"),
    "spundetect.distributed": ("dask.dataframe", "dask.distributed", "pandas"),
    "spundetect.render.frame": ("pandas",),
    "spundetect.models": ("pandas",),
}


def _module_names() -> list[str]:
    names = ["spundetect"]
    # Importing spundetect.__main__ is safe: it runs the command line only as a script.
    names += [info.name for info in pkgutil.walk_packages(spundetect.__path__, prefix="spundetect.")]
    return sorted(names)


MODULES = _module_names()


def test_discovery_finds_the_package() -> None:
    """The discovery walks the installed package, subpackages included."""
    assert {"spundetect", "spundetect.compare", "spundetect.index", "spundetect.render.html"} <= set(MODULES)
    assert Path(spundetect.__file__).parent.name == "spundetect"


def _run_doctests(module: ModuleType) -> tuple[int, int, int, str]:
    """Run ``module``'s examples; return (examples found, examples run, failures, report)."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=OPTIONFLAGS)
    # Sorted by name so that a failure report reads the same from run to run.
    tests = sorted(finder.find(module, module.__name__), key=lambda t: t.name)
    for test in tests:
        runner.run(test, out=report.write)
    found = sum(len(test.examples) for test in tests)
    return found, runner.tries, runner.failures, report.getvalue()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for needed in EXTRAS.get(name, ()):
        pytest.importorskip(needed, reason=f"{name}'s examples need {needed} (an optional extra)")
    module = importlib.import_module(name)
    # Examples that write files do so under tempfile's directory; pointed here, it shows
    # whether they clean up after themselves (a reader copies the example as it is).
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    found, attempted, failed, report = _run_doctests(module)
    assert failed == 0, f"{failed} of {attempted} examples of {name} failed:\n{report}"
    # An example marked ``# doctest: +SKIP`` is documentation nobody checks: every one runs.
    assert attempted == found, f"{found - attempted} examples of {name} are skipped (+SKIP)"
    # multiprocessing's own directory (pymp-*) lives as long as the process, by design.
    left = sorted(p.name for p in scratch.iterdir() if not p.name.startswith("pymp-"))
    assert not left, f"the examples of {name} leave temporary files behind: {left}"


def test_a_skipped_example_fails() -> None:
    """A skipped example is seen: found but not run."""
    module = ModuleType("skipped_example")
    module.__doc__ = ">>> 1 + 1  # doctest: +SKIP\n3\n"
    assert _run_doctests(module)[:3] == (1, 0, 0)


def test_a_broken_example_fails() -> None:
    """The runner reports a wrong expected output (the test above can fail)."""
    module = ModuleType("broken_example")
    module.__doc__ = ">>> 1 + 1\n3\n"
    found, attempted, failed, report = _run_doctests(module)
    assert (found, attempted, failed) == (1, 1, 1)
    assert "Expected:\n    3\nGot:\n    2" in report


def test_extras_map_is_complete() -> None:
    """Every module that imports an optional extra is listed in EXTRAS."""
    for name in MODULES:
        source = inspect.getsource(importlib.import_module(name))
        if "import_extra(" in source and name != "spundetect.errors":
            assert name in EXTRAS, f"{name} imports an optional extra: list it in EXTRAS"


def _public_api() -> list[tuple[str, object]]:
    """The callables of ``spundetect.__all__`` and the public methods of Index and Comparison."""
    items: list[tuple[str, object]] = []
    for name in spundetect.__all__:
        obj = getattr(spundetect, name)
        if callable(obj):
            items.append((name, obj))
    for cls in (spundetect.Index, spundetect.Comparison):
        for attr, value in vars(cls).items():
            if attr.startswith("_"):
                continue
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if isinstance(value, property):
                value = value.fget
            if inspect.isfunction(value):
                items.append((f"{cls.__name__}.{attr}", value))
    return items


@pytest.mark.parametrize("name, obj", _public_api(), ids=[n for n, _ in _public_api()])
def test_public_api_has_an_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert re.search(r"^\s*>>> ", doc, re.MULTILINE), f"{name} has no runnable example (>>>) in its docstring"
