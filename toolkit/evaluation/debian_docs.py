"""Held-out French–English sentence pairs from Debian documentation translated by people
(docs/checks.md, "Held-out sets from Debian packages" and "Third held-out set").

The test sets in ../shared have all been read while the reviewer checks were written;
these had not. Debian packages ship one document built in French and in English from the
same source, so the two HTML files of a page hold the same blocks in the same order and
align with no aligner:

- `debian-history` ("A Brief History of Debian": dated narrative with names and figures):
  `debian-history/docs/PAGE.fr.html` / `PAGE.en.html`, blocks `<p>` and `<li class="listitem">`;
- `debian-handbook` ("The Debian Administrator's Handbook", written in French and
  translated into English): `debian-handbook/html/fr-FR/PAGE.html` / `html/en-US/PAGE.html`,
  blocks `<div class="para">`;
- the third set, added after the first two had been read: `debian-faq` ("The Debian
  GNU/Linux FAQ", DocBook: `debian/FAQ/fr/PAGE.fr.html` / `debian/FAQ/PAGE.en.html`, blocks
  `<p>` and `<li class="listitem">`) and `developers-reference` ("Debian Developer's
  Reference", Sphinx: `developers-reference-fr/docs/PAGE.html` /
  `developers-reference/docs/PAGE.html`, blocks `<p>` and `<li>` with no class, which
  leaves the navigation lists out); each page's French and English come from two packages.

They are read where `apt-get install` puts them (`toolkit.paths.debian_docs_dir()`), never
copied into the checkout. The pairs are chosen by a fixed rule, without looking at them:

1. pages in file-name order, blocks in document order; a block's text is its own (a block
   nested in another is a block of its own), `<pre>` left out, whitespace collapsed; a
   page whose French and English have different numbers of blocks is left out whole;
2. a block pair is dropped when a side has no letter, when the French equals the English
   (a paragraph the French build left in English), or when it repeats an earlier pair;
   for the third set also when `guess_language` reads the French as English (a paragraph
   left in English whose cross-references or quote marks the French build translated, so
   the equality test misses it: the gap found in the handbook; the first two sets keep the
   rule they were measured with);
3. the French is split into sentences as the pipeline splits it (the spaCy parse, then
   `repair_boundaries`), the English by `toolkit.segment.english`; when both sides have
   the same number of sentences, the n-th French sentence pairs with the n-th English
   one; otherwise the block pair stays whole, one pair (as `align` checks an n:m bead),
   so that a block where the translator dropped or merged a sentence is not left out;
4. of the pairs in that order, every `stride`-th is kept (the first, then every
   `stride`-th after it), so that a long book gives a sample spread over all its pages.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from toolkit.lang.guess import guess_language
from toolkit.paths import debian_docs_dir
from toolkit.segment.english import split_sentences
from toolkit.segment.sentences import repair_boundaries, sentence_starts


@dataclass(frozen=True)
class DebianDocSet:
    name: str
    packages: tuple[str, ...]  # what `apt-get install` needs for both languages
    french_glob: str  # the French pages, relative to debian_docs_dir()
    english_swaps: tuple[tuple[str, str], ...]  # (French part, English part) of a page's path, swapped in turn
    blocks: frozenset[tuple[str, str]]  # (tag, class); "" for an element with no class
    stride: int
    drop_french_read_as_english: bool = True


DOCBOOK_BLOCKS = frozenset({("p", ""), ("li", "listitem")})

DEBIAN_DOC_SETS: dict[str, DebianDocSet] = {
    "debian-history": DebianDocSet(
        name="debian-history",
        packages=("debian-history",),
        french_glob="debian-history/docs/*.fr.html",
        english_swaps=((".fr.html", ".en.html"),),
        blocks=DOCBOOK_BLOCKS,
        stride=1,
        drop_french_read_as_english=False,
    ),
    "debian-handbook": DebianDocSet(
        name="debian-handbook",
        packages=("debian-handbook",),
        french_glob="debian-handbook/html/fr-FR/*.html",
        english_swaps=(("/fr-FR/", "/en-US/"),),
        blocks=frozenset({("div", "para")}),
        stride=4,
        drop_french_read_as_english=False,
    ),
    "debian-faq": DebianDocSet(
        name="debian-faq",
        packages=("debian-faq", "debian-faq-fr"),
        french_glob="debian/FAQ/fr/*.fr.html",
        english_swaps=(("/FAQ/fr/", "/FAQ/"), (".fr.html", ".en.html")),
        blocks=DOCBOOK_BLOCKS,
        stride=2,
    ),
    "developers-reference": DebianDocSet(
        name="developers-reference",
        packages=("developers-reference", "developers-reference-fr"),
        french_glob="developers-reference-fr/docs/*.html",
        english_swaps=(("developers-reference-fr/", "developers-reference/"),),
        blocks=frozenset({("p", ""), ("li", "")}),
        stride=3,
    ),
}

_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


class _BlockTexts(html.parser.HTMLParser):
    """The text of each block element, the innermost open block owning the text."""

    def __init__(self, blocks: frozenset[tuple[str, str]]):
        super().__init__(convert_charrefs=True)
        self._blocks = blocks
        self._open: list[tuple[str, Optional[int]]] = []  # (tag, block index or None)
        self._open_blocks: list[int] = []
        self._pre_depth = 0
        self.texts: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_TAGS:
            return
        classes = (dict(attrs).get("class") or "").split() or [""]
        index = None
        if any((tag, c) in self._blocks for c in classes):
            index = len(self.texts)
            self.texts.append([])
            self._open_blocks.append(index)
        if tag == "pre":
            self._pre_depth += 1
        self._open.append((tag, index))

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self._open):
            return  # a stray end tag
        while self._open:
            open_tag, index = self._open.pop()
            if index is not None:
                self._open_blocks.pop()
            if open_tag == "pre":
                self._pre_depth -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._open_blocks and not self._pre_depth:
            self.texts[self._open_blocks[-1]].append(data)


def block_texts(page_html: str, blocks: frozenset[tuple[str, str]]) -> list[str]:
    parser = _BlockTexts(blocks)
    parser.feed(page_html)
    parser.close()
    return [re.sub(r"\s+", " ", "".join(parts)).strip() for parts in parser.texts]


def _page_pairs(doc_set: DebianDocSet, root: Path) -> list[tuple[Path, Path]]:
    """(French page, English page) in file-name order, for the pages both languages have."""
    pages = []
    for french_path in sorted(root.glob(doc_set.french_glob)):
        english = french_path.relative_to(root).as_posix()
        for french_part, english_part in doc_set.english_swaps:
            english = english.replace(french_part, english_part, 1)
        if (root / english).is_file():
            pages.append((french_path, root / english))
    return pages


def missing_reason(doc_set: DebianDocSet, root: Optional[Path] = None) -> Optional[str]:
    """Why the set cannot be read here (a package is not installed), or None."""
    root = root or debian_docs_dir()
    if not _page_pairs(doc_set, root):
        return f"no {doc_set.french_glob} with its English under {root} (install it: apt-get install {' '.join(doc_set.packages)})"
    return None


def aligned_blocks(doc_set: DebianDocSet, root: Optional[Path] = None) -> list[tuple[str, str]]:
    """Rules 1 and 2: the translated (French, English) block pairs, in order."""
    seen: set[tuple[str, str]] = set()
    pairs = []
    for french_path, english_path in _page_pairs(doc_set, root or debian_docs_dir()):
        french = block_texts(french_path.read_text(encoding="utf-8"), doc_set.blocks)
        english = block_texts(english_path.read_text(encoding="utf-8"), doc_set.blocks)
        if len(french) != len(english):
            continue
        for pair in zip(french, english):
            fr, en = pair
            if fr == en or pair in seen or not any(c.isalpha() for c in fr) or not any(c.isalpha() for c in en):
                continue
            if doc_set.drop_french_read_as_english and guess_language(fr) == "en":
                continue
            seen.add(pair)
            pairs.append(pair)
    return pairs


def read_debian_doc_set(name: str, nlp, limit: Optional[int] = None, root: Optional[Path] = None) -> tuple[list[str], list[str]]:
    """(French sentences, English sentences) of the set `name` by rules 1–4; `nlp` is the
    French spaCy pipeline that splits the French. Raises FileNotFoundError with
    `missing_reason` when the package is not installed."""
    doc_set = DEBIAN_DOC_SETS[name]
    reason = missing_reason(doc_set, root)
    if reason:
        raise FileNotFoundError(reason)
    blocks = aligned_blocks(doc_set, root)
    sources: list[str] = []
    references: list[str] = []
    for (fr, en), doc in zip(blocks, nlp.pipe([fr for fr, _ in blocks], batch_size=64)):
        starts = repair_boundaries(fr, sentence_starts(doc))
        french = [fr[a:b].strip() for a, b in zip(starts, [*starts[1:], len(fr)])]
        french = [s for s in french if s]
        english = [en[a:b] for a, b in split_sentences(en)]
        if len(french) == len(english):
            sources.extend(french)
            references.extend(english)
        else:
            sources.append(fr)
            references.append(en)
    sources, references = sources[::doc_set.stride], references[::doc_set.stride]
    if limit is not None:
        sources, references = sources[:limit], references[:limit]
    return sources, references
