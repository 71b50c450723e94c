"""Text a viewer does not show but a published file still carries, for the PDPA guard.

A PDF "redacted" by an incremental save keeps every earlier revision after the header: cutting
the file after each `%%EOF` gives the document as it was then (`pdf_revisions`). Objects no page
refers to are in the file too: `pdf_objects` finds every `N G obj` in the raw bytes, inflates its
stream and decodes its strings. Images carry metadata (EXIF, XMP, PNG text chunks, JPEG and GIF
comments): `image_metadata` returns each block as text. The guard (filetext.py) reads all of it
for national ID numbers; nothing here decides anything.
"""
from __future__ import annotations

import re
import struct
import zlib
from typing import Callable, Iterator

MAX_REVISIONS = 100  # earlier revisions read per PDF; more is not a document anyone edited by hand
# Streams inflated per PDF by the object scan, read piece by piece: vector drawings and maps hold
# hundreds of MB of page content; more is a decompression bomb (the file is not checked whole)
MAX_INFLATED_BYTES = 1024 * 1024 * 1024


def pdf_revisions(data: bytes) -> list[bytes]:
    """The file as it was at each earlier save: cut after every `%%EOF` but the last one."""
    ends = [match.end() for match in re.finditer(rb"%%EOF", data)]
    return [data[:end] for end in ends[:-1]]


_OBJECT = re.compile(rb"(?<![0-9])(\d{1,10})[ \t\r\n\f\0]+\d{1,5}[ \t\r\n\f\0]+obj(?![A-Za-z])")
_STREAM = re.compile(rb"stream\r?\n")
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_STRING_START = re.compile(rb"\(|(?<!<)<(?=[0-9A-Fa-f\s]*>)")  # a literal string, or a hex string (not a <<dict)
_LITERAL_STEP = re.compile(rb"[()\\]")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_FONT_PROGRAM = re.compile(rb"/Length1\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")
_TJ_ARRAY = re.compile(rb"\[([^\[\]]*)\]\s*TJ")  # one line of text split by kerning: its strings joined
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_objects(data: bytes, spend: Callable[[int], None], parts: list | None = None) -> Iterator[tuple[str, str]]:
    """(object number, text) of every object in the raw file, referenced or not, in every
    revision: its strings, and its stream decoded, piece by piece (an object stream holds more
    objects: their strings are read with it). `spend(n)` counts inflated bytes (it stops the
    reading past a budget). Image streams are pixels (no text layer): only a JPEG's metadata is read.
    `parts`: object_parts(data), when the caller has them already."""
    for match, head, raw in parts if parts is not None else object_parts(data):
        number = match.group(1).decode()
        yield number, digit_runs(head.decode("utf-8", "replace")) + "\n" + _string_digit_runs(head)
        if raw is None:
            continue
        if _IMAGE.search(head):
            if b"DCTDecode" in head:
                yield number, "\n".join(text for _kind, text in image_metadata(raw, ".jpg"))
            continue
        font_program = _FONT_PROGRAM.search(head)  # binary: PDF string syntax means nothing there
        for piece in _decoded_pieces(raw, _filters(head), spend):
            text = digit_runs(piece.decode("utf-8", "replace"))
            yield number, text if font_program else text + "\n" + _string_digit_runs(piece)


_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_XML_STREAM = re.compile(rb"/Subtype\s*/XML\b")


def pdf_dictionaries(parts: list, spend: Callable[[int], None]) -> Iterator[tuple[str, bytes]]:
    """("dict", bytes) for every object's own part (its dictionary, or all of it when it has no
    stream) and for the contents of every object stream, ("xml", bytes) for every XML stream
    (XMP metadata), decoded: where a PDF keeps what pypdf reads as its properties, comments,
    form fields and bookmarks (filetext's quick reading). `parts`: object_parts of the file."""
    for _match, head, raw in parts:
        yield "dict", head
        if raw is None:
            continue
        if _OBJECT_STREAM.search(head):
            yield "dict", b"".join(_decoded_pieces(raw, _filters(head), spend))
        elif _XML_STREAM.search(head):
            yield "xml", b"".join(_decoded_pieces(raw, _filters(head), spend))


def object_parts(data: bytes) -> Iterator[tuple[re.Match, bytes, bytes | None]]:
    """(its `N G obj` match, its dictionary or whole body, its raw stream or None) of every object."""
    starts = list(_OBJECT.finditer(data))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(data)
        body = data[match.end():end]
        stream = _STREAM.search(body)
        if not stream:
            yield match, body, None
            continue
        raw = body[stream.end():]
        stop = raw.rfind(b"endstream")
        yield match, body[:stream.start()], raw[:stop] if stop >= 0 else raw


def strings_text(data: bytes) -> str:
    """Every PDF string in `data`, decoded (escapes, hex, UTF-16), one a line: all of their text,
    not only the runs of digits."""
    if b"(" not in data and b"<" not in data:
        return ""
    return "\n".join(_text_of(_string_value(token, plain=True)) for token in _string_tokens(data))


