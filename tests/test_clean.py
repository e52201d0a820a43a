import json
import sys

import pytest

from conftest import DATA, seed_files
import toolkit.clean as clean_module
from toolkit.clean import classify_lines, clean_article, parse_date
from toolkit.document import Article, SourceInfo
from toolkit.ingest.text import read_article

GOLD = json.loads((DATA / "seeds_boilerplate.json").read_text(encoding="utf-8"))["seeds"]


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_seed_body_survives_and_boilerplate_goes_with_reasons(path):
    gold = GOLD[path.name]
    article = clean_article(read_article(path))
    removed = {str(r.line): r.reason for r in article.removed}
    assert removed == gold["removed"]
    file_lines = path.read_text(encoding="utf-8").split("\n")
    # Every non-empty line not in the gold list is body text and appears, verbatim, in
    # the cleaned text, at the offset its paragraph says.
    for number, line in enumerate(file_lines, start=1):
        if line.strip() and str(number) not in gold["removed"]:
            assert line.strip() in article.text, f"line {number} lost"
    for paragraph in article.paragraphs:
        assert article.text[paragraph.start : paragraph.end] == article.raw_text[
            paragraph.source_start : paragraph.source_start + paragraph.end - paragraph.start
        ]
        assert file_lines[paragraph.line - 1].strip().startswith(article.text[paragraph.start : paragraph.end].split("\n")[0])


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_seed_title_byline_date(path):
    gold = GOLD[path.name]
    article = clean_article(read_article(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    expected_title = lines[gold["title_line"] - 1].strip() if gold["title_line"] else None
    assert article.title == expected_title
    if gold["byline_line"]:
        byline_line = lines[gold["byline_line"] - 1].strip()
        assert article.byline and byline_line.endswith(article.byline)
    else:
        assert article.byline is None
    assert article.date == gold["date"]
    assert [p.kind for p in article.paragraphs].count("title") == (1 if expected_title else 0)


def test_removed_lines_point_at_their_text(tmp_path):
    for path in seed_files():
        article = clean_article(read_article(path))
        for r in article.removed:
            assert article.raw_text[r.start : r.end] == r.text


def test_soft_wrapped_lines_join_into_one_paragraph(tmp_path):
    raw = "Titre de l'article\n\nUne phrase coupée par un retour\nà la ligne au milieu.\nUne autre ligne.\n"
    path = tmp_path / "wrap.txt"
    path.write_text(raw, encoding="utf-8")
    article = clean_article(read_article(path))
    texts = [article.text[p.start : p.end] for p in article.paragraphs]
    assert texts == ["Titre de l'article", "Une phrase coupée par un retour\nà la ligne au milieu.", "Une autre ligne."]


def test_prose_after_a_footer_marker_is_kept():
    raw = "Titre\n\nCorps de l'article, assez long pour être de la prose réelle et finir par un point comme il se doit.\n\nLire aussi\n\nUn autre paragraphe complet qui raconte encore quelque chose d'important pour le lecteur.\n"
    labelled, _ = classify_lines(raw)
    reasons = {line.text[:10]: reason for line, reason in labelled}
    assert reasons["Lire aussi"] == "related articles heading"
    assert reasons["Un autre p"] is None


def test_article_of_only_boilerplate_is_flagged(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text("- Publicité-\n\nspot_img\n", encoding="utf-8")
    article = clean_article(read_article(path))
    assert article.paragraphs == ()
    assert "no_body_text" in article.flags
    assert len(article.removed) == 2


@pytest.mark.parametrize(
    "text,expected",
    [("Publié: 16.09.2023 à 14:31 heures", "2023-09-16"), ("22 juin 2025", "2025-06-22"), ("le 31 février 2024", None), ("rien", None)],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# --- cost is linear in the input (issue 17) ---------------------------------------------


def _article(raw: str) -> Article:
    return Article(id="a", source=SourceInfo("a.txt", "0" * 64, "utf-8"), raw_text=raw)


def _unique_lines(n: int) -> str:
    """n distinct lines: headings and prose, as a long scraped page would have."""
    lines = []
    for i in range(n):
        if i % 3 == 0:
            lines.append(f"Rubrique numéro {i} sur la vie locale")
        else:
            lines.append(f"Le conseil a examiné le dossier {i} pendant la séance, puis les élus ont voté à {i % 97} voix contre {i % 13}.")
    return "\n\n".join(lines) + "\n"


def _python_steps_in_clean(raw: str) -> int:
    """Python-level steps (calls and lines) executed in toolkit/clean.py while cleaning
    `raw`: a deterministic measure of work, unlike wall time on a shared machine."""
    steps = 0
    clean_file = clean_module.__file__

    def local(frame, event, arg):
        nonlocal steps
        steps += 1
        return local

    def tracer(frame, event, arg):
        nonlocal steps
        if frame.f_code.co_filename != clean_file:
            return None
        steps += 1
        return local

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        clean_article(_article(raw))
    finally:
        sys.settrace(previous)
    return steps


@pytest.mark.parametrize("make", [_unique_lines, lambda n: "Une même ligne répétée par le scraper, encore et encore.\n" * n], ids=["unique", "repeated"])
def test_cleaning_work_grows_linearly_with_the_number_of_lines(make):
    small, large = _python_steps_in_clean(make(300)), _python_steps_in_clean(make(1200))
    # 4x the lines: about 4x the work. Comparing each line with every kept line gave ~16x.
    assert large / small < 4.6, (small, large)


def test_mass_removal_is_flagged_and_a_normal_page_is_not():
    block = "\n".join(f"Le conseil a examiné le dossier {i} avant de passer au vote des élus présents." for i in range(30)) + "\n"
    looped = clean_article(_article("Un titre d'article\n\n" + block * 40))  # a scraper stuck in a loop
    assert sum(r.reason == "duplicate line" for r in looped.removed) == 30 * 39
    assert "mass_removal" in looped.flags and "no_body_text" not in looped.flags
    once = clean_article(_article("Un titre d'article\n\n" + block))
    assert once.removed == () and "mass_removal" not in once.flags
    for path in seed_files():  # boilerplate-heavy real pages lose lines, not most of their text
        assert "mass_removal" not in clean_article(read_article(path)).flags, path.name
    # Nothing left at all is `no_body_text`, not also a mass removal.
    assert clean_article(_article("- Publicité-\n\nspot_img\n")).flags == ("no_body_text",)


# --- bylines (issue 17) -------------------------------------------------------------------

_PROSE = (
    "Le conseil municipal a voté hier soir la rénovation du pont de la Loire, après un débat de trois heures "
    "où l'opposition a dénoncé un calendrier intenable.\n"
)


def _header(*lines: str) -> str:
    return "\n\n".join(("La rénovation du pont de la Loire divise les élus",) + lines) + "\n\n" + _PROSE


def _reasons(article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def test_an_explicit_par_byline_wins_over_a_name_and_share_buttons_are_not_bylines():
    article = clean_article(_article(_header("Delphine Roux", "Partager sur Facebook", "Par Julie Morel")))
    assert article.byline == "Julie Morel"
    assert _reasons(article) == {"Partager sur Facebook": "share buttons", "Par Julie Morel": "byline"}
    assert "Delphine Roux" in article.text  # a name without "Par" is not cut into "lphine Roux"


@pytest.mark.parametrize(
    "line,byline,reason",
    [
        ("Denis Martin", "Denis Martin", "byline"),  # a bare name: the author, whole
        ("par Jessie Neal", "Jessie Neal", "byline"),
        ("By John Smith", "John Smith", "byline"),
        ("Auteur : Julie Morel", "Julie Morel", "byline"),
        ("Par la rédaction", "la rédaction", "byline"),
        ("Par", None, "byline (empty)"),
        ("Partager sur Facebook", None, "share buttons"),
        ("Share on X | LinkedIn", None, "share buttons"),
        ("De Gaulle à Macron", None, None),  # "De" + one capitalised word is not an author
        ("Par ailleurs, les travaux", None, None),
        ("Deux élus absents", None, None),
    ],
)
def test_byline_lines(line, byline, reason):
    article = clean_article(_article(_header(line)))
    assert article.byline == byline
    assert _reasons(article).get(line) == reason
    if reason is None:
        assert line in article.text
