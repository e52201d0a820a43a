"""What a batch run is given: the input files, the files it will not process, and the
article id each file is written under in the output folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from toolkit.ingest.text import article_id, discover


@dataclass(frozen=True)
class IgnoredFile:
    path: Path
    reason: str


def discover_inputs(inputs: Iterable[Path], suffixes: tuple[str, ...] = (".txt",)) -> tuple[list[Path], list[IgnoredFile]]:
    """The .txt files to process, and every other file in the input folders, so that a
    PDF or image dropped into the corpus is reported instead of silently ignored."""
    inputs = list(inputs)
    paths = discover(inputs, suffixes)
    ignored: list[IgnoredFile] = []
    for item in map(Path, inputs):
        if item.is_dir():
            for child in sorted(item.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() not in suffixes:
                    ignored.append(IgnoredFile(child, f"not a {'/'.join(suffixes)} file; not processed"))
    return paths, ignored


def source_key(path: Path) -> str:
    """Manifest key of a source file: its absolute path, so cron's working folder does not matter."""
    return str(Path(path).resolve())


def unique_ids(paths: Sequence[Path], taken: Optional[dict[str, str]] = None) -> list[str]:
    """Article ids from file names; two files with one name in different folders must
    not overwrite each other's outputs, so clashes get a short hash of the full path.
    `taken` maps the ids already in the output folder to the source they came from
    (manifest key): a file whose name another source already holds there gets the
    hashed id too, so a second day's `x.txt` never overwrites the first day's `x.json`,
    and the holder keeps its id (its links and outputs stay where they are)."""
    ids = [article_id(p) for p in paths]
    seen: dict[str, int] = {}
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
    taken = taken or {}

    def clashes(i: str, p: Path) -> bool:
        holder = taken.get(i)
        return holder != source_key(p) and (seen[i] > 1 or holder is not None)

    return [
        f"{i}-{hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:8]}" if clashes(i, p) else i
        for i, p in zip(ids, paths)
    ]
