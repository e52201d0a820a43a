"""`speakers.html`: every speaker of an output folder, their quotes, and a filter.

A thousand articles hold tens of thousands of quotes, too many to lay out as HTML at
once: the page embeds the index as JSON and a small script draws a page of speakers at a
time, and a speaker's quotes only when opened. All text reaches the page through
`textContent`, never as markup; the JSON is escaped so no `</script>` can end it early.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Optional
from urllib.parse import quote as url_quote

from toolkit.formats.page_style import BASE_CSS

SPEAKERS_PAGE = "speakers.html"  # the cross-article speaker index, beside the article pages


def speaker_link(article_id: str, speaker_id: str) -> str:
    """Where speakers.html shows the entity one article's speaker belongs to."""
    return f"{SPEAKERS_PAGE}#member=" + url_quote(f"{article_id}#{speaker_id}", safe="")


@dataclass(frozen=True)
class PageSpeaker:
    """One speaker merged across articles, as the page lists it."""

    id: str
    name: str
    role: Optional[str]
    aliases: tuple[str, ...]
    articles: int  # articles that quote them
    members: tuple[str, ...]  # the per-article speakers merged here, as "ARTICLE#spN"
    reasons: tuple[tuple[str, str], ...]  # (member, why it belongs here)


@dataclass(frozen=True)
class PageQuote:
    article: str
    quote: str  # the quote's id within its article
    date: Optional[str]
    type: str
    text_fr: str
    text_en: Optional[str]
    speaker: Optional[str]  # a PageSpeaker id, None when unattributed
    flags: tuple[str, ...]
    link: str  # the quote's row on its article's review page
    cue: Optional[str]


@dataclass(frozen=True)
class SpeakersPage:
    """What speakers.html shows: filled by toolkit.batch.speaker_index."""

    speakers: tuple[PageSpeaker, ...]
    quotes: tuple[PageQuote, ...]
    articles: int
    notes: tuple[str, ...]


def page_data(page: SpeakersPage) -> dict:
    """The embedded JSON: speakers most quoted first, each with its range of `quotes`."""
    quoted: dict[str, int] = {}
    for r in page.quotes:
        if r.speaker:
            quoted[r.speaker] = quoted.get(r.speaker, 0) + 1
    speakers = sorted(page.speakers, key=lambda e: -quoted.get(e.id, 0))  # stable: by name within a count
    position = {e.id: i for i, e in enumerate(speakers)}
    attributed = sorted(
        (r for r in page.quotes if r.speaker in position),
        key=lambda r: (position[r.speaker], r.date or "", r.article, _quote_order(r.quote)),
    )
    ranges: dict[str, list[int]] = {}
    for n, r in enumerate(attributed):
        ranges.setdefault(r.speaker, [n, n])[1] = n + 1
    speaker_rows = [
        {
            "id": e.id, "name": e.name, "role": e.role, "aliases": list(e.aliases),
            "articles": e.articles, "members": list(e.members),
            "why": [list(pair) for pair in e.reasons], "q": ranges.get(e.id, [0, 0]),
        }
        for e in speakers
    ]
    quotes = [[r.article, r.date, r.type, r.text_fr, r.text_en, list(r.flags), r.link, r.cue, r.quote] for r in attributed]
    return {"speakers": speaker_rows, "quotes": quotes, "unattributed": len(page.quotes) - len(attributed),
            "articles": page.articles, "notes": list(page.notes)}


def _quote_order(quote_id: str) -> int:
    digits = "".join(c for c in quote_id if c.isdigit())
    return int(digits) if digits else 0


def _script_json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


_PAGE_CSS = """
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: 0 0 1rem; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.filters input, .filters select { font: inherit; padding: .25rem .4rem; }
#status { color: var(--muted); }
ul#speakers { list-style: none; padding: 0; }
ul#speakers > li { border-bottom: 1px solid var(--line); padding: .5rem 0; }
.sp-name { font-weight: 600; font-size: 1.05rem; }
.counts { color: var(--muted); font-size: .85rem; }
.quote { display: grid; grid-template-columns: 1fr 1fr; gap: .25rem 1rem; margin: .5rem 0 .75rem; }
.quote .qmeta { grid-column: 1 / span 2; font-size: .8rem; color: var(--muted); }
.quote [lang=fr] { color: #333; }
details.why li { color: var(--muted); font-size: .85rem; }
"""

