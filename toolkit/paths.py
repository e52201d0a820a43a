"""Where things are: the one home for locating the package, the checkout, ../shared,
the Debian documentation folder (held-out evaluation text) and the cache (converted models).

Third-party text (test sets, seeds) stays in the read-only `shared/` folder beside the
checkout; TOOLKIT_SHARED relocates it and TOOLKIT_TESTSETS points at the test sets alone.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout root for a source install (pyproject.toml, configs/, tests/); an installed
# wheel has no checkout, and callers fall back to files shipped in the package.
REPO_DIR = PACKAGE_DIR.parent
SHARED_PREFIX = "../shared/"


def shared_dir() -> Path:
    """$TOOLKIT_SHARED, else the shared/ folder beside the checkout."""
    return Path(os.environ.get("TOOLKIT_SHARED") or REPO_DIR.parent / "shared")


def testsets_dir() -> Path:
    """$TOOLKIT_TESTSETS, else shared/testsets/fr-en."""
    if os.environ.get("TOOLKIT_TESTSETS"):
        return Path(os.environ["TOOLKIT_TESTSETS"])
    return shared_dir() / "testsets" / "fr-en"


def debian_docs_dir() -> Path:
    """Where Debian packages install their documentation: $TOOLKIT_DEBIAN_DOCS, else
    /usr/share/doc. Held-out French–English pairs are read from there
    (toolkit.evaluation.debian_docs), never copied into the checkout."""
    return Path(os.environ.get("TOOLKIT_DEBIAN_DOCS") or "/usr/share/doc")


def cache_dir() -> Path:
    """Where converted models live: $TOOLKIT_CACHE, else $XDG_CACHE_HOME/toolkit, else ~/.cache/toolkit."""
    if os.environ.get("TOOLKIT_CACHE"):
        return Path(os.environ["TOOLKIT_CACHE"]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")).expanduser()
    return base / "toolkit"


def shared_file(root: Path, name: str) -> Path:
    """A file named as gold and docs name it (`../shared/…` relative to `root`), with
    TOOLKIT_SHARED applied as it is everywhere else."""
    if name.startswith(SHARED_PREFIX) and os.environ.get("TOOLKIT_SHARED"):
        return shared_dir() / name[len(SHARED_PREFIX):]
    return root / name
