"""`number_mismatch`: a figure, percentage, ordinal, date, time or month of the French has
no equal in the English, after normalising both conventions (decimal comma, space,
U+00A0 and U+202F thousands separators, "1er"/"1st", "1,5 million"/"1.5 million", written
numbers "trois"/"three", "14h30"/"2:30 p.m.", metric figures converted). Docs:
docs/checks.md."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional

from toolkit.checks.kinds import NUMBER_MISMATCH
from toolkit.checks.text import fold, words_of
from toolkit.document import Finding
from toolkit.lang.en import checks as en
from toolkit.lang.fr import checks as fr
from toolkit.lang.fr.dates import MONTH_SPELLINGS


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
_ROMAN = re.compile(rf"\b([IVX]{{1,6}}){fr.ROMAN_ORDINAL_SUFFIX}\b")
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
            values = {float(digits.replace(".", ""))}
            if digits.count(".") == 1:  # "1.000.000" or "192.168.122" has no decimal reading
                values.add(float(digits))
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
    words = words_of(text, french=True)
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
    if prev in fr.NEUF_NEW_AFTER:
        return True
    return not ((nxt.endswith(("s", "x")) and nxt not in fr.FUNCTION_WORDS and nxt not in fr.NOT_PLURAL_NOUNS) or nxt in fr.NEUF_FIGURE_BEFORE)


def _french_compound(parts: list) -> float:
    """"vingt-cinq" 25, "quatre-vingt-dix" 90, "deux-cents" 200."""
    total, current = 0.0, 0.0
    for p in parts:
        v = fr.NUMBER_WORDS[p]
        if v in (20, 100, 1000) and current and current < v and p in fr.MULTIPLYING_NUMBER_WORDS:
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
    words = words_of(text)
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
    fr_months = _months(words_of(fr_text, french=True), MONTH_SPELLINGS)
    en_months = _months(words_of(en_text), en.MONTHS, en.MONTHS_NEEDING_A_FIGURE, en_text)
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