_SCRIPT = r"""
(function () {
  var data = JSON.parse(document.getElementById('speaker-data').textContent);
  var PAGE = 50;
  var fold = function (s) { return (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); };
  var hay = data.speakers.map(function (s) { return fold([s.name, s.role || ''].concat(s.aliases).join(' | ')); });
  var byId = {}, byMember = {};
  data.speakers.forEach(function (s, i) { byId[s.id] = i; s.members.forEach(function (m) { byMember[m] = i; }); });
  var flags = {};
  data.quotes.forEach(function (q) { q[5].forEach(function (f) { flags[f] = true; }); });
  var flagSelect = document.getElementById('flag');
  Object.keys(flags).sort().forEach(function (f) {
    var o = document.createElement('option'); o.value = f; o.textContent = f; flagSelect.appendChild(o);
  });
  var nameInput = document.getElementById('name'), typeSelect = document.getElementById('type');
  var list = document.getElementById('speakers'), more = document.getElementById('more');
  var status = document.getElementById('status');
  var shown = PAGE, focus = null, matching = [];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function quoteOk(q) {
    var t = typeSelect.value, f = flagSelect.value;
    return (!t || q[2] === t) && (!f || (f === '*' ? q[5].length > 0 : q[5].indexOf(f) >= 0));
  }
  function quotesOf(s) {
    var out = [];
    for (var n = s.q[0]; n < s.q[1]; n++) if (quoteOk(data.quotes[n])) out.push(data.quotes[n]);
    return out;
  }
  function drawQuotes(box, s) {
    quotesOf(s).forEach(function (q) {
      var row = el('div', null, 'quote');
      var en = el('div', q[4] === null ? '(not translated)' : q[4]); en.lang = 'en';
      var fr = el('div', q[3]); fr.lang = 'fr';
      var meta = el('div', null, 'qmeta');
      meta.appendChild(el('span', (q[1] || 'no date') + ' · ' + q[2] + (q[7] ? ' · ' + q[7] : '') + ' · '));
      var a = el('a', q[0] + ' ' + q[8]); a.href = q[6]; meta.appendChild(a);
      q[5].forEach(function (f) { meta.appendChild(document.createTextNode(' ')); meta.appendChild(el('span', f, 'flag')); });
      row.appendChild(en); row.appendChild(fr); row.appendChild(meta);
      box.appendChild(row);
    });
  }
  function drawSpeaker(i, open) {
    var s = data.speakers[i], n = quotesOf(s).length;
    var li = el('li'); li.id = 'speaker-' + s.id; li.dataset.speaker = s.id;
    li.appendChild(el('span', s.name, 'sp-name'));
    if (s.role) li.appendChild(el('span', ' — ' + s.role, 'role'));
    var total = s.q[1] - s.q[0];
    li.appendChild(el('div', s.articles + (s.articles === 1 ? ' article, ' : ' articles, ') + total +
      (total === 1 ? ' quote' : ' quotes') + (n !== s.q[1] - s.q[0] ? ' (' + n + ' match)' : '') + ' · also: ' +
      (s.aliases.filter(function (a) { return a !== s.name; }).join(', ') || '—'), 'counts'));
    var details = el('details'); details.appendChild(el('summary', 'Quotes (' + n + ')'));
    var box = el('div'); details.appendChild(box);
    details.addEventListener('toggle', function () { if (details.open && !box.firstChild) drawQuotes(box, s); });
    li.appendChild(details);
    if (s.members.length < 2) { list.appendChild(li); if (open) details.open = true; return li; }
    var why = el('details', null, 'why'); why.appendChild(el('summary', 'Why these are one speaker'));
    var ul = el('ul');
    s.why.forEach(function (w) { ul.appendChild(el('li', w[0] + ': ' + w[1])); });
    why.appendChild(ul); li.appendChild(why);
    list.appendChild(li);
    if (open) details.open = true;
    return li;
  }
  function update() {
    var needle = fold(nameInput.value.trim());
    matching = [];
    var count = 0;
    for (var i = 0; i < data.speakers.length; i++) {
      if (focus !== null && i !== focus) continue;
      if (needle && hay[i].indexOf(needle) < 0) continue;
      var n = quotesOf(data.speakers[i]).length;
      if (n === 0) continue;
      matching.push(i); count += n;
    }
    list.textContent = '';
    matching.slice(0, shown).forEach(function (i) { drawSpeaker(i, focus !== null); });
    more.hidden = matching.length <= shown;
    status.textContent = matching.length + ' speakers, ' + count + ' quotes' +
      (focus !== null ? ' (one speaker from a link; type in the box to see all)' : '') +
      ' · ' + data.articles + ' articles, ' + data.unattributed + ' quotes without an identified speaker (in quotes.csv)';
  }
  function fromHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    focus = null;
    if (h.indexOf('member=') === 0 && byMember[h.slice(7)] !== undefined) focus = byMember[h.slice(7)];
    else if (h.indexOf('speaker=') === 0 && byId[h.slice(8)] !== undefined) focus = byId[h.slice(8)];
    shown = PAGE; update();
  }
  [nameInput, typeSelect, flagSelect].forEach(function (c) {
    c.addEventListener('input', function () { if (c === nameInput) focus = null; shown = PAGE; update(); });
  });
  more.addEventListener('click', function () { shown += PAGE; update(); });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.dataset.ready = '1';
})();
"""


def speakers_html(page: SpeakersPage, downloads: tuple[str, ...] = ()) -> str:
    """The page; `downloads` are the file names of the same data (quotes.csv, …) to link."""
    links = "".join(f' · <a href="{escape(name)}">{escape(name)}</a>' for name in downloads)
    notes = "".join(f"<li>{escape(n)}</li>" for n in page.notes)
    notes_html = f"<details><summary>Notes ({len(page.notes)})</summary><ul>{notes}</ul></details>" if notes else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Speakers</title>
<style>{BASE_CSS}{_PAGE_CSS}</style>
</head>
<body>
<header>
<p><a href="index.html">All articles</a>{links}</p>
<h1>Who said what: {len(page.speakers)} speakers in {page.articles} articles</h1>
</header>
<main>
<noscript><p>This page draws its list with JavaScript; the files linked above hold the same data.</p></noscript>
<form class="filters" role="search" onsubmit="return false">
<label>Name or alias <input id="name" type="search" autocomplete="off"></label>
<label>Type <select id="type"><option value="">any</option><option>direct</option><option>partial</option><option>indirect</option><option>term</option></select></label>
<label>Flag <select id="flag"><option value="">any</option><option value="*">any flag set</option></select></label>
</form>
<p id="status" role="status"></p>
<ul id="speakers"></ul>
<button id="more" type="button" hidden>Show more speakers</button>
{notes_html}
</main>
<script type="application/json" id="speaker-data">{_script_json(page_data(page))}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
