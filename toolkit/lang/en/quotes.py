"""English facts for carrying reported speech into the translation (toolkit.translate.quote_transfer):
how an English sentence introduces a reported clause, so that the highlight of an indirect
quote can cover the clause and not the whole sentence."""

from __future__ import annotations

import re

# "… said that C", "… said C": the clause starts after `that`, or right after a reporting
# verb when the translation dropped `that`.
THAT = re.compile(r"\bthat\s+", re.IGNORECASE)
REPORTING_VERB = re.compile(
    r"\b(?:said|says|say|stated|states|added|adds|explained|explains|announced|announces|claimed|claims|"
    r"argued|argues|believes|believed|thinks|thought|estimated|estimates|stressed|stresses|"
    r"insisted|insists|warned|warns|told \w+|confirmed|confirms|noted|notes|recalled|recalls)\s+",
    re.IGNORECASE,
)
# "according to X, C" (French `selon X, C` / `d'après X, C`).
ACCORDING_TO = re.compile(r"\baccording to\b[^,]*,\s*", re.IGNORECASE)
# "C, according to X." (French `C, selon X`).
TRAILING_SOURCE = re.compile(r",?\s*according to\b[^.;!?]*[.;!?]?\s*$", re.IGNORECASE)