# Digits (ASCII, Thai, fullwidth) with what may stand between them in a written ID: spaces,
# dashes, dots, invisible characters. An ID is inside one such run, so reading only the runs
# finds the same numbers as reading the whole text, many times faster on megabytes of binary.
_DIGIT = "0-9\u0e50-\u0e59\uff10-\uff19"
_DIGIT_RUN = re.compile(f"[{_DIGIT}][{_DIGIT} \t.\\-\u00a0\u00ad\u2010-\u2015\u2212\u200b-\u200d\u2060"
                        f"\ufeff\ufe58\ufe63\uff0d]{{12,}}")


def digit_runs(text: str) -> str:
    """The runs of `text` that could hold a national ID, one a line."""
    return "\n".join(_DIGIT_RUN.findall(text))


def _filters(head: bytes) -> list[bytes]:
    found = _FILTERS.search(head)
    return re.findall(rb"/([^\s/\[\]<>()]+)", found.group(1)) if found else []


_PIECE = 4 * 1024 * 1024  # a large stream is inflated and read this much at a time
_OVERLAP = 64 * 1024  # each piece repeats the end of the one before: a number or string across the cut is whole in one
_SIMPLE = {b"ASCIIHexDecode": "ASCIIHexDecode", b"AHx": "ASCIIHexDecode", b"ASCII85Decode": "ASCII85Decode",
           b"A85": "ASCII85Decode", b"LZWDecode": "LZWDecode", b"LZW": "LZWDecode",
           b"RunLengthDecode": "RunLengthDecode", b"RL": "RunLengthDecode"}


def _decoded_pieces(raw: bytes, filters: list[bytes], spend: Callable[[int], None]) -> Iterator[bytes]:
    """The stream's bytes through its filters, in overlapping pieces (Flate lenient about a
    damaged end); a filter we cannot undo leaves the bytes as they are (read raw)."""
    from pypdf import filters as pdf_filters

    data = raw
    for position, name in enumerate(filters):
        if name in (b"FlateDecode", b"Fl"):
            if position == len(filters) - 1:
                yield from _inflated_pieces(data, spend)
                return
            data = b"".join(_inflated_pieces(data, spend, overlap=0))
        elif name in _SIMPLE:
            try:
                data = getattr(pdf_filters, _SIMPLE[name]).decode(data)
            except Exception:  # a damaged stream: read as it is
                break
            spend(len(data))
        else:
            break
    yield data


def _inflated_pieces(data: bytes, spend: Callable[[int], None], overlap: int = _OVERLAP) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    tail = b""
    while data:
        try:
            piece = inflater.decompress(data, _PIECE)
        except zlib.error:
            break
        spend(len(piece))
        if not piece and not inflater.unconsumed_tail:
            break
        yield tail + piece
        if inflater.eof:
            break
        tail = piece[-overlap:] if overlap else b""
        data = inflater.unconsumed_tail


def _string_digit_runs(data: bytes) -> str:
    """The runs of digits in the PDF strings of `data` (hex, and literal with escapes: a plain
    literal string is read in the raw bytes already), one a line; the strings of one TJ array
    are joined, as a viewer shows them."""
    if b"(" not in data and b"<" not in data:
        return ""
    lines = [b"".join(_string_value(token, plain=True) for token in _string_tokens(m.group(1)))
             for m in _TJ_ARRAY.finditer(data)]
    lines += [_string_value(token) for token in _string_tokens(data)]
    return digit_runs("\n".join(_text_of(line) for line in lines if line))


def _string_tokens(data: bytes) -> Iterator[bytes]:
    """The string tokens of `data` in order, read as a PDF reader reads them: a bracket inside a
    literal string nests and never starts another (linear time on any bytes, unlike a regex
    retried at every bracket)."""
    position = 0
    while start := _STRING_START.search(data, position):
        if data[start.start()] == 0x3C:  # "<": a hex string
            hex_string = _HEX.match(data, start.start())
            assert hex_string is not None  # the look-ahead saw its ">"
            yield hex_string.group(0)
            position = hex_string.end()
            continue
        depth, cursor = 1, start.end()
        while depth and (step := _LITERAL_STEP.search(data, cursor)):
            cursor = step.end() + (1 if data[step.start()] == 0x5C else 0)  # a backslash escapes the next byte
            depth += {0x28: 1, 0x29: -1}.get(data[step.start()], 0)
        cursor = cursor if depth == 0 else len(data)  # never closed: the rest is the string
        yield data[start.start():cursor]
        position = cursor


def _string_value(token: bytes, plain: bool = False) -> bytes:
    """The bytes of a string token; b"" for a literal without escapes unless `plain`."""
    if token.startswith(b"<"):
        digits = re.sub(rb"\s", b"", token[1:-1])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    inner = token[1:-1] if token.endswith(b")") else token[1:]
    if b"\\" not in inner:
        return inner if plain else b""
    return re.sub(rb"\\([0-7]{1,3}|\r\n|.)", _unescape, inner, flags=re.S)


