"""Small in-memory images for tests of anything with a ``SafeImageField``.

    from tests.core.image_helpers import make_image_file

    person = make_person(portrait=make_image_file("lenin.jpg"), portrait_alt="…")

Every helper builds its image with Pillow in memory; nothing touches the disk.
"""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def make_image_bytes(
    *,
    size: tuple[int, int] = (64, 48),
    image_format: str = "JPEG",
    color: tuple[int, int, int] = (164, 22, 26),
    mode: str = "RGB",
    **save_options,
) -> bytes:
    """An image of one colour, encoded as ``image_format`` (any Pillow format)."""
    image = Image.new(mode, size, color)
    output = io.BytesIO()
    image.save(output, format=image_format, **save_options)
    return output.getvalue()


def make_image_file(
    name: str = "image.jpg",
    *,
    size: tuple[int, int] = (64, 48),
    image_format: str | None = None,
    **options,
) -> SimpleUploadedFile:
    """An uploaded image named ``name``, by default encoded as its extension says.

    Pass ``image_format`` to make the content disagree with the name; other
    keywords go to ``make_image_bytes`` (``color``, ``mode``) and Pillow's
    ``save`` (``exif``, ``icc_profile``, ``quality``…).
    """
    image_format = image_format or _FORMATS[name[name.rfind(".") :].lower()]
    content = make_image_bytes(size=size, image_format=image_format, **options)
    return SimpleUploadedFile(
        name, content, content_type=_CONTENT_TYPES.get(image_format, "image/gif")
    )


def make_gps_exif() -> Image.Exif:
    """EXIF with a camera model, a rotation and the GPS position of the Smolny."""
    exif = Image.Exif()
    exif[0x0110] = "Test camera"  # Model
    exif[0x0112] = 6  # Orientation: the camera was turned a quarter right.
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (59.0, 56.0, 46.0)
    gps[3] = "E"
    gps[4] = (30.0, 23.0, 46.0)
    return exif


def make_png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG file that claims ``width`` × ``height`` pixels.

    A header and a few bytes of compressed data: enough for a reader to learn
    the dimensions, which a careless one would then allocate and decode.
    """
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _png_chunk(b"IEND", b"")
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )
