"""`toolkit quotes OUT`: the quotes of an output folder, from its quotes.sqlite only.

Never re-analyses: the index is what the last analyze/translate/align run wrote
(docs/speakers.md), or what `--rebuild` rebuilds from the article JSON files. `--speaker` matches any alias of an entity, spelling-insensitively
(the alias keys of toolkit.batch.speaker_names.name_key), a whole word or more of it.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from pathlib import Path

from toolkit.batch.manifest import OutputLock
from toolkit.cli.exit_codes import EXIT_OK, EXIT_USAGE
from toolkit.batch.speaker_index import QUOTES_DB, query_quotes, quotes_csv, write_speaker_index
from toolkit.quotes.flags import QUOTE_TYPES

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _table(rows: list[dict]) -> str:
    lines = []
    for r in rows:
        who = r["speaker_display"] or r["speaker_name"] or "speaker not identified"
        flag_note = f" [{r['flags']}]" if r["flags"] else ""
        lines.append(f"{r['date'] or '----------'}  {r['article']} {r['quote']}  {r['type']}  {who}{flag_note}")
        if r["text_en"] is not None:
            lines.append(f"    en: {r['text_en']}")
        lines.append(f"    fr: {r['text_fr']}")
    return "\n".join(lines) + ("\n" if lines else "")


def _handle(args: argparse.Namespace) -> int:
    if args.since is not None and not _DATE.match(args.since):
        print(f"toolkit quotes: --since wants a date as YYYY-MM-DD (or YYYY-MM, YYYY), got {args.since!r}", file=sys.stderr)
        return EXIT_USAGE
    if args.rebuild:
        if not args.out_dir.is_dir():
            print(f"toolkit quotes: {args.out_dir} is not a folder", file=sys.stderr)
            return EXIT_USAGE
        with OutputLock(args.out_dir, 0.0):  # a run writing there would race the rebuild
            index = write_speaker_index(args.out_dir)
        for note in index.notes:
            print(f"note: {note}", file=sys.stderr)
    try:
        rows = query_quotes(args.out_dir, args.speaker, args.since, args.type, args.flag)
    except FileNotFoundError:
        print(f"toolkit quotes: no {QUOTES_DB} in {args.out_dir}; run `toolkit analyze` or `toolkit translate` "
              "into that folder first", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.DatabaseError as exc:
        print(f"toolkit quotes: {args.out_dir / QUOTES_DB} cannot be read ({exc}); rerun analyze or translate to rebuild it",
              file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        sys.stdout.write(quotes_csv(rows).lstrip("\ufeff"))
    else:
        sys.stdout.write(_table(rows))
        print(f"{len(rows)} quotes", file=sys.stderr)
    return EXIT_OK


def register_cli(subparsers) -> None:
    parser = subparsers.add_parser(
        "quotes",
        help="list the quotes of an output folder by speaker, date, type or flag (reads quotes.sqlite)",
        description="List quotes from OUT/quotes.sqlite, written by analyze, translate and align. "
        "Filters combine; --speaker matches any name an article gives the speaker.",
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT")
    parser.add_argument("--speaker", metavar="NAME", help="a name or alias (spelling variants match: Zelensky, Zelenskyy)")
    parser.add_argument("--since", metavar="DATE", help="articles dated on or after DATE (undated articles are left out)")
    parser.add_argument("--type", choices=QUOTE_TYPES)
    parser.add_argument("--flag", metavar="F", help="quotes carrying flag F, e.g. unverified_claim")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--rebuild", action="store_true",
                        help="first rebuild the index from OUT's article JSON files and speakers.toml (after editing it)")
    parser.set_defaults(handler=_handle)
