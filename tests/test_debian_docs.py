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
FAQ = DEBIAN_DOC_SETS["debian-faq"]
DEVREF = DEBIAN_DOC_SETS["developers-reference"]

# A paragraph the French build left in English but whose cross-reference it translated,
# so the two sides differ and only the language guesser sees it is English.
LEFT_IN_ENGLISH_FR = "See the section on how to report a bug, which is in the « Signaler un bogue » chapter of this document."
LEFT_IN_ENGLISH_EN = "See the section on how to report a bug, which is in the \"Reporting a bug\" chapter of this document."


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


def _write(path: Path, blocks: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<html><body>" + "".join(blocks) + "</body></html>", encoding="utf-8")


def test_the_faq_pairs_pages_across_folders_and_drops_french_left_in_english(tmp_path):
    faq = tmp_path / "debian" / "FAQ"
    _write(faq / "fr" / "basic-defs.fr.html",
           ["<p>Debian est un système d'exploitation libre.</p>", f"<p>{LEFT_IN_ENGLISH_FR}</p>",
            '<li class="listitem"><p>Il compte plus de 50 000 paquets.</p></li>'])
    _write(faq / "basic-defs.en.html",
           ["<p>Debian is a free operating system.</p>", f"<p>{LEFT_IN_ENGLISH_EN}</p>",
            '<li class="listitem"><p>It has over 50,000 packages.</p></li>'])
    _write(faq / "fr" / "kernel.fr.html", ["<p>Le noyau Linux.</p>"])  # no English page: left out
    assert aligned_blocks(FAQ, tmp_path) == [
        ("Debian est un système d'exploitation libre.", "Debian is a free operating system."),
        ("Il compte plus de 50 000 paquets.", "It has over 50,000 packages."),
    ]


def test_the_first_two_sets_keep_the_rule_they_were_measured_with(tmp_path):
    _handbook_page(tmp_path, "a.html", [_para(LEFT_IN_ENGLISH_FR)], [_para(LEFT_IN_ENGLISH_EN)])
    assert aligned_blocks(HANDBOOK, tmp_path) == [(LEFT_IN_ENGLISH_FR, LEFT_IN_ENGLISH_EN)]


def test_the_developers_reference_reads_sphinx_prose_not_its_navigation(tmp_path):
    def page(title: str, prose: str, item: str) -> list[str]:
        return [
            f'<ul><li class="toctree-l1"><a href="scope.html">{title}</a></li></ul>',
            f'<div class="body" role="main"><p>{prose}</p><ul><li><p>{item}</p></li></ul>',
            '<pre>dput ftp-master paquet.changes</pre></div>',
        ]
    _write(tmp_path / "developers-reference-fr" / "docs" / "pkgs.html",
           page("Portée de ce document", "Un paquet doit être envoyé avec dput.", "Vérifiez la signature."))
    _write(tmp_path / "developers-reference" / "docs" / "pkgs.html",
           page("Scope of This Document", "A package must be uploaded with dput.", "Check the signature."))
    assert aligned_blocks(DEVREF, tmp_path) == [
        ("Un paquet doit être envoyé avec dput.", "A package must be uploaded with dput."),
        ("Vérifiez la signature.", "Check the signature."),
    ]


def test_a_third_set_with_only_its_french_package_says_to_install_both(tmp_path):
    _write(tmp_path / "developers-reference-fr" / "docs" / "pkgs.html", ["<p>Un paquet.</p>"])
    reason = missing_reason(DEVREF, tmp_path)
    assert reason and "apt-get install developers-reference developers-reference-fr" in reason
    with pytest.raises(FileNotFoundError, match="developers-reference developers-reference-fr"):
        read_debian_doc_set("developers-reference", nlp=None, root=tmp_path)
