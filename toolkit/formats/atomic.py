"""File output helpers: every output file is written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def current_umask() -> int:
    """The process umask (read by setting and restoring it: there is no getter)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replaced_atomically(path: Path) -> Iterator[Path]:
    """A temp file beside `path` to write (by name); on success it is fsynced and renamed
    over `path`, on any error removed. A crash at any point leaves either the old file or
    the new one, never half of one. The file gets the mode an ordinary open() would (0666
    less the umask), not mkstemp's 0600, so a web server or a colleague can read it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        os.chmod(tmp, 0o666 & ~current_umask())
        yield Path(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8, LF) to `path` whole or not at all (replaced_atomically)."""
    with replaced_atomically(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
