"""Photo metadata removal: EXIF (GPS, camera, time), XMP, ICC, comments and trailing data go.

JPEG, PNG and WebP are rebuilt from their image data alone; anything else gets None, to be refused.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

JPEG = "jpeg"
PNG = "png"
WEBP = "webp"
PDF = "pdf"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def kind_of(data: bytes) -> str | None:
    """The file's type by its first bytes: "jpeg", "png", "webp", "pdf", or None for others."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(_PNG_SIGNATURE):
        return PNG
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def strip_metadata(data: bytes) -> bytes | None:
    """The same picture without metadata, or None if the file cannot be cleaned.

    None covers unknown and malformed files and, deliberately, PDF: a PDF carries its author and
    producer in an Info dictionary and XMP streams that may be compressed, incrementally updated or
    referenced from anywhere, and rewriting it safely needs a full PDF parser. The caller refuses
    such files and asks for a photo instead.

    The picture itself is copied byte for byte. What goes is all that does not change the pixels:
    EXIF (with the EXIF orientation, so a sideways phone photo may show sideways), XMP, ICC
    profiles (colours may shift slightly), comments, thumbnails and anything after the image's end.
    """
    kind = kind_of(data)
    if kind == JPEG:
        return _strip_jpeg(data)
    if kind == PNG:
        return _strip_png(data)
    if kind == WEBP:
        return _strip_webp(data)
    return None


# --- JPEG ------------------------------------------------------------------------------------
# A JPEG is a list of marker segments (FF xx, a 2-byte big-endian length counting itself, the
# payload); each SOS segment is followed by entropy-coded data in which FF only appears as FF 00 or
# as a restart marker. Kept: what a decoder needs. Dropped: APP1-APP15 (EXIF, XMP, ICC, MPF,
# maker notes), COM, and everything after EOI (Samsung trailers and Motion Photo videos live there,
# with their own location data).

_SOS = 0xDA
_EOI = 0xD9
_APP0 = 0xE0
_APP14 = 0xEE
_COM = 0xFE
# Frame headers (SOF0-SOF15 but C8, reserved), Huffman and arithmetic tables (DHT C4, DAC CC),
# quantisation tables (DQT), restart interval (DRI), number of lines (DNL), hierarchical (DHP, EXP).
_JPEG_IMAGE_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC8} | {0xDB, 0xDC, 0xDD, 0xDE, 0xDF}
_JPEG_FRAME_MARKERS = _JPEG_IMAGE_MARKERS - {0xC4, 0xCC, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF}
_JFIF_HEADER_LENGTH = 14  # "JFIF\0", version, units, densities, thumbnail width and height
# Adobe's APP14 says how to turn CMYK/YCCK samples into colour: decoding information in a fixed
# 12-byte form with no room for text, so it stays.
_ADOBE_LENGTH = 12


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def _kept_app_segment(marker: int, payload: bytes) -> bytes | None:
    if marker == _APP0 and payload.startswith(b"JFIF\x00"):
        if len(payload) < _JFIF_HEADER_LENGTH:
            return None
        # A JFIF thumbnail may show what was cropped out of the photo: keep the header only.
        return _jpeg_segment(marker, payload[:12] + b"\x00\x00")
    if marker == _APP14 and payload.startswith(b"Adobe") and len(payload) == _ADOBE_LENGTH:
        return _jpeg_segment(marker, payload)
    return None


