"""TMX 1.4b export of an aligned article: one translation unit per bead.

Beads with an empty side (a sentence without counterpart) are left out: a TU needs
both languages to be useful to a translation memory. Built with ElementTree, so every
piece of text is escaped and the file is well-formed XML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from . import __version__
from .document import Article
from .files import write_text_atomic

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def article_tmx(article: Article, source_language: str = "fr", target_language: str = "en") -> str:
    sources = {s.id: s.text for s in article.sentences}
    targets = {t.id: t.text for t in article.target_sentences}
    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(
        tmx,
        "header",
        creationtool="toolkit",
        creationtoolversion=__version__,
        segtype="sentence",
        **{"o-tmf": "toolkit.article/1", "adminlang": "en", "srclang": source_language, "datatype": "plaintext"},
    )
    body = ET.SubElement(tmx, "body")
    for number, bead in enumerate(article.alignment, start=1):
        if not bead.source or not bead.target:
            continue
        tu = ET.SubElement(body, "tu", tuid=f"{article.id}-{number}")
        if bead.score is not None:
            prop = ET.SubElement(tu, "prop", type="x-alignment-score")
            prop.text = f"{bead.score:.4f}"
        ids = ET.SubElement(tu, "prop", type="x-sentence-ids")
        ids.text = f"{' '.join(bead.source)} -> {' '.join(bead.target)}"
        for language, texts in ((source_language, [sources[i] for i in bead.source]), (target_language, [targets[i] for i in bead.target])):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: language})
            seg = ET.SubElement(tuv, "seg")
            seg.text = " ".join(texts)
    ET.indent(tmx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


def write_tmx(article: Article, out_dir: Path) -> Path:
    path = Path(out_dir) / f"{article.id}.tmx"
    write_text_atomic(path, article_tmx(article))
    return path
