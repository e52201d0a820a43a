"""The review page in a real browser: Debian's Chromium driven by Playwright.

The browser is the system package `chromium`; when it is missing and we are root, the
fixture installs it with apt-get (the project's own test setup, so a fresh machine needs
nothing by hand). A screenshot is written to outputs/test-screenshots/ for the record.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from toolkit.config import load_config
from toolkit.testing.mt_stub import OpusMtBehaviourStub
from toolkit.batch.job import run_translate

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True, capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        path = shutil.which("chromium")
    assert path, "Chromium is needed for the review-page test: apt-get install chromium"
    return path


@pytest.fixture(scope="session")
def review_page(tmp_path_factory, nlp) -> Path:
    """The sample article through the real pipeline; a FAKE translator (the opus-mt
    behaviour stub, echoing guillemets) stands in for the model."""
    out = tmp_path_factory.mktemp("review")
    summary = run_translate([REPO / "corpus"], out, load_config(), OpusMtBehaviourStub("keep_guillemets"), nlp=nlp)
    assert not summary.failed
    return out / "exemple_conseil_municipal.html"


def _browser(playwright, chromium):
    return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


def test_page_loads_cleanly_and_counterparts_highlight_on_focus(review_page, chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p, chromium)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(review_page.as_uri())
        assert errors == []
        assert page.locator("td[lang=fr]").count() > 10 and page.locator("td[lang=en]").count() > 10
        assert page.locator("#who-said-what").is_visible()
        pairs = page.eval_on_selector_all(
            "mark.q[data-side=fr]", "ms => ms.map(m => m.dataset.q)")
        quote_id = next(q for q in pairs if page.locator(f'mark.q[data-side=en][data-q="{q}"]').count())
        counterpart = page.locator(f'mark.q[data-side=en][data-q="{quote_id}"]').first
        assert counterpart.evaluate("e => getComputedStyle(e).outlineStyle") == "none"
        page.keyboard.press("Tab")  # keyboard focus reaches the page's controls
        page.focus(f'mark.q[data-side=fr][data-q="{quote_id}"]')
        assert counterpart.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        shots = REPO / "outputs" / "test-screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "review-page.png"), full_page=True)
        assert (shots / "review-page.png").stat().st_size > 10_000
        browser.close()


def test_highlight_works_with_javascript_off(review_page, chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p, chromium)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(review_page.as_uri())
        first = page.locator("mark.q[data-side=fr]").first
        quote_id = first.get_attribute("data-q")
        first.focus()
        others = page.locator(f'mark.q[data-q="{quote_id}"]')
        assert others.count() >= 1
        assert all(others.nth(i).evaluate("e => getComputedStyle(e).outlineStyle") == "solid" for i in range(others.count()))
        # No French guillemets survive in the English column.
        english = " ".join(page.locator("td[lang=en]").all_inner_texts())
        assert "«" not in english and "»" not in english
        browser.close()


@pytest.fixture(scope="session")
def seed_pages(tmp_path_factory, nlp) -> list[Path]:
    """The five seeds and the sample article through `analyze` (no model), plus index.html."""
    from conftest import seed_files
    from toolkit.batch.job import run_analyze

    out = tmp_path_factory.mktemp("seed-pages")
    summary = run_analyze([*seed_files(), REPO / "corpus"], out, load_config(), nlp=nlp)
    assert not summary.failed
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 8  # five seeds, the sample, the index, speakers.html
    return pages


@pytest.mark.parametrize("width", [1366, 400])
def test_no_page_scrolls_sideways_and_columns_stack_on_a_phone(seed_pages, review_page, chromium, width):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p, chromium)
        page = browser.new_page(viewport={"width": width, "height": 900})
        too_wide = {}
        for path in [*seed_pages, review_page]:
            page.goto(path.as_uri())
            scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            if scroll_width > inner_width:
                too_wide[path.name] = scroll_width
            if path.name in ("index.html", "speakers.html"):  # no columns there
                continue
            french, english = (page.locator(f"td[lang={lang}]").first.bounding_box() for lang in ("fr", "en"))
            if width < 700:  # stacked: English below the original, both the page's width
                assert english["y"] >= french["y"] + french["height"] - 1, path.name
                assert french["width"] > 0.8 * inner_width and english["width"] > 0.8 * inner_width, path.name
            else:  # side by side
                assert abs(english["y"] - french["y"]) < 1 and english["x"] > french["x"] + french["width"] - 1, path.name
        assert too_wide == {}, f"pages wider than the {width} px viewport"
        browser.close()


def test_index_gives_each_article_its_date_flags_speakers_and_quotes(seed_pages):
    import json
    import re

    index = next(p for p in seed_pages if p.name == "index.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in index
    articles = [p for p in seed_pages if p.name not in ("index.html", "speakers.html")]
    for page in articles:
        data = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        line = re.search(rf'<li><a href="{re.escape(page.name)}">.*?</li>', index).group(0)
        speech = [q for q in data["quotes"] if q["type"] != "term"]
        assert (data["date"] or "no date") in line
        assert re.search(rf"\b{len(data['speakers'])} speakers?\b", line), line
        assert re.search(rf"\b{len(speech)} quotes?\b", line), line
        assert all(f">{flag}<" in line for flag in data["flags"])
    assert any(json.loads(p.with_suffix(".json").read_text())["speakers"] for p in articles)


def test_index_is_the_same_when_a_rerun_skips_every_article(review_page, nlp):
    out = review_page.parent
    before = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\b[1-9]\d* speakers\b", before) and re.search(r"\b[1-9]\d* quotes\b", before)
    summary = run_translate([REPO / "corpus"], out, load_config(), OpusMtBehaviourStub("keep_guillemets"), nlp=nlp)
    assert len(summary.skipped) == 1 and summary.skipped[0].article is None
    assert (out / "index.html").read_text(encoding="utf-8") == before


def test_no_speaker_shares_a_look_with_another_or_with_unattributed():
    from toolkit.testing.articles import one_paragraph_article
    from toolkit.document import Speaker
    from toolkit.formats.html import speaker_colours

    article = one_paragraph_article(["Il pleut."])
    article = type(article)(**{**article.__dict__, "speakers": tuple(Speaker(f"sp{i}", f"N{i}") for i in range(1, 21))})
    colours = speaker_colours(article)
    unattributed = colours.pop(None)
    looks = list(colours.values())
    assert unattributed not in looks and len(set(looks)) == 20
    def greyish(colour):  # channels within 12 of each other
        channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        return max(channels) - min(channels) <= 12
    assert not any(greyish(bg) or greyish(border) for bg, border in looks[:8])
    # From the 9th on the colours come round again with a visible stripe.
    assert looks[8][1] == looks[0][1] and "gradient" in looks[8][0] and "gradient" not in looks[7][0]


def _emitted_flags() -> set[str]:
    """Every flag name the toolkit's code can put on an article, sentence or quote, read
    from its source: FLAG_*/PATH_* constants, and string literals (or f-string prefixes,
    `language:`) in what is assigned, appended or passed as `flags`."""
    import ast

    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted((REPO / "toolkit").rglob("*.py"))]
    constants = {
        target.id: node.value.value
        for tree in trees for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets if isinstance(target, ast.Name) and target.id.startswith(("FLAG_", "PATH_"))
    }
    found = set(constants.values())

    def collect(node) -> None:
        if isinstance(node, ast.Subscript):  # r["flags"]: a key, not a flag
            collect(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            collect(node.func.value)  # data.get("flags"): a key too
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            if node.values and isinstance(node.values[0], ast.Constant):
                found.add(node.values[0].value)
        elif isinstance(node, ast.Name) and node.id in constants:
            found.add(constants[node.id])
        else:
            for child in ast.iter_child_nodes(node):
                collect(child)

    def is_flags(node) -> bool:
        return (isinstance(node, ast.Name) and node.id == "flags") or (isinstance(node, ast.Attribute) and node.attr == "flags")

    # The check stage turns each finding's kind into a flag (`toolkit.checks.flags`).
    from toolkit.checks import KINDS

    found |= set(KINDS)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "flags":
                collect(node.value)
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(is_flags(t) for t in targets) and node.value is not None:
                    collect(node.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("append", "extend", "add") and is_flags(node.func.value):
                for arg in node.args:
                    collect(arg)
    return found


def test_every_flag_the_toolkit_emits_is_explained_and_every_explanation_is_used():
    from toolkit.formats.flag_explanations import FLAG_EXPLANATIONS, explain_flag

    emitted = _emitted_flags()
    # The scan sees flags written as bare literals and f-strings, not only constants.
    assert {"no_body_text", "not_translated", "span_to_sentence_boundary", "language:", "quote_lost"} <= emitted
    assert {f for f in emitted if not explain_flag(f)} == set()
    assert set(FLAG_EXPLANATIONS) - emitted == set(), "explanations for flags nothing emits"
    assert explain_flag("language:en") == FLAG_EXPLANATIONS["language:"] and explain_flag("nonsense") is None


def test_flags_have_tooltips_shown_on_focus_and_a_legend(review_page, chromium):
    from playwright.sync_api import sync_playwright
    from toolkit.formats.flag_explanations import explain_flag

    with sync_playwright() as p:
        browser = _browser(p, chromium)
        page = browser.new_page(viewport={"width": 400, "height": 900})
        page.goto(review_page.as_uri())
        chips = page.eval_on_selector_all(".flag[tabindex]", "es => es.map(e => [e.textContent, e.title])")
        assert chips, "the sample article carries flags"
        assert all(title == explain_flag(name) for name, title in chips)
        legend = dict(zip(page.locator("details.legend dt").all_inner_texts(), page.locator("details.legend dd").all_inner_texts()))
        quote_flags = {f for q in __import__("json").loads(review_page.with_suffix(".json").read_text())["quotes"] for f in q["flags"]}
        assert set(legend) == {name for name, _ in chips} | quote_flags
        assert all(text == explain_flag(name) for name, text in legend.items())
        chip = page.locator(".flag[tabindex]").first
        height = chip.bounding_box()["height"]
        chip.focus()
        assert chip.evaluate("e => getComputedStyle(e, '::after').content") == f'"{chip.get_attribute("title")}"'
        assert chip.bounding_box()["height"] > height  # the explanation is in the page, not only on hover
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        browser.close()


def test_reported_speech_is_visibly_not_verbatim(seed_pages, review_page, chromium):
    import json

    from playwright.sync_api import sync_playwright

    seed_002 = next(p for p in seed_pages if p.name.startswith("002_"))
    with sync_playwright() as p:
        browser = _browser(p, chromium)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        for path in (seed_002, review_page):
            quotes = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["quotes"]
            indirect = [q["id"] for q in quotes if q["type"] == "indirect"]
            direct = [q["id"] for q in quotes if q["type"] == "direct"]
            assert indirect and direct, path.name
            page.goto(path.as_uri())
            panel = page.locator("#who-said-what").locator("xpath=..")
            reported = panel.locator("li.reported")
            assert sorted(reported.locator("a").all_inner_texts()) == sorted(indirect)
            assert reported.locator("q").count() == 0  # no quotation marks around a paraphrase
            assert all(t.startswith(f"{qid} reported (not verbatim)") for qid, t in zip(reported.locator("a").all_inner_texts(), reported.all_inner_texts()))
            paraphrase = reported.locator(".paraphrase").first
            assert paraphrase.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
            # Direct speech keeps its marks: <q> draws them.
            assert panel.locator("li:not(.reported) q").count() >= len(direct)
            assert panel.locator("li:not(.reported) q").first.evaluate("e => getComputedStyle(e, '::before').content") != "none"
            # In the columns: reported speech has no fill and a dotted line, direct speech a fill and a solid line.
            style = "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderBottomStyle, getComputedStyle(e).fontStyle, e.title]"
            background, line, font, title = page.locator(f'mark.q[data-side=fr][data-q="{indirect[0]}"]').first.evaluate(style)
            assert (background, line, font) == ("rgba(0, 0, 0, 0)", "dotted", "italic") and title.startswith("reported speech, not verbatim")
            background, line, font, title = page.locator(f'mark.q[data-side=fr][data-q="{direct[0]}"]').first.evaluate(style)
            assert background != "rgba(0, 0, 0, 0)" and line == "solid" and font == "normal" and title.startswith("direct quote")
        browser.close()


def test_titles_and_speaker_roles_are_in_english_with_the_french_beside(tmp_path, tiny_translator, nlp):
    import json

    out = tmp_path / "out"
    summary = run_translate([REPO / "corpus"], out, load_config(), tiny_translator, nlp=nlp)
    assert not summary.failed
    data = json.loads((out / "exemple_conseil_municipal.json").read_text(encoding="utf-8"))
    english, french = data["title_translation"], data["title"]
    assert english and english != french
    page = (out / "exemple_conseil_municipal.html").read_text(encoding="utf-8")
    from html import escape

    assert f'<h1 lang="en">{escape(english)}</h1>' in page and escape(french) in page
    described = [sp for sp in data["speakers"] if sp["description"]]
    assert described and all(sp["description_translation"] for sp in described)
    for sp in described:
        assert escape(f"{sp['description_translation']} ({sp['description']})") in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert escape(english) in index and escape(french) in index


class MistakenTranslator(OpusMtBehaviourStub):
    """FAKE translator, NOT a model: echoes its input like the opus-mt behaviour stub,
    except two sentences of seed 000, which it renders in English with a mistake machine
    translation makes: the figure "0,6 %" becomes "6%", and the negation of
    "n'abandonneront pas" is dropped ("They will give up")."""

    MISTAKES = {
        "0,6 %": "A heavy toll, which contrasts with the paltry territorial gains of recent months: barely 6% of "
                 "Ukrainian territory is said to have been conquered in 2024.",
        "n’abandonneront pas": "They will give up, and so will we.",
    }

    def translate_batch(self, texts, progress=None):
        outputs = super().translate_batch(texts, progress)
        for i, text in enumerate(texts):
            for marker, english in self.MISTAKES.items():
                if marker in text:
                    outputs[i] = type(outputs[i])(text=english)
        return outputs


@pytest.fixture(scope="session")
def mistaken_page(tmp_path_factory, nlp) -> Path:
    from conftest import seed_files

    out = tmp_path_factory.mktemp("mistaken")
    seed = next(p for p in seed_files() if p.name.startswith("000_"))
    summary = run_translate([seed], out, load_config(), MistakenTranslator(), nlp=nlp)
    assert not summary.failed
    return out / f"{seed.stem}.html"


def test_check_these_lists_the_translation_mistakes_and_links_to_their_rows(mistaken_page, chromium):
    import json

    from playwright.sync_api import sync_playwright

    data = json.loads(mistaken_page.with_suffix(".json").read_text(encoding="utf-8"))
    figure = next(s for s in data["sentences"] if "0,6 %" in s["text"])
    negation = next(s for s in data["sentences"] if "n’abandonneront pas" in s["text"])
    assert [c["message"] for c in figure["checks"]] == ["0,6 % in French, 6% in English"]
    assert [c["kind"] for c in negation["checks"]] == ["negation_mismatch"]
    with sync_playwright() as p:
        browser = _browser(p, chromium)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(mistaken_page.as_uri())
        checks = page.locator("section.checks")
        assert checks.is_visible()
        # The list comes first, before "Who said what" and the rows.
        assert checks.bounding_box()["y"] < page.locator("#who-said-what").bounding_box()["y"]
        for sentence, kind in ((figure, "number_mismatch"), (negation, "negation_mismatch")):
            [finding] = sentence["checks"]
            item = checks.locator("li", has=page.locator(f'.flag:text-is("{kind}")'))
            assert item.count() == 1, kind
            assert finding["message"] in item.inner_text()
            item.locator("a").click()
            row = page.locator(f'tr#row-{sentence["id"]}')
            assert page.evaluate("location.hash") == f'#row-{sentence["id"]}'
            top = row.bounding_box()["y"]
            assert -1 <= top < 900, "the link scrolls its row into view"
            # The row shows the finding under the English, as plain text.
            english = row.locator("td[lang=en] ul.findings")
            assert finding["message"] in english.inner_text() and english.locator(f'.flag:text-is("{kind}")').count() == 1
        # The dropped negation sits inside a direct quote: the quote shows it in "Who said what".
        quote = next(q for q in data["quotes"] if q["checks"] and q["checks"][0]["kind"] == "negation_mismatch")
        panel_item = page.locator("section.speakers li", has=page.locator(f'a[href="#row-{quote["sentences"][0]}"]:text-is("{quote["id"]}")'))
        assert "1 negation in French" in panel_item.last.inner_text()
        browser.close()


def test_index_counts_the_findings_of_each_article(mistaken_page):
    import json

    data = json.loads(mistaken_page.with_suffix(".json").read_text(encoding="utf-8"))
    total = sum(len(s["checks"]) for s in data["sentences"]) + sum(len(b["checks"]) for b in data["alignment"])
    assert total >= 2
    index = (mistaken_page.parent / "index.html").read_text(encoding="utf-8")
    assert f"{total} findings to check" in index
    from toolkit.formats.index_page import index_entry_from_json

    assert index_entry_from_json(mistaken_page.with_suffix(".json")).checks == total
