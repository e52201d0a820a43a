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
from urllib.parse import quote as url_quote

from toolkit.document import Article, Finding, QuoteSpan, Sentence, Speaker
from toolkit.formats.atomic import write_text_atomic
from toolkit.formats.schema import article_to_dict

_CSS = """
:root { color-scheme: light; --fg:#1b1b1b; --muted:#555; --line:#d0d0d0; --flag:#8a3b00; --flagbg:#fff1e0; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; margin: 0 auto; max-width: 1200px; padding: 1.5rem; }
header h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
table.aligned { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.aligned th { text-align: left; border-bottom: 2px solid var(--fg); padding: .4rem .6rem; }
table.aligned td { vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid var(--line); }
body, td, li, h1, .meta { overflow-wrap: anywhere; }
tr.paragraph-start td { border-top: 2px solid #9a9a9a; }
tr.kind-title td, tr.kind-heading td { font-weight: 600; }
th.sid { width: 3.5rem; }
td.sid { color: var(--muted); font-size: .8rem; }
.flag { display: inline-block; font-size: .75rem; color: var(--flag); background: var(--flagbg); border: 1px solid #e0b080; border-radius: 3px; padding: 0 .3rem; margin: .15rem .25rem 0 0; }
.flag:focus { outline: 2px solid #1a5fb4; }
.flag:focus::after { content: attr(title); display: block; color: var(--fg); font-size: .8rem; padding: .2rem 0; max-width: 36rem; }
details.legend dt { font-family: ui-monospace, monospace; font-size: .85rem; color: var(--flag); }
details.legend dd { margin: 0 0 .4rem 1rem; }
.missing { color: var(--muted); font-style: italic; }
details { margin: 1rem 0; }
details li { color: var(--muted); }
a:focus, mark:focus { outline: 3px solid #1a5fb4; outline-offset: 1px; }
mark.q { color: inherit; background: var(--c); border-bottom: 2px solid var(--b); border-radius: 2px; padding: 0 1px; cursor: help; }
mark.q mark.q { border-bottom-style: dashed; }
mark.q.hl { outline: 3px solid #1a5fb4; }
/* Reported speech is the writer's paraphrase: no fill, a dotted line, italic, never quote marks. */
mark.q-indirect { background: transparent; border-bottom: 2px dotted var(--b); font-style: italic; }
.reported-label { font-size: .85rem; font-weight: 600; color: var(--muted); }
.paraphrase { font-style: italic; }
mark.q-term { background: #eeeeee; border-bottom-color: #888; }
.who { font-size: .75rem; font-weight: 600; color: #222; background: var(--c); border: 1px solid var(--b); border-radius: 3px; padding: 0 .25rem; margin-left: .2rem; display: inline-block; max-width: 100%; box-sizing: border-box; }
section.speakers { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; margin: 0 0 1.25rem; }
section.speakers h2 { font-size: 1.1rem; margin: .25rem 0 .5rem; }
section.speakers > ul { list-style: none; padding: 0; margin: 0; }
section.speakers > ul > li { margin: .4rem 0; padding-left: .6rem; border-left: 6px solid var(--b); }
section.speakers ol { margin: .2rem 0 .4rem; }
.role { color: var(--muted); }
.original-title { color: var(--muted); font-size: .9rem; }
ul.articles li { margin: .35rem 0; }
/* Reviewer checks: where the English may not say what the French says. */
section.checks { border: 2px solid #e0b080; background: #fffaf3; border-radius: 6px; padding: .5rem 1rem; margin: 0 0 1.25rem; }
section.checks h2 { font-size: 1.1rem; margin: .25rem 0 .5rem; }
section.checks ol { margin: 0; padding-left: 1.5rem; }
ul.findings { list-style: none; margin: .3rem 0 0; padding: 0; font-size: .9rem; }
ul.findings li { margin: .15rem 0; padding-left: .4rem; border-left: 3px solid #e0b080; }
.finding-message { color: var(--fg); }
/* A phone: the columns stack (original above English), each labelled, so neither is squeezed. */
@media (max-width: 700px) {
  body { padding: .75rem; }
  table.aligned, table.aligned tbody, table.aligned tr, table.aligned td { display: block; width: auto; }
  table.aligned thead { display: none; }
  table.aligned td { border-bottom: 0; padding: .2rem 0; }
  table.aligned tr { border-bottom: 1px solid var(--line); padding: .3rem 0; }
  tr.paragraph-start { border-top: 2px solid #9a9a9a; }
  tr.paragraph-start td { border-top: 0; }
  table.aligned td[data-column]::before { content: attr(data-column); display: block; font-size: .7rem; color: var(--muted); text-transform: uppercase; }
}
"""

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


