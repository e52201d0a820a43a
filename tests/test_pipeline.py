"""End to end through the CLI, in process, with the real spaCy model and a real
(tiny, random) MarianMT loaded from disk by the users' loader."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SEEDS, seed_files
from toolkit.cli.exit_codes import EXIT_FAILED_ARTICLES, EXIT_MODEL, EXIT_OK
from toolkit.cli.main import main
from toolkit.formats.schema import validate_article_json


def _load(out: Path, article_id: str) -> dict:
    return json.loads((out / f"{article_id}.json").read_text(encoding="utf-8"))


def _check_consistent(data: dict, translated: bool) -> None:
    validate_article_json(data)
    ids = [s["id"] for s in data["sentences"]]
    assert ids and len(set(ids)) == len(ids)
    # Paragraph lists and sentence back-references agree.
    assert [i for p in data["paragraphs"] for i in p["sentences"]] == ids
    for s in data["sentences"]:
        assert data["text"][s["start"] : s["end"]] == s["text"]
        assert s["id"] in data["paragraphs"][s["paragraph"]]["sentences"]
        assert (s["translation"] is not None) == translated
    if translated:
        # Every source sentence is in exactly one bead, in order, and each target exists.
        assert [i for b in data["alignment"] for i in b["source"]] == ids
        targets = {t["id"]: t for t in data["target_sentences"]}
        assert all(t in targets for b in data["alignment"] for t in b["target"])
        assert data["model"]["beam"] >= 1
    else:
        assert data["alignment"] == [] and data["model"] is None


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self.langs = set()
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")
        self.langs.update(v for k, v in attrs if k == "lang")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def test_analyze_writes_json_and_html_for_the_five_seeds(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["analyze", str(SEEDS), "--out", str(out), "--quiet"]) == EXIT_OK
    for path in seed_files():
        data = _load(out, path.stem)
        _check_consistent(data, translated=False)
        assert data["source"]["path"].endswith(path.name)
        assert (out / f"{path.stem}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p.stem}.html"' in index for p in seed_files())
    assert "5 articles written" in capsys.readouterr().out


# A French article quoting an English statement: the seeds have no English sentence left
# once cleaned, so without it the pass-through check below would never run.
MIXED_ARTICLE = """L'usine de Montbéliard fermera à la fin de l'année

Le maire a réuni le conseil municipal mardi soir pour présenter le plan de sauvegarde de l'emploi. Les élus de l'opposition ont critiqué le manque de concertation avec les syndicats.

The company said in a statement that it would close the plant by the end of the year. Workers were told about the decision on Monday morning, according to the union.

