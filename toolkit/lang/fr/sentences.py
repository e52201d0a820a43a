"""French abbreviations after which a full stop ends no sentence ("M. Macron", "janv. 2024"),
for the boundary repairs of toolkit.segment.sentences. Lower case, without the final stop."""

ABBREVIATIONS = {
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "mgr", "st", "ste", "av", "bd", "cf",
    "etc", "ex", "env", "vol", "p", "pp", "no", "nº", "art", "gén", "col", "lt", "cdt", "sgt",
    "jan", "janv", "fév", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "min", "max", "c.-à-d",
}
