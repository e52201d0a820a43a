"""The held-out sets read from Debian documentation (toolkit/evaluation/debian_docs.py):
the fixed rule that turns two builds of one page into sentence pairs, on pages made here
in the packages' layout (the packages themselves need not be installed)."""

from pathlib import Path

import pytest

from toolkit.evaluation.debian_docs import DEBIAN_DOC_SETS, aligned_blocks, block_texts, missing_reason, read_debian_doc_set
from toolkit.segment.spacy_loader import load_nlp
from toolkit import checks

HANDBOOK = DEBIAN_DOC_SETS["debian-handbook"]
HISTORY = DEBIAN_DOC_SETS["debian-history"]


def _para(text: str) -> str:
    return f'<div class="para">{text}</div>'


def _handbook_page(root: Path, name: str, french: list[str], english: list[str]) -> None:
    for lang, blocks in (("fr-FR", french), ("en-US", english)):
        folder = root / "debian-handbook" / "html" / lang
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("<html><body>" + "".join(blocks) + "</body></html>", encoding="utf-8")


def test_a_block_owns_its_own_text_and_code_is_left_out():
    page = (
        '<div class="para">Le paquet <span class="pkg">apt</span>\n  contient :'
        '<div class="itemizedlist"><ul><li><div class="para">un outil ;</div></li></ul></div>'
        "<pre>apt-get install x</pre> fin.</div><p class=\"title\">Titre</p>"
    )
    assert block_texts(page, HANDBOOK.blocks) == ["Le paquet apt contient : fin.", "un outil ;"]
    history = '<p>Debian 3.0 est sortie.</p><li class="listitem"><p>woody</p></li><p class="copyright">©</p>'
    assert block_texts(history, HISTORY.blocks) == ["Debian 3.0 est sortie.", "", "woody"]


def test_untranslated_repeated_and_misaligned_blocks_are_dropped(tmp_path):
    _handbook_page(tmp_path, "a.html",
                   [_para("Bonjour."), _para("Left in English."), _para("Bonjour."), _para("—")],
                   [_para("Hello."), _para("Left in English."), _para("Hello."), _para("—")])
    _handbook_page(tmp_path, "b.html", [_para("Un."), _para("Deux.")], [_para("One and two.")])
    assert aligned_blocks(HANDBOOK, tmp_path) == [("Bonjour.", "Hello.")]


def test_sentences_pair_by_position_and_uneven_blocks_stay_whole(tmp_path):
    french = [
        _para("Le projet a été fondé en 1993. Il compte 1 000 membres."),
        _para("La version 3.0 est sortie en 2002. Elle était attendue. Enfin."),
    ] + [_para(f"Phrase numéro {n}.") for n in range(7)]
    english = [
        _para("The project was founded in 1993. It has 1,000 members."),
        _para("Version 3.0 came out in 2002. It was long awaited at last."),
    ] + [_para(f"Sentence number {n}.") for n in range(7)]
    _handbook_page(tmp_path, "a.html", french, english)
    nlp = load_nlp(checks.SPACY_MODEL)
    sources, references = read_debian_doc_set("debian-handbook", nlp, root=tmp_path)
    every = [
        ("Le projet a été fondé en 1993.", "The project was founded in 1993."),
        ("Il compte 1 000 membres.", "It has 1,000 members."),
        ("La version 3.0 est sortie en 2002. Elle était attendue. Enfin.",
         "Version 3.0 came out in 2002. It was long awaited at last."),
    ] + [(f"Phrase numéro {n}.", f"Sentence number {n}.") for n in range(7)]
    assert list(zip(sources, references)) == every[::HANDBOOK.stride]
    assert read_debian_doc_set("debian-handbook", nlp, limit=2, root=tmp_path) == (sources[:2], references[:2])


def test_a_set_whose_package_is_absent_says_how_to_install_it(tmp_path):
    reason = missing_reason(HISTORY, tmp_path)
    assert reason and "apt-get install debian-history" in reason
    with pytest.raises(FileNotFoundError, match="apt-get install debian-history"):
        read_debian_doc_set("debian-history", nlp=None, root=tmp_path)
