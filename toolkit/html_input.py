"""HTML saved as .txt: detect it and keep only the article, with trafilatura.

Scrapers sometimes save the page instead of its text. Feeding markup to the cleaner
would turn every tag into a "sentence", so a file that is clearly an HTML document is
replaced by the main content trafilatura extracts, and the article is flagged
`html_extracted`. Degradation (documented in docs/batch.md): offsets and the removed-lines
list then refer to the extracted text, not to the bytes on disk.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .document import Article, OffsetMap
from .errors import IngestError

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
    tags = _TAG.findall(text)
    return len(tags) >= 20 and sum(map(len, tags)) > 0.1 * len(text)


def extract_main_text(html: str) -> str:
    """The article's main content as paragraphs separated by blank lines."""
    try:
        import trafilatura
    except ImportError as exc:  # the dependency is declared; this is a broken install
        raise IngestError(f"HTML page saved as text, and trafilatura cannot be imported to extract it: {exc}") from exc
    extracted = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True, with_metadata=False)
    if not extracted or not extracted.strip():
        raise IngestError("HTML page saved as text, and no article text could be extracted from it")
    lines = [line.strip() for line in extracted.splitlines() if line.strip()]
    return "\n\n".join(lines) + "\n"


def extract_html_article(article: Article) -> Article:
    """Return the article unchanged, or its HTML replaced by the extracted text (flagged)."""
    if not looks_like_html(article.raw_text):
        return article
    text = extract_main_text(article.raw_text)
    return replace(article, raw_text=text, offset_map=OffsetMap(), flags=tuple(dict.fromkeys(article.flags + (FLAG_HTML_EXTRACTED,))))
