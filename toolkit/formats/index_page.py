"""`index.html`: one line per article of an output folder, linking its review page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Optional, Sequence

from toolkit.document import Article
from toolkit.formats.atomic import write_text_atomic
from toolkit.formats.flag_explanations import flags_html, flags_legend
from toolkit.formats.page_style import BASE_CSS
from toolkit.formats.speakers_html import SPEAKERS_PAGE


@dataclass(frozen=True)
class IndexEntry:
    id: str
    title: Optional[str]
    sentences: int
    status: str  # "ok" or the error message
    title_translation: Optional[str] = None
    translated: bool = False
    date: Optional[str] = None
    flags: tuple[str, ...] = ()  # the article's own flags
    speakers: int = 0
    quotes: int = 0  # attributed speech: every quote but scare-quoted terms
    flagged: int = 0  # sentences and quotes that carry a flag
    checks: int = 0  # reviewer-check findings of its sentences and alignment beads


def index_entry(article: Article, status: str = "ok", translated: Optional[bool] = None) -> IndexEntry:
    """The index line of an article in memory."""
    return IndexEntry(
        id=article.id, title=article.title, title_translation=article.title_translation,
        sentences=len(article.sentences), status=status,
        translated=article.model is not None if translated is None else translated,
        date=article.date, flags=tuple(article.flags), speakers=len(article.speakers),
        quotes=sum(1 for q in article.quotes if q.type != "term"),
        flagged=sum(1 for x in (*article.sentences, *article.quotes) if x.flags),
        checks=sum(len(x.checks) for x in (*article.sentences, *article.alignment)),
    )


def index_entry_from_json(path: Path, status: str = "ok") -> Optional[IndexEntry]:
    """The index line of an article written earlier (`<id>.json`, schema toolkit.article/1 or /2),
    or None when the file cannot be read."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        quotes, sentences = data.get("quotes") or [], data.get("sentences") or []
        return IndexEntry(
            id=data["id"], title=data.get("title"), title_translation=data.get("title_translation"),
            sentences=len(sentences), status=status,
            translated=data.get("model") is not None, date=data.get("date"), flags=tuple(data.get("flags") or ()),
            speakers=len(data.get("speakers") or ()), quotes=sum(1 for q in quotes if q.get("type") != "term"),
            flagged=sum(1 for x in (*sentences, *quotes) if x.get("flags")),
            # A /1 file has no "checks": none counted.
            checks=sum(len(x.get("checks") or ()) for x in (*sentences, *(data.get("alignment") or ()))),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def index_html(entries: Sequence[IndexEntry]) -> str:
    items = []
    for e in entries:
        if e.status == "ok":
            label = escape(e.title_translation or e.title or e.id)
            if e.title_translation and e.title and e.title_translation != e.title:
                label += f' <span class="original-title" lang="fr">({escape(e.title)})</span>'
            facts = [escape(e.date) if e.date else "no date", _plural(e.sentences, "sentence"),
                     "translated" if e.translated else "not translated",
                     _plural(e.speakers, "speaker"), _plural(e.quotes, "quote")]
            if e.flagged:
                facts.append(f"{_plural(e.flagged, 'sentence or quote')} flagged")
            if e.checks:
                facts.append(f"{_plural(e.checks, 'finding')} to check")
            items.append(
                f'<li><a href="{escape(e.id)}.html">{label}</a> <span class="meta">({" · ".join(facts)})</span>'
                f'{" " + flags_html(e.flags) if e.flags else ""}</li>'
            )
        else:
            items.append(f'<li>{escape(e.id)}: <span class="flag">failed</span> {escape(e.status)}</li>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Articles</title><style>{BASE_CSS}</style></head>
<body><h1>Articles</h1><p><a href="{SPEAKERS_PAGE}">Speakers: who said what across all articles</a></p><ul class="articles">{"".join(items)}</ul>
{flags_legend([f for e in entries for f in e.flags])}</body>
</html>
"""



def write_index(entries: Sequence[IndexEntry], out_dir: Path) -> Path:
    path = out_dir / "index.html"
    write_text_atomic(path, index_html(entries))
    return path
