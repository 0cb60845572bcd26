"""Photo metadata removal: GPS, authors and comments go, the picture's bytes stay as they were."""

import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.media import kind_of, strip_metadata

GPS = b"GPS-55.7558,37.6173"
AUTHOR = b"Zarina"

# --- JPEG, built segment by segment ----------------------------------------------------------


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


SOI = b"\xff\xd8"
EOI = b"\xff\xd9"
JFIF = jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
EXIF = jpeg_segment(0xE1, b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08" + GPS)
XMP = jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>" + GPS + b"</x:xmpmeta>")
ICC = jpeg_segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + b"Zarina's iPhone")
COMMENT = jpeg_segment(0xFE, b"photo by " + AUTHOR)
ADOBE = jpeg_segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
# An 8x8 grey picture: all-ones quantisation, one Huffman code per table (DC "size 0", AC "end
# of block"), so the whole scan is the bits 00 padded with ones.
DQT = jpeg_segment(0xDB, b"\x00" + bytes([1] * 64))
SOF0 = jpeg_segment(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
DHT = jpeg_segment(
    0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00\x10" + bytes([1] + [0] * 15) + b"\x00"
)
SOS = jpeg_segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
SCAN = b"\x3f"
PICTURE = DQT + SOF0 + DHT + SOS + SCAN + EOI
PHOTO_JPEG = SOI + JFIF + EXIF + COMMENT + PICTURE


def test_a_jpeg_loses_its_exif_gps_and_comment_and_keeps_its_picture() -> None:
    cleaned = strip_metadata(PHOTO_JPEG)
    assert cleaned == SOI + JFIF + PICTURE
    assert GPS not in cleaned
    assert AUTHOR not in cleaned


def test_a_jpeg_loses_xmp_and_icc_segments() -> None:
    assert strip_metadata(SOI + JFIF + XMP + ICC + PICTURE) == SOI + JFIF + PICTURE


def test_a_jpeg_without_jfif_keeps_only_its_picture() -> None:
    assert strip_metadata(SOI + EXIF + PICTURE) == SOI + PICTURE


def test_the_adobe_colour_segment_is_kept_because_cmyk_colours_depend_on_it() -> None:
    assert strip_metadata(SOI + ADOBE + EXIF + PICTURE) == SOI + ADOBE + PICTURE


def test_a_jfif_thumbnail_is_dropped_because_it_may_show_what_was_cropped() -> None:
    header = b"JFIF\x00\x01\x02\x00\x00\x48\x00\x48"
    with_thumbnail = jpeg_segment(0xE0, header + b"\x01\x01" + b"\x10\x20\x30")
    without = jpeg_segment(0xE0, header + b"\x00\x00")
    assert strip_metadata(SOI + with_thumbnail + PICTURE) == SOI + without + PICTURE


def test_anything_after_the_end_of_the_jpeg_is_dropped() -> None:
    motion_photo = b"\x00\x00\x00\x18ftypmp42" + GPS
    assert strip_metadata(PHOTO_JPEG + motion_photo) == SOI + JFIF + PICTURE


def test_a_progressive_jpeg_keeps_every_scan_and_loses_metadata_between_scans() -> None:
    scan = SOS + b"\x12\xff\x00\x34\xff\xd0\x56"  # a stuffed FF and a restart marker inside
    data = SOI + DQT + SOF0 + DHT + scan + COMMENT + DHT + scan + EOI
    assert strip_metadata(data) == SOI + DQT + SOF0 + DHT + scan + DHT + scan + EOI


def test_fill_bytes_before_a_marker_are_allowed_and_left_out() -> None:
    data = SOI + b"\xff\xff" + EXIF + DQT + SOF0 + DHT + SOS + SCAN + b"\xff\xff" + EOI
    assert strip_metadata(data) == SOI + PICTURE


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SOI + JFIF + DQT + SOF0 + DHT + SOS + SCAN, id="no-end-of-image"),
        pytest.param(SOI + JFIF + EOI, id="no-scan"),
        pytest.param(SOI + JFIF + SOS + SCAN + EOI, id="scan-before-frame-header"),
        pytest.param(SOI + b"\xff\xe1\x00\x40Exif", id="segment-longer-than-file"),
        pytest.param(SOI + b"\xff\xe1\x00\x01" + PICTURE, id="segment-length-below-two"),
        pytest.param(SOI + b"\x00" + PICTURE, id="byte-where-a-marker-should-be"),
        pytest.param(SOI + jpeg_segment(0xF7, b"LS") + PICTURE, id="unknown-marker"),
        pytest.param(SOI + SOI + PICTURE, id="second-start-of-image"),
    ],
)
def test_a_malformed_jpeg_is_refused(data: bytes) -> None:
    assert strip_metadata(data) is None