def _unescape(match) -> bytes:
    code = match.group(1)
    if b"0"[0] <= code[0] <= b"7"[0]:
        return bytes([int(code, 8) & 0xFF])
    if code in (b"\n", b"\r", b"\r\n"):
        return b""  # a line continued
    return _ESCAPES.get(code, code)


def _text_of(value: bytes) -> str:
    """A PDF string as text: UTF-16 or UTF-8 by its byte-order mark, else one byte a character."""
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be", "replace")
    if value.startswith(b"\xff\xfe"):
        return value[2:].decode("utf-16-le", "replace")
    if value.startswith(b"\xef\xbb\xbf"):
        return value[3:].decode("utf-8", "replace")
    return value.decode("latin-1")


# --- images ---------------------------------------------------------------------------------

def image_metadata(data: bytes, suffix: str) -> Iterator[tuple[str | None, str]]:
    """(kind, text) of every metadata block of a PNG, JPEG, GIF or WebP image: text chunks
    (compressed ones inflated), EXIF, XMP, ICC, comments (kind: the format's own name of the
    block: tEXt, APP1, COM), and the bytes after the image's end (kind None).
    Each block is returned in the encodings metadata is written in (UTF-8, UTF-16 for EXIF's
    Windows and Unicode comments), so a number in any of them reads as digits."""
    blocks = {".png": _png_blocks, ".jpg": _jpeg_blocks, ".jpeg": _jpeg_blocks, ".gif": _gif_blocks,
              ".webp": _riff_blocks}.get(suffix)
    for kind, block in (blocks(data) if blocks else []):
        yield kind, _all_encodings(block)


def _all_encodings(block: bytes) -> str:
    texts = [block.decode("utf-8", "replace")]
    if b"\0" in block:  # UTF-16 (EXIF UserComment in Unicode, XPComment), either byte order and alignment
        texts += [block[start:].decode(codec, "replace") for codec in ("utf-16-le", "utf-16-be") for start in (0, 1)]
    return "\n".join(text.replace("\0", "\n") for text in texts)


def _png_blocks(data: bytes) -> Iterator[tuple[str | None, bytes]]:
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        name = kind.decode("latin-1")
        if kind == b"IEND":
            break
        if kind in (b"IDAT", b"IHDR", b"PLTE"):
            continue
        if kind == b"zTXt" and b"\0" in body:
            keyword, rest = body.split(b"\0", 1)
            body = keyword + b"\0" + _inflate(rest[1:])
        elif kind == b"iTXt" and body.count(b"\0") >= 3:
            keyword, rest = body.split(b"\0", 1)
            compressed, rest = rest[0], rest[2:]
            language, translated, text = rest.split(b"\0", 2)
            body = b"\0".join((keyword, language, translated, _inflate(text) if compressed else text))
        elif kind == b"iCCP" and b"\0" in body:
            keyword, rest = body.split(b"\0", 1)
            body = keyword + b"\0" + _inflate(rest[1:])
        yield name, body
    yield None, data[position:]


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, 16 * 1024 * 1024)
    except zlib.error:
        return data


def _jpeg_blocks(data: bytes) -> Iterator[tuple[str | None, bytes]]:
    """Every marker segment before the image data (APPn: EXIF, XMP, ICC, Photoshop/IPTC; COM),
    and what follows the image's end marker."""
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA:  # start of scan: the image data follows
            break
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            yield ("COM" if marker == 0xFE else f"APP{marker - 0xE0}"), data[position + 4:position + 2 + length]
        position += 2 + length
    end = data.rfind(b"\xff\xd9")
    if end >= 0:
        yield None, data[end + 2:]


def _gif_blocks(data: bytes) -> Iterator[tuple[str | None, bytes]]:
    """Every extension (comment, application: XMP) with its sub-blocks joined, and what follows
    the trailer; image data is skipped."""
    if len(data) < 13:
        return
    position = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    while position < len(data):
        kind = data[position]
        if kind == 0x3B:  # trailer
            yield None, data[position + 1:]
            return
        if kind == 0x21 and position + 1 < len(data):
            label = data[position + 1]
            body, position = _sub_blocks(data, position + 2)
            yield {0xFE: "COM", 0xFF: "APP"}.get(label, f"0x{label:02X}"), body
        elif kind == 0x2C and position + 10 <= len(data):
            flags = data[position + 9]
            position += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1  # + LZW code size
            _pixels, position = _sub_blocks(data, position)
        else:
            yield None, data[position:]
            return


def _sub_blocks(data: bytes, position: int) -> tuple[bytes, int]:
    parts = []
    while position < len(data) and data[position]:
        size = data[position]
        parts.append(data[position + 1:position + 1 + size])
        position += 1 + size
    return b"".join(parts), position + 1


def _riff_blocks(data: bytes) -> Iterator[tuple[str | None, bytes]]:
    position = 12
    while position + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[position:position + 8])
        if kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            yield kind.decode("latin-1").strip(), data[position + 8:position + 8 + length]
        position += 8 + length + (length & 1)
    yield None, data[position:]
