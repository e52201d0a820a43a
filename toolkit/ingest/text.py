"""Ingest: bytes on disk → an `Article` holding decoded, NFC-normalised text.

Decoding tries, in order: a BOM (UTF-8, UTF-16, UTF-32), UTF-16 without BOM (recognised by
its NUL bytes), strict UTF-8, then cp1252 and latin-1 for legacy files. Quote marks and narrow/no-break spaces are never flattened:
NFC leaves « » “ ” ‘ ’ U+00A0 U+202F alone, and we do nothing else to them.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Iterable

from toolkit.document import Article, OffsetMap, SourceInfo
from toolkit.errors import IngestError

# 50 MB: far beyond any news article; a larger file is almost certainly not one.
MAX_BYTES = 50_000_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of files that get dropped into corpus folders by mistake.
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or DOCX/ODT)",
    b"\x1f\x8b": "a gzip archive",
}
# C0 controls other than tab/newline/CR, DEL, and C1 controls: never article text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes; return (text, encoding name). Raise IngestError if impossible."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc}") from exc
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise IngestError(f"this is {what}, not a text article")
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise IngestError("binary file (NUL bytes), and neither UTF-16 nor a UTF-16/32 byte-order mark: not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1252 is a superset of latin-1's printable range and is what Windows tools write;
    # it leaves 5 bytes undefined, for which latin-1 is the fallback.
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding
    raise IngestError("not valid UTF-8, and as cp1252/latin-1 it decodes to control characters: not a text article")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, "utf-16-le" / "utf-16-be") for UTF-16 saved without a byte-order mark, or None.

    Windows tools write it. Latin-script text in UTF-16 has a NUL high byte in nearly
    every code unit, so NULs fill one byte parity and (almost) never the other; binary
    data does not look like that. The whole file must then decode, to text.
    """
    if len(data) % 2:
        return None
    sample = data[:4096]
    units = len(sample) // 2
    nul_even, nul_odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, high, low in (("utf-16-le", nul_odd, nul_even), ("utf-16-be", nul_even, nul_odd)):
        if high >= 0.6 * units and low <= 0.02 * units:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if _looks_like_text(text) else None
    return None


def _looks_like_text(text: str) -> bool:
    controls = len(_CONTROL.findall(text))
    return controls <= max(2, len(text) // 1000)


def normalise(text: str) -> tuple[str, OffsetMap]:
    """NFC-normalise, turn CRLF/CR into LF, drop control characters; keep an offset map."""
    if "\r" not in text and unicodedata.is_normalized("NFC", text) and not _CONTROL.search(text):
        return text, OffsetMap()  # the common case, and the per-character walk is the slow part
    norm_parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []  # norm_start, norm_end, orig_start, orig_end
    norm_len = 0
    # Chunks start at each character with combining class 0, so NFC never crosses them.
    for match in re.finditer(r"\r\n|.[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*", text, re.S):
        chunk = match.group()
        if chunk in ("\r\n", "\r"):
            out = "\n"
        elif _CONTROL.fullmatch(chunk):
            out = ""
        else:
            out = unicodedata.normalize("NFC", chunk)
        if out != chunk:
            spans.append((norm_len, norm_len + len(out), match.start(), match.end()))
        norm_parts.append(out)
        norm_len += len(out)
    if not spans:
        return text, OffsetMap()
    columns = list(zip(*spans))
    return "".join(norm_parts), OffsetMap(*(tuple(c) for c in columns))


def article_id(path: Path) -> str:
    """A file-system-safe id from the file name (without extension)."""
    stem = re.sub(r"[^\w.-]+", "_", path.stem, flags=re.UNICODE).strip("._") or "article"
    return stem


def read_article(path: Path, language: str = "fr") -> Article:
    """Read one text file into an Article. Raise IngestError with a clear reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(f"{size:,} bytes is over the {MAX_BYTES:,}-byte limit for one article")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise IngestError("empty file" if not data else "file holds only whitespace")
    text, encoding = decode_bytes(data)
    raw_text, offset_map = normalise(text)
    if not raw_text.strip():
        raise IngestError("file holds only whitespace or control characters")
    source = SourceInfo(path=str(path), sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)
    return Article(id=article_id(path), source=source, raw_text=raw_text, language=language, offset_map=offset_map)


def discover(inputs: Iterable[Path], suffixes: tuple[str, ...] = (".txt",)) -> list[Path]:
    """Expand files and directories into a sorted, de-duplicated list of input files."""
    found: dict[Path, None] = {}
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            for child in sorted(item.rglob("*")):
                if child.is_file() and child.suffix.lower() in suffixes and not child.name.startswith("."):
                    found[child] = None
        elif item.exists():
            found[item] = None
        else:
            raise IngestError(f"{item}: no such file or directory")
    return list(found)