# Every flag the toolkit puts on an article, a sentence or a quote, said for the reader:
# what it means and what to do. The one home of these sentences (page tooltips, legend).
FLAG_EXPLANATIONS: dict[str, str] = {
    # article
    "no_body_text": "Nothing was left once boilerplate was removed. Check the removed lines: the article text may have been mistaken for boilerplate.",
    "mass_removal": "Cleaning removed more than half of this file as boilerplate or repeated lines. Check the removed lines: article text may have been dropped with them.",
    "html_extracted": "The file was a saved web page; the article text was extracted from its HTML. Check the text is complete; line numbers refer to the extracted text, not the file.",
    "not_source_language": "This text does not look French (often it is already English), so it was passed through untranslated. If it is French after all, it needs translating.",
    "language:": "The language the detector guessed for this text (after the colon). Informational.",
    # sentence
    "split_for_length": "The sentence was too long for the model, so it was translated in pieces cut at clause boundaries and re-joined (nothing dropped). Read the joins: the wording there may be stilted.",
    "length_limit_reached": "The translation hit its length cap and may be cut short or stuck repeating. Compare with the original and check nothing is missing at the end.",
    "no_words": "Nothing to translate here (numbers or punctuation only); it is copied as is.",
    "quote_marks_repaired": "The model lost or moved the quotation marks, so the sentence was translated again in pieces around the quote. The quote's words are placed exactly, but read the joins: the English may be less fluent there.",
    "repetition": "The English repeats the same words several times, a typical machine-translation glitch. Compare with the original before relying on it.",
    "length_ratio": "The English is much shorter or longer than the original (less than half or more than twice), so something may be missing or invented. Compare with the original.",
    # quote: found in the French
    "unclosed_quote": "The quotation opens but never closes in the original; it was ended at the nearest sensible boundary. Where the quoted words really end is a guess: check the original.",
    "unopened_quote": "The original closes a quotation that was never opened; where it starts is a guess. Check the original.",
    "unverified_claim": "The original reports this with a conditional (\"aurait…\"), the French way of saying it is an unconfirmed claim. Do not present it as established fact.",
    "unmarked": "Direct speech the original prints without quotation marks (a first-person paragraph after someone was quoted); whose words they are is inferred from the paragraphs around it. Check the original before quoting it as theirs.",
    "dialogue_turn": "A turn of a dialogue marked with dashes (— Question ? — Answer, he says.), as interviews are written; who speaks each turn comes from the text around it. Check the original when the attribution matters.",
    "split_incise": "The quotation is interrupted by its attribution (\"…, he said, …\"); the highlight includes those words although they are not the speaker's.",
    "speaker_unresolved": "No speaker could be identified for this speech. Check the original before attributing it.",
    # quote: carried into the English
    "marks_recovered": "The English span was found from the quotation marks the translation kept: reliable.",
    "split_translation": "The English span comes from translating the quote separately from its sentence: the boundaries are exact, the wording may read less naturally.",
    "span_reported_clause": "Reported speech: the English highlight covers the reported clause (after \"that\" or \"according to …,\"), found from the sentence's wording rather than quotation marks. It is a paraphrase, not the speaker's words.",
    "span_sentence_level": "Reported speech whose clause could not be found in the English (no \"that\" or \"according to\" to mark it, or spread over several sentences), so the highlight covers the whole sentence(s) that render it, attribution and anything else in them included. Read it as approximate.",
    "span_to_sentence_boundary": "One quotation mark is missing in the original, so the English highlight runs to the sentence boundary and may include words that are not quoted.",
    "quote_lost": "The quote could not be located in the English (the reason follows). Read the original for it.",
    "not_translated": "The sentences holding this quote have no translation.",
    "marks_not_recovered": "The translation dropped the quotation marks and no repair was possible, so the quote's place in the English is unknown.",
    # quote: projected onto an aligned human translation (toolkit align)
    "projected_marks": "Found in the human translation between its quotation marks: reliable.",
    "projected_same_word": "The quoted term appears unchanged (without marks) in the human translation; that word is highlighted.",
    "projected_sentence_level": "The human translation has no quotation marks here, so the highlight covers the whole aligned sentences: approximate.",
    "quote_not_aligned": "No English sentence was aligned to this quote's sentences: the translation may have left it out. Check the original.",
    # reviewer checks (toolkit.checks): the English may not say what the French says
    "number_mismatch": "A figure, percentage, date or ordinal of the original has no equal in the English (altered or dropped). Check the figure against the original.",
    "negation_mismatch": "The original says \"not\" (or \"never\", \"no\", \"without\"…) more often than the English: the English may say the opposite. Check the original.",
    "hedge_lost": "The original does not vouch for this claim (\"aurait…\", \"selon…\": reportedly, according to someone), but the English states it as fact. Restore the hedge (\"reportedly\", \"according to\").",
    "name_missing": "A person, organisation or place named in the original is not named in the English (dropped or replaced). Check who or what is meant.",
    "untranslated": "The English still holds French: this part was not translated. It needs translating.",
    "omission": "Part of the original seems to have no counterpart in the English (a clause or more left out). Compare with the original.",
}


