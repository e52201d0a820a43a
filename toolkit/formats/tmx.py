"""TMX 1.4b export: one translation unit per alignment bead with both sides.

Beads with an empty side (a sentence without counterpart) are left out: a TU needs
both languages to be useful to a translation memory. Built with ElementTree, so every
piece of text is escaped and the file is well-formed XML.

`article_tmx` writes one article (the align command's `<id>.tmx`); `write_corpus_tmx`
writes `corpus.tmx` for a whole output folder: from the articles the caller holds, and
from the JSON files of the articles skipped by an incremental run, as they were written.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from toolkit import __version__
from toolkit.document import Article
from toolkit.formats.atomic import write_text_atomic
from toolkit.formats.schema import SCHEMA_ID, article_to_dict

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tmx_root(source_language: str) -> tuple[ET.Element, ET.Element]:
    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(
        tmx,
        "header",
        creationtool="toolkit",
        creationtoolversion=__version__,
        segtype="sentence",
        **{"o-tmf": SCHEMA_ID, "adminlang": "en", "srclang": source_language, "datatype": "plaintext"},
    )
    return tmx, ET.SubElement(tmx, "body")


def _add_units(body: ET.Element, article: Mapping[str, Any], source_language: str, target_language: str) -> None:
    """TUs for one article given as its JSON data (schema `SCHEMA_ID`, toolkit.article/2)."""
    sources = {s["id"]: s["text"] for s in article["sentences"]}
    targets = {t["id"]: t["text"] for t in article.get("target_sentences", [])}
    for number, bead in enumerate(article["alignment"], start=1):
        if not bead["source"] or not bead["target"]:
            continue
        tu = ET.SubElement(body, "tu", tuid=f"{article['id']}-{number}")
        if bead.get("score") is not None:
            prop = ET.SubElement(tu, "prop", type="x-alignment-score")
            prop.text = f"{bead['score']:.4f}"
        ids = ET.SubElement(tu, "prop", type="x-sentence-ids")
        ids.text = f"{' '.join(bead['source'])} -> {' '.join(bead['target'])}"
        sides = ((source_language, [sources[i] for i in bead["source"]]), (target_language, [targets[i] for i in bead["target"]]))
        for language, texts in sides:
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: language})
            seg = ET.SubElement(tuv, "seg")
            seg.text = " ".join(texts)


def _serialise(tmx: ET.Element) -> str:
    ET.indent(tmx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


def tmx_for(articles: Iterable[Mapping[str, Any]], source_language: str = "fr", target_language: str = "en") -> str:
    tmx, body = _tmx_root(source_language)
    for article in articles:
        _add_units(body, article, source_language, target_language)
    return _serialise(tmx)


def article_tmx(article: Article, source_language: str = "fr", target_language: str = "en") -> str:
    return tmx_for([article_to_dict(article)], source_language, target_language)


def write_tmx(article: Article, out_dir: Path) -> Path:
    path = Path(out_dir) / f"{article.id}.tmx"
    write_text_atomic(path, article_tmx(article))
    return path


def write_corpus_tmx(out_dir: Path, articles: Sequence["Article | str"], source_language: Optional[str] = None) -> Path:
    """`corpus.tmx` over the translated articles of `out_dir`, in `articles` order: an
    Article the caller holds (just written to `<id>.json`) is used as it is; an article id
    is read from its `<id>.json` (an article an earlier run wrote)."""
    data = []
    for article in articles:
        if isinstance(article, Article):
            data.append(article_to_dict(article))
            continue
        path = Path(out_dir) / f"{article}.json"
        if path.exists():
            data.append(json.loads(path.read_text(encoding="utf-8")))
    translated = [d for d in data if d.get("alignment")]
    language = source_language or (translated[0].get("language", "fr") if translated else "fr")
    out = Path(out_dir) / "corpus.tmx"
    write_text_atomic(out, tmx_for(translated, language))
    return out
