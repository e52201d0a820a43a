"""Clean: separate the article body from scraper boilerplate.

Works line by line on `Article.raw_text`. Each rule is a small predicate that names the
reason a line is not body text; a removed line is never lost, it goes to
`Article.removed` with that reason. The rules are deliberately conservative: when in
doubt a line stays (a stray heading costs a reviewer a glance; a lost paragraph costs
them the story).

Kept lines become paragraphs. Consecutive kept lines are joined into one paragraph only
for a soft wrap (a line that does not end a sentence, followed by one that starts in
lower case), so a paragraph is always one contiguous slice of the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Optional

from toolkit.document import Article, Paragraph, RemovedLine
from toolkit.lang.fr.boilerplate import (
    ADVERTISEMENT,
    BREADCRUMB,
    COMMENT_FORM,
    DATE_ONLY,
    DATE_WORDS,
    DATELINE,
    DATELINE_EMPTY,
    ERROR_REPORT,
    PHOTO_CREDIT,
    RELATED_HEADING,
    BYLINE_LABELS,
    BYLINE_LEADS,
    NAME_CONNECTORS,
    NAME_PARTICLES,
    SHARE_LINKERS,
    SHARE_NETWORKS,
    SHARE_OBJECTS,
    SHARE_VERBS,
    STAFF_CREDITS,
)
from toolkit.lang.fr.dates import MONTHS
from toolkit.lang.typography import CLEAN_CLOSING_MARKS, CLEAN_MARK_CHARS

PARAGRAPH_SEPARATOR = "\n\n"

FLAG_NO_BODY_TEXT = "no_body_text"
# Most of the article's text was removed (a scraper loop saving one block 40 times, a page
# that is mostly footer): the article is kept, but a reviewer should look at what went.
FLAG_MASS_REMOVAL = "mass_removal"
# Share of the text (characters of non-blank lines) removed above which FLAG_MASS_REMOVAL
# is set. By characters, not lines: boilerplate lines are short, so a normal page loses
# many lines but little text (the seeds lose 2-37 % of their characters).
MASS_REMOVAL_SHARE = 0.5

_TERMINAL = ".!?…" + CLEAN_CLOSING_MARKS + ")"
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
_MARKUP_RESIDUE = re.compile(r"^(spot_img|image/svg\+xml|img|\[\w+\]|live logo)$", re.I)
_CAPTCHA = re.compile(r"captcha", re.I)
_COOKIE = re.compile(r"cookie", re.I)
_VIDEO_DURATION = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_GALLERY_COUNTER = re.compile(r"^\d+\s*/\s*\d+$")
_BARE_LINK = re.compile(r"^(https?://|www\.)\S+$", re.I)


def _alternation(phrases) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces between words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_SHARE_TOKEN = rf"(?:{_alternation(SHARE_VERBS + SHARE_NETWORKS)})\b"
_SHARE = re.compile(
    rf"^{_SHARE_TOKEN}(?:\s+(?:{_alternation(SHARE_OBJECTS)}))?"
    rf"(?:\s*(?::\s*)?(?:(?:{_alternation(SHARE_LINKERS)})\s+)?{_SHARE_TOKEN})*"
    r"(?:\s*[|/·,]\s*[\w-]+)*$",
    re.I,
)
_BYLINE_LEAD = rf"(?P<lead>{_alternation(BYLINE_LEADS)})"
_BYLINE_LABEL = rf"(?:{_alternation(BYLINE_LABELS)})\s*:"
# The lead is a whole word: "Par Julie Morel", never the "De" of "Denis Martin".
_BYLINE = re.compile(rf"^(?:{_BYLINE_LEAD}(?:\s*:\s*|\s+)|{_BYLINE_LABEL}\s*)(?P<name>\S.*)$", re.I)
_BYLINE_EMPTY = re.compile(rf"^(?:{_BYLINE_LEAD}|{_BYLINE_LABEL})$", re.I)
_WORD = re.compile(r"[\w'’.-]+")
_END_MARKERS = ("comment form", "related articles heading", "error report link", "captcha")


@dataclass(frozen=True, slots=True)  # one per line of a possibly huge file
class _Line:
    number: int  # 1-based
    start: int
    end: int
    text: str  # stripped

    @property
    def words(self) -> list[str]:
        return self.text.split()


def _is_heading_like(text: str) -> bool:
    """A short line that does not end like a sentence: a title, kicker or sub-heading."""
    # Closing quote marks do not end a sentence by themselves: look at what they close.
    core = text.rstrip().rstrip(CLEAN_CLOSING_MARKS + " \u00a0\u202f")
    return len(text) <= 200 and not core.endswith((".", "!", "?", "…", ":", ";", ","))


def _is_prose(text: str) -> bool:
    return len(text) >= 100 and text.rstrip()[-1:] in _TERMINAL


def _is_name_token(word: str) -> bool:
    if word in NAME_PARTICLES:
        return True
    if word[:2] in ("d'", "d’"):  # "d'Estaing"
        word = word[2:]
    return len(word) >= 2 and word[0].isupper() and bool(_WORD.fullmatch(word))


def _is_name_like(words: list[str]) -> bool:
    return 2 <= len(words) <= 4 and all(_is_name_token(w) for w in words) and words[0][0].isupper()


def byline_name(text: str) -> Optional[str]:
    """The author in an explicit byline ("Par Julie Morel" -> "Julie Morel"), or None.

    The lead word must stand alone and be followed by a capitalised name (or a staff
    credit such as "la rédaction"), so "Denis Martin", "Partager sur Facebook" and
    "Par ailleurs, ..." are not bylines.
    """
    m = _BYLINE.match(text)
    if not m:
        return None
    name = m.group("name").strip()
    if name.lower() in STAFF_CREDITS:
        return name
    words = name.split()
    min_words = BYLINE_LEADS[m.group("lead").lower()] if m.group("lead") else 1
    if not min_words <= len(words) <= 5 or not words[0][0].isupper() or words[-1].lower() in NAME_CONNECTORS:
        return None
    if all(_is_name_token(w) or w.lower() in NAME_CONNECTORS for w in words):
        return name
    return None


def parse_date(text: str) -> Optional[str]:
    """ISO date (YYYY-MM-DD) from a French dateline, or None."""
    m = _DATE_NUMERIC.search(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = DATE_WORDS.search(text)
        if not m:
            return None
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# Rules that look at one line alone, in order; the first that matches names the reason.
_LINE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("markup residue", lambda t: bool(_MARKUP_RESIDUE.match(t))),
    ("breadcrumb navigation", lambda t: bool(BREADCRUMB.match(t)) or "image/svg+xml" in t),
    ("advertisement", lambda t: bool(ADVERTISEMENT.match(t))),
    ("comment form", lambda t: bool(COMMENT_FORM.search(t)) and len(t) < 200),
    ("captcha", lambda t: bool(_CAPTCHA.search(t)) and len(t) < 200),
    ("cookie banner", lambda t: bool(_COOKIE.search(t)) and len(t) < 400),
    ("related articles heading", lambda t: bool(RELATED_HEADING.match(t))),
    ("error report link", lambda t: bool(ERROR_REPORT.match(t))),
    ("video duration", lambda t: bool(_VIDEO_DURATION.match(t))),
    ("gallery counter", lambda t: bool(_GALLERY_COUNTER.match(t))),
    ("photo credit", lambda t: bool(PHOTO_CREDIT.match(t))),
    ("bare link", lambda t: bool(_BARE_LINK.match(t))),
    ("share buttons", lambda t: len(t) <= 120 and bool(_SHARE.match(t))),
    ("dateline", lambda t: bool(DATELINE.match(t)) or bool(DATE_ONLY.match(t))),
    ("dateline (empty)", lambda t: bool(DATELINE_EMPTY.match(t))),
    ("punctuation only", lambda t: not any(c.isalnum() for c in t) and not any(c in CLEAN_MARK_CHARS for c in t)),
)


def _split_lines(raw: str) -> list[_Line]:
    lines = []
    pos = 0
    for number, chunk in enumerate(raw.split("\n"), start=1):
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            lines.append(_Line(number, pos + lead, pos + lead + len(stripped), stripped))
        pos += len(chunk) + 1
    return lines


def _breadcrumb_tail(text: str) -> str:
    parts = re.split(r"\s*(?:»|›|>|image/svg\+xml)\s*", text)
    return parts[-1].strip() if parts else ""


class _KeptSuffixIndex:
    """Answers "does this line end with an earlier kept line, after a short kicker?" in
    constant time per line, so cleaning stays linear however many lines are kept.

    A glued heading is `kicker + kept` with `kept` over 20 characters and the kicker 1 to
    80 characters. `kept` then ends with the same 21 characters as the line, so kept lines
    are indexed by their last 21 characters (and their lengths): a line whose tail no kept
    line has costs one lookup; otherwise at most 80 candidate suffixes are looked up.
    """

    MIN_KEPT = 21
    MAX_KICKER = 80

    def __init__(self, kept: set[str]):
        self._kept = kept  # shared with the caller, who adds to it
        self._lengths_by_tail: dict[str, set[int]] = {}

    def add(self, text: str) -> None:
        if len(text) >= self.MIN_KEPT:
            self._lengths_by_tail.setdefault(text[-self.MIN_KEPT :], set()).add(len(text))

    def is_glued(self, text: str) -> bool:
        n = len(text)
        if n <= self.MIN_KEPT:
            return False
        lengths = self._lengths_by_tail.get(text[-self.MIN_KEPT :])
        if not lengths:
            return False
        window = range(max(self.MIN_KEPT, n - self.MAX_KICKER), n)
        candidates = window if len(lengths) > len(window) else (k for k in lengths if k in window)
        return any(k in lengths and text[n - k :] in self._kept for k in candidates)


def classify_lines(raw: str) -> tuple[list[tuple[_Line, Optional[str]]], dict[str, Optional[str]]]:
    """Label each non-empty line with a removal reason (None = keep); find title/byline/date.

    Pure function of the raw text, so the rules can be tested on strings.
    """
    lines = _split_lines(raw)
    reasons: list[Optional[str]] = [None] * len(lines)
    meta: dict[str, Optional[str]] = {"title": None, "byline": None, "date": None}
    texts = [ln.text for ln in lines]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1

    for i, line in enumerate(lines):
        for reason, rule in _LINE_RULES:
            if rule(line.text):
                reasons[i] = reason
                break

    # Header zone: everything before the first paragraph of real prose.
    first_prose = next((i for i, t in enumerate(texts) if _is_prose(t) and reasons[i] is None), len(lines))
    breadcrumb_titles = {_breadcrumb_tail(t) for i, t in enumerate(texts) if reasons[i] == "breadcrumb navigation"}

    # An explicit "Par X" in the header zone wins over a bare name guessed as the byline.
    byline_zone_end = max(first_prose + 3, 12)
    explicit_byline = next(
        (i for i in range(min(byline_zone_end, len(lines))) if reasons[i] is None and len(lines[i].words) <= 6 and byline_name(texts[i])),
        None,
    )

    # After a comment form / related list / error-report link, the page is its footer:
    # headline-like lines there are links to other articles, never body text.
    in_footer = False
    seen_kept: set[str] = set()
    kept_suffixes = _KeptSuffixIndex(seen_kept)
    for i, line in enumerate(lines):
        text = line.text
        words = line.words
        if reasons[i] in _END_MARKERS:
            in_footer = True
            continue
        if reasons[i] == "dateline" and meta["date"] is None:
            meta["date"] = parse_date(text)
            continue
        if reasons[i] is not None:
            continue
        if i < byline_zone_end and len(words) <= 6:
            if i == explicit_byline:
                meta["byline"] = byline_name(text)
                reasons[i] = "byline"
                continue
            if _BYLINE_EMPTY.match(text):
                reasons[i] = "byline (empty)"
                continue
        if in_footer and _is_heading_like(text):
            reasons[i] = "related article link"
            continue
        if len(words) <= 2 and len(text) <= 30 and _is_heading_like(text) and not any(c.isdigit() for c in text):
            if len(words) == 1 or counts[text] > 1:
                reasons[i] = "category tag"
                continue
        # A bare name near the top is the author's, unless the page names one explicitly.
        if explicit_byline is None and _is_name_like(words) and meta["byline"] is None and i <= first_prose + 8 and counts[text] == 1:
            meta["byline"] = text
            reasons[i] = "byline"
            continue
        if text in seen_kept:
            reasons[i] = "duplicate line"
            continue
        # A kicker glued to the title by the scraper ("Les pertes sont importantes:Des soldats…").
        if kept_suffixes.is_glued(text):
            reasons[i] = "duplicate heading"
            continue
        seen_kept.add(text)
        kept_suffixes.add(text)

    # A caption sits directly above its photo credit (or between a gallery counter and it).
    for i, line in enumerate(lines):
        if reasons[i] == "photo credit" and i > 0:
            prev = lines[i - 1]
            if reasons[i - 1] is None and prev.number == line.number - 1 and len(prev.text) <= 250:
                reasons[i - 1] = "photo caption"

    kept_header = [i for i in range(min(first_prose, len(lines))) if reasons[i] is None and _is_heading_like(texts[i])]
    title_index = next((i for i in kept_header if texts[i] in breadcrumb_titles), None)
    if title_index is None:
        title_index = next((i for i, t in enumerate(texts) if reasons[i] is None and t in breadcrumb_titles), None)
    if title_index is None and kept_header:
        title_index = max(kept_header, key=lambda i: len(texts[i]))
    if title_index is not None:
        meta["title"] = texts[title_index]
    meta["title_line"] = str(lines[title_index].number) if title_index is not None else None
    return list(zip(lines, reasons)), meta


def clean_article(article: Article) -> Article:
    """Return the article with `text`, `paragraphs`, `removed`, `title`, `byline`, `date`.

    A byline or date the article already has (from an HTML page's markup) is kept."""
    labelled, meta = classify_lines(article.raw_text)
    raw = article.raw_text
    removed: list[RemovedLine] = []
    groups: list[list[_Line]] = []
    previous_kept: Optional[_Line] = None
    for line, reason in labelled:
        if reason is not None:
            removed.append(RemovedLine(text=line.text, reason=reason, line=line.number, start=line.start, end=line.end))
            previous_kept = None
            continue
        soft_wrap = (
            previous_kept is not None
            and line.number == previous_kept.number + 1
            and previous_kept.text[-1:] not in _TERMINAL + ":"
            and line.text[:1].islower()
        )
        if soft_wrap:
            groups[-1].append(line)
        else:
            groups.append([line])
        previous_kept = line

    title_line = int(meta["title_line"]) if meta.get("title_line") else None
    paragraphs: list[Paragraph] = []
    pieces: list[str] = []
    cursor = 0
    for index, group in enumerate(groups):
        source_start, source_end = group[0].start, group[-1].end
        chunk = raw[source_start:source_end]
        if pieces:
            cursor += len(PARAGRAPH_SEPARATOR)
        first = group[0]
        if first.number == title_line:
            kind = "title"
        elif len(group) == 1 and _is_heading_like(first.text) and len(first.words) <= 20:
            kind = "heading"
        else:
            kind = "body"
        paragraphs.append(
            Paragraph(index=index, start=cursor, end=cursor + len(chunk), source_start=source_start, line=first.number, kind=kind)
        )
        pieces.append(chunk)
        cursor += len(chunk)
    flags = () if paragraphs else (FLAG_NO_BODY_TEXT,)
    removed_chars = sum(r.end - r.start for r in removed)
    kept_chars = sum(line.end - line.start for group in groups for line in group)
    if paragraphs and removed_chars > MASS_REMOVAL_SHARE * (removed_chars + kept_chars):
        flags += (FLAG_MASS_REMOVAL,)
    return replace(
        article,
        text=PARAGRAPH_SEPARATOR.join(pieces),
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
        title=meta["title"],
        # What the input already knew (an HTML page's author and date) wins over line guesses.
        byline=article.byline or meta["byline"],
        date=article.date or meta["date"],
        flags=article.flags + flags,
    )
