import codecs

import pytest

from toolkit.clean import clean_article
from toolkit.errors import IngestError
from toolkit.ingest.html import extract_html_article
from toolkit.ingest.text import decode_bytes, discover, normalise, read_article

FRENCH = "« L’été à Besançon », a-t-il déclaré.\nDeuxième ligne : 0,6 %."


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("latin-1", b""), ("utf-16", b"")],
)
def test_decodes_common_encodings(tmp_path, encoding, prefix):
    text = FRENCH if encoding != "latin-1" else FRENCH.replace("’", "'")
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + text.encode(encoding))
    article = read_article(path)
    assert article.raw_text == text
    assert article.source.encoding in {"utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"}
    if prefix:
        assert article.source.encoding == "utf-8-sig"


def test_quote_marks_and_narrow_spaces_are_kept(tmp_path):
    text = "Il dit\u00a0: «\u202fnon\u202f» et “oui” puis ‘peut-être’."
    path = tmp_path / "q.txt"
    path.write_text(text, encoding="utf-8")
    assert read_article(path).raw_text == text


def test_nfc_and_crlf_keep_a_map_to_the_original():
    original = "Cafe\u0301 noir\r\nsuite\x07 ici"
    norm, mapping = normalise(original)
    assert norm == "Café noir\nsuite ici"
    # Every normalised offset maps to the same character in the original.
    for i, ch in enumerate(norm):
        j = mapping.to_original(i)
        if ch == "é":
            assert original[j : j + 2] == "e\u0301"
        elif ch == "\n":
            assert original[j : j + 2] == "\r\n"
        else:
            assert original[j] == ch


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty file"),
        (b"  \n\t \n", "only whitespace"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_unusable_files_get_clear_errors(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=message):
        read_article(path)


def test_missing_input_is_an_error(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        discover([tmp_path / "nope"])


def test_discover_walks_folders_for_txt(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.txt", "sub/c.txt", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in discover([tmp_path])] == ["a.txt", "b.txt", "c.txt"]


def test_decode_rejects_cp1252_lookalike_garbage():
    with pytest.raises(IngestError):
        decode_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 50 + b"\x01\x02\x03" * 50)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_not_called_binary(tmp_path, encoding):
    text = FRENCH + "\nLe maire a inauguré l’école « Jean-Moulin » — 3 000 € de travaux.\n"
    path = tmp_path / "u.txt"
    path.write_bytes(text.encode(encoding))  # Python's utf-16-le/-be codecs write no BOM
    article = read_article(path)
    assert article.raw_text == text
    assert article.source.encoding == encoding


def test_nul_bytes_that_are_not_utf16_are_still_binary(tmp_path):
    # Every other byte NUL, but the rest decodes to control characters: not text.
    path = tmp_path / "b.txt"
    path.write_bytes(bytes(b for c in range(1, 32) for b in (c, 0)) * 40)
    with pytest.raises(IngestError, match="binary"):
        read_article(path)
    path.write_bytes(("Texte tronqué".encode("utf-16-le")) + b"A")  # odd length: not UTF-16
    with pytest.raises(IngestError, match="binary"):
        read_article(path)


# --- HTML saved as .txt (issue 17) ------------------------------------------------------

_HTML_ARTICLE = """<article><h1>Le port de Marseille bat un record</h1>
<p class="byline">Par <a href="/auteurs/julie-morel" rel="author">Julie Morel</a></p>
<p class="date">Publié le <time datetime="2025-03-12T08:00:00+01:00">12 mars 2025 à 8h00</time></p>
<p>Le port de Marseille a accueilli l'an dernier un nombre record de conteneurs, selon les chiffres publiés lundi.</p>
<p>La direction attribue cette hausse à la reprise du commerce avec l'Asie et à de nouveaux quais.</p>
<p>Les dockers restent toutefois inquiets pour leurs emplois face à l'automatisation des terminaux.</p>
</article>"""
_HTML_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le port de Marseille bat un record</title></head>'
    '<body>\n<nav><a href="/">Accueil</a> &gt; <a href="/eco">Économie</a></nav>\n'
    + _HTML_ARTICLE
    + "<footer>© Journal — Mentions légales — Cookies</footer></body></html>\n"
)


@pytest.mark.parametrize("html", [_HTML_PAGE, _HTML_ARTICLE], ids=["page", "fragment"])
def test_html_saved_as_txt_keeps_its_title_byline_and_date(tmp_path, html):
    path = tmp_path / "page.txt"
    path.write_text(html, encoding="utf-8")
    # The pipeline's order: ingest, then the HTML input path, then cleaning.
    article = clean_article(extract_html_article(read_article(path)))
    assert "html_extracted" in article.flags
    assert (article.title, article.byline, article.date) == ("Le port de Marseille bat un record", "Julie Morel", "2025-03-12")
    assert "<" not in article.text and "dockers" in article.text and "Mentions légales" not in article.text
    assert "Publié le" not in article.text  # the date's label, left alone without its <time>


def test_text_quoting_a_tag_is_not_html(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Un titre\n\nLe pirate a glissé une balise <script> dans la page du ministère.\n", encoding="utf-8")
    article = clean_article(extract_html_article(read_article(path)))
    assert "html_extracted" not in article.flags and "<script>" in article.text


def test_a_social_title_unlike_the_headline_is_not_put_into_the_text(tmp_path):
    html = _HTML_PAGE.replace("<title>Le port de Marseille bat un record</title>", '<title>Record | Le Journal</title><meta property="og:title" content="Record au port">')
    path = tmp_path / "page.txt"
    path.write_text(html, encoding="utf-8")
    article = clean_article(extract_html_article(read_article(path)))
    assert article.title == "Le port de Marseille bat un record"
    assert "Record au port" not in article.text and "Le Journal" not in article.text
