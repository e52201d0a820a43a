"""Property tests: whatever the marks, the scanner and the stage stay sane."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_quotes import make_article
from toolkit.quotes import extract_quotes, scan_quote_marks

MARKS = list("«»“”‘’‹›\"'")
WORDS = ["il", "dit", "Oui", "l'", "non", "aujourd’hui", "Paris", "a", "déclaré", "que", "selon", "X", ".", ",", ":"]
SPACES = [" ", "\u00a0", "\u202f"]

piece = st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS), st.sampled_from(SPACES))
paragraph = st.lists(piece, min_size=0, max_size=30).map("".join).map(lambda s: s.replace("\n", " ") or "x")
article_text = st.lists(paragraph, min_size=1, max_size=5).map("\n\n".join)


def check_spans(text: str, spans, paragraphs) -> None:
    bounds = {p.index: (p.start, p.end) for p in paragraphs}
    for n, s in enumerate(spans):
        assert 0 <= s.start < s.end <= len(text)
        assert len(s.segments) == len(s.paragraphs) >= 1
        for (a, b), p in zip(s.segments, s.paragraphs):
            lo, hi = bounds[p]
            assert lo <= a < b <= hi, "a segment stays inside its paragraph"
            assert text[a : b] == text[a : b].strip(" \u00a0\u202f\t\n")
        # Offsets slice back to the quoted text (one paragraph), or to its first and last part.
        if len(s.segments) == 1:
            assert text[s.start : s.end] == s.content(text)
        else:
            assert s.content(text) == " ".join(text[a:b] for a, b in s.segments)
            assert list(s.paragraphs) == sorted(s.paragraphs)
        if s.parent is not None:
            parent = spans[s.parent]
            assert parent.start <= s.start and s.end <= parent.end and s.parent < n
    # Siblings never overlap.
    for i, a in enumerate(spans):
        for b in spans[i + 1 :]:
            if a.parent == b.parent:
                assert a.end <= b.start or b.end <= a.start, (a, b)


@settings(max_examples=400, deadline=None)
@given(article_text)
def test_scanner_never_crashes_and_spans_are_well_formed(text):
    article = make_article(text)
    spans = scan_quote_marks(article.text, article.paragraphs)
    check_spans(article.text, spans, article.paragraphs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["«", "»", "“", "”", "Le chef a dit", " ", "\n\n"]), max_size=40).map("".join))
def test_unbalanced_marks_never_swallow_other_paragraphs(text):
    article = make_article(text or "x")
    spans = scan_quote_marks(article.text, article.paragraphs)
    check_spans(article.text, spans, article.paragraphs)
    for s in spans:
        # A quote only runs on into a paragraph that starts with a reopening mark.
        for p in s.paragraphs[1:]:
            para = article.paragraphs[p]
            assert article.text[para.start : para.end].lstrip(" \u00a0\u202f")[:1] in "«»“"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article_text)
def test_the_whole_stage_never_crashes_and_keeps_its_invariants(nlp, text):
    from toolkit.segment.sentences import parse_paragraphs, segment_article

    article = make_article(text)
    docs = parse_paragraphs(article, nlp)
    out = extract_quotes(segment_article(article, docs), docs)
    ids = {q.id for q in out.quotes}
    speakers = {s.id for s in out.speakers}
    for q in out.quotes:
        assert 0 <= q.start < q.end <= len(out.text)
        if len(q.paragraphs) == 1:
            assert out.text[q.start : q.end] == q.text
        assert q.type in ("direct", "partial", "term", "indirect")
        assert q.parent is None or (q.parent in ids and q.parent != q.id)
        assert q.speaker is None or q.speaker in speakers
        assert q.type != "term" or q.speaker is None