# --- PNG, built chunk by chunk ---------------------------------------------------------------


def png_chunk(chunk_type: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(chunk_type + data)
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", crc)


def png_chunks(data: bytes) -> list[tuple[bytes, bytes, int]]:
    """(type, data, stored CRC) of every chunk after the signature."""
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunk_type, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        chunks.append((chunk_type, body, crc))
        pos += 12 + length
    return chunks


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IHDR = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))  # one grey pixel
IDAT = png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
IEND = png_chunk(b"IEND", b"")
TEXT = png_chunk(b"tEXt", b"Author\x00" + AUTHOR)
EXIF_CHUNK = png_chunk(b"eXIf", b"MM\x00\x2a\x00\x00\x00\x08" + GPS)
PHOTO_PNG = PNG_SIGNATURE + IHDR + TEXT + EXIF_CHUNK + IDAT + IEND


def test_a_png_loses_its_text_and_exif_and_keeps_its_picture() -> None:
    cleaned = strip_metadata(PHOTO_PNG)
    assert cleaned == PNG_SIGNATURE + IHDR + IDAT + IEND
    assert AUTHOR not in cleaned
    assert GPS not in cleaned


def test_every_chunk_of_a_cleaned_png_has_a_valid_crc() -> None:
    cleaned = strip_metadata(PHOTO_PNG)
    assert cleaned is not None
    chunks = png_chunks(cleaned)
    assert [chunk_type for chunk_type, _, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    for chunk_type, body, crc in chunks:
        assert zlib.crc32(chunk_type + body) == crc


def test_a_png_keeps_palette_transparency_and_colour_chunks() -> None:
    colour = [
        png_chunk(b"gAMA", struct.pack(">I", 45455)),
        png_chunk(b"cHRM", bytes(32)),
        png_chunk(b"sRGB", b"\x00"),
        png_chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff"),
        png_chunk(b"tRNS", b"\x00"),
    ]
    data = PNG_SIGNATURE + IHDR + b"".join(colour) + IDAT + IEND
    assert strip_metadata(data) == data


@pytest.mark.parametrize(
    "chunk",
    [
        pytest.param(png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(GPS)), id="zTXt"),
        pytest.param(png_chunk(b"iTXt", b"Author\x00\x00\x00\x00\x00" + AUTHOR), id="iTXt"),
        pytest.param(png_chunk(b"tIME", b"\x07\xe9\x03\x0c\x12\x00\x00"), id="tIME"),
        pytest.param(
            png_chunk(b"iCCP", b"Zarina's phone\x00\x00" + zlib.compress(b"x")), id="iCCP"
        ),
        pytest.param(png_chunk(b"pHYs", bytes(9)), id="pHYs"),
        pytest.param(png_chunk(b"prVt", GPS), id="unknown-ancillary"),
    ],
)
def test_a_png_loses_every_other_ancillary_chunk(chunk: bytes) -> None:
    assert strip_metadata(PNG_SIGNATURE + IHDR + chunk + IDAT + IEND) == (
        PNG_SIGNATURE + IHDR + IDAT + IEND
    )


