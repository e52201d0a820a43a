"""Batch runs (issue 5): incremental reruns, the sentence cache, the lock, the summary,
`toolkit status`, and bad input — in process, with a real (tiny) MarianMT."""

from __future__ import annotations

import codecs
import json
import re
import sqlite3

import pytest
from dataclasses import replace
from pathlib import Path


from batch_fixtures import CountingTranslator, short_model_dir, short_translator  # noqa: F401 (fixtures)
from run_outputs import expected_names, output_files
from toolkit.cli.exit_codes import EXIT_BUSY, EXIT_FAILED_ARTICLES, EXIT_OK, EXIT_OUTPUT_DIR
from toolkit.cli.main import main
from toolkit.config import load_config
from toolkit.ingest.text import read_article
from toolkit.batch.manifest import MANIFEST_NAME, Manifest, OutputLock
from toolkit.batch.job import run_translate
from toolkit.batch.report import ProgressEvent

ARTICLES = {
    "a": "Le gouvernement présente sa réforme\n\nLe ministre a présenté mardi un projet de loi sur les retraites. "
    "Les syndicats ont annoncé une journée de grève.\n\nAbonnez-vous à notre lettre d'information.\n",
    "b": "La pluie revient sur la Bretagne\n\nMétéo-France prévoit de fortes averses pour jeudi. "
    "Les agriculteurs attendent cette pluie depuis des semaines.\n\nAbonnez-vous à notre lettre d'information.\n",
    "c": "Le musée rouvre ses portes\n\nAprès deux ans de travaux, le musée accueille de nouveau le public. "
    "La directrice se dit très émue.\n",
}


def _corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _run(corpus: Path, out: Path, translator, nlp, **kwargs):
    return run_translate([corpus], out, load_config(), translator, nlp=nlp, **kwargs)


def _outputs(out: Path) -> dict[str, object]:
    """Every output file (run records aside), checked to be all the files a run writes."""
    files = output_files(out)
    assert set(files) == expected_names(p.stem for p in out.glob("*.json"))
    return files


def test_rerun_translates_nothing_and_a_changed_article_alone_is_redone(tmp_path, short_translator, nlp):
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    first = CountingTranslator(short_translator)
    summary = _run(corpus, out, first, nlp)
    assert [r.status for r in summary.results] == ["done"] * 3
    assert first.calls and summary.model_inputs == len(first.texts)
    # The boilerplate sentence shared by a and b reached the model once.
    assert sum("Abonnez-vous" in t for t in first.texts) == 1
    before = _outputs(out)

    second = CountingTranslator(short_translator)
    summary = _run(corpus, out, second, nlp)
    assert second.calls == []  # zero model calls
    assert [r.status for r in summary.results] == ["skipped"] * 3
    assert summary.model_inputs == 0 and summary.sentences == 0
    assert _outputs(out) == before

    (corpus / "b.txt").write_text(ARTICLES["b"].replace("jeudi", "vendredi"), encoding="utf-8")
    third = CountingTranslator(short_translator)
    summary = _run(corpus, out, third, nlp)
    assert [r.status for r in summary.results] == ["skipped", "done", "skipped"]
    # Only the changed sentence is new: the title, the unchanged sentence and the
    # boilerplate come from the cache.
    assert third.texts == ["Météo-France prévoit de fortes averses pour vendredi."]
    assert summary.cache_hits >= 3
    report = json.loads(summary.summary_path.read_text(encoding="utf-8"))
    assert report["articles"] == {"found": 3, "done": 1, "skipped": 2, "failed": 0, "pending": 0}
    assert report["model_inputs"] == 1 and report["cache_hits"] == summary.cache_hits
    assert summary.summary_path.parent == out / "runs"


def test_config_change_redoes_everything_and_force_bypasses_the_cache(tmp_path, short_translator, nlp):
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    _run(corpus, out, short_translator, nlp)
    before = _outputs(out)

    beam1 = CountingTranslator(short_translator)
    beam1.options = replace(short_translator.options, beam=1)  # a setting that changes translations
    summary = _run(corpus, out, beam1, nlp)
    assert [r.status for r in summary.results] == ["done"] * 3 and beam1.calls

    forced = CountingTranslator(short_translator)
    summary = _run(corpus, out, forced, nlp, force=True)
    assert [r.status for r in summary.results] == ["done"] * 3
    assert summary.cache_hits == 0 and len(forced.texts) == summary.model_inputs > 0
    assert _outputs(out) == before  # same model and settings as the first run: same files


