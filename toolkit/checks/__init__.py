"""Reviewer checks: where the English may not say what the French says.

Pure functions over a French text and its English translation (machine or human) that
return `Finding`s a reviewer who reads no French can act on, each with what was seen and
where (character offsets on both sides):

- `number_mismatch`: a figure, percentage, ordinal, date or month of the French has no
  equal in the English, after normalising both conventions (decimal comma, space, U+00A0
  and U+202F thousands separators, "1er"/"1st", "1,5 million"/"1.5 million", written
  numbers "trois"/"three", "14h30"/"2:30 p.m.").
- `negation_mismatch`: the French negates ("ne … pas/plus/jamais/rien/personne/aucun/
  guère/ni", "sans", "non") more often than the English does.
- `hedge_lost`: the French does not vouch for a claim (reportive conditional "aurait
  subi", "selon X", "d'après X") and the English has no evidential ("reportedly",
  "according to", "would", "said", "may have" …).
- `name_missing`: a person, organisation or place of the French parse (spaCy NER) has no
  counterpart in the English, allowing accents, transliteration ("Choïgou"/"Shoigu",
  "Kiev"/"Kyiv") and English exonyms ("Allemagne"/"Germany").
- `untranslated`: French left in the English.
- `omission`: a stretch of the French with several content words and no counterpart in
  the English: the words around it are anchored (figures, names, cognates), and the
  English between those anchors is far shorter than the French.

All French facts are in `toolkit.lang.fr.checks`, English ones in `toolkit.lang.en.checks`.
Cost is linear in the texts (the omission anchors use a longest-increasing-chain search,
n log n). The French parse (spaCy) is needed for names and the conditional mood; pass
`fr_doc` to reuse one, or `check_pairs` to parse many texts in one batched `nlp.pipe`.
Docs: docs/checks.md.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable, NamedTuple, Optional, Sequence

from toolkit.document import Finding  # noqa: F401  (the document model's; importable from here too)
from toolkit.lang.en import checks as en
from toolkit.lang.fr import checks as fr
NUMBER_MISMATCH = "number_mismatch"
NEGATION_MISMATCH = "negation_mismatch"
HEDGE_LOST = "hedge_lost"
NAME_MISSING = "name_missing"
UNTRANSLATED = "untranslated"
OMISSION = "omission"
KINDS = (NUMBER_MISMATCH, NEGATION_MISMATCH, HEDGE_LOST, NAME_MISSING, UNTRANSLATED, OMISSION)

SPACY_MODEL = "fr_core_news_md"
NAME_LABELS = ("PER", "ORG", "LOC")


# --------------------------------------------------------------------------- text helpers

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*['’]?|\d+", re.UNICODE)
# French: the elided words ("l'", "n'", "qu'", "jusqu'") are words of their own.
_FR_WORD = re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=[^\W\d_])|[^\W\d_]+(?:-[^\W\d_]+)*|\d+", re.UNICODE | re.IGNORECASE)


class _Word(NamedTuple):  # a tuple, not a dataclass: made for every word, it must be cheap
    text: str
    lower: str
    start: int
    end: int


def _words(text: str, french: bool = False) -> list[_Word]:
    pattern = _FR_WORD if french else _WORD
    return [_Word(m.group(), m.group().lower(), m.start(), m.end()) for m in pattern.finditer(text)]


def fold(text: str) -> str:
    """Lower case without accents ("Choïgou" -> "choigou")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class NumberMention:
    """A figure as written, with every value it may stand for (a French "1.500" is 1500
    or 1.5; "14h" is 14 or 2 o'clock)."""

    text: str
    start: int
    end: int
    values: frozenset
    written: bool = False  # a number word ("trois"): an English "both" may render it
    converted: frozenset = frozenset()  # the figure in English units ("15 m": 49.2 ft), matched approximately


