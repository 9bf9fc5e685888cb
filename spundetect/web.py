"""Web pages to text: the main text of an HTML page, without its menus, ads and footer.

Crawled collections are HTML. The words a reader sees as the page's text (the article)
sit among navigation, cookie banners, related links and footers that many pages of a
site share; left in, they would make every page of a site look like a copy of the
others. :func:`extract` keeps the main text with `trafilatura
<https://trafilatura.readthedocs.io>`_, a library made for this, installed by the
optional extra ``pip install "spundetect[web]"``; it is imported on the first call.

Everything else works on the extracted text: :func:`~spundetect.compare` takes texts
(``compare(extract(page_a), extract(page_b))``), :meth:`spundetect.Index.add` and
:meth:`~spundetect.Index.add_many` take ``format="html"`` and store the extracted text,
and the command line takes ``--format html``. Spans in results refer to the extracted
text, which is kept with them: :attr:`Comparison.original` and
:attr:`Comparison.suspect` are the texts compared, :meth:`Index.text` the text indexed.

Examples:
    >>> from spundetect.web import extract
    >>> page = ("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    ...         "<article><p>The two men met an old friend in Moscow on the third of May, "
    ...         "1999, and walked along the river for an hour.</p></article>"
    ...         "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>")
    >>> extract(page)
    'The two men met an old friend in Moscow on the third of May, 1999, and walked along the river for an hour.'
"""

from __future__ import annotations

from typing import Literal

from spundetect.errors import InputError, InputTypeError, SettingsError, describe, import_extra

__all__ = ["FORMATS", "Format", "extract", "as_text", "check_format"]

Format = Literal["text", "html"]
FORMATS: tuple[str, ...] = ("text", "html")
"""The input formats: plain text, or an HTML page whose main text is extracted."""


def extract(html: str) -> str:
    """The main text of an HTML page (trafilatura), paragraphs on lines of their own.

    Menus, headers, footers, comment sections and other boilerplate are left out; headings,
    paragraphs, lists and tables of the main content are kept, in order.

    Args:
        html: a whole HTML page (``<html>...</html>``), decoded (a fragment without a
            ``<body>`` often yields nothing).

    Returns:
        The extracted text, never empty.

    Raises:
        InputTypeError: ``html`` is not a ``str`` (E101).
        InputError: the page has no main text trafilatura can find (E104).
        MissingExtraError: trafilatura is not installed (E201).

    Examples:
        >>> from spundetect.web import extract
        >>> extract("<html><body><p>A short page with one paragraph of text in it.</p></body></html>")
        'A short page with one paragraph of text in it.'
    """
    if not isinstance(html, str):
        raise InputTypeError(
            f"html must be a str (decode bytes first, e.g. data.decode('utf-8')), got {describe(html)}",
            code="E101",
        )
    trafilatura = import_extra("trafilatura", extra="web", user="HTML input (spundetect.web)")
    # Comments are readers' text, not the page's; tables are kept (they carry content).
    text = trafilatura.extract(html, include_comments=False, include_tables=True) if html.strip() else None
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            f"no main text found in the HTML ({len(html)} characters: {describe(html[:40], 50)}); "
            f"give a whole page, or pass the text itself with format 'text'",
            code="E104",
        )
    return text


def as_text(content: str, format: str) -> str:
    """``content`` as text: itself for ``"text"``, :func:`extract` of it for ``"html"``.

    Raises:
        SettingsError: ``format`` is not one of :data:`FORMATS` (E110).
        InputTypeError, InputError, MissingExtraError: as :func:`extract`, for HTML.

    Examples:
        >>> from spundetect.web import as_text
        >>> as_text("Plain words.", "text")
        'Plain words.'
    """
    return extract(content) if check_format(format) == "html" else content


def check_format(format: object) -> str:
    """``format`` when it is one of :data:`FORMATS`; for ``"html"``, trafilatura is imported
    too, so that a missing extra fails before any input is read.

    Raises:
        SettingsError: ``format`` is not one of :data:`FORMATS` (E110).
        MissingExtraError: ``"html"`` without ``spundetect[web]`` (E201).

    Examples:
        >>> from spundetect.web import check_format
        >>> check_format("text")
        'text'
    """
    if format not in FORMATS:
        raise SettingsError(f"format must be one of {', '.join(FORMATS)}, got {describe(format)}", code="E110")
    if format == "html":
        import_extra("trafilatura", extra="web", user="HTML input (spundetect.web)")
    return str(format)
