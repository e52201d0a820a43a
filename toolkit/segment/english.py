"""English sentence segmentation by rules, for the human-translation side of `align`.

spaCy's `en_core_web_sm` is not installable from PyPI under its own name (only
re-uploads of unknown provenance are), so English is split by documented rules instead
of a model. A boundary is placed after `.`, `!`, `?` or `…` (with any closing quote
marks or brackets glued to it) when whitespace follows and the next sentence visibly
starts: an upper-case letter, a digit, or an opening quote/bracket. No boundary:

- after a known abbreviation ("Mr.", "Dr.", "Gen.", "Jan.", "No.", "e.g.", "vs.");
- after an initial ("J. R. R. Tolkien", "George W. Bush");
- after dotted acronyms like "U.S." or "U.N." unless the next word is a common
  sentence opener ("The", "He", "It", …), since "in the U.S. The president…" ends a
  sentence and "the U.S. Senate" does not;
- inside numbers ("3.5", "1,000.25"), since no whitespace follows their dot;
- when the next text starts in lower case ("... said the Rev. smith" is rare; "p.m. on
  Monday" is common).
A line break inside a paragraph is treated as whitespace (the cleaner joins lines).
"""

from __future__ import annotations

import re
from dataclasses import replace

from toolkit.document import Article, Paragraph, TargetSentence
from toolkit.lang.en.sentences import ABBREVIATIONS, SENTENCE_OPENERS
from toolkit.lang.typography import ENGLISH_SENTENCE_CLOSING_MARKS, ENGLISH_SENTENCE_OPENING_MARKS

_CANDIDATE = re.compile(f"[.!?…]+[{re.escape(ENGLISH_SENTENCE_CLOSING_MARKS)})\\]]*(?=\\s)")
_NEXT_START = re.compile(f"\\s+([{re.escape(ENGLISH_SENTENCE_OPENING_MARKS)}(\\[]*)(\\S*)")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


def _is_boundary(text: str, end: int) -> bool:
    """Is the candidate punctuation run ending at `end` a sentence boundary?"""
    following = _NEXT_START.match(text, end)
    if not following:
        return False
    opener, word = following.group(1), following.group(2)
    first = word[:1]
    if not first:
        return False
    if not (first.isupper() or first.isdigit() or opener):
        return False
    before = _TOKEN_BEFORE.search(text[:end])
    token = before.group(1) if before else ""
    if not token.endswith("."):
        return True  # ! ? … or a closing quote after the stop
    core = token.rstrip(".").lstrip(ENGLISH_SENTENCE_OPENING_MARKS + "([")
    if not core:
        return True
    if core.lower() in ABBREVIATIONS:
        return False
    if len(core) == 1 and core.isalpha() and core.isupper():
        return False  # an initial
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", core):  # U.S, U.N, e.g, p.m
        return word.strip("\"'“‘«([").lower() in SENTENCE_OPENERS
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, stripped of surrounding whitespace."""
    spans = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_boundary(text, match.end()):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.append((s + lead, s + trail))
    return out


def segment_english(article: Article) -> tuple[tuple[TargetSentence, ...], tuple[Paragraph, ...]]:
    """Split a cleaned English article into target sentences t1, t2, … and return them
    with its paragraphs (whose `sentence_ids` list them)."""
    sentences: list[TargetSentence] = []
    paragraphs = []
    for paragraph in article.paragraphs:
        text = article.text[paragraph.start : paragraph.end]
        ids = []
        for s, e in split_sentences(text):
            sid = f"t{len(sentences) + 1}"
            sentences.append(TargetSentence(id=sid, paragraph=paragraph.index, text=text[s:e]))
            ids.append(sid)
        paragraphs.append(replace(paragraph, sentence_ids=tuple(ids)))
    return tuple(sentences), tuple(paragraphs)
