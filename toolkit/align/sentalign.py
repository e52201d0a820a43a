"""n:m sentence alignment of a French original and an existing English translation.

A dynamic-programming search over beads 1:1, 1:2, 2:1, 1:0, 0:1 and 2:2 (Gale & Church
1993), plus 2:3, 3:2 and 3:3 (a translator who re-cut three sentences into three others
leaves no smaller correct bead), restricted to a band around the diagonal so the cost is linear in document
length. The band is re-centred on the path found and the search re-run whenever the
path touches the band's edge, so long runs of deletions or insertions are still found
(the idea of vecalign's coarse-to-fine window, done by iteration instead).

Cost of a bead = prior of its type + Gale–Church length cost − lexical evidence. The
lexical evidence needs no model: anchors shared by both sides — numbers (normalised:
"3 000" = "3,000" = 3000, "0,6" = "0.6"), capitalised tokens (names, places,
organisations), identical words and cognates (the same 5-letter prefix after stripping
accents: "capitale"/"capital", "hélicoptère"/"helicopter"), and punctuation and quote
structure (a question mark, a quotation, a parenthesis on both sides). Anchors that
occur in many sentences of the document weigh less, so frequent words prove little.

When machine translations of the French sentences are supplied, a second, narrow pass
around the first path adds chrF (sacrebleu) between the MT of the French side of a bead
and its English side, as Bleualign does with BLEU.

Everything here is a pure function over lists of sentence strings; `toolkit.batch.align_job`
maps the indices to sentence ids on an Article.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from toolkit.lang.en import alignment as en_alignment
from toolkit.lang.fr import alignment as fr_alignment
from toolkit.lang.typography import DOUBLE_MARKS

# Bead shapes: (source sentences, target sentences).
BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3))
MAX_BEAD_SIDE = max(max(shape) for shape in BEAD_TYPES)


@dataclass(frozen=True)
class AlignOptions:
    """Weights of the bead cost. Defaults were tuned on flores200-devtest and
    newsdiscusstest2015 (see docs/alignment.md); newstest2014 is kept for evaluation."""

    band: int = 20  # half-width of the search band, in target sentences
    max_recentre: int = 6  # re-runs allowed when the path touches the band edge
    # Prior costs (nats) of each bead shape relative to 1:1. Gale–Church's priors
    # (0.89 / 0.089 / 0.0099 / 0.011) give about 2.3 for 2:1, 5.2 for 1:0, 4.4 for 2:2.
    prior_merge: float = 2.8
    prior_skip: float = 3.0
    prior_two_two: float = 5.4
    prior_two_three: float = 8.5  # 2:3 and 3:2; these two, beyond Gale–Church, cost no dev-set F1 (docs/alignment.md)
    prior_three_three: float = 8.0
    length_weight: float = 1.0
    expected_ratio: float = 0.95  # English/French characters, used when the document's own is implausible
    length_variance: float = 6.8  # Gale–Church s² (characters)
    lexical_weight: float = 1.25  # nats per unit of matched anchor weight
    # Unmatched anchor weight inside a bead is evidence the two sides say different things.
    mismatch_weight: float = 0.1
    number_weight: float = 3.0
    name_weight: float = 2.0
    word_weight: float = 1.0
    punct_weight: float = 1.5
    cognate_prefix: int = 5
    chrf_weight: float = 8.0  # nats per unit of chrF (0..1) in the MT pass
    chrf_band: int = 4


@dataclass(frozen=True)
class IndexBead:
    """Source indices aligned to target indices; `score` in [0, 1] says how much the
    evidence supports the link (0 for a sentence without counterpart)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class SentenceFeatures:
    length: int  # characters without whitespace
    anchors: dict = field(default_factory=dict)  # anchor key -> type weight


# --- features -------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,'’]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_QUOTES = set(DOUBLE_MARKS)

# Function words that are long enough to be anchors and would otherwise collide across
# the two languages by prefix (e.g. French "commune"/"comme", English "comment").
_STOPWORDS = fr_alignment.ANCHOR_STOPWORDS | en_alignment.ANCHOR_STOPWORDS