def test_deleted_outputs_are_redone(tmp_path, short_translator, nlp):
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    _run(corpus, out, short_translator, nlp)
    (out / "c.html").unlink()
    counting = CountingTranslator(short_translator)
    summary = _run(corpus, out, counting, nlp)
    assert [r.status for r in summary.results] == ["skipped", "skipped", "done"]
    assert counting.calls == []  # its sentences are all in the cache
    assert (out / "c.html").exists()


def test_stop_request_abandons_the_chunk_and_a_rerun_finishes(tmp_path, short_translator, nlp):
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    written: list[str] = []

    def progress(event: ProgressEvent) -> None:
        if event.kind == "article_written":
            written.append(event.article_id)

    summary = _run(corpus, out, short_translator, nlp, progress=progress, articles_per_chunk=1, should_stop=lambda: len(written) >= 1)
    assert summary.interrupted
    assert [r.status for r in summary.results] == ["done", "pending", "pending"]
    with Manifest.open(out) as manifest:
        assert [r.status for r in manifest.records()] == ["done", "pending", "pending"]
    assert json.loads(summary.summary_path.read_text())["status"] == "interrupted"
    summary = _run(corpus, out, short_translator, nlp)
    assert [r.status for r in summary.results] == ["skipped", "done", "done"]


def test_a_locked_output_folder_gives_a_clear_message_and_code_75(tmp_path, short_model_dir, capsys):
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    out.mkdir()
    with OutputLock(out):
        code = main(["translate", str(corpus), "--out", str(out), "--model", str(short_model_dir), "--quiet", "--wait-lock", "0.3"])
    assert code == EXIT_BUSY
    err = capsys.readouterr().err
    assert "another run is using" in err and "pid" in err and "after waiting 0.3s" in err
    assert not (out / "a.json").exists()


def test_unwritable_output_folder_exits_4_with_a_clear_message(tmp_path, short_model_dir, capsys):
    corpus = _corpus(tmp_path / "corpus", ARTICLES)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder's parent should be")
    # Root ignores permission bits, so the test makes the folder impossible, not forbidden.
    code = main(["translate", str(corpus), "--out", str(blocker / "out"), "--model", str(short_model_dir), "--quiet"])
    assert code == EXIT_OUTPUT_DIR
    assert "cannot write to the output folder" in capsys.readouterr().err