def _entropy_end(data: bytes, pos: int) -> int | None:
    """Where the entropy-coded data starting at `pos` ends: at the next real marker."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0:
            return None  # the file ends inside the scan
        after = pos + 1
        while after < len(data) and data[after] == 0xFF:
            after += 1  # fill bytes before a marker: left out, as between segments
        if after >= len(data):
            return None
        if data[after] == 0x00 or 0xD0 <= data[after] <= 0xD7:
            pos = after + 1  # a stuffed FF byte or a restart marker: still image data
        else:
            return pos


def _strip_jpeg(data: bytes) -> bytes | None:
    out = [b"\xff\xd8"]
    pos = 2
    seen_frame = seen_scan = False
    while pos < len(data):
        if data[pos] != 0xFF:
            return None
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1  # fill bytes may precede any marker
        if pos >= len(data):
            return None
        marker = data[pos]
        pos += 1
        if marker == _EOI:
            if not seen_scan:
                return None
            out.append(b"\xff\xd9")
            return b"".join(out)  # whatever follows EOI is dropped
        if pos + 2 > len(data):
            return None
        length = int.from_bytes(data[pos : pos + 2], "big")
        end = pos + length
        if length < 2 or end > len(data):
            return None
        payload = data[pos + 2 : end]
        pos = end
        if marker == _SOS:
            if not seen_frame:
                return None
            scan_end = _entropy_end(data, pos)
            if scan_end is None:
                return None
            out.append(_jpeg_segment(marker, payload) + data[pos:scan_end])
            pos = scan_end
            seen_scan = True
        elif marker in _JPEG_IMAGE_MARKERS:
            seen_frame = seen_frame or marker in _JPEG_FRAME_MARKERS
            out.append(_jpeg_segment(marker, payload))
        elif _APP0 <= marker <= 0xEF or marker == _COM:
            kept = _kept_app_segment(marker, payload)
            if kept is not None:
                out.append(kept)
        else:
            return None  # SOI again, a restart marker outside a scan, JPEG extensions: refuse
    return None  # no EOI: truncated


# --- PNG -------------------------------------------------------------------------------------
# A PNG is the signature and chunks: 4-byte big-endian length, 4-letter type, data, CRC-32 of
# type and data. Kept chunks are copied whole, so their CRCs stay valid. Dropped: text (tEXt, zTXt,
# iTXt), eXIf, tIME, iCCP (a profile carries a free-text name), physical size, APNG frames (the
# picture becomes its first frame) and any other ancillary chunk.

_PNG_KEPT = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB"})
_PNG_MAX_LENGTH = 2**31 - 1


def _strip_png(data: bytes) -> bytes | None:
    out = [_PNG_SIGNATURE]
    pos = len(_PNG_SIGNATURE)
    seen_data = False
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk_type = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if length > _PNG_MAX_LENGTH or end > len(data):
            return None
        if not chunk_type.isalpha() or (pos == len(_PNG_SIGNATURE)) != (chunk_type == b"IHDR"):
            return None
        if zlib.crc32(data[pos + 4 : end - 4]) != int.from_bytes(data[end - 4 : end], "big"):
            return None  # corrupt: refuse rather than guess
        if chunk_type in _PNG_KEPT:
            out.append(data[pos:end])
        elif chunk_type[0:1].isupper():
            return None  # an unknown critical chunk: the picture cannot be shown without it
        seen_data = seen_data or chunk_type == b"IDAT"
        pos = end
        if chunk_type == b"IEND":
            return b"".join(out) if seen_data else None  # whatever follows IEND is dropped
    return None  # no IEND: truncated


# --- WebP ------------------------------------------------------------------------------------
# A WebP is a RIFF file: "RIFF", 4-byte little-endian size, "WEBP", then chunks (FourCC, 4-byte
# little-endian size, data, a pad byte if the size is odd). The simple formats hold one VP8 or
# VP8L chunk. The extended format starts with VP8X, whose flags announce ICC, EXIF and XMP chunks.
# Kept: VP8X (flags fixed), ANIM, ANMF (frames, cleaned inside), ALPH, VP8, VP8L. Dropped: ICCP,
# EXIF, "XMP " and unknown chunks. The RIFF size is recomputed.

_VP8X_ICC = 0x20
_VP8X_EXIF = 0x08
_VP8X_XMP = 0x04
_VP8X_LENGTH = 10
_ANMF_HEADER_LENGTH = 16  # frame position, size, duration and flags, before the frame's chunks
_WEBP_IMAGE = frozenset({b"VP8 ", b"VP8L"})
_WEBP_FRAME_KEPT = _WEBP_IMAGE | {b"ALPH"}
_WEBP_KEPT = _WEBP_FRAME_KEPT | {b"VP8X", b"ANIM", b"ANMF"}


def _riff_chunks(data: bytes, pos: int, end: int) -> Iterator[tuple[bytes, bytes] | None]:
    """(FourCC, data) of each chunk between `pos` and `end`, then None if the rest is malformed."""
    while pos < end:
        if pos + 8 > end:
            yield None
            return
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        data_end = pos + 8 + size
        if data_end + (size & 1) > end:
            yield None
            return
        yield data[pos : pos + 4], data[pos + 8 : data_end]
        pos = data_end + (size & 1)


def _riff_chunk(fourcc: bytes, payload: bytes) -> bytes:
    padding = b"\x00" if len(payload) % 2 else b""
    return fourcc + len(payload).to_bytes(4, "little") + payload + padding


def _clean_frame(payload: bytes) -> bytes | None:
    if len(payload) < _ANMF_HEADER_LENGTH:
        return None
    kept = [payload[:_ANMF_HEADER_LENGTH]]
    for chunk in _riff_chunks(payload, _ANMF_HEADER_LENGTH, len(payload)):
        if chunk is None:
            return None
        fourcc, chunk_data = chunk
        if fourcc in _WEBP_FRAME_KEPT:
            kept.append(_riff_chunk(fourcc, chunk_data))
    return b"".join(kept)


def _strip_webp(data: bytes) -> bytes | None:
    riff_end = 8 + int.from_bytes(data[4:8], "little")
    if riff_end > len(data) or riff_end < 12:
        return None  # truncated; bytes after the RIFF end are dropped
    chunks: list[bytes] = []
    first: bytes | None = None
    has_image = False
    for chunk in _riff_chunks(data, 12, riff_end):
        if chunk is None:
            return None
        fourcc, payload = chunk
        if first is None:
            first = fourcc
            if fourcc in _WEBP_IMAGE:
                # A simple WebP is its one image chunk: nothing after it belongs to the picture.
                return _riff_file([_riff_chunk(fourcc, payload)])
            if fourcc != b"VP8X" or len(payload) < _VP8X_LENGTH:
                return None
            flags = payload[0] & ~(_VP8X_ICC | _VP8X_EXIF | _VP8X_XMP)
            payload = bytes((flags,)) + payload[1:]
        elif fourcc not in _WEBP_KEPT or fourcc == b"VP8X":
            continue
        elif fourcc == b"ANMF":
            frame = _clean_frame(payload)
            if frame is None:
                return None
            payload = frame
        has_image = has_image or fourcc in _WEBP_IMAGE or fourcc == b"ANMF"
        chunks.append(_riff_chunk(fourcc, payload))
    return _riff_file(chunks) if has_image else None


def _riff_file(chunks: list[bytes]) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body