def fold(text: str) -> str:
    """Lowercase and strip accents, so cognates and names compare across languages."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_number(token: str) -> str:
    """'3 000' / '3,000' / '3.000' -> '3000'; '0,6' / '0.6' -> '0.6'."""
    digits = re.sub(r"[ \u00a0\u202f'’]", "", token)
    # A separator followed by exactly three digits groups thousands; any other is decimal.
    parts = re.split(r"[.,]", digits)
    if len(parts) == 1:
        return parts[0].lstrip("0") or "0"
    if all(len(p) == 3 for p in parts[1:]):
        return "".join(parts).lstrip("0") or "0"
    integer = "".join(parts[:-1]).lstrip("0") or "0"
    return f"{integer}.{parts[-1]}"


def sentence_features(text: str, options: AlignOptions = AlignOptions()) -> SentenceFeatures:
    anchors: dict[str, float] = {}

    def add(key: str, weight: float) -> None:
        if anchors.get(key, 0.0) < weight:
            anchors[key] = weight

    for match in _NUMBER.finditer(text):
        add("#" + normalise_number(match.group()), options.number_weight)
    first_word = True
    for match in _WORD.finditer(text):
        word = match.group()
        folded = fold(word)
        capitalised = word[:1].isupper() and not first_word
        first_word = False
        if len(folded) < 4 and not (capitalised and len(folded) >= 2):
            continue
        if folded in _STOPWORDS:
            continue
        key = "w" + folded[: options.cognate_prefix]
        add(key, options.name_weight if capitalised else options.word_weight)
    if "?" in text:
        add("p?", options.punct_weight)
    if "!" in text:
        add("p!", options.punct_weight)
    if any(c in _QUOTES for c in text):
        add("pq", options.punct_weight)
    if "(" in text:
        add("p(", options.punct_weight)
    length = sum(1 for c in text if not c.isspace())
    return SentenceFeatures(length=length, anchors=anchors)


def _idf_damped(features: list[SentenceFeatures], other: list[SentenceFeatures]) -> list[dict[str, float]]:
    """Scale anchor weights down when the anchor occurs in many sentences of the
    document (on either side): a word in every sentence locates nothing."""
    total = max(1, len(features) + len(other))
    document_frequency: dict[str, int] = {}
    for feature in (*features, *other):
        for key in feature.anchors:
            document_frequency[key] = document_frequency.get(key, 0) + 1
    damped = []
    for feature in features:
        weights = {}
        for key, weight in feature.anchors.items():
            share = document_frequency[key] / total
            # 1.0 for an anchor in a few sentences; down to 0.2 for one in a third of them.
            factor = 1.0 if share <= 0.05 else max(0.2, 1.0 - 2.5 * (share - 0.05))
            if total < 8:
                factor = 1.0  # too few sentences for frequencies to mean anything
            weights[key] = weight * factor
        damped.append(weights)
    return damped


# --- costs ----------------------------------------------------------------------------


def length_cost(source_length: int, target_length: int, ratio: float, variance: float) -> float:
    """Gale–Church: −log P(|δ|) with δ the normalised length difference."""
    if source_length == 0 and target_length == 0:
        return 0.0
    mean = (source_length + target_length / ratio) / 2.0
    delta = (target_length - source_length * ratio) / math.sqrt(max(mean, 1.0) * variance)
    tail = math.erfc(abs(delta) / math.sqrt(2.0))
    if tail < 1e-12:
        return 27.6 + delta * delta / 2.0  # erfc underflows; the Gaussian tail is δ²/2
    return -math.log(tail)


def _merge(weights: Sequence[dict[str, float]]) -> dict[str, float]:
    if len(weights) == 1:
        return weights[0]
    merged = dict(weights[0])
    for w in weights[1:]:
        for key, value in w.items():
            if merged.get(key, 0.0) < value:
                merged[key] = value
    return merged


@dataclass(frozen=True)
class _Side:
    """Per run of `count` sentences starting at i (count 1 to MAX_BEAD_SIDE): its length,
    merged anchors and their total weight, indexed [count][i]; built once, so a bead's
    evidence is a look-up."""

    lengths: dict[int, list[int]]
    weights: dict[int, list[dict[str, float]]]
    keys: dict[int, list[frozenset]]  # the anchors of `weights`, for a C-speed intersection
    totals: dict[int, list[float]]


def _side(lengths: list[int], weights: list[dict[str, float]]) -> _Side:
    runs_lengths, runs_weights, runs_keys, runs_totals = {}, {}, {}, {}
    for count in range(1, MAX_BEAD_SIDE + 1):
        starts = range(len(weights) - count + 1)
        runs_lengths[count] = [sum(lengths[i : i + count]) for i in starts]
        runs_weights[count] = [_merge(weights[i : i + count]) for i in starts]
        runs_keys[count] = [frozenset(w) for w in runs_weights[count]]
        runs_totals[count] = [sum(w.values()) for w in runs_weights[count]]
    return _Side(lengths=runs_lengths, weights=runs_weights, keys=runs_keys, totals=runs_totals)


class _Scorer:
    """Cost and score of a bead ending at (i, j) with shape (di, dj)."""

    def __init__(self, source: _Side, target: _Side, ratio: float, options: AlignOptions):
        self.s = source
        self.t = target
        self.ratio = ratio
        self.o = options
        self.prior = {
            (1, 1): 0.0,
            (1, 0): options.prior_skip,
            (0, 1): options.prior_skip,
            (2, 1): options.prior_merge,
            (1, 2): options.prior_merge,
            (2, 2): options.prior_two_two,
            (2, 3): options.prior_two_three,
            (3, 2): options.prior_two_three,
            (3, 3): options.prior_three_three,
        }
        # MT pass only: callable(i0, i1, j0, j1) -> chrF in [0, 1] of MT(source span) vs target span.
        self.mt_similarity = None


    def evidence(self, i0: int, di: int, j0: int, dj: int) -> tuple[float, float, float]:
        """(length cost, matched anchor weight, unmatched anchor weight)."""
        s, t = self.s, self.t
        s_w, t_w = s.weights[di][i0], t.weights[dj][j0]
        matched = 0.0
        # Frozenset intersection runs in C over the smaller set, copying neither; most
        # pairs share few or no anchors.
        for key in s.keys[di][i0] & t.keys[dj][j0]:
            value, other = s_w[key], t_w[key]
            matched += value if value < other else other
        unmatched = s.totals[di][i0] + t.totals[dj][j0] - 2.0 * matched
        return length_cost(s.lengths[di][i0], t.lengths[dj][j0], self.ratio, self.o.length_variance), matched, unmatched

    def cost(self, i: int, j: int, di: int, dj: int) -> float:
        o = self.o
        if di == 0 or dj == 0:
            return o.prior_skip
        lcost, matched, unmatched = self.evidence(i - di, di, j - dj, dj)
        c = self.prior[(di, dj)] + o.length_weight * lcost - o.lexical_weight * matched + o.mismatch_weight * unmatched
        if self.mt_similarity is not None:
            # Centred so an ordinary translation pair (chrF ≈ 0.5) costs nothing extra.
            c -= o.chrf_weight * (self.mt_similarity(i - di, i, j - dj, j) - 0.5)
        return c

    def score(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """A reviewer-facing confidence in [0, 1]: the mean of the length probability,
        the weighted Dice overlap of anchors, and chrF of MT vs English when MT is used."""
        di, dj = i1 - i0, j1 - j0
        if di == 0 or dj == 0:
            return 0.0
        lcost, matched, unmatched = self.evidence(i0, di, j0, dj)
        length_probability = math.exp(-lcost)
        total = 2.0 * matched + unmatched
        dice = 2.0 * matched / total if total > 0 else 0.0
        # Anchorless sentences (a one-word reply) carry no lexical evidence either way.
        parts = [length_probability, dice] if total > 0 else [length_probability]
        if self.mt_similarity is not None:
            parts.append(self.mt_similarity(i0, i1, j0, j1))
        return round(sum(parts) / len(parts), 4)


# --- search ---------------------------------------------------------------------------


def _band_from_centres(centres: list[tuple[int, int]], width: int, m: int) -> list[tuple[int, int]]:
    """Per source row i, the inclusive target range allowed. Each row also covers its
    neighbours' centres so the band stays connected when the slope is steep."""
    n = len(centres) - 1
    ranges = []
    for i in range(n + 1):
        lo = min(centres[max(0, i - 1)][0], centres[i][0])
        hi = max(centres[i][1], centres[min(n, i + 1)][1])
        ranges.append((max(0, lo - width), min(m, hi + width)))
    return ranges


