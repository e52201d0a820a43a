"""n:m sentence alignment (issue 7): the aligner on strings, the English splitter, TMX,
and `toolkit align` end to end on real newstest2014 lines."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from toolkit.align.sentalign import AlignOptions, IndexBead, align_sentences, length_cost, normalise_number, sentence_features
from toolkit.segment.english import split_sentences

from conftest import TESTSETS


def _lines(name: str, start: int, count: int) -> tuple[list[str], list[str]]:
    fr = (TESTSETS / f"{name}.fr").read_text(encoding="utf-8").splitlines()[start : start + count]
    en = (TESTSETS / f"{name}.en").read_text(encoding="utf-8").splitlines()[start : start + count]
    return fr, en


def _pairs(beads: list[IndexBead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def _assert_covers(beads: list[IndexBead], n: int, m: int) -> None:
    """Every sentence of each side appears exactly once, in order."""
    assert [i for b in beads for i in b.source] == list(range(n))
    assert [j for b in beads for j in b.target] == list(range(m))
    assert all(b.source or b.target for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


# --- the aligner on lists of strings ---------------------------------------------------


def test_empty_sides():
    assert align_sentences([], []) == []
    fr = ["Le chat dort.", "Il pleut."]
    only_source = align_sentences(fr, [])
    assert _pairs(only_source) == [((0,), ()), ((1,), ())]
    only_target = align_sentences([], ["The cat sleeps."])
    assert _pairs(only_target) == [((), (0,))]


def test_identical_texts_align_one_to_one():
    fr, _ = _lines("newstest2014", 100, 40)
    beads = align_sentences(fr, fr)
    assert _pairs(beads) == [((i,), (i,)) for i in range(len(fr))]
    assert min(b.score for b in beads) > 0.9


def test_real_translation_one_to_one():
    fr, en = _lines("newstest2014", 200, 60)
    beads = align_sentences(fr, en)
    _assert_covers(beads, len(fr), len(en))
    correct = sum(1 for b in beads if b.source == b.target and len(b.source) == 1)
    assert correct >= 57  # no edits: nearly every line is its own 1:1 bead


def test_merges_splits_deletions_and_insertions_recovered():
    fr, en = _lines("newstest2014", 300, 20)
    outsider = (TESTSETS / "newstest2014.en").read_text(encoding="utf-8").splitlines()[2500]
    # English: lines 3+4 merged (2:1), line 8 split at its middle comma (1:2),
    # line 12 dropped (1:0), an unrelated line inserted after line 15 (0:1).
    line8 = en[8]
    cut = min((k for k, c in enumerate(line8) if c == ","), key=lambda k: abs(k - len(line8) / 2), default=None)
    assert cut is not None, "fixture line 308 should contain a comma"
    target: list[str] = []
    gold = []
    for i in range(20):
        if i == 4 or i == 12:
            if i == 12:
                gold.append(((12,), ()))
            continue
        if i == 3:
            gold.append(((3, 4), (len(target),)))
            target.append(en[3] + " " + en[4])
        elif i == 8:
            gold.append(((8,), (len(target), len(target) + 1)))
            target += [line8[: cut] + ".", line8[cut + 1 :].strip().capitalize()]
        else:
            gold.append(((i,), (len(target),)))
            target.append(en[i])
        if i == 15:
            gold.append(((), (len(target),)))
            target.append(outsider)
    beads = align_sentences(fr, target)
    _assert_covers(beads, len(fr), len(target))
    found = set(_pairs(beads))
    for shape in [((3, 4), (3,)), ((12,), ())]:
        assert shape in found
    assert ((8,), (7, 8)) in found
    assert sum(1 for g in gold if g in found) >= len(gold) - 1


def test_one_side_much_longer():
    fr, en = _lines("newstest2014", 400, 20)
    filler = (TESTSETS / "newstest2014.en").read_text(encoding="utf-8").splitlines()[2000:2060]
    # The English version carries a 60-line section the French lacks, in the middle:
    # 20 French lines against 80 English ones.
    target = en[:10] + filler + en[10:]
    beads = align_sentences(fr, target)
    _assert_covers(beads, len(fr), len(target))
    found = set(_pairs(beads))
    expected = [((i,), (i if i < 10 else i + 60,)) for i in range(20)]
    assert sum(1 for e in expected if e in found) >= 18
    # And the other way round: 60 French lines, of which only the first 10 translated.
    fr_long, _ = _lines("newstest2014", 400, 60)
    beads = align_sentences(fr_long, en[:10])
    _assert_covers(beads, 60, 10)
    assert sum(1 for i in range(10) if ((i,), (i,)) in set(_pairs(beads))) >= 9


def test_non_french_input_still_aligns():
    # German source against English: no cognate model for German, yet numbers, names and
    # lengths carry the alignment; the result must be complete and mostly right.
    de = [
        "Am Montag besuchte Angela Merkel die Stadt Hamburg.",
        "Sie sprach vor 3000 Menschen über die Wirtschaft.",
        "Die Arbeitslosigkeit liegt bei 5,2 Prozent.",
        "Danach reiste sie nach Berlin zurück.",
    ]
    en = [
        "On Monday Angela Merkel visited the city of Hamburg.",
        "She spoke to 3,000 people about the economy.",
        "Unemployment stands at 5.2 percent.",
        "She then travelled back to Berlin.",
    ]
    beads = align_sentences(de, en)
    assert _pairs(beads) == [((i,), (i,)) for i in range(4)]
    # Non-Latin script on one side: nothing lexical matches; still a full cover.
    ru = ["Привет мир.", "Это тест для выравнивания предложений.", "Конец."]
    beads = align_sentences(ru, en)
    _assert_covers(beads, len(ru), len(en))


def test_banded_search_on_a_long_document_is_correct():
    fr, en = _lines("newstest2014", 0, 1200)
    # Drop 40 English lines in one stretch: the path leaves the diagonal by 40 rows,
    # twice the band half-width, so only re-centring the band can find it.
    target = en[:300] + en[340:]
    gold_dropped = set(range(300, 340))
    beads = align_sentences(fr, target, options=AlignOptions(band=20))
    _assert_covers(beads, len(fr), len(target))
    dropped = {b.source[0] for b in beads if b.source and not b.target}
    assert len(dropped & gold_dropped) >= 36
    ones = [b for b in beads if len(b.source) == 1 and len(b.target) == 1]
    mapped = [b for b in ones if b.target[0] == (b.source[0] if b.source[0] < 300 else b.source[0] - 40)]
    assert len(mapped) >= 0.97 * (len(fr) - 40)


def test_machine_translations_add_evidence():
    fr, en = _lines("newstest2014", 500, 12)
    # Stand-in for MT: the English reference with one word changed per line, which is
    # what chrF sees from a good system. It must not break the alignment.
    mt = [e.replace("the", "a", 1) for e in en]
    merged = en[:5] + [en[5] + " " + en[6]] + en[7:]
    beads = align_sentences(fr, merged, translations=mt)
    assert ((5, 6), (5,)) in set(_pairs(beads))
    _assert_covers(beads, len(fr), len(merged))
    with pytest.raises(ValueError):
        align_sentences(fr, en, translations=mt[:3])


def test_features_normalise_numbers_and_cognates():
    assert normalise_number("3 000") == normalise_number("3,000") == "3000"
    assert normalise_number("0,6") == normalise_number("0.6") == "0.6"
    fr = sentence_features("Le président Obama a visité la capitale, 3 000 personnes?")
    en = sentence_features("President Obama visited the capital: 3,000 people?")
    shared = set(fr.anchors) & set(en.anchors)
    assert {"#3000", "wobama", "wcapit", "p?"} <= shared
    assert length_cost(100, 100, 1.0, 6.8) < length_cost(100, 160, 1.0, 6.8)


# --- English segmentation --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith arrived. He left.", ["Mr. Smith arrived.", "He left."]),
        ("George W. Bush met J. R. R. Tolkien.", ["George W. Bush met J. R. R. Tolkien."]),
        ("The U.S. Senate voted. It passed 3.5 to 1.", ["The U.S. Senate voted.", "It passed 3.5 to 1."]),
        ("He lives in the U.S. The rest is history.", ["He lives in the U.S.", "The rest is history."]),
        ('"We will win," he said. "Definitely." Then silence!', ['"We will win," he said.', '"Definitely."', "Then silence!"]),
        ("It was 5 p.m. on Monday. Nobody came.", ["It was 5 p.m. on Monday.", "Nobody came."]),
        ("Is it “over?” Nobody knows.", ["Is it “over?”", "Nobody knows."]),
        ("", []),
    ],
)
def test_english_splitter(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def _cut_near_middle(line: str) -> tuple[str, str]:
    """A line cut at the comma (or else the space) nearest its middle; the second half capitalised."""
    cuts = [k for k, c in enumerate(line) if c == ","] or [k for k, c in enumerate(line) if c == " "]
    k = min(cuts, key=lambda k: abs(k - len(line) / 2))
    rest = line[k + 1 :].strip()
    return line[: k + 1].strip(), rest[:1].upper() + rest[1:]


def _recut_three(en: list[str], at: int) -> list[str]:
    """English lines at..at+2 re-cut into three others: [e0 + e1a], [e1b + e2a], [e2b].
    No English boundary meets a French one inside, so the only right bead is 3:3."""
    a1, b1 = _cut_near_middle(en[at + 1])
    a2, b2 = _cut_near_middle(en[at + 2])
    return en[:at] + [en[at] + " " + a1, b1 + " " + a2, b2] + en[at + 3 :]


@pytest.mark.parametrize("start", [700, 900, 1300, 1700])
def test_three_to_three_bead_found_where_a_translator_recut_three_sentences(start):
    fr, en = _lines("newstest2014", start, 20)
    target = _recut_three(en, 8)
    beads = align_sentences(fr, target)
    _assert_covers(beads, len(fr), len(target))
    found = set(_pairs(beads))
    assert ((8, 9, 10), (8, 9, 10)) in found
    assert all(((i,), (i,)) in found for i in [*range(8), *range(11, 20)])


def test_two_to_three_bead_found():
    fr, en = _lines("newstest2014", 700, 20)
    a0, b0 = _cut_near_middle(en[8])
    a1, b1 = _cut_near_middle(en[9])
    target = en[:8] + [a0, b0 + " " + a1, b1] + en[10:]
    beads = align_sentences(fr, target)
    assert ((8, 9), (8, 9, 10)) in set(_pairs(beads))
    # And 3:2, the other way round.
    beads = align_sentences(target, fr)
    assert ((8, 9, 10), (8, 9)) in set(_pairs(beads))


# --- files, CLI, TMX -------------------------------------------------------------------


def _write_pair(folder: Path, name: str, start: int, count: int, drop: int) -> tuple[list[str], list[str]]:
    fr, en = _lines("newstest2014", start, count)
    en_edited = en[:drop] + en[drop + 1 :]
    folder.joinpath("fr").mkdir(parents=True, exist_ok=True)
    folder.joinpath("en").mkdir(parents=True, exist_ok=True)
    # One paragraph per line, as news files are laid out.
    (folder / "fr" / name).write_text("\n\n".join(fr) + "\n", encoding="utf-8")
    (folder / "en" / name).write_text("\n\n".join(en_edited) + "\n", encoding="utf-8")
    return fr, en_edited


@pytest.mark.slow
def test_cli_align_writes_json_html_tmx(tmp_path, capsys):
    from toolkit.cli import main as cli
    from toolkit.formats.schema import validate_article_json

    _write_pair(tmp_path, "story.txt", 40, 25, drop=10)
    out = tmp_path / "out"
    code = cli.main(["align", str(tmp_path / "fr" / "story.txt"), str(tmp_path / "en" / "story.txt"), "--out", str(out)])
    assert code == 0
    assert "story:" in capsys.readouterr().out
    data = json.loads((out / "story.json").read_text(encoding="utf-8"))
    validate_article_json(data)
    targets = data["target_sentences"]
    assert targets and all(set(t) >= {"id", "paragraph", "text"} for t in targets)
    source_ids = [s["id"] for s in data["sentences"]]
    target_ids = [t["id"] for t in targets]
    beads = data["alignment"]
    assert [i for b in beads for i in b["source"]] == source_ids
    assert [j for b in beads for j in b["target"]] == target_ids
    assert all("score" in b for b in beads)
    # Some English sentence of the dropped line's neighbours must be aligned; and the
    # French sentences of the dropped line must be left without counterpart.
    unmatched = [b for b in beads if b["source"] and not b["target"]]
    assert unmatched, "the dropped English line should leave French sentences unmatched"
    # French quotes (lines 45, 47, 55, 63 of newstest2014) land on the English marks.
    by_id = {t["id"]: t["text"] for t in targets}
    projected = [q for q in data["quotes"] if "projected_marks" in q["flags"]]
    assert len(projected) >= 3
    for q in projected:
        if len(q["target_sentences"]) == 1:
            assert by_id[q["target_sentences"][0]][q["target_start"] : q["target_end"]] == q["translation"]
    assert any(q["translation"].startswith("Concerns about Big Brother") for q in projected)
    html = (out / "story.html").read_text(encoding="utf-8")
    assert targets[0]["text"].split()[0] in html
    tmx = ET.parse(out / "story.tmx").getroot()
    assert tmx.get("version") == "1.4"
    units = tmx.findall("./body/tu")
    assert len(units) == sum(1 for b in beads if b["source"] and b["target"])
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in units[0].findall("tuv")]
    assert langs == ["fr", "en"]


@pytest.mark.slow
def test_directory_pairs_matched_by_name(tmp_path, nlp):
    from toolkit.batch.align_job import match_directories, run_pairs

    _write_pair(tmp_path, "a.txt", 600, 8, drop=3)
    _write_pair(tmp_path, "b.txt", 700, 8, drop=5)
    (tmp_path / "fr" / "lonely.txt").write_text("Un article sans traduction.\n", encoding="utf-8")
    pairs, unmatched = match_directories(tmp_path / "fr", tmp_path / "en")
    assert [p.french.name for p in pairs] == ["a.txt", "b.txt"]
    assert [p.name for p in unmatched] == ["lonely.txt"]
    results = run_pairs(pairs, tmp_path / "out", nlp)
    assert all(r.error is None for r in results)
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"a.html", "a.json", "a.tmx", "b.html", "b.json", "b.tmx"} <= written
    assert not any(name.startswith("lonely") for name in written)
    from toolkit.batch.align_job import write_pair_index

    index = write_pair_index(results, tmp_path / "out").read_text(encoding="utf-8")
    assert "a.html" in index and "b.html" in index
    # XLIFF segments follow the n:m beads.
    assert {"a.xlf", "b.xlf"} <= written


# --- quotes projected onto the human translation -----------------------------------------


def test_quotes_projected_onto_english_marks():
    from toolkit.batch.align_job import align_article
    from toolkit.align.quotes import FLAG_MARKS, FLAG_NOT_ALIGNED, FLAG_SENTENCE
    from toolkit.document import Article, QuoteSpan, Sentence, SourceInfo, TargetSentence

    french_texts = [
        "Le ministre Jean Dupont était à Lyon lundi.",
        "« Nous allons réduire le déficit de 3 milliards », a-t-il déclaré devant 200 élus.",
        "Il a aussi parlé de la réforme des retraites.",
        "Selon lui, la croissance atteindra 1,5 % en 2015.",
        "Cette phrase n'a pas été traduite.",
    ]
    sentences = tuple(Sentence(id=f"s{k + 1}", paragraph=0, start=0, end=len(t), text=t) for k, t in enumerate(french_texts))
    quotes = (
        QuoteSpan(id="q1", type="direct", text="Nous allons réduire le déficit de 3 milliards", start=2, end=47, sentences=("s2",)),
        QuoteSpan(id="q2", type="indirect", text="la croissance atteindra 1,5 % en 2015", start=0, end=10, sentences=("s4",)),
        QuoteSpan(id="q3", type="direct", text="n'a pas été traduite", start=0, end=10, sentences=("s5",)),
    )
    french = Article(id="x", source=SourceInfo("x", "0", "utf-8"), raw_text="", sentences=sentences, quotes=quotes)
    english = [
        "Minister Jean Dupont was in Lyon on Monday.",
        "He told 200 local officials: “We are going to cut the deficit by 3 billion.”",
        "He also spoke about pension reform.",
        "In his view, growth will reach 1.5% in 2015.",
    ]
    targets = [TargetSentence(id=f"t{k + 1}", paragraph=0, text=t) for k, t in enumerate(english)]
    aligned = align_article(french, targets)
    q1, q2, q3 = aligned.quotes
    assert q1.translation == "We are going to cut the deficit by 3 billion."
    assert q1.target_sentences == ("t2",) and FLAG_MARKS in q1.flags
    assert english[1][q1.target_start : q1.target_end] == q1.translation
    assert q2.translation == english[3] and FLAG_SENTENCE in q2.flags
    assert q3.translation is None and FLAG_NOT_ALIGNED in q3.flags


# --- properties ------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_sentence = st.text(alphabet=st.sampled_from(list("abcdeé XYZ0123456789.,«»?!\"'")), max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentence, max_size=25), st.lists(_sentence, max_size=25), st.integers(min_value=1, max_value=6))
def test_any_input_gives_a_complete_ordered_cover(source, target, band):
    beads = align_sentences(source, target, options=AlignOptions(band=band))
    _assert_covers(beads, len(source), len(target))
    assert all(len(b.source) <= 3 and len(b.target) <= 3 for b in beads)  # beads up to 3:3


def test_tmx_is_well_formed_and_escaped():
    from toolkit.document import AlignmentBead, Article, Sentence, SourceInfo, TargetSentence
    from toolkit.formats.tmx import article_tmx

    article = Article(
        id="a",
        source=SourceInfo("a", "0", "utf-8"),
        raw_text="",
        sentences=(Sentence("s1", 0, 0, 10, "Tom & Jerry <script>"), Sentence("s2", 0, 0, 5, "Seul.")),
        target_sentences=(TargetSentence("t1", 0, "Tom & Jerry <b>"),),
        alignment=(AlignmentBead(("s1",), ("t1",), 0.75), AlignmentBead(("s2",), (), 0.0)),
    )
    root = ET.fromstring(article_tmx(article))
    units = root.findall("./body/tu")
    assert len(units) == 1  # the unmatched sentence makes no translation unit
    segs = [seg.text for seg in units[0].iter("seg")]
    assert segs == ["Tom & Jerry <script>", "Tom & Jerry <b>"]
    assert root.find("header").get("srclang") == "fr"


def test_cached_chrf_equals_sacrebleu_sentence_chrf():
    from sacrebleu.metrics import CHRF

    from toolkit.align.sentalign import _chrf_similarity

    fr, en = _lines("newstest2014", 900, 6)
    similarity = _chrf_similarity(tuple(fr), tuple(en))
    metric = CHRF()
    for i0, i1, j0, j1 in [(0, 1, 0, 1), (1, 3, 1, 2), (2, 3, 2, 4), (3, 5, 4, 6), (0, 1, 5, 6)]:
        expected = metric.sentence_score(" ".join(fr[i0:i1]), [" ".join(en[j0:j1])]).score / 100.0
        assert similarity(i0, i1, j0, j1) == pytest.approx(expected, abs=1e-12)


@pytest.mark.slow
def test_cli_align_sentences_per_line_keeps_units_as_given(tmp_path, capsys):
    from toolkit.cli import main as cli
    fr, en = _lines("newstest2014", 900, 20)
    # Prepared text: units a cleaner or a splitter would change stay as they are.
    fr = ["Publicité", *fr, "Il pleut. Il vente fort. Rien de plus."]
    en = ["Advertisement", *_recut_three(en, 8), "It is raining. The wind is strong. Nothing more."]
    (tmp_path / "fr.txt").write_text("\n".join(fr[:5]) + "\n\n  " + "\n".join(fr[5:]) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["align", str(tmp_path / "fr.txt"), str(tmp_path / "en.txt"), "--out", str(out),
                     "--sentences-per-line", "--xliff", "1.2"])
    assert code == 0, capsys.readouterr().err
    data = json.loads((out / "fr.json").read_text(encoding="utf-8"))
    assert [s["text"] for s in data["sentences"]] == fr  # blank line skipped, indentation stripped, nothing split
    assert [t["text"] for t in data["target_sentences"]] == en
    assert [p["line"] for p in data["paragraphs"]][4:7] == [5, 7, 8]
    beads = [(tuple(b["source"]), tuple(b["target"])) for b in data["alignment"]]
    assert (("s1",), ("t1",)) in beads and (("s22",), ("t22",)) in beads
    assert (("s10", "s11", "s12"), ("t10", "t11", "t12")) in beads  # the re-cut lines, 3:3
    root = ET.parse(out / "fr.xlf").getroot()
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff" and root.get("version") == "1.2"
    units = root.findall(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit")
    assert len(units) == len(beads)


@pytest.mark.slow
def test_chrf_evidence_comes_from_the_translation_stage(tmp_path, nlp):
    """The machine translations behind the chrF evidence are made by the translation stage,
    as `toolkit translate` makes them: a line already in English is passed through, never
    sent to the model."""
    from toolkit.batch.align_job import align_files
    from toolkit.testing.mt_stub import OpusMtBehaviourStub

    fr, en = _lines("newstest2014", 900, 6)
    english_line = max(en, key=len)
    (tmp_path / "fr.txt").write_text("\n".join(fr[:3] + [english_line] + fr[3:]) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    stub = OpusMtBehaviourStub()
    article = align_files(tmp_path / "fr.txt", tmp_path / "en.txt", nlp, translator=stub, sentences_per_line=True)
    sent = [text for call in stub.calls for text in call]
    assert english_line not in sent
    assert any(fr[0].strip() in text for text in sent)
    assert [i for b in article.alignment for i in b.source] == [s.id for s in article.sentences]
