"""Render: the article JSON, the side-by-side review page, and the index page.

Pages are self-contained (inline CSS, no scripts needed to read, no network) and every
piece of article text passes through `html.escape`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Optional, Sequence

from .document import Article
from .files import write_text_atomic
from .schema import article_to_dict

_CSS = """
:root { color-scheme: light; --fg:#1b1b1b; --muted:#555; --line:#d0d0d0; --flag:#8a3b00; --flagbg:#fff1e0; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; max-width: 1200px; padding: 1.5rem; }
header h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
table.aligned { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.aligned th { text-align: left; border-bottom: 2px solid var(--fg); padding: .4rem .6rem; }
table.aligned td { vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid var(--line); }
tr.paragraph-start td { border-top: 2px solid #9a9a9a; }
tr.kind-title td, tr.kind-heading td { font-weight: 600; }
td.sid { width: 3.5rem; color: var(--muted); font-size: .8rem; }
.flag { display: inline-block; font-size: .75rem; color: var(--flag); background: var(--flagbg); border: 1px solid #e0b080; border-radius: 3px; padding: 0 .3rem; margin: .15rem .25rem 0 0; }
.missing { color: var(--muted); font-style: italic; }
details { margin: 1rem 0; }
details li { color: var(--muted); }
a:focus, td:focus { outline: 3px solid #1a5fb4; }
"""


def _flags_html(flags: Sequence[str]) -> str:
    return "".join(f'<span class="flag">{escape(f)}</span>' for f in flags)


def article_html(article: Article) -> str:
    sentences = {s.id: s for s in article.sentences}
    targets = {t.id: t for t in article.target_sentences}
    paragraphs = {p.index: p for p in article.paragraphs}
    rows = []
    beads = list(article.alignment) or [
        # Analyze-only output: no translation, one row per source sentence.
        type("Bead", (), {"source": (s.id,), "target": ()})() for s in article.sentences
    ]
    previous_paragraph: Optional[int] = None
    for bead in beads:
        source = [sentences[i] for i in bead.source if i in sentences]
        target = [targets[i] for i in bead.target if i in targets]
        paragraph = source[0].paragraph if source else (target[0].paragraph if target else previous_paragraph)
        kind = paragraphs[paragraph].kind if paragraph in paragraphs else "body"
        classes = [f"kind-{kind}"]
        if paragraph != previous_paragraph:
            classes.append("paragraph-start")
        previous_paragraph = paragraph
        ids = ", ".join(s.id for s in source)
        fr = " ".join(escape(s.text) for s in source)
        flags = _flags_html([f for s in source for f in s.flags])
        if target:
            en = " ".join(escape(t.text) for t in target)
        elif any(s.translation is not None for s in source):
            en = " ".join(escape(s.translation or "") for s in source)
        else:
            en = '<span class="missing">(not translated)</span>'
        rows.append(
            f'<tr class="{" ".join(classes)}" id="row-{escape(source[0].id if source else "x")}">'
            f'<td class="sid">{escape(ids)}</td><td lang="{escape(article.language)}">{fr}</td>'
            f'<td lang="en">{en}{" " + flags if flags else ""}</td></tr>'
        )
    removed = "".join(
        f"<li>line {r.line}: <q>{escape(r.text)}</q> — {escape(r.reason)}</li>" for r in article.removed
    )
    meta = " · ".join(escape(x) for x in (article.byline, article.date) if x)
    model = (
        f"Machine translation: {escape(article.model.name)} (beam {article.model.beam})" if article.model else "Not translated (analyze only)"
    )
    title = escape(article.title or article.id)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<p><a href="index.html">All articles</a></p>
<h1 lang="{escape(article.language)}">{title}</h1>
<p class="meta">{meta}{" · " if meta else ""}{model} · source: {escape(Path(article.source.path).name)}</p>
{_flags_html(article.flags)}
</header>
<main>
<table class="aligned">
<thead><tr><th scope="col">#</th><th scope="col">Original ({escape(article.language)})</th><th scope="col">English</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<details>
<summary>Removed as boilerplate ({len(article.removed)} lines)</summary>
<ul>{removed}</ul>
</details>
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class IndexEntry:
    id: str
    title: Optional[str]
    sentences: int
    status: str  # "ok" or the error message
    translated: bool = False


def index_html(entries: Sequence[IndexEntry]) -> str:
    items = []
    for e in entries:
        if e.status == "ok":
            label = escape(e.title or e.id)
            items.append(
                f'<li><a href="{escape(e.id)}.html">{label}</a> <span class="meta">({e.sentences} sentences'
                f'{", translated" if e.translated else ""})</span></li>'
            )
        else:
            items.append(f'<li>{escape(e.id)}: <span class="flag">failed</span> {escape(e.status)}</li>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Articles</title><style>{_CSS}</style></head>
<body><h1>Articles</h1><ul>{"".join(items)}</ul></body>
</html>
"""


def write_article(article: Article, out_dir: Path) -> list[Path]:
    """Write `<id>.json` and `<id>.html`; return the paths written."""
    json_path = out_dir / f"{article.id}.json"
    html_path = out_dir / f"{article.id}.html"
    write_text_atomic(json_path, json.dumps(article_to_dict(article), ensure_ascii=False, indent=2) + "\n")
    write_text_atomic(html_path, article_html(article))
    return [json_path, html_path]


def write_index(entries: Sequence[IndexEntry], out_dir: Path) -> Path:
    path = out_dir / "index.html"
    write_text_atomic(path, index_html(entries))
    return path
