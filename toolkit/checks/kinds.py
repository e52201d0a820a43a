"""The kinds of finding the reviewer checks make, and the flags a set of findings raises
(docs/checks.md)."""

from __future__ import annotations

from typing import Sequence

from toolkit.document import Finding

NUMBER_MISMATCH = "number_mismatch"
NEGATION_MISMATCH = "negation_mismatch"
HEDGE_LOST = "hedge_lost"
NAME_MISSING = "name_missing"
UNTRANSLATED = "untranslated"
OMISSION = "omission"
KINDS = (NUMBER_MISMATCH, NEGATION_MISMATCH, HEDGE_LOST, NAME_MISSING, UNTRANSLATED, OMISSION)


def flags(findings: Sequence[Finding]) -> list[str]:
    """The distinct kinds of `findings`, in the order of KINDS."""
    present = {f.kind for f in findings}
    return [k for k in KINDS if k in present]
