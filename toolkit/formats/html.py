"""Render an article: its JSON, its side-by-side review page (`<id>.html`) and its XLIFF.
The index page is toolkit/formats/index_page.py; the speakers page speakers_html.py.

Pages are self-contained (inline CSS, no scripts needed to read, no network) and every
piece of article text passes through `html.escape`.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Optional, Sequence

from toolkit.document import Article, Finding, QuoteSpan, Sentence, Speaker
from toolkit.formats.atomic import write_text_atomic
from toolkit.formats.flag_explanations import flags_html, flags_legend
from toolkit.formats.page_style import BASE_CSS
from toolkit.formats.schema import article_to_dict
from toolkit.formats.speakers_html import speaker_link

# Light backgrounds with dark borders: text on them keeps a contrast ratio above 7:1. None
# of them is grey: grey means "speaker not identified" (_NO_SPEAKER).
_PALETTE = (
    ("#dbeafe", "#1d4ed8"), ("#fde2e2", "#b91c1c"), ("#dcfce7", "#15803d"), ("#fef3c7", "#b45309"),
    ("#ede9fe", "#6d28d9"), ("#cffafe", "#0e7490"), ("#fce7f3", "#be185d"), ("#ecfccb", "#4d7c0f"),
)
_NO_SPEAKER = ("#f1f1f1", "#777777")
# From the 9th speaker on the colours come round again, striped (a different angle each
# round) so two speakers never look alike; white stripes keep the contrast.
_STRIPE_ANGLES = (135, 45, 90, 0)


def _speaker_colour(position: int) -> tuple[str, str]:
    background, border = _PALETTE[position % len(_PALETTE)]
    round_ = position // len(_PALETTE)
    if round_ == 0:
        return background, border
    angle = _STRIPE_ANGLES[(round_ - 1) % len(_STRIPE_ANGLES)]
    return f"repeating-linear-gradient({angle}deg,{background} 0 6px,#ffffff 6px 9px)", border



def _findings_html(findings: Sequence[Finding]) -> str:
    """The reviewer checks' findings, each its kind (an explained chip) and what it saw."""
    if not findings:
        return ""
    items = "".join(f'<li>{flags_html([f.kind])} <span class="finding-message">{escape(f.message)}</span></li>' for f in findings)
    return f'<ul class="findings">{items}</ul>'


def _check_these(located: Sequence[tuple[str, str, Finding]]) -> str:
    """The list at the top of the page: every finding, linking to its row. `located`:
    (row id, sentence ids shown in that row, finding), in reading order."""
    if not located:
        return ""
    items = "".join(
        f'<li><a href="#{escape(row)}">{escape(ids)}</a> {flags_html([f.kind])} <span class="finding-message">{escape(f.message)}</span></li>'
        for row, ids, f in located
    )
    return (
        '<section class="checks" aria-labelledby="check-these"><h2 id="check-these">Check these '
        f'({len(located)})</h2><p class="meta">Where the English may not say what the original says '
        f'(automatic checks: some are false alarms).</p><ol>{items}</ol></section>'
    )


def speaker_colours(article: Article) -> dict[Optional[str], tuple[str, str]]:
    colours: dict[Optional[str], tuple[str, str]] = {None: _NO_SPEAKER}
    for i, speaker in enumerate(article.speakers):
        colours[speaker.id] = _speaker_colour(i)
    return colours


class _PageIndex:
    """What every row of one article's page looks up, computed once per article: the page
    must cost time linear in the article (a 3,000-sentence article took minutes when each
    row scanned every quote and recomputed the speaker colours)."""

    def __init__(self, article: Article):
        self.article = article
        self.colours = speaker_colours(article)
        self.speakers = {sp.id: sp for sp in article.speakers}
        self.by_source: dict[str, list[QuoteSpan]] = {}  # sentence id -> quotes over it
        self.by_target: dict[str, list[QuoteSpan]] = {}
        self.ending_in: dict[str, list[QuoteSpan]] = {}  # sentence id -> quotes ending there
        for q in article.quotes:
            for sid in q.sentences:
                self.by_source.setdefault(sid, []).append(q)
            for tid in q.target_sentences:
                self.by_target.setdefault(tid, []).append(q)
            if q.sentences:
                self.ending_in.setdefault(q.sentences[-1], []).append(q)


