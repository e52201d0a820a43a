"""Model inputs and batches, shared by every backend: one-line inputs, splitting at
clause boundaries instead of truncating, length-sorted batches within a token budget,
and the clean-up of model output."""

from __future__ import annotations

import html
import re
from typing import Callable, Sequence

_ENTITY = re.compile(r"&(?:quot|apos|amp|lt|gt|#\d+|#x[0-9a-fA-F]+);")
_SPACES = re.compile(r"\s+")

# On a GPU the per-batch cost is nearly flat up to thousands of tokens, so the CPU
# budgets in the config would leave it idle; these floors apply on CUDA only.
CUDA_MIN_BATCH_TOKENS = 16384
CUDA_MIN_BATCH_SIZE = 128


def normalise_output(text: str) -> str:
    """opus-mt models emit `&quot;`/`&apos;` learnt from web data: turn them back."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text).strip()


def model_input(text: str) -> str:
    """The sentence as the model sees it: one line, single spaces."""
    return _SPACES.sub(" ", text).strip()


def split_for_length(text: str, count_tokens: Callable[[str], int], limit: int, clause_openers: Sequence[str] = ()) -> list[str]:
    """Split `text` into pieces of at most `limit` tokens, at the best boundary available.

    Preference: after ; : — or a comma, then before a clause-opening word, then any space
    nearest the middle, then (a run of characters with no space) the middle itself.
    Joining the pieces with single spaces gives back the text (modulo whitespace).
    """
    if count_tokens(text) <= limit or len(text) < 2:
        return [text]
    middle = len(text) // 2
    candidates: list[tuple[int, int]] = []  # (priority, position)
    for m in re.finditer(r"[;:—–]\s", text):
        candidates.append((0, m.end()))
    for m in re.finditer(r",\s", text):
        candidates.append((1, m.end()))
    if clause_openers:
        pattern = r"\s(?=(?:" + "|".join(map(re.escape, clause_openers)) + r")\b)"
        for m in re.finditer(pattern, text, flags=re.I):
            candidates.append((2, m.end()))
    for m in re.finditer(r"\s", text):
        candidates.append((3, m.end()))
    # Only boundaries that leave both halves reasonably sized: a tiny first piece
    # would just move the problem one level down.
    window = [c for c in candidates if len(text) * 0.2 <= c[1] <= len(text) * 0.8]
    pos = min(window, key=lambda c: (c[0], abs(c[1] - middle)))[1] if window else middle
    left, right = text[:pos].strip(), text[pos:].strip()
    if not left or not right:
        left, right = text[:middle], text[middle:]
    return split_for_length(left, count_tokens, limit, clause_openers) + split_for_length(right, count_tokens, limit, clause_openers)


def batch_limits(max_batch_tokens: int, max_batch_size: int, on_cuda: bool) -> tuple[int, int]:
    """(padded tokens, inputs) per batch: the configured budget, raised to the CUDA floors on a GPU."""
    if on_cuda:
        return max(max_batch_tokens, CUDA_MIN_BATCH_TOKENS), max(max_batch_size, CUDA_MIN_BATCH_SIZE)
    return max_batch_tokens, max_batch_size


def plan_batches(lengths: Sequence[int], max_batch_tokens: int, max_batch_size: int) -> list[list[int]]:
    """Group indices into batches sorted by length, each within the padded-token budget."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = max([lengths[j] for j in current] + [lengths[i]])
        if current and (longest * (len(current) + 1) > max_batch_tokens or len(current) >= max_batch_size):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches
