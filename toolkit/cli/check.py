"""`toolkit check FR_FILE EN_FILE [--json]`: the reviewer checks on a translation made
elsewhere, two line-aligned files (line N of EN_FILE translates line N of FR_FILE).

One result per line pair: plain text lists each flagged pair with its findings; `--json`
writes one JSON object per line pair (`line`, `flags`, `checks`). Exit 0 whatever the
findings (they are for a reviewer, not a verdict); 2 when a file is missing or unreadable
or the line counts differ. The French is parsed in batches (spaCy `nlp.pipe`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from toolkit.errors import ConfigError, IngestError


def read_lines(path: Path) -> list[str]:
    from toolkit.ingest.text import decode_bytes

    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    try:
        text, _ = decode_bytes(data)
    except IngestError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return text.splitlines()


def _check_command(args) -> int:
    from toolkit.checks import check_pairs, flags

    if args.batch_size < 1:
        raise ConfigError(f"--batch-size must be at least 1, not {args.batch_size}")
    fr_lines, en_lines = read_lines(args.fr_file), read_lines(args.en_file)
    if len(fr_lines) != len(en_lines):
        raise ConfigError(
            f"{args.fr_file} has {len(fr_lines)} lines but {args.en_file} has {len(en_lines)}: "
            f"the files must be line-aligned (line N of the English translates line N of the French)"
        )
    results = check_pairs(zip(fr_lines, en_lines), batch_size=args.batch_size)
    out = sys.stdout
    flagged = 0
    for n, findings in enumerate(results, start=1):
        if findings:
            flagged += 1
        if args.json:
            record = {"line": n, "flags": flags(findings), "checks": [f.to_json() for f in findings]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif findings:
            out.write(f"line {n}: {', '.join(flags(findings))}\n")
            for f in findings:
                out.write(f"  {f.kind}: {f.message}\n")
    if not args.json:
        out.write(f"{flagged} of {len(results)} line pairs flagged\n")
    return 0


def register_cli(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="reviewer checks on a translation made elsewhere: numbers, negation, hedging, names, untranslated, omissions",
    )
    parser.add_argument("fr_file", type=Path, metavar="FR_FILE", help="French text, one segment per line")
    parser.add_argument("en_file", type=Path, metavar="EN_FILE", help="its English translation, line-aligned")
    parser.add_argument("--json", action="store_true", help="one JSON object per line pair, with `flags` and `checks`")
    parser.add_argument("--batch-size", type=int, default=256, help="French lines per spaCy batch")
    parser.set_defaults(handler=_check_command)
