"""The cross-article speaker index: merges and non-merges, quotes.sqlite / quotes.csv,
`toolkit quotes`, reruns, speakers.toml, and speakers.html in the real browser."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import DATA, REPO, seed_files
from test_review_page import chromium  # noqa: F401 - the real-browser fixture
from toolkit.cli.main import main
from toolkit.config import load_config
from toolkit.errors import ConfigError
from toolkit.batch.job import run_analyze, run_translate
from toolkit.formats.schema import SCHEMA_ID, validate_article_json
from toolkit.batch.speaker_index import QUOTES_CSV, QUOTES_DB, write_speaker_index
from toolkit.batch.speaker_registry import AliasRules, ArticleSpeaker, merge_speakers

ZELENSKY_ARTICLES = {"001_b6f020323cda0cca", "002_4485f32b3d960a6c"}


def _entity_of(entities, ref):
    return next(e for e in entities if ref in {m.ref for m in e.members})


def _sp(article, name, mentions=(), description=None, sid="sp1"):
    return ArticleSpeaker(article, sid, name, tuple(mentions) or (name,), description)


# --- merges on hand-made cases ----------------------------------------------------------


def test_full_name_surname_and_role_of_one_person_merge_with_reasons():
    speakers = [
        _sp("a", "Dmitri Peskov", ("Dmitri Peskov", "Il"), "le porte-parole du Kremlin"),
        _sp("b", "Peskov"),
        _sp("c", "porte-parole du Kremlin", ("le porte-parole du Kremlin",)),
        _sp("d", "porte-parole du Kremlin Dmitri Peskov"),
        _sp("e", "Kremlin", sid="sp2"),
    ]
    entities, notes = merge_speakers(speakers)
    peskov = _entity_of(entities, "a#sp1")
    assert {m.ref for m in peskov.members} == {"a#sp1", "b#sp1", "c#sp1", "d#sp1"}
    assert peskov.name == "Dmitri Peskov" and peskov.id == "dmitri-peskov"
    why = dict(peskov.reasons)
    assert "surname" in why["b#sp1"] and "role 'porte-parole du kremlin'" in why["c#sp1"]
    assert "same name" in why["d#sp1"]
    assert _entity_of(entities, "e#sp2") is not peskov  # the body is not its spokesman
    assert notes == []


@pytest.mark.parametrize("first, second", [
    ("Mohammed Morsi", "Mohamed Morsi"), ("Mohammed Morsi", "Mohammad Morsi"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy"), ("Volodymyr Zelensky", "Zelenskyy"),
    ("Dmitri Peskov", "Dmitrij Peskov"), ("Sergueï Choïgou", "Sergei Shoigu"),
])
def test_spelling_and_transliteration_variants_merge(first, second):
    entities, _ = merge_speakers([_sp("a", first), _sp("b", second)])
    assert len(entities) == 1
    assert any("variant" in why or "surname" in why for _, why in entities[0].reasons)


def test_aliases_that_fold_alike_come_in_the_same_order_whatever_the_hash_seed():
    # "Alauddin Khan" written with an ordinary and a no-break space in two articles: the
    # alias list (speakers.html, quotes.sqlite) changed order from run to run.
    import subprocess
    import sys

    code = (
        "from toolkit.batch.speaker_registry import ArticleSpeaker, merge_speakers;"
        "s = [ArticleSpeaker('a', 'sp1', 'Alauddin Khan', ('Alauddin Khan', 'Khan')),"
        " ArticleSpeaker('b', 'sp1', 'Alauddin\\u00a0Khan', ('Alauddin\\u00a0Khan',))];"
        "print([ascii(e.aliases) for e in merge_speakers(s)[0]])"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in range(8)
    }
    assert len(outputs) == 1, outputs
    assert "\\xa0" in outputs.pop()


def test_two_people_sharing_a_surname_stay_apart_and_a_bare_surname_is_not_guessed():
    entities, notes = merge_speakers([
        _sp("a", "Jean Martin"), _sp("b", "Pierre Martin"), _sp("c", "Martin"),
        _sp("d", "Pierre Martin", sid="sp1"), _sp("d", "Martin", sid="sp2"),
    ])
    jean, pierre = _entity_of(entities, "a#sp1"), _entity_of(entities, "b#sp1")
    assert jean is not pierre
    assert {m.ref for m in pierre.members} == {"b#sp1", "d#sp1", "d#sp2"}  # same article: his surname
    assert {m.ref for m in _entity_of(entities, "c#sp1").members} == {"c#sp1"}
    assert any("c#sp1" in n and "Jean Martin" in n and "Pierre Martin" in n for n in notes)


def test_descriptions_stay_in_their_article_unless_tied_to_one_name():
    entities, _ = merge_speakers([
        _sp("a", "soldat", ("le soldat",)), _sp("b", "soldat", ("le soldat",)),
        # An indefinite role is no one in particular: it ties no name.
        _sp("c", "Rostyslav Yashchishyn", description="un soldat de la 63e brigade"),
        _sp("d", "soldat de la 63e brigade", ("le soldat de la 63e brigade",)),
        # A role tied to two different people is ambiguous.
        _sp("e", "Jean Dupont", description="le président du club"),
        _sp("f", "Paul Durand", description="le président du club"),
        _sp("g", "président du club", ("le président du club",)),
    ])
    for ref in ("a#sp1", "b#sp1", "d#sp1", "g#sp1"):
        assert len(_entity_of(entities, ref).members) == 1, ref


def test_speakers_toml_rules_merge_and_split():
    speakers = [_sp("a", "Jean Martin"), _sp("b", "Martin"), _sp("c", "le maire", ("le maire",)), _sp("d", "Jean Martin")]
    entities, _ = merge_speakers(speakers)
    assert len(_entity_of(entities, "a#sp1").members) == 3
    rules = AliasRules(same=(("Jean Martin", "le maire"),), different=(("a#sp1", "d#sp1"),))
    entities, notes = merge_speakers(speakers, rules)
    first, second = _entity_of(entities, "a#sp1"), _entity_of(entities, "d#sp1")
    assert first is not second
    assert "c#sp1" in {m.ref for m in first.members} | {m.ref for m in second.members}
    assert any("kept apart" in n for n in notes)


def test_gold_seed_speakers_merge_only_zelensky_across_articles():
    """The seeds' whole-article gold: each distinct speaker string of a document is one
    speaker. Only Volodymyr Zelensky appears in two articles; nothing else may merge
    across articles (different soldiers, services, units are different speakers)."""
    gold = json.loads((DATA / "quotes_gold_seeds.json").read_text(encoding="utf-8"))
    speakers = []
    for doc in gold["documents"]:
        names = sorted({q["speaker"] for q in doc["quotes"] if q["speaker"]})
        speakers += [_sp(doc["id"], n, sid=f"sp{k}") for k, n in enumerate(names, 1)]
    entities, _ = merge_speakers(speakers)
    across = [e for e in entities if len({m.article for m in e.members}) > 1]
    assert [e.name for e in across] == ["Volodymyr Zelensky"]
    assert {m.article for m in across[0].members} == ZELENSKY_ARTICLES
    assert len(entities) == len(speakers) - 1


# --- the index of a real output folder --------------------------------------------------


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory, nlp) -> Path:
    """`analyze` of the five seeds, once for this module (spaCy is slow here)."""
    out = tmp_path_factory.mktemp("seeds-index")
    summary = run_analyze(seed_files(), out, load_config(), nlp=nlp)
    assert not summary.failed
    return out


def _article_jsons(out: Path) -> dict[str, dict]:
    found = {}
    for p in out.glob("*.json"):
        data = json.loads(p.read_text(encoding="utf-8"))
        if data.get("schema") == SCHEMA_ID:
            found[data["id"]] = data
    return found


def _db_rows(out: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(out / QUOTES_DB)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def _csv_rows(out: Path) -> list[dict]:
    raw = (out / QUOTES_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: spreadsheets read the accents
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_seeds_zelensky_is_one_speaker_and_the_cli_returns_his_quotes(seeds_out, capsys):
    articles = _article_jsons(seeds_out)
    expected = {
        (a["id"], q["id"]) for a in articles.values() for q in a["quotes"]
        if q["speaker"] and any(sp["id"] == q["speaker"] and "Zelensky" in sp["name"] for sp in a["speakers"])
    }
    assert {a for a, _ in expected} == ZELENSKY_ARTICLES
    entities = _db_rows(seeds_out, "SELECT DISTINCT speaker FROM speaker_aliases WHERE alias LIKE '%Zelensky%'")
    assert entities == [("volodymyr-zelensky",)]
    assert main([ "quotes", str(seeds_out), "--speaker", "Zelensky", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    got = {(r["article"], r["quote"]) for r in rows}
    assert expected <= got and {r["article"] for r in rows} == ZELENSKY_ARTICLES
    assert {r["speaker"] for r in rows} == {"volodymyr-zelensky"}
    # Any alias, any spelling; other filters combine with it.
    assert main(["quotes", str(seeds_out), "--speaker", "zelenskyy", "--type", "direct", "--format", "json"]) == 0
    direct = json.loads(capsys.readouterr().out)
    assert direct and all(r["type"] == "direct" and r["speaker"] == "volodymyr-zelensky" for r in direct)
    assert main(["quotes", str(seeds_out), "--since", "2023-09-01", "--flag", "unverified_claim", "--format", "csv"]) == 0
    flagged = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert flagged and all("unverified_claim" in r["flags"].split(",") and r["date"] >= "2023-09-01" for r in flagged)
    assert main(["quotes", str(seeds_out), "--since", "last week"]) == 2
    assert main(["quotes", str(seeds_out / "nothing-here")]) == 2


def test_csv_and_sqlite_hold_one_row_per_quote_of_every_article(seeds_out):
    articles = _article_jsons(seeds_out)
    expected = {(a["id"], q["id"]): q for a in articles.values() for q in a["quotes"]}
    db = _db_rows(seeds_out, "SELECT article, quote, text_fr, type, flags, link FROM quotes")
    assert len(db) == len(expected) and {(r[0], r[1]) for r in db} == set(expected)
    for article, quote, text, kind, flags, link in db:
        q = expected[(article, quote)]
        assert (text, kind, flags) == (q["text"], q["type"], ",".join(q["flags"]))
        assert link.startswith(f"{article}.html#row-s")
    rows = _csv_rows(seeds_out)
    assert len(rows) == len(expected) and {(r["article"], r["quote"]) for r in rows} == set(expected)
    assert _db_rows(seeds_out, "SELECT count(*) FROM articles") == [(5,)]
    # The review pages link their speakers to the index, and the index page links it.
    page = (seeds_out / "002_4485f32b3d960a6c.html").read_text(encoding="utf-8")
    assert 'href="speakers.html#member=002_4485f32b3d960a6c%23sp' in page
    assert 'href="speakers.html"' in (seeds_out / "index.html").read_text(encoding="utf-8")


def _synthetic_article(article_id: str, date: str, speakers, quotes, schema: str = SCHEMA_ID) -> dict:
    """A minimal article document. `speakers`: (id, name, description); `quotes`: (id,
    type, text, speaker id, flags). `schema="toolkit.article/1"`: as written before /2
    (no `checks`), which the index still reads."""
    sentences = [{"id": f"s{i}", "paragraph": 0, "start": 0, "end": len(q[2]), "text": q[2], "translation": None, "flags": []}
                 for i, q in enumerate(quotes, 1)] or [{"id": "s1", "paragraph": 0, "start": 0, "end": 1, "text": ".",
                                                       "translation": None, "flags": []}]
    data = {
        "schema": schema, "id": article_id, "language": "fr",
        "source": {"path": f"{article_id}.txt", "sha256": "0" * 64, "encoding": "utf-8"},
        "title": f"Article {article_id}", "byline": None, "date": date, "flags": [], "removed": [],
        "paragraphs": [{"index": 0, "kind": "body", "line": 1, "start": 0, "end": 1, "sentences": [s["id"] for s in sentences]}],
        "sentences": sentences, "target_sentences": [], "alignment": [],
        "quotes": [{"id": qid, "type": kind, "text": text, "start": 0, "end": len(text), "paragraphs": [0], "sentences": [f"s{i}"],
                    "speaker": sp, "speaker_name": None, "speaker_mention": None, "cue": "a déclaré", "parent": None,
                    "flags": list(flags), "translation": f"EN {text}", "target_sentences": [], "target_start": None,
                    "target_end": None} for i, (qid, kind, text, sp, flags) in enumerate(quotes, 1)],
        "speakers": [{"id": sid, "name": name, "mentions": [name], "description": desc} for sid, name, desc in speakers],
        "model": None, "text": " ".join(q[2] for q in quotes),
    }
    if schema != "toolkit.article/1":  # /2 added the reviewer checks
        for item in (*data["sentences"], *data["quotes"]):
            item["checks"] = []
    return data


def _write_json(out: Path, data: dict) -> None:
    (out / f"{data['id']}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_rerun_after_adding_changing_removing_an_article_updates_exactly_those_rows(seeds_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_out, out)
    before = {r[:2]: r for r in _db_rows(out, "SELECT * FROM quotes")}
    removed, changed = "000_33a47c3b93f8da67", "003_72173426343cd9e5"
    (out / f"{removed}.json").unlink()
    data = json.loads((out / f"{changed}.json").read_text(encoding="utf-8"))
    data["quotes"] = data["quotes"][:2]
    data["quotes"][0]["flags"] = ["unverified_claim"]
    (out / f"{changed}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    added = _synthetic_article("zz_new", "2025-07-01", [("sp1", "Zelenskyy", None)],
                               [("q1", "direct", "Nous tiendrons.", "sp1", [])])
    validate_article_json(added)
    _write_json(out, added)
    write_speaker_index(out)
    after = {r[:2]: r for r in _db_rows(out, "SELECT * FROM quotes")}
    assert not any(a == removed for a, _ in after)
    assert {k for k in after if k[0] == "zz_new"} == {("zz_new", "q1")}
    assert after[("zz_new", "q1")][6] == "volodymyr-zelensky"  # the new article's Zelenskyy is him
    assert {k for k in after if k[0] == changed} == {(changed, "q1"), (changed, "q2")}
    assert after[(changed, "q1")] != before[(changed, "q1")]
    untouched = {k: v for k, v in before.items() if k[0] not in (removed, changed)}
    assert {k: after[k] for k in untouched} == untouched
    assert len(_csv_rows(out)) == len(after)
    shas = dict(_db_rows(out, "SELECT id, json_sha256 FROM articles"))
    assert removed not in shas and set(shas) == {p.stem for p in out.glob("*.json")}


def test_speakers_toml_is_read_on_every_run_and_a_bad_one_is_a_clear_error(seeds_out, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(seeds_out, out)
    (out / "speakers.toml").write_text(
        'same = [["Kremlin", "Dmitri Peskov"]]\ndifferent = [["001_b6f020323cda0cca#sp3", "Volodymyr Zelensky"]]\n',
        encoding="utf-8")
    write_speaker_index(out)
    by_article = dict(_db_rows(out, "SELECT article || '#' || article_speaker, speaker FROM speaker_members"))
    kremlin = dict(_db_rows(out, "SELECT name, speaker FROM speaker_members WHERE article = '002_4485f32b3d960a6c'"))
    assert kremlin["Kremlin"] == kremlin["Dmitri Peskov"]
    assert by_article["001_b6f020323cda0cca#sp3"] != kremlin["Volodymyr Zelensky"]
    # The CLI rebuilds after an edit, without re-analysing.
    (out / "speakers.toml").write_text('different = [["Volodymyr Zelensky", "le président ukrainien"]]\n', encoding="utf-8")
    assert main(["quotes", str(out), "--rebuild", "--speaker", "Zelensky", "--format", "json"]) == 0
    assert {r["article"] for r in json.loads(capsys.readouterr().out)} == ZELENSKY_ARTICLES
    assert len(_db_rows(out, "SELECT DISTINCT speaker FROM speaker_members WHERE name IN ('Volodymyr Zelensky', 'président ukrainien')")) == 2
    (out / "speakers.toml").write_text('same = "Peskov"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="speakers.toml"):
        write_speaker_index(out)
    assert main(["quotes", str(out), "--rebuild"]) == 2 and "speakers.toml" in capsys.readouterr().err


def test_unreadable_json_files_are_left_out_with_a_note(tmp_path):
    good = _synthetic_article("good", "2025-01-02", [("sp1", "Anne Hidalgo", None)], [("q1", "direct", "Oui.", "sp1", [])],
                              schema="toolkit.article/1")  # written before /2: still read
    broken = _synthetic_article("broken", None, [], [("q1", "direct", "Non.", None, [])])
    del broken["quotes"][0]["type"]
    _write_json(tmp_path, good)
    _write_json(tmp_path, broken)
    (tmp_path / "half.json").write_text('{"schema": "toolkit.article/1", "id": ', encoding="utf-8")
    (tmp_path / "other.json").write_text('{"schema": "toolkit.run/1"}', encoding="utf-8")  # not an article: ignored
    index = write_speaker_index(tmp_path)
    assert [a.id for a in index.articles] == ["good"]
    assert _db_rows(tmp_path, "SELECT article, quote, speaker FROM quotes") == [("good", "q1", "anne-hidalgo")]
    notes = [n for (n,) in _db_rows(tmp_path, "SELECT message FROM notes")]
    assert len(notes) == 2 and any(n.startswith("broken.json") for n in notes) and any(n.startswith("half.json") for n in notes)
    assert "half.json" in (tmp_path / "speakers.html").read_text(encoding="utf-8")


def test_csv_cells_that_look_like_formulas_stay_text(tmp_path):
    _write_json(tmp_path, _synthetic_article("f", None, [("sp1", "Anne Hidalgo", None)],
                                             [("q1", "direct", "=HYPERLINK(\"x\")", "sp1", []), ("q2", "direct", "« Oui », a-t-elle dit", "sp1", [])]))
    write_speaker_index(tmp_path)
    rows = _csv_rows(tmp_path)
    assert [r["text_fr"] for r in rows] == ["'=HYPERLINK(\"x\")", "« Oui », a-t-elle dit"]
    assert _db_rows(tmp_path, "SELECT text_fr FROM quotes WHERE quote = 'q1'") == [('=HYPERLINK("x")',)]


def test_translate_fills_the_english_column(tmp_path, nlp):
    from toolkit.testing.mt_stub import OpusMtBehaviourStub

    summary = run_translate([REPO / "corpus"], tmp_path, load_config(), OpusMtBehaviourStub("keep_guillemets"), nlp=nlp)
    assert not summary.failed
    rows = _db_rows(tmp_path, "SELECT text_en FROM quotes")
    article = json.loads((tmp_path / "exemple_conseil_municipal.json").read_text(encoding="utf-8"))
    assert [r[0] for r in rows] == [q["translation"] for q in sorted(article["quotes"], key=lambda q: q["start"])]
    assert any(r[0] for r in rows)


# --- the page in the real browser -------------------------------------------------------

SURNAMES = ["Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Garcia"]
FIRST = ["Jean", "Marie", "Pierre", "Sophie", "Luc", "Anne", "Paul", "Claire", "Marc", "Julie", "Hugo", "Léa"]


def _thousand_articles(out: Path) -> int:
    quotes = 0
    for n in range(1000):
        speakers, qs = [], []
        for k in range(4):
            who = f"{FIRST[(n + k) % len(FIRST)]} {SURNAMES[(n * 3 + k) % len(SURNAMES)]}{(n + k) % 40}"
            speakers.append((f"sp{k + 1}", who, "le maire" if k == 0 else None))
            for j in range(4):
                kind = ("direct", "indirect", "partial", "direct")[j]
                qs.append((f"q{len(qs) + 1}", kind, f"Citation {n}-{k}-{j} : « l’avenir » & <b>gras</b>", f"sp{k + 1}",
                           ["unverified_claim"] if (n + j) % 7 == 0 else []))
        _write_json(out, _synthetic_article(f"a{n:04d}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", speakers, qs))
        quotes += len(qs)
    hostile = _synthetic_article("hostile", "2025-01-01", [("sp1", "<img src=x onerror=alert(1)></script>", None)],
                                 [("q1", "direct", "</script><script>alert(2)</script>", "sp1", ["unverified_claim"])])
    _write_json(out, hostile)
    return quotes + 1


def test_speakers_page_with_a_thousand_articles_loads_fast_and_filters(tmp_path, chromium, capsys):
    from playwright.sync_api import sync_playwright

    out = tmp_path / "big"
    out.mkdir()
    quotes = _thousand_articles(out)
    started = time.perf_counter()
    index = write_speaker_index(out)
    build_seconds = time.perf_counter() - started
    assert len(index.quotes) == quotes
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        page = browser.new_page()
        errors, dialogs = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        started = time.perf_counter()
        page.goto((out / "speakers.html").as_uri())
        page.wait_for_selector("body[data-ready='1']")
        load_seconds = time.perf_counter() - started
        assert errors == [] and dialogs == []
        assert load_seconds < 5, load_seconds
        assert page.locator("#speakers > li").count() == 50  # a page at a time
        page.click("#more")
        assert page.locator("#speakers > li").count() == 100
        # The hostile names are text, not markup.
        page.fill("#name", "onerror")
        assert page.locator("#speakers > li").count() == 1
        assert "<img src=x" in page.locator("#speakers > li .sp-name").inner_text()
        page.locator("#speakers > li details summary").first.click()
        assert "</script><script>alert(2)</script>" in page.locator(".quote [lang=fr]").first.inner_text()
        assert dialogs == [] and page.locator("#speakers img").count() == 0
        # Filter by name (accents and case do not matter), then type and flag.
        page.fill("#name", "lea")
        names = page.locator("#speakers .sp-name").all_inner_texts()
        assert names and all(n.startswith("Léa") for n in names)
        page.fill("#name", "")
        page.select_option("#flag", "unverified_claim")
        page.select_option("#type", "indirect")
        status = page.locator("#status").inner_text()
        page.locator("#speakers > li details summary").first.click()
        page.locator(".quote .qmeta").first.wait_for()  # rendered on opening; all_inner_texts does not wait
        shown = page.locator(".quote .qmeta").all_inner_texts()
        assert shown and all("indirect" in m and "unverified_claim" in m for m in shown)
        expected = sum(1 for r in index.quotes if r["type"] == "indirect" and "unverified_claim" in r["flags"])
        assert f" speakers, {expected} quotes" in status
        # An article page's link opens its speaker's entity (a fresh page: no filters set).
        page.goto("about:blank")
        page.goto((out / "speakers.html").as_uri() + "#member=a0007%23sp2")
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator("#speakers > li").count() == 1
        assert page.locator(".quote").count() >= 4
        browser.close()
    with capsys.disabled():
        print(f"\n1,001 articles, {quotes} quotes: index built in {build_seconds:.2f}s, "
              f"speakers.html {(out / 'speakers.html').stat().st_size / 1e6:.1f} MB loaded in {load_seconds:.2f}s")


def test_whole_article_gold_speakers_merge_as_a_reader_would():
    """The whole-article gold sets (speakers resolved over each article by annotators):
    distinct speakers of one article never merge, and across 50 newstest2014 articles
    exactly the people and bodies a reader would join are joined — a spelling variant
    of one spokeswoman in two Quebec fire stories, a surname-only later mention, the
    same agency twice — while a generic plural (`les experts`) stays per article."""
    speakers = []
    for name in ("quotes_gold_newstest2014_articles_dev.json", "quotes_gold_newstest2014_articles.json",
                 "quotes_gold_newstest2014_articles_blind.json"):
        for doc in json.loads((DATA / name).read_text(encoding="utf-8"))["documents"]:
            names = sorted({q["speaker"] for q in doc["quotes"] if q["speaker"]})
            speakers += [_sp(doc["id"], n, sid=f"sp{k}") for k, n in enumerate(names, 1)]
    entities, _ = merge_speakers(speakers)
    assert all(len({m.article for m in e.members}) == len(e.members) for e in entities)
    across = {frozenset(m.name for m in e.members) for e in entities if len(e.members) > 1}
    assert across == {
        frozenset({"France Loiselle", "France Voiselle"}),
        frozenset({"Michael Huerta", "Huerta"}),
        frozenset({"l'ONU"}),
        frozenset({"la Federal Aviation Administration"}),
    }
    assert sum(1 for s in speakers if s.name == "les experts") == 2
    assert len(entities) == len(speakers) - 4
