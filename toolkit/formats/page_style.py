"""The CSS every page of an output folder shares (review pages, index, speakers page)."""

BASE_CSS = """
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