def test_anything_after_the_end_of_the_png_is_dropped() -> None:
    assert strip_metadata(PHOTO_PNG + GPS) == PNG_SIGNATURE + IHDR + IDAT + IEND


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(PNG_SIGNATURE + IHDR + IDAT, id="no-end"),
        pytest.param(PNG_SIGNATURE + IDAT + IHDR + IEND, id="header-not-first"),
        pytest.param(PNG_SIGNATURE + IHDR + IEND, id="no-image-data"),
        pytest.param(PNG_SIGNATURE + IHDR + IDAT[:-1] + b"\x00" + IEND, id="bad-crc"),
        pytest.param(
            PNG_SIGNATURE + IHDR + png_chunk(b"ZZZZ", b"") + IDAT + IEND, id="unknown-critical"
        ),
        pytest.param(PNG_SIGNATURE + IHDR + png_chunk(b"t3Xt", b"") + IDAT + IEND, id="bad-type"),
        pytest.param(PNG_SIGNATURE + IHDR + b"\xff\xff\xff\xffIDAT", id="length-beyond-file"),
    ],
)
def test_a_malformed_png_is_refused(data: bytes) -> None:
    assert strip_metadata(data) is None


# --- WebP, built chunk by chunk --------------------------------------------------------------


def riff_chunk(fourcc: bytes, data: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def webp(*chunks: bytes) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


VP8 = riff_chunk(b"VP8 ", b"\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00\x02")  # odd: padded
VP8L = riff_chunk(b"VP8L", b"\x2f\x00\x00\x00\x00")
ALPH = riff_chunk(b"ALPH", b"\x00\xff")
EXIF_WEBP = riff_chunk(b"EXIF", b"MM\x00\x2a\x00\x00\x00\x08" + GPS)
XMP_WEBP = riff_chunk(b"XMP ", b"<x:xmpmeta>" + GPS + b"</x:xmpmeta>")
ICCP = riff_chunk(b"ICCP", b"Zarina's phone")
ALPHA, ICC_FLAG, EXIF_FLAG, XMP_FLAG, ANIMATION = 0x10, 0x20, 0x08, 0x04, 0x02


def vp8x(flags: int) -> bytes:
    return riff_chunk(b"VP8X", bytes((flags, 0, 0, 0)) + b"\x00\x00\x00\x00\x00\x00")


def test_an_extended_webp_loses_exif_xmp_and_icc_and_its_flags_say_so() -> None:
    data = webp(vp8x(ICC_FLAG | ALPHA | EXIF_FLAG | XMP_FLAG), ICCP, ALPH, VP8, EXIF_WEBP, XMP_WEBP)
    cleaned = strip_metadata(data)
    assert cleaned == webp(vp8x(ALPHA), ALPH, VP8)
    assert GPS not in cleaned


def test_a_cleaned_webp_has_the_right_riff_size() -> None:
    cleaned = strip_metadata(webp(vp8x(EXIF_FLAG), VP8L, EXIF_WEBP))
    assert cleaned is not None
    assert struct.unpack("<I", cleaned[4:8])[0] == len(cleaned) - 8


def test_the_image_chunks_of_a_webp_are_byte_identical() -> None:
    cleaned = strip_metadata(webp(vp8x(EXIF_FLAG), EXIF_WEBP, ALPH, VP8))
    assert cleaned is not None
    assert cleaned.endswith(ALPH + VP8)


def test_a_simple_webp_is_its_image_chunk_alone() -> None:
    assert strip_metadata(webp(VP8)) == webp(VP8)
    assert strip_metadata(webp(VP8L, EXIF_WEBP)) == webp(VP8L)


def test_an_animated_webp_keeps_its_frames_and_loses_what_is_inside_them_besides_images() -> None:
    header = bytes(16)
    frame = riff_chunk(b"ANMF", header + VP8L + riff_chunk(b"JUNK", GPS))
    anim = riff_chunk(b"ANIM", bytes(6))
    cleaned = strip_metadata(webp(vp8x(ANIMATION | EXIF_FLAG), anim, frame, EXIF_WEBP))
    assert cleaned == webp(vp8x(ANIMATION), anim, riff_chunk(b"ANMF", header + VP8L))


def test_anything_after_the_end_of_the_webp_is_dropped() -> None:
    assert strip_metadata(webp(VP8) + GPS) == webp(VP8)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(webp(VP8)[:-3], id="truncated"),
        pytest.param(webp(), id="no-chunks"),
        pytest.param(webp(EXIF_WEBP, VP8), id="metadata-first"),
        pytest.param(webp(vp8x(EXIF_FLAG), EXIF_WEBP), id="no-image"),
        pytest.param(webp(riff_chunk(b"VP8X", b"\x00\x00")), id="short-header"),
        pytest.param(webp(vp8x(0), b"VP8 \xff\xff\x00\x00"), id="chunk-beyond-file"),
        pytest.param(webp(vp8x(ANIMATION), riff_chunk(b"ANMF", bytes(3))), id="short-frame"),
    ],
)
def test_a_malformed_webp_is_refused(data: bytes) -> None:
    assert strip_metadata(data) is None