_last_index: Optional[_PageIndex] = None


def _page_index(article: Article) -> _PageIndex:
    """The index of `article`, reused while the same article object is being rendered
    (identity, not equality: hashing a whole article would cost as much as the scan)."""
    global _last_index
    if _last_index is None or _last_index.article is not article:
        _last_index = _PageIndex(article)
    return _last_index


def speaker_role(speaker: Speaker) -> Optional[str]:
    """Who the speaker is, for a reader of English: the English of the description with the
    French beside it ("the mayor (La maire)"); the French alone before translation."""
    if not speaker.description:
        return None
    english = speaker.description_translation
    if english and english != speaker.description:
        return f"{english} ({speaker.description})"
    return speaker.description


def _quote_label(quote: QuoteSpan, speakers: dict[str, Speaker]) -> str:
    speaker = speakers.get(quote.speaker) if quote.speaker else None
    who = speaker.name if speaker else (quote.speaker_name or "speaker unknown")
    if speaker and speaker.description:
        who += f", {speaker_role(speaker)}"
    kind = "reported speech, not verbatim" if quote.type == "indirect" else f"{quote.type} quote"
    return f"{kind} ({quote.id}) — {who}" + (f" — {', '.join(quote.flags)}" if quote.flags else "")


def _highlight(text: str, segments: Sequence[tuple[int, int, QuoteSpan]], article: Article, side: str) -> str:
    """HTML for `text` with quote segments (offsets into `text`) wrapped in nested <mark>s.

    Quotes nest by construction; a segment that would cross another is clipped to it so
    the markup stays well-formed.
    """
    index = _page_index(article)
    colours, speakers = index.colours, index.speakers
    ordered = sorted(segments, key=lambda seg: (seg[0], -seg[1]))
    out: list[str] = []
    stack: list[int] = []  # end offsets of open marks
    pos = 0
    for start, end, quote in ordered:
        start = max(start, pos)
        while stack and stack[-1] <= start:
            out.append(escape(text[pos : stack[-1]]) + "</mark>")
            pos = stack.pop()
        if stack:
            end = min(end, stack[-1])
        if end <= start:
            continue
        out.append(escape(text[pos:start]))
        pos = start
        background, border = colours.get(quote.speaker, _NO_SPEAKER)
        label = escape(_quote_label(quote, speakers))
        out.append(
            f'<mark class="q q-{escape(quote.type)}" data-q="{escape(quote.id)}" data-side="{side}" tabindex="0" '
            f'style="--c:{background};--b:{border}" title="{label}" aria-label="{label}">'
        )
        stack.append(end)
    while stack:
        end = stack.pop()
        out.append(escape(text[pos:end]) + "</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _source_segments(article: Article, sentence: Sentence) -> list[tuple[int, int, QuoteSpan]]:
    segs = []
    for q in _page_index(article).by_source.get(sentence.id, ()):
        start, end = max(q.start, sentence.start), min(q.end, sentence.end)
        if start < end:
            segs.append((start - sentence.start, end - sentence.start, q))
    return segs


def _target_segments(article: Article, sentence_id: str, text: str) -> list[tuple[int, int, QuoteSpan]]:
    segs = []
    for q in _page_index(article).by_target.get(sentence_id, ()):
        ids = q.target_sentences
        if sentence_id not in ids or q.target_start is None or q.target_end is None:
            continue
        start = q.target_start if sentence_id == ids[0] else 0
        end = q.target_end if sentence_id == ids[-1] else len(text)
        if start < end:
            segs.append((start, end, q))
    return segs


def _speaker_badges(article: Article, sentence: Sentence) -> str:
    """After a sentence where a quote ends: who said it, visible without hovering."""
    index = _page_index(article)
    speakers, colours = index.speakers, index.colours
    badges = []
    shown: set[Optional[str]] = set()
    for q in index.ending_in.get(sentence.id, ()):
        if q.type == "term" or not q.sentences or q.sentences[-1] != sentence.id or q.speaker in shown:
            continue
        shown.add(q.speaker)
        speaker = speakers.get(q.speaker) if q.speaker else None
        background, border = colours.get(q.speaker, _NO_SPEAKER)
        name = speaker.name if speaker else "speaker unknown"
        if speaker and speaker.description:
            name += f", {speaker_role(speaker)}"
        badges.append(f'<span class="who" style="--c:{background};--b:{border}">{escape(name)}</span>')
    return "".join(badges)


def _who_said_what(article: Article) -> str:
    if not article.quotes:
        return ""
    colours = speaker_colours(article)
    row_of = {s.id: f"row-{s.id}" for s in article.sentences}
    groups: list[tuple[Optional[Speaker], list[QuoteSpan]]] = [
        (sp, [q for q in article.quotes if q.speaker == sp.id]) for sp in article.speakers
    ]
    unattributed = [q for q in article.quotes if q.speaker is None and q.type != "term"]
    if unattributed:
        groups.append((None, unattributed))
    items = []
    for speaker, quotes in groups:
        if not quotes:
            continue
        background, border = colours.get(speaker.id if speaker else None, _NO_SPEAKER)
        name = (
            f'<a href="{escape(speaker_link(article.id, speaker.id))}" title="all their quotes in every article">{escape(speaker.name)}</a>'
            if speaker else "Speaker not identified"
        )
        role = f' <span class="role">— {escape(speaker_role(speaker))}</span>' if speaker and speaker.description else ""
        lines = []
        for q in quotes:
            english = q.translation if q.translation is not None else q.text
            lang = "en" if q.translation is not None else article.language
            anchor = row_of.get(q.sentences[0]) if q.sentences else None
            link = f'<a href="#{anchor}">{escape(q.id)}</a>' if anchor else escape(q.id)
            parent = f" (inside {escape(q.parent)})" if q.parent else ""
            if q.type == "indirect":  # paraphrase: never inside quotation marks
                lines.append(
                    f'<li class="reported">{link} <span class="reported-label">reported (not verbatim)</span>{parent}: '
                    f'<span class="paraphrase" lang="{lang}">{escape(english)}</span> {flags_html(q.flags)}{_findings_html(q.checks)}</li>'
                )
            else:
                lines.append(f'<li>{link} <em>{escape(q.type)}</em>{parent}: <q lang="{lang}">{escape(english)}</q> {flags_html(q.flags)}{_findings_html(q.checks)}</li>')
        items.append(f'<li style="--b:{border};--c:{background}"><strong>{name}</strong>{role}<ol>{"".join(lines)}</ol></li>')
    return f'<section class="speakers" aria-labelledby="who-said-what"><h2 id="who-said-what">Who said what</h2><ul>{"".join(items)}</ul></section>'


def _counterpart_css(article: Article) -> str:
    """Hovering or focusing a quote outlines it in both columns: pure CSS (:has), so it
    works with JavaScript off."""
    rules = [
        f'body:has(mark[data-q="{q.id}"]:is(:hover,:focus)) mark[data-q="{q.id}"]{{outline:3px solid #1a5fb4}}'
        for q in article.quotes
    ]
    return "\n".join(rules)


_SCRIPT = """
// Progressive enhancement only: the page reads the same without it.
document.querySelectorAll('mark.q').forEach(function (m) {
  function set(on) {
    document.querySelectorAll('mark.q[data-q="' + m.dataset.q + '"]').forEach(function (o) { o.classList.toggle('hl', on); });
  }
  m.addEventListener('focus', function () { set(true); });
  m.addEventListener('blur', function () { set(false); });
});
"""


def article_html(article: Article) -> str:
    sentences = {s.id: s for s in article.sentences}
    targets = {t.id: t for t in article.target_sentences}
    paragraphs = {p.index: p for p in article.paragraphs}
    rows = []
    located: list[tuple[str, str, Finding]] = []  # the findings of each row, for "Check these"
    beads = [(b.source, b.target, b.checks) for b in article.alignment] or [
        ((s.id,), (), ()) for s in article.sentences  # analyze only: one row per source sentence
    ]
    previous_paragraph: Optional[int] = None
    for source_ids, target_ids, bead_checks in beads:
        source = [sentences[i] for i in source_ids if i in sentences]
        target = [targets[i] for i in target_ids if i in targets]
        paragraph = source[0].paragraph if source else (target[0].paragraph if target else previous_paragraph)
        kind = paragraphs[paragraph].kind if paragraph in paragraphs else "body"
        classes = [f"kind-{kind}"]
        if paragraph != previous_paragraph:
            classes.append("paragraph-start")
        previous_paragraph = paragraph
        ids = ", ".join(s.id for s in source)
        fr = " ".join(_highlight(s.text, _source_segments(article, s), article, "fr") for s in source)
        flags = flags_html([f for s in source for f in s.flags])
        if target:
            en = " ".join(_highlight(t.text, _target_segments(article, t.id, t.text), article, "en") for t in target)
        else:
            en = '<span class="missing">(not translated)</span>'
        badges = "".join(_speaker_badges(article, s) for s in source)
        row_id = f"row-{source[0].id}" if source else f"row-{target[0].id}" if target else ""
        # A machine translation's findings are on its sentences, a human one's on the bead.
        findings = [*bead_checks, *(f for s in source for f in s.checks)]
        located.extend((row_id, ids, f) for f in findings)
        rows.append(
            f'<tr class="{" ".join(classes)}" id="{escape(row_id)}">'
            f'<td class="sid">{escape(ids)}</td><td lang="{escape(article.language)}" data-column="Original">{fr}</td>'
            f'<td lang="en" data-column="English">{en}{badges}{" " + flags if flags else ""}{_findings_html(findings)}</td></tr>'
        )
    removed = "".join(
        f"<li>line {r.line}: <q>{escape(r.text)}</q> — {escape(r.reason)}</li>" for r in article.removed
    )
    meta = " · ".join(escape(x) for x in (article.byline, article.date) if x)
    model = (
        f"Machine translation: {escape(article.model.name)} (beam {article.model.beam})" if article.model else "Not translated (analyze only)"
    )
    title = escape(article.title_translation or article.title or article.id)
    if article.title_translation and article.title and article.title_translation != article.title:
        heading = (f'<h1 lang="en">{title}</h1>\n<p class="original-title" lang="{escape(article.language)}">'
                   f'Original title: {escape(article.title)}</p>')
    else:
        heading = f'<h1 lang="{escape(article.language)}">{title}</h1>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{BASE_CSS}
{_counterpart_css(article)}</style>
</head>
<body>
<header>
<p><a href="index.html">All articles</a></p>
{heading}
<p class="meta">{meta}{" · " if meta else ""}{model} · source: {escape(Path(article.source.path).name)}</p>
{flags_html(article.flags)}
</header>
<main>
{_check_these(located)}
{_who_said_what(article)}
<table class="aligned">
<thead><tr><th scope="col" class="sid">#</th><th scope="col">Original ({escape(article.language)})</th><th scope="col">English</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
{flags_legend([*article.flags, *(f for s in article.sentences for f in s.flags), *(f for q in article.quotes for f in q.flags), *(f.kind for _, _, f in located)])}
<details>
<summary>Removed as boilerplate ({len(article.removed)} lines)</summary>
<ul>{removed}</ul>
</details>
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def write_article(article: Article, out_dir: Path, xliff_version: str = "2.1") -> list[Path]:
    """Write `<id>.json`, `<id>.html` and `<id>.xlf` (XLIFF `xliff_version`); return the paths written."""
    from toolkit.formats.xliff import article_xliff

    paths = [out_dir / f"{article.id}.{suffix}" for suffix in ("json", "html", "xlf")]
    write_text_atomic(paths[0], json.dumps(article_to_dict(article), ensure_ascii=False, indent=2) + "\n")
    write_text_atomic(paths[1], article_html(article))
    write_text_atomic(paths[2], article_xliff(article, version=xliff_version))
    return paths
