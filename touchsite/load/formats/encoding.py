"""A text file's encoding: byte-order marks, UTF-16, UTF-8 with damaged lines, Windows-1252."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pyarrow as pa

from touchsite.load.formats.shape import FileShape


def reading_codec(shape: FileShape) -> str:
    if shape.bad_lines:
        return LENIENT_UTF8
    return "utf8" if shape.encoding == "utf-8" else shape.encoding


def detect_encoding(path: Path, sample: bytes, given: str) -> tuple[str, int, tuple[int, ...]]:
    """The codec for the text after the byte-order mark, the mark's length, and the lines
    holding bytes that are not UTF-8 in a file that is UTF-8 all the same.

    The rule, on the whole file: a byte-order mark or `encoding:` decides; else UTF-16 when
    every other byte of the start is zero; else UTF-8 when its well-formed multi-byte
    characters outnumber the bytes that are not UTF-8 (one stray Windows-1252 byte among a
    thousand umlauts is a damaged line, not a Windows file); else Windows-1252, what Excel
    writes as "CSV" on German Windows.
    """
    marks = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"))
    marks += ((codecs.BOM_UTF16_BE, "utf-16-be"),)
    for mark, codec in marks:
        if sample.startswith(mark):
            if given and codecs.lookup(given).name not in (codec, "utf-8-sig", "utf-16"):
                break
            return codec, len(mark), ()
    if given:
        name = codecs.lookup(given).name
        return ("utf-8" if name == "utf-8-sig" else name), 0, ()
    start = sample[:4096]
    for parity, codec in ((1, "utf-16-le"), (0, "utf-16-be")):
        zeros = start[parity::2].count(0)
        if len(start) >= 4 and zeros >= 0.9 * (len(start) // 2) and start.count(0) < len(start):
            return codec, 0, ()
    if _all_utf8(path):
        return "utf-8", 0, ()
    characters, bad, bad_lines = _utf8_census(path)
    if not bad:
        return "utf-8", 0, ()
    if characters > bad:
        return "utf-8", 0, tuple(bad_lines)
    return "cp1252", 0, ()


# The lines with bytes that are not UTF-8 are listed up to this number; beyond it the file is
# surely not UTF-8 (or damaged beyond a list), and Windows-1252 is tried.
MAX_BAD_LINES = 1000
BLOCK_BYTES = 1 << 22


def _utf8_census(path: Path) -> tuple[int, int, list[int]]:
    """Bytes in well-formed multi-byte UTF-8 characters beyond their first (a measure of how
    many there are), the bytes that are not UTF-8, and the lines those are on (the first
    MAX_BAD_LINES). Blocks end at a line break, which never splits a character; a block is
    searched for its bad bytes only when the C decoder rejects it. Lines are counted from
    the first such block on (the bytes before it read again): most files have none, and
    counting theirs took a third of the time."""
    characters, bad, bad_lines, rest = 0, 0, [], b""
    line, before = None, 0  # the block's first line (once counted), the bytes before it
    with path.open("rb") as handle:
        while data := rest + (chunk := handle.read(BLOCK_BYTES)):
            block, rest = _whole_lines(data, at_end=not chunk)
            try:
                characters += len(block) - len(block.decode("utf-8"))
            except UnicodeDecodeError:
                if line is None:
                    line = 1 + _line_breaks(path, before)
                text = block.decode("utf-8", "surrogateescape")
                characters += len(block) - len(text)
                # each bad byte's line counted on from the one before's: counted from the
                # block's start, a Windows-1252 file's umlauts cost a pass over the block each
                number, counted = line, 0
                for match in _ESCAPED.finditer(text):
                    bad += 1
                    number += text.count("\n", counted, match.start())
                    counted = match.start()
                    if not bad_lines or bad_lines[-1] != number:
                        bad_lines.append(number)
                if len(bad_lines) > MAX_BAD_LINES:
                    break
            if line is not None:
                line += block.count(b"\n")
            before += len(block)
    return characters, bad, bad_lines


def _all_utf8(path: Path) -> bool:
    """Whether the file is UTF-8 throughout (most are): checked by Arrow's validation, a
    block at a time, each block up to its last line break (never inside a character), with
    no text made (decoding made one, twice the time). False where a line is longer than a
    block, to be read by _utf8_census too."""
    block = bytearray(BLOCK_BYTES)
    view = memoryview(block)
    kept = 0  # the bytes after the last line break of the block before, moved to the start
    with path.open("rb") as handle:
        while read := handle.readinto(view[kept:]):
            end = kept + read
            cut = block.rfind(b"\n", 0, end) + 1
            if not cut and end == len(block):
                return False
            if cut and not _valid_utf8(view[:cut]):
                return False
            block[: end - cut] = block[cut:end]  # a copy: the two may overlap
            kept = end - cut
    return _valid_utf8(view[:kept])


def _valid_utf8(data: memoryview) -> bool:
    """Whether `data` is UTF-8 (Arrow's rules are Python's: no surrogates, no overlong
    forms), as one string of an Arrow array, which is validated, not decoded."""
    offsets = pa.array([0, len(data)], pa.int32()).buffers()[1]
    text = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _line_breaks(path: Path, size: int) -> int:
    """The line breaks in the first `size` bytes of the file at `path`."""
    count = 0
    with path.open("rb") as handle:
        while size > 0 and (data := handle.read(min(size, BLOCK_BYTES))):
            count += data.count(b"\n")
            size -= len(data)
    return count


def _whole_lines(data: bytes, at_end: bool) -> tuple[bytes, bytes]:
    """`data` up to its last line break, and the rest (all of it at the end of the file)."""
    if at_end:
        return data, b""
    cut = data.rfind(b"\n") + 1
    if not cut:  # a line longer than a block: cut before the last character's first byte
        cut = len(data)
        while cut > max(len(data) - 4, 0) and 0x80 <= data[cut - 1] < 0xC0:
            cut -= 1
        if cut and data[cut - 1] >= 0xC0:
            cut -= 1
    return data[:cut], data[cut:]


_ESCAPED = re.compile("[\udc80-\udcff]")


def _lenient_utf8(name: str) -> codecs.CodecInfo | None:
    """UTF-8 that shows a bad byte as U+FFFD: pyarrow asks codecs for strict decoding."""
    if name != LENIENT_UTF8:
        return None

    class Decoder(codecs.BufferedIncrementalDecoder):
        def _buffer_decode(self, data, errors, final):  # noqa: ARG002
            return codecs.utf_8_decode(data, "replace", final)

    info = codecs.lookup("utf-8")
    return codecs.CodecInfo(info.encode, info.decode, incrementaldecoder=Decoder, name=LENIENT_UTF8)


LENIENT_UTF8 = "touchsite_lenient_utf_8"
codecs.register(_lenient_utf8)
