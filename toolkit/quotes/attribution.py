"""`Attribution`: who a span belongs to as the text says it, and by which pattern."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Optional


class Pattern(enum.Enum):
    """How the text attributes a span; the later steps of the stage (a report holding
    the quote, the previous quote's speaker, the unverified-claim flag) ask for it."""

    POSTPOSED = "postposed"  # « … », souligne X / « … », a-t-il ajouté
    POSTPOSED_SELON = "postposed_selon"  # « … », selon X
    INVERTED_PRONOUN = "inverted_pronoun"  # « … », ajoute-t-il
    INVERTED_INCISE = "inverted_incise"  # « … », s'émeut Justin Brookman (any verb)
    IMPERSONAL = "impersonal"  # « … », dit-on: nobody
    IMPERSONAL_SOURCE = "impersonal_source"  # « … », peut-on lire dans X
    COLON = "colon"  # X a déclaré : « … »
    COLON_POSSESSIVE = "colon_possessive"  # sa réponse a tranché : « … »
    SELON = "selon"  # selon X, « … » / selon X, claim
    POUR = "pour"  # Pour le PDG de Titan, « … »
    SENTENCE_CUE = "sentence_cue"  # a cue verb elsewhere in the sentence
    SPLIT_INCISE = "split_incise"  # « A, souligne-t-il, B »
    INDIRECT_QUE = "indirect_que"  # X estime que C
    INDIRECT_QUE_PAST = "indirect_que_past"  # X avait déclaré que C (no unverified flag)
    INDIRECT_INFINITIVE = "indirect_infinitive"  # X nie avoir C
    INDIRECT_WRITTEN = "indirect_written"  # ont écrit une lettre refusant C
    INDIRECT_INCISE = "indirect_incise"  # C, a-t-il dit. (no marks)
    PREVIOUS_QUOTE = "previous_quote"  # no cue of its own: the quote before it
    IN_REPORT = "in_report"  # marked words inside a report: the reported speaker's
    CONTINUATION = "continuation"  # unmarked paragraph continuing the last speaker


@dataclass(frozen=True)
class Attribution:
    """Who a span belongs to, as found in the text: the head token of the mention."""

    mention_head: Optional[int]  # article-wide token index of the mention head
    mention: Optional[str]  # as written
    cue: Optional[str]
    description: Optional[str] = None
    possessive: bool = False  # "sa réponse": resolve like a pronoun
    pattern: Optional[Pattern] = None