# --- kinds, PDF, garbage ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        pytest.param(PHOTO_JPEG, "jpeg", id="jpeg"),
        pytest.param(PHOTO_PNG, "png", id="png"),
        pytest.param(webp(VP8), "webp", id="webp"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf", id="pdf"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", None, id="gif"),
        pytest.param(b"RIFF\x04\x00\x00\x00WAVE", None, id="wave"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_the_kind_of_a_file_is_read_from_its_first_bytes(data: bytes, kind: str | None) -> None:
    assert kind_of(data) == kind


def test_a_pdf_is_not_cleaned_so_the_caller_asks_for_a_photo() -> None:
    pdf = b"%PDF-1.7\n1 0 obj << /Author (Zarina) >> endobj\ntrailer << /Info 1 0 R >>\n%%EOF"
    assert strip_metadata(pdf) is None


VALID = [PHOTO_JPEG, PHOTO_PNG, webp(vp8x(EXIF_FLAG | ALPHA), ALPH, VP8, EXIF_WEBP)]


@pytest.mark.parametrize("data", VALID, ids=["jpeg", "png", "webp"])
def test_every_truncation_of_a_photo_is_refused(data: bytes) -> None:
    for length in range(len(data)):
        assert strip_metadata(data[:length]) is None


@pytest.mark.parametrize("data", VALID, ids=["jpeg", "png", "webp"])
def test_cleaning_a_cleaned_photo_changes_nothing(data: bytes) -> None:
    cleaned = strip_metadata(data)
    assert cleaned is not None
    assert strip_metadata(cleaned) == cleaned


@settings(max_examples=300)
@given(st.binary(max_size=512))
def test_random_bytes_never_raise(data: bytes) -> None:
    assert strip_metadata(data) is None or kind_of(data) is not None


MAGIC = st.sampled_from([b"\xff\xd8\xff", PNG_SIGNATURE, b"RIFF\x10\x00\x00\x00WEBP", b"%PDF-"])


@settings(max_examples=300)
@given(MAGIC, st.binary(max_size=512))
def test_random_bytes_after_a_known_signature_never_raise(magic: bytes, rest: bytes) -> None:
    cleaned = strip_metadata(magic + rest)
    assert cleaned is None or strip_metadata(cleaned) == cleaned


@settings(max_examples=300)
@given(st.sampled_from(VALID), st.data())
def test_a_photo_with_a_damaged_byte_never_raises(data: bytes, draw: st.DataObject) -> None:
    index = draw.draw(st.integers(0, len(data) - 1))
    value = draw.draw(st.integers(0, 255))
    damaged = data[:index] + bytes((value,)) + data[index + 1 :]
    cleaned = strip_metadata(damaged)
    assert cleaned is None or strip_metadata(cleaned) == cleaned
