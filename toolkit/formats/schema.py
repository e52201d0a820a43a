"""The JSON output contract, versioned: schema "toolkit.article/2".

Later versions may add fields; fields named here are never renamed or removed. Version 2
adds the reviewer checks (`toolkit.checks`): a `checks` list of findings on every sentence,
quote and alignment bead (docs/checks.md, "In the outputs"); a /1 document is a /2 one
without them, so readers accept both (`READABLE_SCHEMA_IDS`). `article_to_dict` is the only place an Article becomes JSON, and
`ARTICLE_SCHEMA` (JSON Schema draft 2020-12) is what consumers can validate against.
"""

from __future__ import annotations

from typing import Any

from toolkit.document import Article

SCHEMA_ID = "toolkit.article/2"
# What readers of article JSON (speaker index, index page) accept: /2 only added fields.
READABLE_SCHEMA_IDS = ("toolkit.article/1", SCHEMA_ID)

_NULLABLE_STR = {"type": ["string", "null"]}
_IDS = {"type": "array", "items": {"type": "string"}}
_FLAGS = {"type": "array", "items": {"type": "string"}}
_OFFSET = {"type": ["integer", "null"]}
# Findings of the reviewer checks; offsets into the texts that were checked (docs/checks.md).
_CHECKS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["kind", "source", "target", "message"],
        "properties": {
            "kind": {"type": "string"}, "source": {"type": "string"}, "target": {"type": "string"},
            "message": {"type": "string"}, "source_start": _OFFSET, "source_end": _OFFSET,
            "target_start": _OFFSET, "target_end": _OFFSET,
        },
    },
}

ARTICLE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "type": "object",
    "required": [
        "schema", "id", "source", "title", "byline", "date", "removed", "paragraphs",
        "sentences", "alignment", "quotes", "speakers", "model",
    ],
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "id": {"type": "string"},
        "language": {"type": "string"},
        "source": {
            "type": "object",
            "required": ["path", "sha256", "encoding"],
            "properties": {
                "path": {"type": "string"},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "encoding": {"type": "string"},
            },
        },
        "title": _NULLABLE_STR,
        "title_translation": _NULLABLE_STR,
        "byline": _NULLABLE_STR,
        "date": _NULLABLE_STR,
        "text": {"type": "string"},
        "flags": _FLAGS,
        "removed": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text", "reason"],
                "properties": {"text": {"type": "string"}, "reason": {"type": "string"}, "line": {"type": "integer"}},
            },
        },
        "paragraphs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["index", "sentences"],
                "properties": {
                    "index": {"type": "integer", "minimum": 0},
                    "sentences": _IDS,
                    "kind": {"enum": ["title", "heading", "body"]},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "line": {"type": "integer"},
                },
            },
        },
        "sentences": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "paragraph", "start", "end", "text", "translation", "flags", "checks"],
                "properties": {
                    "id": {"type": "string"},
                    "paragraph": {"type": "integer", "minimum": 0},
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "text": {"type": "string"},
                    "translation": _NULLABLE_STR,
                    "flags": _FLAGS,
                    "checks": _CHECKS,
                },
            },
        },
        "target_sentences": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "paragraph", "text"],
                "properties": {"id": {"type": "string"}, "paragraph": {"type": "integer"}, "text": {"type": "string"}},
            },
        },
        "alignment": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["source", "target", "checks"],
                "properties": {"source": _IDS, "target": _IDS, "score": {"type": ["number", "null"]}, "checks": _CHECKS},
            },
        },
        "quotes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "type", "text", "start", "end", "speaker", "parent", "flags", "translation", "checks"],
                "properties": {
                    "id": {"type": "string"},
                    "type": {"enum": ["direct", "partial", "term", "indirect"]},
                    "text": {"type": "string"},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "paragraphs": {"type": "array", "items": {"type": "integer"}},
                    "sentences": _IDS,
                    "speaker": _NULLABLE_STR,
                    "speaker_name": _NULLABLE_STR,
                    "speaker_mention": _NULLABLE_STR,
                    "cue": _NULLABLE_STR,
                    "parent": _NULLABLE_STR,
                    "flags": _FLAGS,
                    "translation": _NULLABLE_STR,
                    "target_sentences": _IDS,
                    "target_start": {"type": ["integer", "null"]},
                    "target_end": {"type": ["integer", "null"]},
                    "source_start": {"type": "integer"},
                    "source_end": {"type": "integer"},
                    "checks": _CHECKS,
                },
            },
        },
        "speakers": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "mentions"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "mentions": {"type": "array", "items": {"type": "string"}},
                    "description": _NULLABLE_STR,
                    "description_translation": _NULLABLE_STR,
                },
            },
        },
        "model": {
            "type": ["object", "null"],
            "required": ["name", "revision", "beam"],
            "properties": {"name": {"type": "string"}, "revision": _NULLABLE_STR, "beam": {"type": "integer"}},
        },
    },
}


def article_to_dict(article: Article) -> dict[str, Any]:
    """The article as JSON-ready data, in contract order."""
    return {
        "schema": SCHEMA_ID,
        "id": article.id,
        "language": article.language,
        "source": {"path": article.source.path, "sha256": article.source.sha256, "encoding": article.source.encoding},
        "title": article.title,
        "title_translation": article.title_translation,
        "byline": article.byline,
        "date": article.date,
        "flags": list(article.flags),
        "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in article.removed],
        "paragraphs": [
            {"index": p.index, "kind": p.kind, "line": p.line, "start": p.start, "end": p.end, "sentences": list(p.sentence_ids)}
            for p in article.paragraphs
        ],
        "sentences": [
            {
                "id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end, "text": s.text,
                "translation": s.translation, "flags": list(s.flags), "checks": [f.to_json() for f in s.checks],
            }
            for s in article.sentences
        ],
        "target_sentences": [{"id": t.id, "paragraph": t.paragraph, "text": t.text} for t in article.target_sentences],
        "alignment": [
            {"source": list(b.source), "target": list(b.target), **({"score": b.score} if b.score is not None else {}),
             "checks": [f.to_json() for f in b.checks]}
            for b in article.alignment
        ],
        "quotes": [
            {
                "id": q.id, "type": q.type, "text": q.text, "start": q.start, "end": q.end,
                "paragraphs": list(q.paragraphs), "sentences": list(q.sentences), "speaker": q.speaker,
                "speaker_name": q.speaker_name, "speaker_mention": q.speaker_mention, "cue": q.cue,
                "parent": q.parent, "flags": list(q.flags), "translation": q.translation,
                "target_sentences": list(q.target_sentences), "target_start": q.target_start,
                "target_end": q.target_end,
                # Offsets of the content in the file on disk, for scoring against gold.
                **dict(zip(("source_start", "source_end"), article.to_original_span(q.start, q.end))),
                "checks": [f.to_json() for f in q.checks],
            }
            for q in article.quotes
        ],
        "speakers": [
            {"id": sp.id, "name": sp.name, "mentions": list(sp.mentions), "description": sp.description,
             "description_translation": sp.description_translation}
            for sp in article.speakers
        ],
        "model": (
            {"name": article.model.name, "revision": article.model.revision, "beam": article.model.beam}
            if article.model else None
        ),
        "text": article.text,
    }


def validate_article_json(data: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError if `data` breaks the contract."""
    import jsonschema

    jsonschema.validate(data, ARTICLE_SCHEMA)