_SEP = "[ \u00a0\u202f]"
_FR_NUMBER = re.compile(
    rf"(?<![\d.,])(\d{{1,3}}(?:{_SEP}\d{{3}})+(?!\d)|\d{{1,3}}(?:\.\d{{3}})+(?![\d]|,\d)|\d+)(?:,(\d+))?"
    rf"(?:{_SEP}?({fr.ORDINAL_SUFFIX})\b|{_SEP}?[hH](?:{_SEP}?(\d\d))?\b)?"
)
_EN_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:(st|nd|rd|th)\b|:(\d\d)(?:\s*([ap])\.?m\.?)?|\s*([ap])\.?m\.?\b)?", re.I)
_ROMAN = re.compile(r"\b([IVX]{1,6})(?:e|ème|er)\b")
_EN_ROMAN = re.compile(r"\b([IVXL]{1,6})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(s: str) -> Optional[int]:
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def _round(v: float) -> float:
    return round(v, 6)


def _scaled(values: set, following: str, scales: dict) -> set:
    m = re.match(r"[\s\u00a0\u202f]*(?:de\s+)?([^\W\d_]+)", following)
    if m and m.group(1).lower() in scales:
        scale = scales[m.group(1).lower()]
        return values | {_round(v * scale) for v in values}
    return values


def french_numbers(text: str) -> list[NumberMention]:
    """Figures of a French text: digits (decimal comma, thousands separators), ordinals
    ("1er", "2e", "XXe siècle"), times ("14h30"), scale words ("1,5 million") and written
    numbers that carry a figure ("trois", "vingt-cinq")."""
    out: list[NumberMention] = []
    for m in _FR_NUMBER.finditer(text):
        whole, decimals, ordinal, minutes = m.group(1), m.group(2), m.group(3), m.group(4)
        digits = re.sub(_SEP, "", whole)
        values: set = set()
        if "." in digits:  # "1.500": thousands in French, but the English decimal point also occurs
            values = {float(digits.replace(".", "")), float(digits)}
        else:
            values = {float(f"{digits}.{decimals}") if decimals else float(digits)}
            if decimals and len(decimals) == 3:  # "1,500" as written by English-style sources
                values.add(float(digits + decimals))
        if m.group(0).rstrip().lower().endswith("h") or minutes:
            hour = next(iter(values))
            if 12 < hour <= 24:
                values.add(hour - 12)
            if minutes and minutes != "00":
                out.append(NumberMention(minutes, m.start(4), m.end(4), frozenset({float(minutes)})))
        if re.search(r"\bann[ée]es\s*$", text[max(0, m.start() - 10):m.start()]) and next(iter(values)) < 100:
            values |= {1900 + v for v in values} | {2000 + v for v in values}  # "les années 80": the 1980s
        values |= {float(round(v)) for v in values if decimals and v >= 10} | {round(v, 1) for v in values if decimals and v >= 1}  # "45,72 cm" rendered "46 cm"
        values = _scaled(values, text[m.end():m.end() + 20], fr.SCALE_WORDS)
        if re.match(r"\s?M(?:d|ds)?\s?[$€£]|\s?M\b", text[m.end():m.end() + 5]):  # "900 M$", "3 Md€"
            scale = 1e9 if re.match(r"\s?Md", text[m.end():m.end() + 4]) else 1e6
            values |= {v * scale for v in values}
        end = m.end(3) if ordinal else m.end(1) if not decimals else m.end(2)
        converted = _converted(values, text[end:end + 30])
        percent = re.match(r"[\s\u00a0\u202f]?%", text[end:end + 2])
        end = end + percent.end() if percent else end  # shown as "75 %"
        out.append(NumberMention(text[m.start():end], m.start(), end, frozenset(_round(v) for v in values), converted=converted))
    for m in _ROMAN.finditer(text):
        value = _roman(m.group(1))
        if value:
            out.append(NumberMention(m.group(), m.start(), m.end(), frozenset({float(value)})))
    words = _words(text, french=True)
    for i, w in enumerate(words):
        low = fold(w.lower)
        parts = low.split("-")
        if not all(p in fr.NUMBER_WORDS or p == "et" for p in parts) or parts[0] == "et" or parts[-1] == "et":
            continue
        if any(parts) and parts[0] in fr.NOT_A_FIGURE_AFTER and i > 0 and words[i - 1].lower in fr.NOT_A_FIGURE_AFTER[parts[0]]:
            continue
        if i > 0 and words[i - 1].text.isdigit() and parts[0] in fr.SCALE_WORDS | {"cent": 0, "cents": 0}:
            continue  # "5 mille" is one figure, "9 cents" a currency
        if len(parts) == 1 and low in fr.AMBIGUOUS_NUMBER_WORDS and (w.text[0].isupper() or _neuf_is_new(words, i)):
            continue
        value = _french_compound([p for p in parts if p != "et"])
        values = {float(value)}
        values = _scaled(values, text[w.end:w.end + 20], fr.SCALE_WORDS)
        out.append(NumberMention(w.text, w.start, w.end, frozenset(values), written=True))
    return out


def _converted(values: set, following: str) -> frozenset:
    """The values in English units of a figure followed by a French unit ("922 kg")."""
    m = re.match(r"[\s\u00a0\u202f]*(?:millions?\s+de\s+|milliards?\s+de\s+)?(mètres cubes|°[cC]|km/h|[^\W\d_]+\d?)", following)
    unit = m.group(1) if m else ""
    if unit != "M":  # "900 M$" is millions, "15 m" metres
        unit = unit.lower()
    if unit not in fr.UNIT_CONVERSIONS:
        return frozenset()
    out = set()
    for factor in fr.UNIT_CONVERSIONS[unit]:
        if factor == "celsius":
            out |= {v * 9 / 5 + 32 for v in values}
        else:
            out |= {v * factor for v in values}
    return frozenset(out)


def _neuf_is_new(words: list, i: int) -> bool:
    """"neuf" is "new" after a noun ("un bâtiment neuf", "quoi de neuf"); a figure before one."""
    if words[i].lower != "neuf":
        return False
    nxt = words[i + 1].lower if i + 1 < len(words) else ""
    prev = words[i - 1].lower if i else ""
    if prev in ("flambant", "tout", "à", "de", "du", "quoi"):
        return True
    return not ((nxt.endswith(("s", "x")) and nxt not in fr.FUNCTION_WORDS and nxt not in ("des", "les", "ses", "dans", "sous")) or nxt in ("heures", "ans", "mois", "jours", "cent", "mille"))


def _french_compound(parts: list) -> float:
    """"vingt-cinq" 25, "quatre-vingt-dix" 90, "deux-cents" 200."""
    total, current = 0.0, 0.0
    for p in parts:
        v = fr.NUMBER_WORDS[p]
        if v in (20, 100, 1000) and current and current < v and p in ("vingt", "vingts", "cent", "cents", "mille"):
            current *= v
        else:
            current += v
    return total + current


def english_numbers(text: str) -> list[NumberMention]:
    """Figures of an English text, with the same values French figures get."""
    out: list[NumberMention] = []
    for m in _EN_NUMBER.finditer(text):
        whole, decimals = m.group(1), m.group(2)
        base = float(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
        values = {base}
        minutes, meridiem = m.group(4), m.group(5) or m.group(6)
        if meridiem and meridiem.lower() == "p" and base < 12:
            values.add(base + 12)
        if minutes:
            out.append(NumberMention(minutes, m.start(4), m.end(4), frozenset({float(minutes)})))
        if decimals and len(decimals) == 2 and base < 25:  # "9.30am", "12.30pm": a time
            hour = float(whole)
            values |= {hour} | ({hour + 12} if hour < 12 else set())
            out.append(NumberMention(decimals, m.start(2), m.end(2), frozenset({float(decimals)})))
        values = _scaled(values, text[m.end():m.end() + 20], en.SCALE_WORDS)
        m_scale = re.match(r"(m|bn|k)\b", text[m.end():m.end() + 3], re.I)  # "$1.5bn"
        if m_scale:
            values |= {_round(v * en.SCALE_WORDS[m_scale.group(1).lower()]) for v in values}
        end = m.end() + (1 if text[m.end():m.end() + 1] == "%" else 0)
        out.append(NumberMention(text[m.start():end], m.start(), end, frozenset(_round(v) for v in values)))
    for m in _EN_ROMAN.finditer(text):
        if len(m.group(1)) >= 2 or m.group(1) in ("V", "X"):
            value = _roman(m.group(1))
            if value:
                out.append(NumberMention(m.group(), m.start(), m.end(), frozenset({float(value)})))
    words = _words(text)
    tens = {v for v in en.NUMBER_WORDS.values() if v in (20, 30, 40, 50, 60, 70, 80, 90)}
    for i, w in enumerate(words):
        if i + 1 < len(words) and en.NUMBER_WORDS.get(w.lower) in tens and 1 <= en.NUMBER_WORDS.get(words[i + 1].lower, 0) <= 9:
            value = en.NUMBER_WORDS[w.lower] + en.NUMBER_WORDS[words[i + 1].lower]  # "thirty five"
            out.append(NumberMention(text[w.start:words[i + 1].end], w.start, words[i + 1].end, frozenset({float(value)}), written=True))
        parts = [p[:-4] if p.endswith("fold") else p for p in w.lower.split("-")]  # "tenfold"
        nums = [p for p in parts if p in en.NUMBER_WORDS]
        if nums:
            value = sum(en.NUMBER_WORDS[p] for p in nums) + (0.5 if "half" in parts else 0)  # "eight-and-a-half"
            if len(nums) == 1 and nums[0] in ("hundred", "thousand", "hundreds", "thousands", "dozen", "dozens"):
                value = en.NUMBER_WORDS[nums[0]]
            values = _scaled({float(value)}, text[w.end:w.end + 20], en.SCALE_WORDS)
            out.append(NumberMention(w.text, w.start, w.end, frozenset(_round(v) for v in values), written=True))
        elif any(p in en.SOFT_NUMBER_WORDS for p in parts):
            if w.lower in ("a", "an") and not re.match(r"\s+(?:million|billion|thousand|hundred|dozen|trillion|half)\b", text[w.end:w.end + 12], re.I):
                continue  # "a" is a figure only in "a million", "a hundred"
            values = set().union(*(en.SOFT_NUMBER_WORDS[p] for p in parts if p in en.SOFT_NUMBER_WORDS))
            values = _scaled(values, text[w.end:w.end + 20], en.SCALE_WORDS)
            out.append(NumberMention(w.text, w.start, w.end, frozenset(_round(v) for v in values), written=True))
    return out


def _months(words: list, table: dict, needing_figure: frozenset = frozenset(), text: str = "") -> list:
    out = []
    for w in words:
        key = re.sub(r"['’]s$", "", fold(w.lower)).rstrip(".").split("-")[-1]
        if key in table:
            if key in needing_figure and not w.text[0].isupper():
                continue
            out.append((w, table[key]))
    return out


def check_numbers(fr_text: str, en_text: str) -> list[Finding]:
    fr_nums = french_numbers(fr_text)
    en_nums = english_numbers(en_text)
    en_values = set().union(*(n.values for n in en_nums)) if en_nums else set()
    en_digit_values = set().union(*(n.values for n in en_nums if not n.written)) if en_nums else set()
    english = _EnglishFigures(en_nums, fr_nums, en_text)
    findings = []
    for n in sorted(fr_nums, key=lambda n: (n.written, len(n.values))):
        # Each French figure takes its own English one: "2012 … 2012" needs two.
        match = english.take(n)
        if match is not None:
            continue
        if n.written and (n.values & en_values):
            continue
        nearest = english.nearest_stray(n.start / max(1, len(fr_text)), written=n.written)
        if n.written and nearest is None:
            continue  # "entre deux évènements" -> "between events": only a written figure replaced by another is flagged
        if nearest is not None:
            msg = f"{n.text} in French, {nearest.text} in English"
            findings.append(Finding(NUMBER_MISMATCH, n.start, n.end, nearest.start, nearest.end, n.text, nearest.text, msg))
        else:
            msg = f"{n.text} in French, no such figure in English"
            findings.append(Finding(NUMBER_MISMATCH, n.start, n.end, None, None, n.text, "", msg))
    fr_months = _months(_words(fr_text, french=True), fr.MONTHS)
    en_months = _months(_words(en_text), en.MONTHS, en.MONTHS_NEEDING_A_FIGURE, en_text)
    en_month_values = {v for _, v in en_months}
    fr_month_values = {v for _, v in fr_months}
    other = next((x for x, mv in en_months if mv not in fr_month_values), None)
    for w, v in fr_months:
        if v in en_month_values or float(v) in en_digit_values:
            continue
        if w.text[0].isupper() and w.start > 0:
            continue  # French months are lower case: "Mars" mid-sentence is the planet
        msg = f"{w.text} in French, {other.text if other else 'no such month'} in English"
        findings.append(Finding(NUMBER_MISMATCH, w.start, w.end, other.start if other else None, other.end if other else None, w.text, other.text if other else "", msg))
    return findings


# English soft figures too vague to stand in for a French one in a message ("a", "half").
_VAGUE_VALUES = frozenset({1.0, 0.5, 50.0, 7.0, 8.0, 2.0})


class _EnglishFigures:
    """The English figures, indexed by value, so matching every French figure costs a
    lookup, not a scan: linear in the number of figures."""

    def __init__(self, en_nums: list, fr_nums: list, en_text: str):
        self.nums = en_nums
        self.used: set = set()
        self.first_unused: dict = {}  # value -> position in by_value[value] before which all are used
        self.by_value: dict = {}
        for k, x in enumerate(en_nums):
            for v in x.values:
                self.by_value.setdefault(v, []).append(k)
        self.values = sorted(self.by_value)
        fr_values = set().union(*(x.values for x in fr_nums)) if fr_nums else set()
        # Figures no French figure accounts for: what stands where a French one should.
        stray = [x for x in en_nums if not (x.values & fr_values) and not (x.written and x.values <= _VAGUE_VALUES)]
        length = max(1, len(en_text))
        self.stray = {
            written: sorted(((x.start / length, i), x) for i, x in enumerate(stray) if written or not x.written)
            for written in (False, True)
        }

    def take(self, n: NumberMention) -> Optional[int]:
        for v in n.values:
            figures = self.by_value.get(v, ())
            i = self.first_unused.get(v, 0)
            while i < len(figures) and figures[i] in self.used:
                i += 1  # each used figure is skipped once per value: "2012" forty times stays linear
            self.first_unused[v] = i
            if i < len(figures):
                return self._use(n, figures[i])
        for c in n.converted:  # "922 kg" against "2,032 pounds", within the tolerance
            low, high = c - fr.CONVERSION_TOLERANCE * max(abs(c), 1), c + fr.CONVERSION_TOLERANCE * max(abs(c), 1)
            for v in self.values[bisect.bisect_left(self.values, low):bisect.bisect_right(self.values, high)]:
                for k in self.by_value[v]:
                    if k not in self.used:
                        return self._use(n, k)
        return None

    def _use(self, n: NumberMention, k: int) -> int:
        if not self.nums[k].written or n.written:  # a soft English "both" may serve several
            self.used.add(k)
        return k

    def nearest_stray(self, position: float, written: bool) -> Optional[NumberMention]:
        items = self.stray[written]
        if not items:
            return None
        i = bisect.bisect_left(items, ((position, -1),))
        around = [items[j] for j in (i - 1, i) if 0 <= j < len(items)]
        return min(around, key=lambda item: abs(item[0][0] - position))[1]


# --------------------------------------------------------------------------- negation


def french_negations(text: str, doc=None) -> list[_Word]:
    """Each negation of a French text, by the word that carries it ("pas" of "ne … pas",
    "sans", "non", "aucun", "ni"). Not negations: "ne … que" and "ne … plus que" (only),
    the expletive "ne" ("ne" counts only with a particle before the next punctuation),
    "non plus" (either), "ni" continuing a negation already counted, and "sans"/"non"
    before a noun or adjective (`fr.WEAK_NEGATORS`: "sans gravité" is "minor")."""
    words = _words(text, french=True)
    lowered = text.lower()
    out: list[_Word] = []
    used: set = set()
    infinitive = {t.idx for t in doc if t.pos_ in ("VERB", "AUX")} if doc is not None else set()
    for i, w in enumerate(words):
        low = w.lower.replace("’", "'")
        if low in fr.NE_FORMS:
            found = False
            for j in range(i + 1, min(len(words), i + 8)):
                between = text[words[j - 1].end:words[j].start]
                if re.search(r"[.;:!?,()«»\"]", between):
                    break
                if words[j].lower in fr.NEGATION_PARTICLES:
                    if any(lowered.startswith(tag, w.start) for tag in fr.TAG_QUESTIONS):
                        break
                    nxt = words[j + 1].lower.replace("’", "'") if j + 1 < len(words) else ""
                    if words[j].lower == "plus" and nxt in ("que", "qu'"):
                        break  # "il ne reste plus que": only
                    out.append(words[j])
                    used.add(j)
                    found = True
                    # "ne … plus aucun", "ne … ni … ni": the same negation
                    for k in range(j + 1, min(len(words), j + 12)):
                        if re.search(r"[.;:!?()«»\"]", text[words[k - 1].end:words[k].start]):
                            break
                        if words[k].lower in ("ni", "aucun", "aucune", "jamais", "rien", "plus", "personne"):
                            used.add(k)
                    break
                if words[j].lower in fr.NE_FORMS:
                    break
            if not found and not _restrictive_que(words, i, text):
                _literary_ne(words, i, out)
    for i, w in enumerate(words):
        if i in used:
            continue
        low = w.lower
        base = low.split("-")[0]
        if low in fr.STANDALONE_NEGATORS or (base == "non" and "-" in low):
            prev = words[i - 1].lower.replace("’", "'") if i else ""
            nxt = words[i + 1].lower.replace("’", "'") if i + 1 < len(words) else ""
            if low in fr.NOT_NEGATION_BEFORE and prev in fr.NOT_NEGATION_BEFORE[low]:
                continue
            if low in fr.NOT_NEGATION_AFTER and nxt in fr.NOT_NEGATION_AFTER[low]:
                continue
            if low == "non" and (prev in ("ou", "que", "si") or nxt == "plus"):  # "ou non", "non plus"
                continue
            if low in fr.WEAK_NEGATORS and not (nxt in fr.CLAUSE_AFTER_WEAK or (i + 1 < len(words) and words[i + 1].start in infinitive)):
                continue
            if "-" in low:
                continue  # "non-violence", "sans-abri": one word, often one English word
            out.append(w)
            if low in ("sans", "ni", "aucun", "aucune", "jamais", "rien"):
                for k in range(i + 1, min(len(words), i + 12)):
                    if re.search(r"[.;:!?()«»\"]", text[words[k - 1].end:words[k].start]):
                        break
                    if words[k].lower in ("ni", "aucun", "aucune", "rien"):
                        used.add(k)  # "sans … ni", "sans aucun doute", "ni … ni"
    return sorted(out, key=lambda w: w.start)


def _restrictive_que(words: list, i: int, text: str) -> bool:
    """"ne … que" (only) before the next punctuation."""
    for j in range(i + 1, min(len(words), i + 8)):
        if re.search(r"[.;:!?,()«»\"]", text[words[j - 1].end:words[j].start]):
            return False
        if words[j].lower in ("que", "qu'", "qu’"):
            return True
    return False


def _literary_ne(words: list, i: int, out: list) -> None:
    """"ils ne peuvent bénéficier": "ne" alone before pouvoir, savoir, oser or cesser."""
    j = i + 1
    while j < len(words) and words[j].lower in fr.CLITICS:
        j += 1
    if j < len(words) and re.fullmatch(fr.LITERARY_NE_VERB, words[j].lower):
        out.append(words[i])


def english_negations(text: str) -> tuple[list[_Word], list[_Word]]:
    """(negators, negative-affix words) of an English text."""
    strict, affixed = [], []
    for w in _words(text):
        low = w.lower.replace("’", "'")
        if low == "nor" and any(x.lower == "neither" for x in strict):
            continue  # "neither … nor": one negation, as French "ni … ni"
        if low in en.NEGATORS or low.endswith("n't") or low.startswith("non-") or low in ("no-one",):
            strict.append(w)
        elif low in en.NEGATIVE_AFFIX_WORDS or (low.startswith("un") and len(low) > 5 and low not in en.UN_NOT_NEGATIVE and not low.startswith(en.UN_NOT_NEGATIVE_PREFIXES)):
            affixed.append(w)
    return strict, affixed


def _negative_stem(word: str) -> str:
    for suffix in ("lessly", "less"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    for prefix in ("non-", "non", "dis", "un", "im", "in", "il", "ir"):
        if word.startswith(prefix):
            return word[len(prefix):]
    return word


def check_negation(fr_text: str, en_text: str, doc=None) -> list[Finding]:
    fr_neg = french_negations(fr_text, doc)
    if not fr_neg:
        return []
    strict, affixed = english_negations(en_text)
    if len(strict) >= len(fr_neg):
        return []
    # An affixed word renders a negation when its stem is in the French ("pas possible":
    # "impossible"); "impossible" for "impossible" leaves the French "pas" unrendered.
    fr_keys = {_cognate_key(w.text) for w in _words(fr_text, french=True) if len(w.text) >= 4}
    affixed = [w for w in affixed if _cognate_key(_negative_stem(w.lower)) in fr_keys]
    if len(strict) + len(affixed) >= len(fr_neg) and strict:
        return []
    if not strict and affixed and len(fr_neg) == 1:
        return []
    missing = fr_neg[len(strict)] if len(strict) < len(fr_neg) else fr_neg[-1]
    seen = ", ".join(w.text for w in strict) or "none"
    msg = f"{len(fr_neg)} negation{'s' if len(fr_neg) > 1 else ''} in French ({', '.join(w.text for w in fr_neg)}), {len(strict)} in English ({seen})"
    return [Finding(NEGATION_MISMATCH, missing.start, missing.end, None, None, missing.text, "", msg)]


# --------------------------------------------------------------------------- hedging


def french_hedges(text: str, doc=None) -> list[tuple[int, int, str]]:
    """(start, end, text) of each claim marker the French does not vouch for: a
    third-person conditional that is not an epistemic modal ("aurait subi", "seraient
    arrêtés", not "pourrait", not after "si"), and "selon X" / "d'après X"."""
    out = []
    low = fold(text)
    for marker in fr.ATTRIBUTION_MARKERS:
        for m in re.finditer(r"(?<!\w)" + re.escape(fold(marker)) + r"(?![\w-])", low):
            if re.match(r"\s+(?:" + "|".join(fr.NOT_ATTRIBUTION_AFTER) + r")\b", low[m.end():]):
                continue  # "selon laquelle" (that), "selon moi" (in my view), "selon toute vraisemblance"
            out.append((m.start(), m.end(), text[m.start():m.end()]))
    if doc is not None:
        first_si = re.search(r"\b[Ss]i\b", text)  # a hypothesis: conditionals after it are not reports
        for t in doc:
            if t.pos_ not in ("VERB", "AUX"):
                continue
            lower = t.lower_
            mood = t.morph.get("Mood")
            is_cond = lower in fr.CONDITIONAL_AUXILIARIES or ("Cnd" in mood and re.search(r"r(?:ait|aient)$", lower))
            if not is_cond or t.lemma_ in fr.MODAL_CONDITIONAL_LEMMAS:
                continue
            if "1" in t.morph.get("Person") or "2" in t.morph.get("Person"):
                continue
            if not lower.startswith(("aur", "ser")) and first_si is not None and first_si.start() < t.idx:
                continue
            if re.match(r"-(?:t-)?(?:il|elle|ils|elles|on|ce)\b", text[t.idx + len(t.text):]):
                continue  # "aurait-il", "ne serait-ce que": an inverted question or idiom, not a report
            out.append((t.idx, t.idx + len(t.text), t.text))
    return sorted(out)


def english_evidentials(text: str) -> list[_Word]:
    out = []
    for w in _words(text):
        low = w.lower.replace("’", "'")
        if low in en.EVIDENTIAL_WORDS or low.endswith(en.EVIDENTIAL_SUFFIXES):
            out.append(w)
    return out


def check_hedge(fr_text: str, en_text: str, doc=None) -> list[Finding]:
    hedges = french_hedges(fr_text, doc)
    if not hedges or english_evidentials(en_text):
        return []
    s, e, word = hedges[0]
    kind = "attributes the claim" if fold(word).startswith(("selon", "d'apres", "aux", "a en", "de source")) else "reportive conditional"
    msg = f"{word} in French ({kind}: not vouched for), no evidential in English (reportedly, according to, would, said …)"
    return [Finding(HEDGE_LOST, s, e, None, None, word, "", msg)]


# --------------------------------------------------------------------------- names

_TRANSLIT = (("tch", "ch"), ("ch", "sh"), ("kh", "h"), ("ou", "u"), ("y", "i"), ("j", "i"), ("w", "v"), ("ck", "k"), ("ph", "f"), ("dj", "j"), ("ï", "i"))


def _translit(s: str) -> str:
    s = fold(s)
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    return re.sub(r"(.)\1", r"\1", s)


def _skeleton(s: str) -> str:
    return re.sub(r"[aeiou'\-]", "", s)


def names_match(a: str, b: str) -> bool:
    """Whether two spellings may name the same thing: equal without accents, or after a
    rough transliteration (ch/sh, ou/u, y/i, doubled letters), equal, with the same
    consonant skeleton, or close (ratio ≥ 0.8); or one a prefix of the other ("Syrie"/
    "Syrian")."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    ta, tb = _translit(a), _translit(b)
    if ta == tb:
        return True
    if ta and tb and ta[0] == tb[0]:
        ka, kb = _skeleton(ta), _skeleton(tb)
        if len(ka) >= 2 and ka == kb:  # "Kiev"/"Kyiv": k-v
            return True
    if len(ta) >= 4 and len(tb) >= 4:
        n = min(len(ta), len(tb))
        common = len(_common_prefix(ta, tb))
        if common >= 4 and common >= 0.75 * n:
            return True
        if ta[0] == tb[0] and SequenceMatcher(None, ta, tb).ratio() >= 0.8:
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


def _name_tokens(ent_text: str) -> list[str]:
    parts = re.split(r"[\s\-'’&]+", ent_text)
    return [
        p for p in parts
        if len(p.strip(".")) >= 2 and fold(p) not in fr.NAME_STOPWORDS and not re.fullmatch(r"[IVXLC]+(?:e|er|ème)?", p)
    ]


_COMMON_WORDS: dict[int, frozenset] = {}


def common_words(nlp) -> frozenset:
    """French nouns, adjectives and verbs the lemmatizer knows: a name made only of these
    ("Marine nationale", "Bureau ovale", "Aube dorée") is translated, not kept."""
    key = id(nlp.vocab)
    if key not in _COMMON_WORDS:
        words: set = set()
        for _, pipe in nlp.pipeline:
            lookups = getattr(pipe, "lookups", None)
            if lookups is not None and lookups.has_table("lemma_index"):
                for value in lookups.get_table("lemma_index").values():
                    words.update(value)
        _COMMON_WORDS[key] = frozenset(words | {fold(w) for w in words})
    return _COMMON_WORDS[key]


def check_names(fr_text: str, en_text: str, doc, common: frozenset = frozenset()) -> list[Finding]:
    if doc is None:
        return []
    en_tokens = [w for w in re.findall(r"[^\W_]+(?:\.[^\W_]+)*\.?", en_text)]
    en_folded = {fold(t).rstrip(".") for t in en_tokens}
    en_acronyms = frozenset(fold(t) for t in re.findall(r"\b[A-Z]{2,6}\b", en_text))
    en_by_initial: dict[str, list] = {}
    for t in en_folded:
        if t:
            en_by_initial.setdefault(_translit(t)[:1], []).append(t)
    findings = []
    for ent, proper in checked_names(doc, common):
        if _name_present(ent.text, proper, en_folded, en_by_initial, en_acronyms):
            continue
        msg = f"{ent.text} ({ent.label_}) in French, no counterpart in English"
        findings.append(Finding(NAME_MISSING, ent.start_char, ent.end_char, None, None, ent.text, "", msg))
    return findings


def checked_names(doc, common: frozenset) -> list:
    """(entity, its proper-name words) for each PER/ORG/LOC of the French parse that the
    name check looks for: at least one word that is not an ordinary French word."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        tokens = _name_tokens(ent.text)
        if not tokens or fold(ent.text) in fr.NOT_NAMES or all(fold(t) in fr.NOT_NAMES for t in tokens):
            continue
        lemmas = {t.text: t.lemma_.lower() for t in ent}
        proper = [
            t for t in tokens
            if t[0].isupper() and not {t.lower(), fold(t), lemmas.get(t, t.lower()), re.sub(r"[sx]$", "", t.lower())} & common
        ]
        if not proper:
            continue  # a name made of ordinary words is translated ("Marine nationale": "Navy")
        if len(ent) == 1 and ent.start == ent.sent.start and ent[0].pos_ in ("VERB", "ADJ", "NOUN", "ADV", "AUX"):
            continue  # a capitalised first word the recogniser took for a name ("Livrés à eux-mêmes")
        out.append((ent, proper))
    return out


def _name_present(ent_text: str, tokens: list, en_folded: set, en_by_initial: dict, en_acronyms: frozenset = frozenset()) -> bool:
    whole = fold(ent_text)
    for key in (whole, whole.split(" ", 1)[-1]):
        if key in fr.EXONYMS and any(v in en_folded for v in fr.EXONYMS[key]):
            return True
    for t in tokens:
        ft = fold(t)
        if ft in en_folded:
            return True
        if len(ft) >= 5 and any(_cognate_key(ft) == _cognate_key(x) for x in en_folded if len(x) >= 5):
            return True
        if ft in fr.EXONYMS and any(v in en_folded for v in fr.EXONYMS[ft]):
            return True
        if t.isupper() and len(t) >= 2:  # acronyms: "OTAN"/"NATO", "UE"/"EU", "OIAC"/"OPCW"
            letters = set(ft)
            for x in en_acronyms:
                if sorted(ft) == sorted(x) or (abs(len(x) - len(ft)) <= 1 and len(letters & set(x)) >= 2):
                    return True
        for cand in en_by_initial.get(_translit(ft)[:1], ()):
            if names_match(ft, cand):
                return True
        # Transliteration may change the first letter ("Iouri"/"Yuri", "Kharkiv"/"Harkiv").
        for cand in en_by_initial.get(_translit(ft)[1:2], ()):
            if len(ft) >= 4 and names_match(ft[1:], cand[1:] if cand[:1] != ft[1:2] else cand):
                return True
    return False


# --------------------------------------------------------------------------- untranslated


def check_untranslated(fr_text: str, en_text: str) -> list[Finding]:
    words = [w for w in _words(en_text)]
    if not words:
        return []
    french = [w for w in words if w.lower.replace("’", "'") in fr.FUNCTION_WORDS and w.text[0].islower()]
    ratio = len(french) / len(words)
    # Lower-case words (not names, not figures) copied from the French: a human or machine
    # translation shares names and figures with its source, rarely ordinary words.
    fr_lower = {w.lower for w in _words(fr_text, french=True) if w.text[0].islower()}
    ordinary = [w for w in _words(en_text, french=False) if w.text[0].islower() and len(w.text) >= 2]
    copied = [w for w in ordinary if w.lower in fr_lower]
    if len(copied) >= 3 and len(copied) >= 0.5 * len(ordinary):
        french = french or copied
        ratio = 1.0
    same = fold(fr_text.strip()) == fold(en_text.strip()) and len(words) >= 3 and (french or copied)
    french = french or copied
    if (len(french) >= 3 and ratio >= 0.15) or (ratio == 1.0 and french) or same:
        s, e = french[0].start, french[-1].end
        sample = " ".join(w.text for w in french[:5])
        msg = f"English text holds French: {len(french)} French function words ({sample} …) of {len(words)} words"
        return [Finding(UNTRANSLATED, None, None, s, e, "", en_text[s:e], msg)]
    return []


# --------------------------------------------------------------------------- omission

_CONTENT = re.compile(r"^[^\W\d_]{4,}$")


def _cognate_key(word: str) -> str:
    w = fold(word)
    for a, b in (("ou", "o"), ("qu", "c"), ("ph", "f"), ("k", "c"), ("y", "i")):
        w = w.replace(a, b)
    return w[:5] if len(w) >= 5 else w


def _anchors(fr_words: list, en_words: list) -> list[tuple[int, int]]:
    """(French word index, English word index) pairs of words that plausibly translate
    each other without a dictionary: equal figures, equal or cognate words (same first
    five letters after folding: "gouvernement"/"government", "économique"/"economic")."""
    en_index: dict[str, list] = {}
    en_exact: dict[str, list] = {}
    for j, w in enumerate(en_words):
        en_exact.setdefault(w.lower, []).append(j)
        if _CONTENT.match(w.text) or w.text.isdigit() or w.text[:1].isupper():
            en_index.setdefault(_cognate_key(w.text), []).append(j)
    pairs = []
    for i, w in enumerate(fr_words):
        for translation in fr.TRANSLATIONS.get(w.lower, ()):
            for j in en_exact.get(translation, ())[:4]:
                pairs.append((i, j))
        if w.lower in fr.FUNCTION_WORDS or not (_CONTENT.match(w.text) or w.text.isdigit() or w.text[:1].isupper()):
            continue
        for j in en_index.get(_cognate_key(w.text), ())[:4]:
            pairs.append((i, j))
    return pairs


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain increasing in both indices (patience sorting, n log n)."""
    pairs = sorted(pairs, key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_idx: list[int] = []
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        back[k] = tail_idx[pos - 1] if pos else -1
    chain = []
    k = tail_idx[-1] if tail_idx else -1
    while k != -1:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


# Tuned on newstest2014 references and their clause-deleted corruptions (docs/checks.md).
OMISSION_SHORT_RATIO = 0.5  # English chars per French char below which a clause is surely missing
OMISSION_RATIO = 0.7  # below this, an unanchored French stretch is taken for an omission ...
OMISSION_EXCESS = 7  # ... when it has this many more words than the English between its anchors
EXPECTED_EN_PER_FR_WORD = 0.85


def check_omission(fr_text: str, en_text: str) -> list[Finding]:
    """A stretch of the French with no counterpart in the English. Figures, names,
    cognates and frequent words (fr.TRANSLATIONS) anchor French words to English ones
    (the longest chain in order); between two anchors, the English should have about
    0.85 words per French word. Where it has OMISSION_EXCESS fewer and the English is
    short overall, or where the English is under half the French, a clause is missing."""
    fr_words, en_words = _words(fr_text, french=True), _words(en_text)
    if len(fr_words) < 6:
        return []
    ratio = len(en_text) / max(1, len(fr_text))
    if ratio >= OMISSION_RATIO:
        return []
    chain = _longest_chain(_anchors(fr_words, en_words))
    points = [(-1, -1)] + chain + [(len(fr_words), len(en_words))]
    best = None
    for (i1, j1), (i2, j2) in zip(points, points[1:]):
        gap_fr = fr_words[i1 + 1:i2]
        if not gap_fr:
            continue
        excess = EXPECTED_EN_PER_FR_WORD * len(gap_fr) - (j2 - j1 - 1)
        if best is None or excess > best[0]:
            best = (excess, gap_fr, j1, j2)
    if best is None or (best[0] < OMISSION_EXCESS and ratio >= OMISSION_SHORT_RATIO):
        return []
    _, gap_fr, j1, j2 = best
    s, e = gap_fr[0].start, gap_fr[-1].end
    t_s = en_words[j1].end if j1 >= 0 else 0
    t_e = en_words[j2].start if j2 < len(en_words) else len(en_text)
    n_en = max(0, j2 - j1 - 1)
    msg = (
        f"{len(gap_fr)} French words ({fr_text[s:e][:60]}{'…' if e - s > 60 else ''}) against {n_en} English words; "
        f"the English is {ratio:.0%} of the French length"
    )
    return [Finding(OMISSION, s, e, t_s, t_e, fr_text[s:e], en_text[t_s:t_e].strip(), msg)]


# --------------------------------------------------------------------------- entry points

_NLP = None


def default_nlp():
    """The French spaCy pipeline, loaded once (toolkit.segment.spacy_loader)."""
    global _NLP
    if _NLP is None:
        from toolkit.segment.spacy_loader import load_nlp

        _NLP = load_nlp(SPACY_MODEL)
    return _NLP


def check_pair(fr_text: str, en_text: str, fr_doc=None, kinds: Sequence[str] = KINDS, nlp=None) -> tuple[Finding, ...]:
    """Every finding for one French text and its English translation.

    `fr_doc` is a spaCy parse of `fr_text` (names and the conditional mood need one);
    when None the default French pipeline parses it. An empty English side for a French
    text with words is one `omission` finding for the whole text."""
    if fr_doc is None and fr_text.strip() and (NAME_MISSING in kinds or HEDGE_LOST in kinds):
        fr_doc = (nlp or default_nlp())(fr_text)
    if fr_text.strip() and not en_text.strip() and _words(fr_text, french=True):
        return (Finding(OMISSION, 0, len(fr_text), 0, 0, fr_text, "", "the English is empty"),)
    findings: list[Finding] = []
    if UNTRANSLATED in kinds:
        findings += check_untranslated(fr_text, en_text)
    if findings:  # French left in: the other checks would only repeat it
        return tuple(findings)
    if NUMBER_MISMATCH in kinds:
        findings += check_numbers(fr_text, en_text)
    if NEGATION_MISMATCH in kinds:
        findings += check_negation(fr_text, en_text, fr_doc)
    if HEDGE_LOST in kinds:
        findings += check_hedge(fr_text, en_text, fr_doc)
    if NAME_MISSING in kinds:
        findings += check_names(fr_text, en_text, fr_doc, common_words(nlp or default_nlp()))
    if OMISSION in kinds:
        findings += check_omission(fr_text, en_text)
    return tuple(findings)


def check_pairs(pairs: Iterable[tuple[str, str]], nlp=None, batch_size: int = 256) -> list[tuple[Finding, ...]]:
    """`check_pair` over many pairs, parsing the French in batches (`nlp.pipe`)."""
    pairs = list(pairs)
    nlp = nlp or default_nlp()
    docs = nlp.pipe((f for f, _ in pairs), batch_size=batch_size)
    return [check_pair(f, e, doc, nlp=nlp) for (f, e), doc in zip(pairs, docs)]


def flags(findings: Sequence[Finding]) -> list[str]:
    """The distinct kinds of `findings`, in the order of KINDS."""
    present = {f.kind for f in findings}
    return [k for k in KINDS if k in present]
