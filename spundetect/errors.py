"""The library's exceptions.

Every error carries a stable ``code`` (``"E1xx"`` for bad arguments, ``"E2xx"`` for
missing resources, ``"E3xx"`` for input files) and a message that names the argument,
the value that was wrong and what is allowed. Catch :class:`SpundetectError` to catch
them all.

Examples:
    >>> import spundetect
    >>> try:
    ...     spundetect.compare(None, "text")
    ... except spundetect.InputError as err:
    ...     print(err.code)
    E101
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "SpundetectError",
    "InputError",
    "SettingsError",
    "InputTypeError",
    "ResourceError",
    "FileFormatError",
    "MissingExtraError",
]


class SpundetectError(Exception):
    """Base class of every error the library raises on purpose.

    Attributes:
        code: a stable code such as ``"E101"``; documented in ``docs/errors.md``.
        message: the human-readable text, without the code.

    Examples:
        >>> import spundetect
        >>> try:
        ...     spundetect.compare("An old friend.", "A previous pal.", threshold=2)
        ... except spundetect.SpundetectError as err:
        ...     print(err.code, err.message)
        E110 threshold must be a number in (0, 1], got 2 (type int)
    """

    code: str = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class InputError(SpundetectError, ValueError):
    """An input text (``original`` or ``suspect``) is not usable.

    Subclasses ``ValueError`` (and, for wrong types, is raised as :class:`InputTypeError`,
    which also subclasses ``TypeError``), so generic handlers keep working.

    Examples:
        >>> import spundetect
        >>> try:
        ...     spundetect.compare("An old friend.\\ud800", "A previous pal.")
        ... except spundetect.InputError as err:
        ...     print(err.code, isinstance(err, ValueError))
        E103 True
    """

    code = "E100"


class InputTypeError(InputError, TypeError):
    """An input text is not a ``str``.

    Examples:
        >>> import spundetect
        >>> try:
        ...     spundetect.compare(b"An old friend.", "A previous pal.")
        ... except TypeError as err:
        ...     print(type(err).__name__, err.code)
        InputTypeError E101
    """

    code = "E101"


class SettingsError(SpundetectError, ValueError):
    """A keyword option has a value outside what is allowed.

    Examples:
        >>> import spundetect
        >>> try:
        ...     spundetect.compare("An old friend.", "A previous pal.", min_similarity=2)
        ... except spundetect.SettingsError as err:
        ...     print(err)
        [E110] min_similarity must be a number in [0, 1], got 2 (type int)
    """

    code = "E110"


class ResourceError(SpundetectError, RuntimeError):
    """A resource the library needs (shipped data, a named spaCy pipeline) is missing.

    Examples:
        >>> import spundetect
        >>> try:
        ...     spundetect.compare("An old friend.", "A previous pal.", pipeline="no_such_pipeline")
        ... except spundetect.ResourceError as err:
        ...     print(err.code)
        E200
    """

    code = "E200"


class MissingExtraError(ResourceError, ImportError):
    """An optional dependency is not installed (``spundetect[dask]``, ``spundetect[web]``).

    A :class:`ResourceError` with code ``E201``, and an ``ImportError``; the message says
    which extra to install.
    """

    code = "E201"


def import_extra(module: str, *, extra: str, user: str) -> Any:
    """Import ``module`` from an optional extra, or raise :class:`MissingExtraError`.

    Args:
        module: the module to import (``"dask.dataframe"``).
        extra: the extra that installs it (``"dask"``).
        user: what needs it, for the message (``"spundetect.distributed"``).
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingExtraError(
            f"{module} is needed for {user} but cannot be imported ({err}); "
            f'install the optional extra: pip install "spundetect[{extra}]"'
        ) from err


class FileFormatError(SpundetectError, ValueError):
    """An input file (pairs file, text file) cannot be read as documented.

    Examples:
        >>> import spundetect
        >>> from spundetect.batch import read_text_file
        >>> try:
        ...     read_text_file("no/such/file.txt")
        ... except spundetect.FileFormatError as err:
        ...     print(err)
        [E306] no/such/file.txt: cannot open the file: No such file or directory
    """

    code = "E300"


def describe(value: object, limit: int = 60) -> str:
    """Return a short, safe description of ``value`` for error messages."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"{text} (type {type(value).__name__})"