def test_status_lists_done_pending_and_failed(tmp_path, short_translator, nlp, capsys):
    corpus, out = _corpus(tmp_path / "corpus", {**ARTICLES, "empty": ""}), tmp_path / "out"
    _run(corpus, out, short_translator, nlp)
    (corpus / "d.txt").write_text("Un nouvel article\n\nIl est arrivé ce matin.\n", encoding="utf-8")
    (corpus / "a.txt").write_text(ARTICLES["a"] + "\nUne phrase ajoutée.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["status", str(out), "--corpus", str(corpus), "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    by_id = {a["id"]: a for a in report["articles"]}
    assert report["counts"] == {"done": 2, "pending": 2, "failed": 1}
    assert by_id["empty"]["status"] == "failed" and by_id["empty"]["error"] == "empty file"
    assert by_id["d"]["status"] == "pending" and by_id["a"]["status"] == "pending"
    assert main(["status", str(out)]) == EXIT_OK
    text = capsys.readouterr().out
    assert re.search(r"3 done, 0 pending, 1 failed", text) and "empty file" in text
    assert main(["status", str(tmp_path / "nowhere")]) == EXIT_OUTPUT_DIR


def test_json_log_writes_one_object_per_event(tmp_path, short_model_dir, capsys):
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    assert main(["translate", str(corpus), "--out", str(out), "--model", str(short_model_dir), "--json-log"]) == EXIT_OK
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished"
    assert kinds.count("article_written") == 3 and "sentences_translated" in kinds


# --- bad input ---------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html><html><head><title>Le port de Marseille</title></head><body>
<nav><a href="/">Accueil</a> &gt; <a href="/eco">Économie</a></nav>
<article><h1>Le port de Marseille bat un record</h1>
<p>Le port de Marseille a accueilli l'an dernier un nombre record de conteneurs, selon les chiffres publiés lundi.</p>
<p>La direction attribue cette hausse à la reprise du commerce avec l'Asie et à de nouveaux quais.</p>
<p>Les dockers restent toutefois inquiets pour leurs emplois face à l'automatisation des terminaux.</p>
</article><footer>© Journal — Mentions légales — Cookies</footer></body></html>
"""


def _bad_corpus(folder: Path) -> Path:
    folder.mkdir()
    body = "Le conseil municipal a voté le budget hier soir après un long débat.\n"
    (folder / "good.txt").write_text("Un titre ordinaire\n\n" + body, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "whitespace.txt").write_bytes(b"  \n\t\n   \r\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "report.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (folder / "invalid_utf8.txt").write_bytes("Le député a parlé à l'Assemblée.\n".encode("utf-8") + b"Une suite \xff\xfe cass\xe9e du texte.\n")
    (folder / "cp1252.txt").write_bytes("L'été : « œuvre » à 5 € — c'est déjà ça.\n".encode("cp1252"))
    (folder / "latin1.txt").write_bytes("Le préfet a réuni les élus à Besançon.\n".encode("latin-1"))
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "Le maire a inauguré l'école « Jean-Moulin ».\n".encode("utf-16-le"))
    (folder / "page.txt").write_text(HTML_PAGE, encoding="utf-8")
    words = ("le conseil a décidé de reporter la séance car les élus n'étaient pas assez nombreux pour voter " * 200).split()[:3000]
    (folder / "run_on.txt").write_text("Une phrase sans fin\n\n" + " ".join(words) + "\n", encoding="utf-8")
    (folder / "english.txt").write_text(
        "Markets rally after the announcement\n\nStocks rose sharply on Tuesday after the central bank said it would "
        "keep interest rates unchanged. Investors had expected a rise.\n",
        encoding="utf-8",
    )
    (folder / "quotes.txt").write_text(
        "« Il a dit : « nous verrons “demain ‘peut-être’ si « tout » va bien » et il est parti.\n\n"
        "Un guillemet ouvrant « jamais fermé et un fermant » jamais ouvert » ».\n",
        encoding="utf-8",
    )
    (folder / "control.txt").write_text("Le\x07 ministre\x1b a parlé\x01 hier.\x0c\n\nUn second\x7f paragraphe.\n", encoding="utf-8")
    return folder


EXPECTED_FAILED = {
    "empty": "empty file",
    "whitespace": "only whitespace",
    "binary": "binary file",
    "scan": "a PDF document",
}


def test_bad_input_each_file_gets_its_outcome_and_the_batch_completes(tmp_path, short_model_dir, capsys):
    corpus, out = _bad_corpus(tmp_path / "corpus"), tmp_path / "out"
    code = main(["translate", str(corpus), "--out", str(out), "--model", str(short_model_dir), "--beam", "2", "--max-input-tokens", "128", "--quiet"])
    assert code == EXIT_FAILED_ARTICLES
    stdout = capsys.readouterr().out
    with Manifest.open(out) as manifest:
        records = {Path(r.source_path).stem: r for r in manifest.records()}
    for name, reason in EXPECTED_FAILED.items():
        assert records[name].status == "failed" and reason in records[name].error, name
        assert f"{name}.txt: " in stdout and not (out / f"{name}.json").exists()
    done = {name for name, r in records.items() if r.status == "done"}
    assert done == {"good", "invalid_utf8", "cp1252", "latin1", "utf16", "page", "run_on", "english", "quotes", "control"}
    # Files that are not .txt are reported, not silently dropped, and do not fail the run.
    assert f"ignored: {corpus / 'report.pdf'}" in stdout and f"ignored: {corpus / 'photo.png'}" in stdout
    report = json.loads(next((out / "runs").glob("*.json")).read_text(encoding="utf-8"))
    assert {Path(i["path"]).name for i in report["ignored"]} == {"report.pdf", "photo.png"}
    assert {Path(f["path"]).stem for f in report["failed"]} == set(EXPECTED_FAILED)

    def load(name: str) -> dict:
        return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))

    # Legacy encodings are detected; invalid UTF-8 falls back to a single-byte decoding
    # (documented degradation) instead of failing the article.
    assert load("cp1252")["source"]["encoding"] == "cp1252" and "œuvre" in load("cp1252")["text"]
    assert load("latin1")["source"]["encoding"] in ("cp1252", "latin-1") and "Besançon" in load("latin1")["text"]
    assert load("utf16")["source"]["encoding"] == "utf-16" and "« Jean-Moulin »" in load("utf16")["text"]
    assert load("invalid_utf8")["source"]["encoding"] in ("cp1252", "latin-1")
    page = load("page")
    assert "html_extracted" in page["flags"] and "<" not in page["text"]
    assert "dockers" in page["text"] and "Mentions légales" not in page["text"]
    run_on = load("run_on")
    assert any("split_for_length" in s["flags"] for s in run_on["sentences"])
    assert len(" ".join(s["text"] for s in run_on["sentences"]).split()) == 3000 + 4  # nothing truncated
    english = load("english")
    assert "not_source_language" in english["flags"]
    for s in english["sentences"]:
        if "not_source_language" in s["flags"]:
            assert s["translation"] == s["text"]
    quotes = load("quotes")
    assert all(s["translation"] for s in quotes["sentences"])
    control = load("control")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", control["text"]) and "ministre" in control["text"]
    # The rerun retries only the failed files (their outcome is the same) and skips the rest.
    capsys.readouterr()
    assert main(["translate", str(corpus), "--out", str(out), "--model", str(short_model_dir), "--beam", "2", "--max-input-tokens", "128", "--quiet"]) == EXIT_FAILED_ARTICLES
    assert "skipped 10 (unchanged), failed 4" in capsys.readouterr().out


def test_a_file_that_vanishes_or_becomes_unreadable_mid_run_fails_alone(tmp_path, short_translator, nlp):
    corpus = _corpus(tmp_path / "corpus", {**ARTICLES, "d": ARTICLES["c"].replace("musée", "théâtre")})
    out = tmp_path / "out"

    def sabotage(event: ProgressEvent) -> None:
        if event.kind == "article_written" and event.article_id == "a":
            (corpus / "b.txt").unlink()
            (corpus / "c.txt").unlink()
            (corpus / "c.txt").mkdir()  # still there, no longer readable as a file

    summary = _run(corpus, out, short_translator, nlp, progress=sabotage, articles_per_chunk=1)
    statuses = {r.article_id: (r.status, r.error) for r in summary.results}
    assert statuses["a"] == ("done", None) and statuses["d"] == ("done", None)
    assert statuses["b"][0] == "failed" and "No such file" in statuses["b"][1]
    assert statuses["c"][0] == "failed" and "cannot read file" in statuses["c"][1]
    with Manifest.open(out) as manifest:
        assert {r.article_id: r.status for r in manifest.records()} == {"a": "done", "b": "failed", "c": "failed", "d": "done"}


def test_a_5mb_article_is_accepted_by_ingest(tmp_path):
    """The full pipeline on 5 MB takes minutes of spaCy on 2 cores (docs/batch.md); here
    the limit: ingest accepts and decodes all of it (the cap is 50 MB)."""
    sentence = "Le tribunal de la chambre {} a rendu sa décision après trois semaines d'audience, et les avocats ont annoncé un appel. "
    paragraphs = ["".join(sentence.format(f"{i}-{j}") for j in range(5)) for i in range(10_000)]
    path = tmp_path / "huge.txt"
    path.write_text("Un très long article\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    article = read_article(path)
    assert article.raw_text.count("tribunal") == 50_000 and article.source.encoding == "utf-8"


def test_manifest_is_a_wal_database_with_the_expected_tables(tmp_path, short_translator, nlp):
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    _run(corpus, out, short_translator, nlp)
    db = sqlite3.connect(out / MANIFEST_NAME)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "translations", "runs"} <= tables
    row = db.execute("SELECT status, source_sha256, config_hash, model_name, seconds FROM articles WHERE article_id = 'a'").fetchone()
    assert row[0] == "done" and len(row[1]) == 64 and len(row[2]) == 64 and row[3] == short_translator.name and row[4] >= 0


def test_progress_is_one_updating_line_on_a_terminal_and_log_lines_otherwise():
    import io

    from toolkit.cli.batch import MODE_LINES, MODE_TTY, ProgressReporter, reporter_mode

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    events = [
        ProgressEvent("article_skipped", article_id="old"),
        ProgressEvent("run_started", count=3, total=4),
        ProgressEvent("sentences_translated", count=10, total=20),
        ProgressEvent("article_written", article_id="a"),
        ProgressEvent("article_failed", article_id="b", message="empty file"),
        ProgressEvent("article_written", article_id="c"),
        ProgressEvent("run_finished", count=3, total=4),
    ]
    terminal = Terminal()
    assert reporter_mode(False, False, terminal) == MODE_TTY
    reporter = ProgressReporter(terminal, MODE_TTY)
    for event in events:
        reporter(event)
    screen = terminal.getvalue()
    # Redrawn in place (carriage return + clear line); the failure gets a lasting line.
    assert screen.count("\r\x1b[K") >= 5 and screen.count("\n") == 2
    assert "FAILED b: empty file\n" in screen and "articles 3/3 (+1 unchanged)" in screen and "sent/s" in screen

    log = io.StringIO()
    assert reporter_mode(False, False, log) == MODE_LINES
    reporter = ProgressReporter(log, MODE_LINES)
    for event in events:
        reporter(event)
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue()
    assert lines[0] == "4 articles found: 1 unchanged and skipped, 3 to translate"
    assert "FAILED b: empty file" in lines and any(line.startswith("wrote a (1/3, ETA ") for line in lines)


def test_analyze_into_a_translate_folder_keeps_the_translations(tmp_path, short_translator, nlp):
    """Issue 17 (3): analyze used to overwrite translated pages with untranslated ones, and the
    next translate then skipped them as done."""
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    _run(corpus, out, short_translator, nlp)
    translated = _outputs(out)
    assert json.loads(translated["a.json"])["model"] is not None

    assert main(["analyze", str(corpus), "--out", str(out), "--quiet"]) == EXIT_OK
    after = _outputs(out)
    assert {name: after[name] for name in translated if name != "index.html"} == {
        name: data for name, data in translated.items() if name != "index.html"
    }


def test_analyze_takes_the_output_lock_and_reports_unwritable_folders(tmp_path, capsys):
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    out.mkdir()
    with OutputLock(out):
        assert main(["analyze", str(corpus), "--out", str(out), "--quiet"]) == EXIT_BUSY
    assert not (out / "a.json").exists()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder's parent should be")
    assert main(["analyze", str(corpus), "--out", str(blocker / "out"), "--quiet"]) == EXIT_OUTPUT_DIR
    assert "cannot write to the output folder" in capsys.readouterr().err


def test_a_boilerplate_only_file_fails_alone_and_counts_say_what_was_written(tmp_path, short_model_dir, capsys):
    """Issue 17 (5): a file the cleaner empties exited 0 and was listed as translated; and
    "N articles written" counted articles skipped as already done."""
    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    (corpus / "empty.txt").write_text("Publicité\nAccueil > Monde > Europe\nPublicité\n", encoding="utf-8")
    args = ["translate", str(corpus), "--out", str(out), "--model", str(short_model_dir), "--quiet"]
    assert main(args) == EXIT_FAILED_ARTICLES
    first = capsys.readouterr().out
    assert "3 articles written" in first and "1 failed" in first
    assert "no article text left after removing boilerplate" in first
    assert not (out / "empty.json").exists()
    assert "no article text left" in (out / "index.html").read_text(encoding="utf-8")

    assert main(args) == EXIT_FAILED_ARTICLES
    second = capsys.readouterr().out
    assert "0 articles written" in second and "skipped 3 (unchanged)" in second


def test_index_and_tmx_cover_the_whole_folder_and_same_names_from_another_day_never_overwrite(tmp_path, short_translator, nlp):
    out = tmp_path / "out"
    day1 = _corpus(tmp_path / "day1", ARTICLES)
    _run(day1, out, short_translator, nlp)
    day1_a = (out / "a.json").read_bytes()
    # The second day brings a new article and another `a.txt`: a different article.
    day2 = _corpus(tmp_path / "day2", {"a": ARTICLES["c"].replace("musée", "théâtre"), "d": ARTICLES["b"].replace("jeudi", "lundi")})
    summary = _run(day2, out, short_translator, nlp)
    assert [r.status for r in summary.results] == ["done", "done"]
    new_a = summary.results[0].article_id
    assert new_a.startswith("a-") and (out / f"{new_a}.json").is_file()
    assert (out / "a.json").read_bytes() == day1_a  # day 1's article is untouched
    index = (out / "index.html").read_text(encoding="utf-8")
    for article_id in ("a", "b", "c", "d", new_a):
        assert f'href="{article_id}.html"' in index
    tmx = (out / "corpus.tmx").read_text(encoding="utf-8")
    for word in ("musée", "théâtre", "Bretagne", "lundi"):
        assert word in tmx
    # A rerun of day 1 alone keeps listing day 2's articles, and writes the same index.
    _run(day1, out, short_translator, nlp)
    assert (out / "index.html").read_text(encoding="utf-8") == index


def test_an_article_that_gets_a_new_id_leaves_no_orphaned_files(tmp_path, short_translator, nlp):
    out = tmp_path / "out"
    one = _corpus(tmp_path / "one", {"a": ARTICLES["a"]})
    two = _corpus(tmp_path / "two", {"a": ARTICLES["b"]})
    # Run together, the two `a.txt` get hashed ids.
    summary = run_translate([one, two], out, load_config(), short_translator, nlp=nlp)
    hashed = [r.article_id for r in summary.results]
    assert all(i.startswith("a-") for i in hashed) and len(set(hashed)) == 2
    # Run alone, `one/a.txt` is plain `a` again: its files under the hashed id go.
    summary = _run(one, out, short_translator, nlp)
    assert [r.article_id for r in summary.results] == ["a"]
    assert sorted(p.stem for p in out.glob("*.json")) == sorted(["a", hashed[1]])
    assert not list(out.glob(f"{hashed[0]}.*"))
    # ... and a third run with both keeps `a` for its holder.
    summary = run_translate([one, two], out, load_config(), short_translator, nlp=nlp)
    assert [r.article_id for r in summary.results] == ["a", hashed[1]]
    assert [r.status for r in summary.results] == ["skipped", "skipped"]


def test_a_stop_during_the_quote_stage_interrupts_at_once(tmp_path, short_translator, nlp, monkeypatch):
    import toolkit.pipeline as pipeline
    from toolkit.batch.stop import StopRequest

    corpus, out = _corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    stop = StopRequest()
    real, calls = pipeline.extract_quotes, []

    def quotes_then_signal(article, docs):
        calls.append(article.id)
        stop.request()  # what StopOnSignal does when SIGTERM arrives here
        return real(article, docs)

    monkeypatch.setattr(pipeline, "extract_quotes", quotes_then_signal)
    summary = _run(corpus, out, short_translator, nlp, should_stop=stop)
    assert summary.interrupted
    assert len(calls) == 1  # the other articles of the chunk were not started
    assert [r.status for r in summary.results] == ["pending"] * 3
    assert not list(out.glob("*.json"))
    monkeypatch.setattr(pipeline, "extract_quotes", real)
    assert [r.status for r in _run(corpus, out, short_translator, nlp).results] == ["done"] * 3


def test_a_huge_article_goes_alone_after_the_others(tmp_path, short_translator, nlp, monkeypatch):
    import toolkit.batch.job as job

    articles = {"0huge": ARTICLES["a"] + "\n".join(f"Paragraphe numéro {i} du long dossier." for i in range(40)), **ARTICLES}
    corpus, out = _corpus(tmp_path / "corpus", articles), tmp_path / "out"
    monkeypatch.setattr(job, "HUGE_ARTICLE_BYTES", 1000)
    events = []
    summary = _run(corpus, out, short_translator, nlp, progress=events.append, articles_per_chunk=16)
    assert [r.article_id for r in summary.results] == ["0huge", "a", "b", "c"]  # reported in input order
    assert [r.status for r in summary.results] == ["done"] * 4
    order = [(e.kind, e.article_id) for e in events if e.kind in ("article_prepared", "article_written")]
    assert order.index(("article_prepared", "0huge")) > max(order.index(("article_written", i)) for i in "abc")


def test_a_stop_while_waiting_for_the_lock_ends_the_wait(tmp_path, short_translator, nlp):
    from toolkit.batch.stop import RunInterrupted, StopRequest

    corpus, out = _corpus(tmp_path / "corpus", {"a": ARTICLES["a"]}), tmp_path / "out"
    out.mkdir()
    stop = StopRequest()

    def signal_on_wait(event):
        if event.kind == "lock_wait":
            stop.request()

    with OutputLock(out, 0.0):
        with pytest.raises(RunInterrupted):
            _run(corpus, out, short_translator, nlp, should_stop=stop, progress=signal_on_wait, lock_wait_seconds=None)
    assert not list(out.glob("*.json"))
