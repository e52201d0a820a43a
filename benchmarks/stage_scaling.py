"""Time every stage of the pipeline on one long article, at several lengths.

Issue 17: every stage's cost must grow linearly with the input, and a 3,000-sentence
article must go through every stage in under a minute. The article is built at run time
from consecutive lines of newstest2014.fr (one paragraph a line; ../shared or
TOOLKIT_SHARED), so whole news articles with their quotes follow one another.

    python benchmarks/stage_scaling.py [--lines 750 1500 3000] [--json]
    python benchmarks/stage_scaling.py --kb 250 1000      # synthetic articles of unique lines

`--kb` times the same stages on articles of unique lines of about that many kilobytes
(the generator of benchmarks/clean_scaling.py): issue 17 asks that a 1 MB article take
at most about 4 times as long as a 250 kB one.

The model is replaced by the opus-mt behaviour stub (FAKE: it returns its input,
toolkit/testing/mt_stub.py), so the figures are the cost of everything but the model. For each
stage it prints the seconds at each length and the ratio of the longest to the
shortest: linear cost gives a ratio near the ratio of the lengths (4 for 3000/750).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.align.beads import align_translations  # noqa: E402
from toolkit.clean import clean_article  # noqa: E402
from toolkit.config import load_config  # noqa: E402
from toolkit.paths import testsets_dir  # noqa: E402
from toolkit.ingest.html import extract_html_article  # noqa: E402
from toolkit.ingest.text import read_article  # noqa: E402
from toolkit.testing.mt_stub import OpusMtBehaviourStub  # noqa: E402
from toolkit.segment.spacy_loader import load_nlp  # noqa: E402
from toolkit.quotes import extract_quotes  # noqa: E402
from toolkit.formats.html import article_html  # noqa: E402
from toolkit.formats.schema import article_to_dict  # noqa: E402
from toolkit.segment.sentences import parse_articles, segment_article  # noqa: E402
from toolkit.formats.tmx import tmx_for  # noqa: E402
from toolkit.translate.stage import translate_articles  # noqa: E402
from toolkit.formats.xliff import article_xliff  # noqa: E402


def time_stages(path: Path, nlp) -> tuple[dict[str, float], int]:
    seconds: dict[str, float] = {}

    def timed(name, fn, *args, **kwargs):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        seconds[name] = round(time.perf_counter() - t0, 3)
        return out

    article = timed("ingest", read_article, path)
    article = timed("clean", lambda a: clean_article(extract_html_article(a)), article)
    docs = timed("parse (spaCy)", lambda a: next(parse_articles([a], nlp)), article)
    article = timed("segment", segment_article, article, docs)
    article = timed("quotes", extract_quotes, article, docs)
    stub = OpusMtBehaviourStub()
    [article] = timed("translate + carry quotes (stub)", translate_articles, [article], stub)
    article = timed("align", align_translations, article)
    timed("write JSON", lambda a: json.dumps(article_to_dict(a), ensure_ascii=False), article)
    timed("write HTML", article_html, article)
    timed("write XLIFF", article_xliff, article)
    timed("write TMX", lambda a: tmx_for([article_to_dict(a)], "fr"), article)
    return seconds, len(article.sentences)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[750, 1500, 3000])
    parser.add_argument("--kb", type=int, nargs="+", help="synthetic articles of unique lines of these sizes instead")
    parser.add_argument("--json", action="store_true", help="also print one JSON line with every figure")
    args = parser.parse_args(argv)
    source = testsets_dir() / "newstest2014.fr"
    lines = source.read_text(encoding="utf-8").splitlines()
    nlp = load_nlp(load_config(None).language.spacy_model)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.kb or args.lines:
            path = Path(tmp) / f"article_{n}.txt"
            if args.kb:
                from clean_scaling import article_text

                path.write_text(article_text(n * 1000), encoding="utf-8")
            else:
                path.write_text("\n\n".join(lines[:n]) + "\n", encoding="utf-8")
            seconds, sentences = time_stages(path, nlp)
            results[n] = {"sentences": sentences, "seconds": seconds, "total": round(sum(seconds.values()), 3)}
    stages = list(next(iter(results.values()))["seconds"])
    unit = " kB" if args.kb else " lines"
    header = f"{'stage':18}" + "".join(f"{str(n) + unit:>14}" for n in results) + f"{'ratio':>8}"
    print(header)
    small, big = min(results), max(results)
    for stage in stages + ["total"]:
        row = [results[n]["seconds"][stage] if stage != "total" else results[n]["total"] for n in results]
        lo = results[small]["seconds"].get(stage, results[small]["total"]) if stage != "total" else results[small]["total"]
        hi = results[big]["seconds"].get(stage, results[big]["total"]) if stage != "total" else results[big]["total"]
        ratio = f"{hi / lo:.1f}" if lo > 0.01 else "-"
        print(f"{stage:18}" + "".join(f"{v:>14.2f}" for v in row) + f"{ratio:>8}")
    print("sentences         " + "".join(f"{results[n]['sentences']:>14}" for n in results))
    if args.json:
        print(json.dumps({"benchmark": "stage_scaling", "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
