"""What a quote can be flagged with, and its types."""

from __future__ import annotations

# Flags a span can carry.
FLAG_UNCLOSED = "unclosed_quote"  # opening mark never closed: recovered to a boundary
FLAG_UNOPENED = "unopened_quote"  # closing mark without an opening one: recovered
FLAG_UNVERIFIED = "unverified_claim"  # reportive conditional in an attributed claim
FLAG_SPLIT_INCISE = "split_incise"  # « A, souligne-t-il, B »: the incise is inside the span
FLAG_UNMARKED = "unmarked"  # direct speech whose marks the text lacks (a continuation)
FLAG_DIALOGUE = "dialogue_turn"  # "— Réponse, répond-il.": a turn marked by a dash

QUOTE_TYPES = ("direct", "partial", "term", "indirect")
