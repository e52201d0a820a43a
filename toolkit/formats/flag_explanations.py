"""What each flag means, for the reader of a page: explanations, flag chips and the legend."""

from __future__ import annotations

from html import escape
from typing import Optional, Sequence

# Every flag the toolkit puts on an article, a sentence or a quote, said for the reader:
# what it means and what to do. The one home of these sentences (page tooltips, legend).
FLAG_EXPLANATIONS: dict[str, str] = {
    # article
    "no_body_text": "Nothing was left once boilerplate was removed. Check the removed lines: the article text may have been mistaken for boilerplate.",
    "mass_removal": "Cleaning removed more than half of this file as boilerplate or repeated lines. Check the removed lines: article text may have been dropped with them.",
    "html_extracted": "The file was a saved web page; the article text was extracted from its HTML. Check the text is complete; line numbers refer to the extracted text, not the file.",
    "not_source_language": "This text does not look French (often it is already English), so it was passed through untranslated. If it is French after all, it needs translating.",
    "language:": "The language the detector guessed for this text (after the colon). Informational.",
    # sentence
    "split_for_length": "The sentence was too long for the model, so it was translated in pieces cut at clause boundaries and re-joined (nothing dropped). Read the joins: the wording there may be stilted.",
    "length_limit_reached": "The translation hit its length cap and may be cut short or stuck repeating. Compare with the original and check nothing is missing at the end.",
    "no_words": "Nothing to translate here (numbers or punctuation only); it is copied as is.",
    "quote_marks_repaired": "The model lost or moved the quotation marks, so the sentence was translated again in pieces around the quote. The quote's words are placed exactly, but read the joins: the English may be less fluent there.",
    "repetition": "The English repeats the same words several times, a typical machine-translation glitch. Compare with the original before relying on it.",
    "length_ratio": "The English is much shorter or longer than the original (less than half or more than twice), so something may be missing or invented. Compare with the original.",
    # quote: found in the French
    "unclosed_quote": "The quotation opens but never closes in the original; it was ended at the nearest sensible boundary. Where the quoted words really end is a guess: check the original.",
    "unopened_quote": "The original closes a quotation that was never opened; where it starts is a guess. Check the original.",
    "unverified_claim": "The original reports this with a conditional (\"aurait…\"), the French way of saying it is an unconfirmed claim. Do not present it as established fact.",
    "unmarked": "Direct speech the original prints without quotation marks (a first-person paragraph after someone was quoted); whose words they are is inferred from the paragraphs around it. Check the original before quoting it as theirs.",
    "dialogue_turn": "A turn of a dialogue marked with dashes (— Question ? — Answer, he says.), as interviews are written; who speaks each turn comes from the text around it. Check the original when the attribution matters.",
    "split_incise": "The quotation is interrupted by its attribution (\"…, he said, …\"); the highlight includes those words although they are not the speaker's.",
    "speaker_unresolved": "No speaker could be identified for this speech. Check the original before attributing it.",
    # quote: carried into the English
    "marks_recovered": "The English span was found from the quotation marks the translation kept: reliable.",
    "split_translation": "The English span comes from translating the quote separately from its sentence: the boundaries are exact, the wording may read less naturally.",
    "span_reported_clause": "Reported speech: the English highlight covers the reported clause (after \"that\" or \"according to …,\"), found from the sentence's wording rather than quotation marks. It is a paraphrase, not the speaker's words.",
    "span_sentence_level": "Reported speech whose clause could not be found in the English (no \"that\" or \"according to\" to mark it, or spread over several sentences), so the highlight covers the whole sentence(s) that render it, attribution and anything else in them included. Read it as approximate.",
    "span_to_sentence_boundary": "One quotation mark is missing in the original, so the English highlight runs to the sentence boundary and may include words that are not quoted.",
    "quote_lost": "The quote could not be located in the English (the reason follows). Read the original for it.",
    "not_translated": "The sentences holding this quote have no translation.",
    "marks_not_recovered": "The translation dropped the quotation marks and no repair was possible, so the quote's place in the English is unknown.",
    # quote: projected onto an aligned human translation (toolkit align)
    "projected_marks": "Found in the human translation between its quotation marks: reliable.",
    "projected_same_word": "The quoted term appears unchanged (without marks) in the human translation; that word is highlighted.",
    "projected_sentence_level": "The human translation has no quotation marks here, so the highlight covers the whole aligned sentences: approximate.",
    "quote_not_aligned": "No English sentence was aligned to this quote's sentences: the translation may have left it out. Check the original.",
    # reviewer checks (toolkit.checks): the English may not say what the French says
    "number_mismatch": "A figure, percentage, date or ordinal of the original has no equal in the English (altered or dropped). Check the figure against the original.",
    "negation_mismatch": "The original says \"not\" (or \"never\", \"no\", \"without\"…) more often than the English: the English may say the opposite. Check the original.",
    "hedge_lost": "The original does not vouch for this claim (\"aurait…\", \"selon…\": reportedly, according to someone), but the English states it as fact. Restore the hedge (\"reportedly\", \"according to\").",
    "name_missing": "A person, organisation or place named in the original is not named in the English (dropped or replaced). Check who or what is meant.",
    "untranslated": "The English still holds French: this part was not translated. It needs translating.",
    "omission": "Part of the original seems to have no counterpart in the English (a clause or more left out). Compare with the original.",
}


def explain_flag(flag: str) -> Optional[str]:
    """The plain-English sentence for `flag`; flags with a value (`language:en`) are
    explained by their prefix."""
    if flag in FLAG_EXPLANATIONS:
        return FLAG_EXPLANATIONS[flag]
    prefix = flag.split(":", 1)[0] + ":"
    return FLAG_EXPLANATIONS.get(prefix) if ":" in flag else None


def flags_html(flags: Sequence[str]) -> str:
    """Each flag a focusable chip: its explanation as a tooltip and, on focus, in the page."""
    chips = []
    for f in flags:
        explanation = explain_flag(f) or "No explanation recorded for this flag."
        chips.append(f'<span class="flag" tabindex="0" title="{escape(explanation)}">{escape(f)}</span>')
    return "".join(chips)


def flags_legend(flags: Sequence[str]) -> str:
    """What each flag on the page means, once, in the order first met."""
    shown = list(dict.fromkeys(flags))
    if not shown:
        return ""
    rows = "".join(f"<dt>{escape(f)}</dt><dd>{escape(explain_flag(f) or 'No explanation recorded for this flag.')}</dd>" for f in shown)
    return f'<details class="legend" open><summary>What the flags on this page mean</summary><dl>{rows}</dl></details>'