La préfecture n'a pas souhaité commenter cette annonce.
"""


def test_translate_seeds_with_the_tiny_model(tmp_path, tiny_model_dir):
    out, mixed = tmp_path / "out", tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "communique.txt").write_text(MIXED_ARTICLE, encoding="utf-8")
    code = main(["translate", str(SEEDS), str(mixed), "--out", str(out), "--model", str(tiny_model_dir), "--beam", "1", "--quiet"])
    assert code == EXIT_OK
    passed_through = []
    for path in [*seed_files(), mixed / "communique.txt"]:
        data = _load(out, path.stem)
        _check_consistent(data, translated=True)
        assert data["model"]["name"] == str(tiny_model_dir)
        # The English cookie banner never reaches the body, and English text that does is
        # passed through untranslated rather than "translated".
        for s in data["sentences"]:
            if "not_source_language" in s["flags"]:
                passed_through.append(s["text"])
                assert s["translation"] == s["text"]
        html = (out / f"{path.stem}.html").read_text(encoding="utf-8")
        parser = _Collector()
        parser.feed(html)
        assert {"fr", "en"} <= parser.langs
    assert [t for t in passed_through if t.startswith(("The company", "Workers"))] == [
        "The company said in a statement that it would close the plant by the end of the year.",
        "Workers were told about the decision on Monday morning, according to the union.",
    ]


def test_html_escapes_article_text(tmp_path):
    article = tmp_path / "in" / "evil.txt"
    article.parent.mkdir()
    article.write_text(
        "Titre <script>alert('x')</script>\n\nLe ministre a dit <script>alert(1)</script> & « <b>bonjour</b> » hier soir devant la presse réunie.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["analyze", str(article.parent), "--out", str(out), "--quiet"]) == EXIT_OK
    for page in (out / "evil.html", out / "index.html"):
        html = page.read_text(encoding="utf-8")
        parser = _Collector()
        parser.feed(html)
        # The page's own progressive-enhancement script at most; none from the article.
        assert len(parser.scripts) <= 1 and not any("alert" in s for s in parser.scripts), page
        assert "b" not in parser.tags
        assert "&lt;script&gt;" in html


def test_bad_files_fail_alone_and_the_batch_completes(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "ok.txt").write_text("Un titre\n\nLe Kremlin n'a pas réagi à cette déclaration inhabituelle.\n", encoding="utf-8")
    (folder / "legacy.txt").write_bytes("Le député a déclaré : « c'est l'été ».\n".encode("cp1252"))
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out)]) == EXIT_FAILED_ARTICLES
    report = capsys.readouterr()
    assert "empty.txt: empty file" in report.out and "binary.txt" in report.out
    assert _load(out, "legacy")["source"]["encoding"] == "cp1252"
    assert (out / "ok.json").exists() and not (out / "empty.json").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "empty" in index and "failed" in index


def test_over_long_sentence_is_split_not_truncated(tmp_path, tiny_model_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    words = " ".join(f"mot{i}" for i in range(3000))
    (folder / "long.txt").write_text(f"Un titre\n\n{words}\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["translate", str(folder), "--out", str(out), "--model", str(tiny_model_dir), "--beam", "1",
                 "--max-input-tokens", "256", "--quiet"])
    assert code == EXIT_OK
    data = _load(out, "long")
    [sentence] = [s for s in data["sentences"] if s["text"].startswith("mot0")]
    assert sentence["text"] == words  # the whole input is kept, unchanged
    assert "split_for_length" in sentence["flags"]
    assert sentence["translation"]


def test_missing_model_exits_with_instructions(tmp_path, capsys):
    code = main(["translate", str(SEEDS), "--out", str(tmp_path), "--model", str(tmp_path / "missing")])
    assert code == EXIT_MODEL
    err = capsys.readouterr().err
    assert "--model" in err and "analyze" in err
    assert not list(tmp_path.glob("*.json"))


def test_config_errors_are_usage_errors(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[translate]\nbeam = 0\n", encoding="utf-8")
    assert main(["analyze", str(SEEDS), "--out", str(tmp_path), "--config", str(bad)]) == 2
    assert "beam must be a positive integer" in capsys.readouterr().err


def test_same_file_name_in_two_folders_does_not_overwrite(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(f"Titre {sub}\n\nLe texte du dossier {sub} est ici présent.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out), "--quiet"]) == EXIT_OK
    written = sorted(p.name for p in out.glob("same*.json"))
    assert len(written) == 2 and all(re.fullmatch(r"same-[0-9a-f]{8}\.json", n) for n in written)


def test_prepare_articles_parses_a_chunk_together_and_isolates_bad_files(nlp, tmp_path):
    from toolkit.errors import IngestError
    from toolkit.pipeline import prepare_article, prepare_articles

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    first, second = sorted(SEEDS.glob("*.txt"))[:2]
    together = prepare_articles([first, empty, second], nlp)
    assert isinstance(together[1], IngestError)
    # One spaCy pass over both articles' paragraphs gives what one pass each gives.
    assert together[0] == prepare_article(first, nlp)
    assert together[2] == prepare_article(second, nlp)
    with pytest.raises(IngestError):
        prepare_article(empty, nlp)