def _diagonal_centres(n: int, m: int) -> list[tuple[int, int]]:
    return [(round(i * m / n),) * 2 for i in range(n + 1)]


def _path_centres(path: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    lo = [None] * (n + 1)
    hi = [None] * (n + 1)
    for i, j in path:
        lo[i] = j if lo[i] is None else min(lo[i], j)
        hi[i] = j if hi[i] is None else max(hi[i], j)
    # Rows inside a bead of two or three source sentences are not on the path: they lie between the
    # previous row's last cell and the next row's first.
    for i in range(n + 1):
        if lo[i] is None:  # hi[i - 1] is unset when row i - 1 is inside the same 3-row bead
            lo[i] = hi[i - 1] if hi[i - 1] is not None else lo[i - 1]
    for i in range(n, -1, -1):
        if hi[i] is None:
            hi[i] = lo[i + 1] if i < n and lo[i + 1] is not None else lo[i]
    return [(lo[i], hi[i]) for i in range(n + 1)]


def _dp(n: int, m: int, band: list[tuple[int, int]], scorer: _Scorer) -> Optional[list[tuple[int, int]]]:
    """Best path of (i, j) cells from (0, 0) to (n, m) inside the band, or None."""
    inf = math.inf
    costs: list[list[float]] = []
    backs: list[list[int]] = []
    for i in range(n + 1):
        lo, hi = band[i]
        row_cost = [inf] * (hi - lo + 1)
        row_back = [-1] * (hi - lo + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row_cost[0] = 0.0
                continue
            best, best_type = inf, -1
            for t, (di, dj) in enumerate(BEAD_TYPES):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                if di == 0:
                    plo = lo
                    prev = row_cost[pj - plo] if pj >= plo else inf
                else:
                    plo, phi = band[pi]
                    if pj < plo or pj > phi:
                        continue
                    prev = costs[pi][pj - plo]
                if prev == inf:
                    continue
                c = prev + scorer.cost(i, j, di, dj)
                if c < best:
                    best, best_type = c, t
            row_cost[j - lo] = best
            row_back[j - lo] = best_type
        costs.append(row_cost)
        backs.append(row_back)
    lo, hi = band[n]
    if not (lo <= m <= hi) or costs[n][m - lo] == inf:
        return None
    path = [(n, m)]
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = BEAD_TYPES[backs[i][j - band[i][0]]]
        i, j = i - di, j - dj
        path.append((i, j))
    path.reverse()
    return path


def _touches_edge(path: list[tuple[int, int]], band: list[tuple[int, int]], m: int) -> bool:
    for i, j in path:
        lo, hi = band[i]
        if (j - lo <= 1 and lo > 0) or (hi - j <= 1 and hi < m):
            return True
    return False


def _search(n: int, m: int, scorer: _Scorer, width: int, max_recentre: int, centres=None):
    band = _band_from_centres(centres or _diagonal_centres(n, m), width, m)
    path = None
    for _ in range(max_recentre + 1):
        path = _dp(n, m, band, scorer)
        if path is None:
            width *= 2  # disconnected band: widen rather than give up
            band = _band_from_centres(centres or _diagonal_centres(n, m), width, m)
            continue
        if not _touches_edge(path, band, m):
            break
        # The path was pushed against the edge by the band itself: grow the band around
        # the path (keeping what was already searched) and with a wider margin, so it
        # can go where the evidence leads within a few rounds.
        width += width // 2
        around_path = _band_from_centres(_path_centres(path, n), width, m)
        band = [(min(a[0], b[0]), max(a[1], b[1])) for a, b in zip(band, around_path)]
    if path is None:
        band = [(0, m)] * (n + 1)  # last resort: the full matrix
        path = _dp(n, m, band, scorer)
    assert path is not None
    return path


def _chrf_similarity(translations: Sequence[str], target: Sequence[str]):
    """chrF (sacrebleu, default chrF2 settings) of MT(source span) vs target span, in [0, 1].

    A span is scored against many candidate partners, so the character n-grams of each
    span are extracted once and cached; the statistics and F-score then come from
    sacrebleu's own CHRF, giving the same value as `CHRF().sentence_score` (checked in
    the tests) at a fraction of the cost. If a sacrebleu release drops those internals,
    the public `sentence_score` is used instead.
    """
    from sacrebleu.metrics import CHRF

    metric = CHRF()
    try:
        from sacrebleu.metrics.helpers import extract_all_char_ngrams

        match_statistics = metric._get_match_statistics
        f_score = metric._compute_f_score
    except (ImportError, AttributeError):  # pragma: no cover - older/newer sacrebleu
        extract_all_char_ngrams = None

    @lru_cache(maxsize=None)
    def ngrams(side: str, start: int, end: int):
        texts = translations if side == "mt" else target
        return extract_all_char_ngrams(" ".join(texts[start:end]), metric.char_order, metric.whitespace)

    @lru_cache(maxsize=None)
    def similarity(i0: int, i1: int, j0: int, j1: int) -> float:
        if extract_all_char_ngrams is None:
            hypothesis = " ".join(translations[i0:i1])
            return metric.sentence_score(hypothesis, [" ".join(target[j0:j1])]).score / 100.0
        stats: list[int] = []
        for hyp, ref in zip(ngrams("mt", i0, i1), ngrams("en", j0, j1)):
            stats.extend(match_statistics(hyp, ref))
        return f_score(stats) / 100.0

    return similarity


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    *,
    options: AlignOptions = AlignOptions(),
    translations: Optional[Sequence[str]] = None,
) -> list[IndexBead]:
    """Align source sentences to target sentences; beads in document order, covering
    every sentence of both sides exactly once.

    `translations`, when given, are machine translations of `source` (same length) and
    add chrF evidence to the search.
    """
    n, m = len(source), len(target)
    if translations is not None and len(translations) != n:
        raise ValueError(f"{len(translations)} translations for {n} source sentences")
    if n == 0 or m == 0:
        return [IndexBead((i,), (), 0.0) for i in range(n)] + [IndexBead((), (j,), 0.0) for j in range(m)]
    source_features = [sentence_features(s, options) for s in source]
    target_features = [sentence_features(t, options) for t in target]
    source_side = _side([f.length for f in source_features], _idf_damped(source_features, target_features))
    target_side = _side([f.length for f in target_features], _idf_damped(target_features, source_features))
    # The expected length ratio is measured on the document itself: it adapts to the
    # language pair and to translations that condense or expand.
    total_source = sum(source_side.lengths[1]) or 1
    total_target = sum(target_side.lengths[1]) or 1
    ratio = total_target / total_source
    if not 0.6 * options.expected_ratio <= ratio <= 1.6 * options.expected_ratio:
        # Far from any translation's ratio: one side holds text the other lacks (a
        # longer version, boilerplate), so the document ratio says nothing per sentence.
        ratio = options.expected_ratio
    scorer = _Scorer(source_side, target_side, ratio, options)
    path = _search(n, m, scorer, options.band, options.max_recentre)
    if translations is not None:
        scorer.mt_similarity = _chrf_similarity(tuple(translations), tuple(target))
        path = _search(n, m, scorer, options.chrf_band, options.max_recentre, centres=_path_centres(path, n))
    beads = []
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        beads.append(IndexBead(tuple(range(i0, i1)), tuple(range(j0, j1)), scorer.score(i0, i1, j0, j1)))
    return beads
