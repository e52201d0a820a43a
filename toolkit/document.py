"""The document model every stage reads and returns.

One `Article` travels through the pipeline (ingest → clean → segment → quotes →
translate → align → render). Stages never mutate it: each returns a new frozen
instance with `dataclasses.replace`, so a stage is a pure function one can test alone.

Offsets are the spine, as in spaCy's Doc/Span:
- `Article.raw_text` is the decoded, NFC-normalised file text. `Article.offset_map`
  maps any offset in it back to the decoded text exactly as it was on disk.
- `Article.text` is the cleaned article: the kept paragraphs, each a verbatim slice of
  `raw_text`, joined by a blank line. `Paragraph.source_start` says where that slice
  came from, so every cleaned offset maps back to the raw text (`to_raw_offset`).
- Sentence and quote offsets are into `Article.text`; `text == article.text[start:end]`
  always holds.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in normalised text back to the original decoded text.

    Stored as breakpoints: from `norm[i]` onwards, original = norm + `delta[i]`, except
    inside a changed chunk, where every offset maps to the chunk's original start.
    Empty when normalisation changed nothing (the common case).
    """

    norm_starts: tuple[int, ...] = ()
    norm_ends: tuple[int, ...] = ()
    orig_starts: tuple[int, ...] = ()
    orig_ends: tuple[int, ...] = ()

    def to_original(self, offset: int) -> int:
        i = bisect.bisect_right(self.norm_starts, offset) - 1
        if i < 0:
            return offset
        if offset < self.norm_ends[i]:
            return self.orig_starts[i]
        return offset - self.norm_ends[i] + self.orig_ends[i]


@dataclass(frozen=True)
class SourceInfo:
    path: str
    sha256: str
    encoding: str


@dataclass(frozen=True)
class RemovedLine:
    """A line of the input that is not article body, kept with the reason it went."""

    text: str
    reason: str
    line: int  # 1-based line number in the input file
    start: int  # offsets into Article.raw_text
    end: int


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int  # offsets into Article.text
    end: int
    source_start: int  # offset of the same text in Article.raw_text
    line: int  # 1-based line number of its first line in the input file
    kind: str = "body"  # title | heading | body
    sentence_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer should look at (made by `toolkit.checks`). Offsets are into the
    French (`source_*`) and English (`target_*`) texts that were checked; None where that
    side has nothing to point at (a dropped figure has no English offset). On a Sentence
    they are into its `text` and `translation`; on an AlignmentBead into its French and
    English sentences joined by one space; on a QuoteSpan they are those of the sentence or
    bead the finding came from (see docs/checks.md, "In the outputs")."""

    kind: str
    source_start: Optional[int]
    source_end: Optional[int]
    target_start: Optional[int]
    target_end: Optional[int]
    source: str  # the French text concerned
    target: str  # the English text concerned ("" when absent)
    message: str

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "source": self.source,
            "target": self.target,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "target_start": self.target_start,
            "target_end": self.target_end,
            "message": self.message,
        }


@dataclass(frozen=True)
class Sentence:
    id: str
    paragraph: int
    start: int
    end: int
    text: str
    translation: Optional[str] = None
    flags: tuple[str, ...] = ()
    # Reviewer checks of `translation` against `text`; offsets into those two strings.
    checks: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class TargetSentence:
    """A sentence on the English side: a machine translation or a human one (align)."""

    id: str
    paragraph: int
    text: str


@dataclass(frozen=True)
class AlignmentBead:
    source: tuple[str, ...]
    target: tuple[str, ...]
    score: Optional[float] = None
    # Reviewer checks of the target sentences (joined by a space) against the source ones
    # (joined likewise); offsets into those joined texts.
    checks: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    mentions: tuple[str, ...] = ()
    description: Optional[str] = None
    description_translation: Optional[str] = None  # English of `description`, after translate


@dataclass(frozen=True)
class QuoteSpan:
    id: str
    type: str  # direct | partial | term | indirect
    text: str  # content without outer marks; paragraphs joined by a space
    start: int  # offsets into Article.text, content only (marks excluded)
    end: int
    paragraphs: tuple[int, ...] = ()
    sentences: tuple[str, ...] = ()
    speaker: Optional[str] = None
    speaker_name: Optional[str] = None
    speaker_mention: Optional[str] = None
    cue: Optional[str] = None
    parent: Optional[str] = None
    flags: tuple[str, ...] = ()
    translation: Optional[str] = None
    # Where `translation` sits in English: the target sentences it spans, the offset of its
    # first character in the first of them and the end offset in the last of them.
    target_sentences: tuple[str, ...] = ()
    target_start: Optional[int] = None
    target_end: Optional[int] = None
    # Findings of the sentences (translate) or beads (align) whose French lies inside the
    # quote, as they are there (offsets into that sentence's or bead's texts).
    checks: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class ModelInfo:
    name: str
    revision: Optional[str]
    beam: int


@dataclass(frozen=True)
class Article:
    id: str
    source: SourceInfo
    raw_text: str
    language: str = "fr"
    offset_map: OffsetMap = field(default_factory=OffsetMap)
    text: str = ""
    title: Optional[str] = None
    title_translation: Optional[str] = None  # English of `title`, after translate
    byline: Optional[str] = None
    date: Optional[str] = None
    removed: tuple[RemovedLine, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    target_sentences: tuple[TargetSentence, ...] = ()
    alignment: tuple[AlignmentBead, ...] = ()
    quotes: tuple[QuoteSpan, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    model: Optional[ModelInfo] = None
    flags: tuple[str, ...] = ()

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        # Built once per article (cached_property writes the instance dict, which a frozen
        # dataclass allows): offset lookups for every sentence and quote stay linear.
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph that contains `offset` (an offset into `text`)."""
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if i < 0:
            raise ValueError(f"offset {offset} precedes the first paragraph")
        return self.paragraphs[i]

    def to_raw_offset(self, offset: int) -> int:
        """Map an offset into the cleaned `text` to the same character in `raw_text`."""
        paragraph = self.paragraph_at(offset)
        return paragraph.source_start + min(offset, paragraph.end) - paragraph.start

    def to_original_offset(self, offset: int) -> int:
        """Map an offset into the cleaned `text` to the decoded file as it was on disk."""
        return self.offset_map.to_original(self.to_raw_offset(offset))

    def to_original_span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) of the cleaned `text` as (start, end) in the file as it was on disk.
        The end maps through the last character, so a span never grows over what cleaning
        removed after it (an empty span keeps its start)."""
        return self.to_original_offset(start), self.to_original_offset(max(start, end - 1)) + 1
