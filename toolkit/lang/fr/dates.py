"""French month names: the one home of the months, for the cleaner's datelines
(toolkit.lang.fr.boilerplate) and the number check (toolkit.checks.numbers)."""

from __future__ import annotations

# Month name -> its number, spelt as French is written.
MONTHS: dict[str, int] = {
    m: i + 1
    for i, m in enumerate(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
    )
}
# The same with the accent-free spellings the number check compares after folding ("aout"
# for "août"). The cleaner keeps to MONTHS: its date patterns match only written months.
MONTH_SPELLINGS: dict[str, int] = {**MONTHS, "fevrier": 2, "aout": 8, "decembre": 12}
