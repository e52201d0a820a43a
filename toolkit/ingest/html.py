"""HTML saved as .txt: detect it and keep only the article, with trafilatura.

Scrapers sometimes save the page instead of its text. Feeding markup to the cleaner
would turn every tag into a "sentence", so a file that is clearly an HTML document (or a
fragment of one: starts with a tag and ends with one) is replaced by the main content
trafilatura extracts, and the article is flagged `html_extracted`. The page's author and
date come from its markup (meta tags, `<time>`, JSON-LD, byline elements), since the
extracted text no longer holds them; an <h1> headline the extraction left out is put back
as the first line. Degradation (documented in docs/batch.md): offsets and the removed-lines list
then refer to the extracted text, not to the bytes on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from toolkit.document import Article, OffsetMap
from toolkit.errors import IngestError

FLAG_HTML_EXTRACTED = "html_extracted"

_DOCUMENT_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)
_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|h[1-6]|article|section|script|style|meta|link|nav|footer|header|img|table|td|tr)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """A whole HTML document, or text where markup is a large part of the content.

    An article that merely quotes a `<script>` tag or two is not HTML: it stays text.
    """
    head = text.lstrip()[:4096]
    if _DOCUMENT_TAG.search(head) and head.startswith("<"):
        return True
    if _TAG.match(head) and text.rstrip().endswith(">"):
        return True  # a fragment: the page's <article> or <div> saved alone
    tags = _TAG.findall(text)
    return len(tags) >= 20 and sum(map(len, tags)) > 0.1 * len(text)


@dataclass(frozen=True)
class ExtractedPage:
    text: str  # paragraphs separated by blank lines
    title: Optional[str]
    byline: Optional[str]
    date: Optional[str]  # ISO YYYY-MM-DD


def extract_page(html: str) -> ExtractedPage:
    """The page's main content, title, author and date."""
    try:
        import trafilatura
    except ImportError as exc:  # the dependency is declared; this is a broken install
        raise IngestError(f"HTML page saved as text, and trafilatura cannot be imported to extract it: {exc}") from exc
    page = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, favor_recall=True, with_metadata=True,
        # A date from the markup only: guessing from any number in the page is the
        # cleaner's job on the text, with its own rules.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    extracted = page.text if page is not None else None
    if not extracted or not extracted.strip():
        raise IngestError("HTML page saved as text, and no article text could be extracted from it")
    lines = [line.strip() for line in extracted.splitlines() if line.strip()]
    title = (page.title or "").strip() or None
    if title and title not in lines and title in _h1_texts(html):
        lines.insert(0, title)  # the page's own headline, which extraction sometimes drops
    return ExtractedPage(
        text="\n\n".join(lines) + "\n", title=title, byline=(page.author or "").strip() or None, date=page.date or None
    )


def _h1_texts(html: str) -> set[str]:
    """The page's <h1> headlines, whitespace collapsed. (Not the <title> or og:title, which
    often differ from the headline: those are never put into the text.)"""
    import lxml.html  # a dependency of trafilatura

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return set()
    return {" ".join(h1.text_content().split()) for h1 in root.iter("h1")}


def extract_html_article(article: Article) -> Article:
    """Return the article unchanged, or its HTML replaced by the extracted text (flagged),
    with the page's author and date as its byline and date."""
    if not looks_like_html(article.raw_text):
        return article
    page = extract_page(article.raw_text)
    return replace(
        article, raw_text=page.text, offset_map=OffsetMap(), byline=page.byline, date=page.date,
        flags=tuple(dict.fromkeys(article.flags + (FLAG_HTML_EXTRACTED,))),
    )