def explain_flag(flag: str) -> Optional[str]:
    """The plain-English sentence for `flag`; flags with a value (`language:en`) are
    explained by their prefix."""
    if flag in FLAG_EXPLANATIONS:
        return FLAG_EXPLANATIONS[flag]
    prefix = flag.split(":", 1)[0] + ":"
    return FLAG_EXPLANATIONS.get(prefix) if ":" in flag else None

SPEAKERS_PAGE = "speakers.html"  # the cross-article speaker index (toolkit.batch.speaker_index)


def speaker_link(article_id: str, speaker_id: str) -> str:
    """Where speakers.html shows the entity one article's speaker belongs to."""
    return f"{SPEAKERS_PAGE}#member=" + url_quote(f"{article_id}#{speaker_id}", safe="")


def _flags_html(flags: Sequence[str]) -> str:
    """Each flag a focusable chip: its explanation as a tooltip and, on focus, in the page."""
    chips = []
    for f in flags:
        explanation = explain_flag(f) or "No explanation recorded for this flag."
        chips.append(f'<span class="flag" tabindex="0" title="{escape(explanation)}">{escape(f)}</span>')
    return "".join(chips)


def _flags_legend(flags: Sequence[str]) -> str:
    """What each flag on the page means, once, in the order first met."""
    shown = list(dict.fromkeys(flags))
    if not shown:
        return ""
    rows = "".join(f"<dt>{escape(f)}</dt><dd>{escape(explain_flag(f) or 'No explanation recorded for this flag.')}</dd>" for f in shown)
    return f'<details class="legend" open><summary>What the flags on this page mean</summary><dl>{rows}</dl></details>'


def _findings_html(findings: Sequence[Finding]) -> str:
    """The reviewer checks' findings, each its kind (an explained chip) and what it saw."""
    if not findings:
        return ""
    items = "".join(f'<li>{_flags_html([f.kind])} <span class="finding-message">{escape(f.message)}</span></li>' for f in findings)
    return f'<ul class="findings">{items}</ul>'


def _check_these(located: Sequence[tuple[str, str, Finding]]) -> str:
    """The list at the top of the page: every finding, linking to its row. `located`:
    (row id, sentence ids shown in that row, finding), in reading order."""
    if not located:
        return ""
    items = "".join(
        f'<li><a href="#{escape(row)}">{escape(ids)}</a> {_flags_html([f.kind])} <span class="finding-message">{escape(f.message)}</span></li>'
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
                    f'<span class="paraphrase" lang="{lang}">{escape(english)}</span> {_flags_html(q.flags)}{_findings_html(q.checks)}</li>'
                )
            else:
                lines.append(f'<li>{link} <em>{escape(q.type)}</em>{parent}: <q lang="{lang}">{escape(english)}</q> {_flags_html(q.flags)}{_findings_html(q.checks)}</li>')
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
        flags = _flags_html([f for s in source for f in s.flags])
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
<style>{_CSS}
{_counterpart_css(article)}</style>
</head>
<body>
<header>
<p><a href="index.html">All articles</a></p>
{heading}
<p class="meta">{meta}{" · " if meta else ""}{model} · source: {escape(Path(article.source.path).name)}</p>
{_flags_html(article.flags)}
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
{_flags_legend([*article.flags, *(f for s in article.sentences for f in s.flags), *(f for q in article.quotes for f in q.flags), *(f.kind for _, _, f in located)])}
<details>
<summary>Removed as boilerplate ({len(article.removed)} lines)</summary>
<ul>{removed}</ul>
</details>
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


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
                f'{" " + _flags_html(e.flags) if e.flags else ""}</li>'
            )
        else:
            items.append(f'<li>{escape(e.id)}: <span class="flag">failed</span> {escape(e.status)}</li>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Articles</title><style>{_CSS}</style></head>
<body><h1>Articles</h1><p><a href="{SPEAKERS_PAGE}">Speakers: who said what across all articles</a></p><ul class="articles">{"".join(items)}</ul>
{_flags_legend([f for e in entries for f in e.flags])}</body>
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


def write_index(entries: Sequence[IndexEntry], out_dir: Path) -> Path:
    path = out_dir / "index.html"
    write_text_atomic(path, index_html(entries))
    return path
