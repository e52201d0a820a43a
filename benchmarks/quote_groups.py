"""Score predictions on a gold set by group: marked quotes, and reports without marks.

Issue 14 sets separate targets for the two: quotes in marks (F1@0.8, speaker accuracy)
and reports without marks (recall and precision), which `eval-quotes` pools. A gold quote
is "without marks" when it is `indirect` or carries the `unmarked` flag (direct speech whose
marks the text lacks), for gold and predictions alike (the engine flags the first-person
speech it finds without marks `unmarked`). Each group is scored by `toolkit eval-quotes` on a copy of the gold and of
the predictions restricted to it (nesting dropped, since a parent may fall in the other group).

    python -m toolkit extract-quotes GOLD.json --out PRED
    python benchmarks/quote_groups.py GOLD.json PRED
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def without_marks(quote: dict) -> bool:
    return quote["type"] == "indirect" or "unmarked" in quote.get("flags", [])


GROUPS = {  # (gold quotes of the group, predicted quotes of the group): one rule for both
    "marked": (lambda q: not without_marks(q), lambda q: not without_marks(q)),
    "without marks": (without_marks, without_marks),
}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    gold_path, pred_dir = Path(argv[0]).resolve(), Path(argv[1])
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, (in_gold, in_pred) in GROUPS.items():
            docs = [{**d, "quotes": [{k: v for k, v in q.items() if k != "parent"} for q in d["quotes"] if in_gold(q)]}
                    for d in gold["documents"]]
            # Beside the original, so that its relative paths into ../shared still resolve.
            group_gold = gold_path.with_name(f".{name.replace(' ', '_')}.{gold_path.name}")
            group_pred = Path(tmp) / name.replace(" ", "_")
            group_pred.mkdir()
            try:
                group_gold.write_text(json.dumps({**gold, "documents": docs}, ensure_ascii=False), encoding="utf-8")
                for f in pred_dir.glob("*.json"):
                    article = json.loads(f.read_text(encoding="utf-8"))
                    article["quotes"] = [q for q in article.get("quotes", []) if in_pred(q)]
                    (group_pred / f.name).write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
                out = subprocess.run([sys.executable, "-m", "toolkit", "eval-quotes", str(group_gold), "--pred", str(group_pred)],
                                     capture_output=True, text=True, check=True)
            finally:
                group_gold.unlink(missing_ok=True)
            print(f"== {name}")
            print("\n".join(line for line in out.stdout.splitlines() if line.startswith(("quote@", "speaker_accuracy"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
