"""Uploaded images: checked, cleaned and stored under names nobody chose.

``SafeImageField`` is the one image field of the site's models. An upload is
refused unless it is a JPEG, PNG or WebP whose real format matches its name,
within ``MAX_IMAGE_BYTES`` and ``MAX_IMAGE_PIXELS``, and fully decodable. What
is stored is a re-encoding of the pixels (orientation applied, colours
converted to sRGB, EXIF, GPS, ICC profiles and comments gone) under a random
name in the field's folder.

A model declares an image with ``image_fields``, which gives the four
columns every image has: the file, its alt text (``<name>_alt``), and its
width and height::

    portrait, portrait_alt, portrait_width, portrait_height = image_fields(
        "portrait", verbose_name=_("portrait"), upload_to="people",
        help_text=_("A JPEG, PNG or WebP image, ideally square."),
    )

Alt text is never missing beside an image: the database constraint from
``alt_text_required`` says so and, in ``Model.clean()``, ``check_alt_text``
gives the friendlier message. Pages show images through the
``{% picture %}`` tag of ``october/core/templatetags/images.py``, from
renditions made when the image is saved (``image_fields(renditions=...)``).
"""

import functools
import hashlib
import io
import logging
import posixpath
import re
import textwrap
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from imagekit import ImageSpec, register
from imagekit.cachefiles import ImageCacheFile
from imagekit.processors import ResizeToFill, ResizeToFit
from imagekit.utils import get_cache
from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000

# Pillow's format name -> the extension stored files get.
IMAGE_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# Multi-picture JPEGs, as many cameras write them, are JPEGs to a reader.
_FORMAT_ALIASES = {"MPO": "JPEG"}
_FORMATS_BY_EXTENSION = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
}
_FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
ACCEPTED_CONTENT_TYPES = "image/jpeg,image/png,image/webp"

_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 5},
}
_SRGB = ImageCms.createProfile("sRGB")


def _refuse(message, code, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _open(file: File) -> tuple[Image.Image, str]:
    """Open ``file`` lazily after the checks that need no decoding.

    Returns the image, header read but pixels not decoded, and its format.
    """
    size = file.size
    if size is not None and size > MAX_IMAGE_BYTES:
        raise _refuse(
            _("This file is %(size)s MB; images must be at most %(limit)s MB."),
            "image_too_big",
            size=f"{size / 1024 / 1024:.1f}",
            limit=MAX_IMAGE_BYTES // 1024 // 1024,
        )
    extension = posixpath.splitext(file.name or "")[1].lower()
    expected = _FORMATS_BY_EXTENSION.get(extension)
    if expected is None:
        raise _refuse(_("Images must be JPEG, PNG or WebP."), "image_format")
    file.seek(0)
    try:
        image = Image.open(file, formats=list(IMAGE_EXTENSIONS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(
            _(
                "This image has far too many pixels to be processed safely; "
                "the limit is %(limit)s megapixels."
            ),
            "image_too_many_pixels",
            limit=MAX_IMAGE_PIXELS // 1_000_000,
        ) from error
    except Exception as error:  # Pillow raises many kinds on hostile headers.
        raise _refuse(
            _("This file is not a JPEG, PNG or WebP image, or it is damaged."),
            "image_invalid",
        ) from error
    found = _FORMAT_ALIASES.get(image.format, image.format)
    if found != expected:
        image.close()
        raise _refuse(
            _("This file is a %(found)s image but its name ends in %(extension)s."),
            "image_extension_mismatch",
            found=_FORMAT_LABELS[found],
            extension=extension,
        )
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        image.close()
        raise _refuse(
            _(
                "This image is %(width)s × %(height)s pixels; the limit is "
                "%(limit)s megapixels."
            ),
            "image_too_many_pixels",
            width=f"{width:,}",
            height=f"{height:,}",
            limit=MAX_IMAGE_PIXELS // 1_000_000,
        )
    return image, found


def _decode(image: Image.Image) -> None:
    try:
        image.load()
    except Exception as error:  # Truncated or corrupt data, in any decoder.
        raise _refuse(
            _("This image is damaged or incomplete; it could not be read."),
            "image_invalid",
        ) from error


def validate_image_file(file: File) -> None:
    """Refuse anything but a sound JPEG, PNG or WebP within the limits.

    Checks, cheapest first: size from ``file.size``, the name's extension, the
    format and dimensions from the header, then a full decode (at reduced
    scale for JPEG, which still reads every byte). A file already in storage
    was checked on its way in and is not read again.
    """
    if getattr(file, "_committed", False):
        return
    image, _format = _open(file)
    with image:
        if image.format in ("JPEG", "MPO"):
            image.draft(image.mode, (image.width // 8, image.height // 8))
        _decode(image)
    file.seek(0)


def sanitize_image(file: File) -> ContentFile:
    """Return a re-encoding of ``file`` with no metadata, named by its format.

    The orientation recorded in EXIF is applied to the pixels, colours are
    converted to sRGB when an ICC profile says they are something else, and
    nothing else from the original survives: no EXIF, GPS, XMP, ICC profile or
    comment. Raises ``ValidationError`` for files ``validate_image_file``
    refuses.
    """
    image, image_format = _open(file)
    with image:
        _decode(image)
        clean = ImageOps.exif_transpose(image)
    clean = _to_srgb(clean, image.info.get("icc_profile"))
    transparency = clean.info.get("transparency")
    clean.info = {}
    if image_format == "JPEG" and clean.mode not in ("L", "RGB"):
        clean = clean.convert("RGB")
    elif image_format == "PNG" and transparency is not None:
        # Transparency lives in the metadata for these modes; keep it in pixels.
        clean = clean.convert("RGBA")
    elif image_format == "WEBP" and clean.mode not in ("RGB", "RGBA"):
        clean = clean.convert("RGBA" if "A" in clean.getbands() else "RGB")
    output = io.BytesIO()
    clean.save(output, format=image_format, **_SAVE_OPTIONS[image_format])
    file.seek(0)
    return ContentFile(output.getvalue(), name=f"image{IMAGE_EXTENSIONS[image_format]}")


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    if image.mode == "CMYK" and not icc_profile:
        return image.convert("RGB")
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(
            image, source, _SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile: keep the pixels as they are, drop the profile.
        return image.convert("RGB") if image.mode == "CMYK" else image


class SafeImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the cleaned re-encoding of ``content``; ``name`` is ignored."""
        cleaned = sanitize_image(content)
        super().save(cleaned.name, cleaned, save=save)

    save.alters_data = True


class SafeImageFormField(forms.ImageField):
    """An image upload checked by ``validate_image_file``, with its messages."""

    default_validators = []

    def to_python(self, data):
        # Django's own check opens the file with every Pillow plugin and
        # words its refusals vaguely; this one is stricter and says why.
        file = forms.FileField.to_python(self, data)
        if file is not None:
            validate_image_file(file)
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPTED_CONTENT_TYPES
        return attrs


class SafeImageField(models.ImageField):
    """An image field that stores only checked, cleaned, randomly named images.

    ``upload_to`` is a folder name ("people"); files are stored as
    ``<folder>/<random hex>.<jpg|png|webp>``, the extension coming from the
    detected format. ``width_field`` and ``height_field`` work as on
    ``ImageField``; declaring them lets ``{% picture %}`` size an image
    without opening it.
    """

    attr_class = SafeImageFieldFile
    default_validators = [validate_image_file]

    def __init__(
        self, verbose_name=None, name=None, *, upload_to="", renditions=(), **kwargs
    ):
        if not isinstance(upload_to, str):
            raise TypeError("SafeImageField's upload_to is a folder name.")
        # The renditions pages show, made when an image is saved (see
        # ``make_renditions``): (widths, aspect) as ``{% picture %}`` takes them.
        self.renditions = tuple(
            (parse_widths(widths), parse_aspect(aspect))
            for widths, aspect in renditions
        )
        super().__init__(verbose_name, name, upload_to=upload_to, **kwargs)

    def deconstruct(self):
        # Which renditions exist is no concern of the database's.
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("renditions", None)
        return name, path, args, kwargs

    def generate_filename(self, instance, filename):
        extension = posixpath.splitext(filename)[1].lower()
        image_format = _FORMATS_BY_EXTENSION.get(extension)
        if image_format is None:
            raise ValueError(f"Not an image file name: {filename!r}")
        name = f"{uuid.uuid4().hex}{IMAGE_EXTENSIONS[image_format]}"
        return self.storage.generate_filename(posixpath.join(self.upload_to, name))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})


class Rendition(ImageSpec):
    """A resized copy of a stored image, made by imagekit when the image is
    saved (``make_renditions``) or, failing that, the first time a page asks
    for its URL, and kept in storage under a name derived from the source's
    name and these settings.

    Without ``height`` the image keeps its proportions at ``width`` pixels
    wide; with it, the image is cropped around its centre to exactly
    ``width`` × ``height``. Never enlarged.
    """

    def __init__(self, source, width: int, height: int | None = None, format="JPEG"):
        self.width = width
        self.height = height
        self.format = format
        self.options = _RENDITION_OPTIONS[format]
        super().__init__(source=source)

    @property
    def processors(self):
        if self.height:
            return [ResizeToFill(self.width, self.height, upscale=False)]
        return [ResizeToFit(width=self.width, upscale=False)]


_RENDITION_OPTIONS = {
    "JPEG": {"quality": 82, "progressive": True, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 5},
}
# imagekit generates files on demand only for registered generators.
register.generator("october:rendition", Rendition)

MAX_RENDITION_WIDTH = 4000
_ASPECT = re.compile(r"^\s*(\d{1,3})\s*:\s*(\d{1,3})\s*$")


def parse_widths(widths) -> tuple[int, ...]:
    """``"320 640"`` (or a sequence of numbers) as sorted distinct widths."""
    items = widths.split() if isinstance(widths, str) else widths
    try:
        parsed = tuple(sorted({int(item) for item in items}))
    except (TypeError, ValueError):
        parsed = ()
    if not parsed or parsed[0] < 1 or parsed[-1] > MAX_RENDITION_WIDTH:
        raise ValueError(
            f"Widths are whole numbers of pixels up to {MAX_RENDITION_WIDTH}, "
            f'such as "320 640 960"; got {widths!r}.'
        )
    return parsed


def parse_aspect(aspect) -> tuple[int, int] | None:
    """``"3:2"`` as ``(3, 2)``; None for no cropping."""
    if not aspect:
        return None
    if isinstance(aspect, tuple):
        aspect = f"{aspect[0]}:{aspect[1]}"
    match = _ASPECT.match(str(aspect))
    if not match or int(match[1]) == 0 or int(match[2]) == 0:
        raise ValueError(
            f'An aspect is a ratio such as "3:2" or "1:1"; got {aspect!r}.'
        )
    return int(match[1]), int(match[2])


def picture_renditions(
    image: ImageFieldFile, *, widths: tuple[int, ...], aspect: tuple[int, int] | None
) -> dict | None:
    """URLs and sizes of ``image``'s renditions, made now if they are not yet.

    What a picture needs is then kept in the cache under the source's name,
    which never changes for a stored file (``SafeImageField`` names are
    random), so showing it costs one cache read. None when the source file
    cannot be read: the page goes on without it.
    """
    cache = get_cache()
    key = (
        "october:picture:"
        + hashlib.sha256(f"{image.name}|{widths}|{aspect}".encode()).hexdigest()
    )
    renditions = cache.get(key)
    if renditions is None:
        try:
            renditions = _generate(image, widths, aspect)
        except OSError:
            logger.warning("Cannot make renditions of %s", image.name, exc_info=True)
            return None
        cache.set(key, renditions, settings.IMAGEKIT_CACHE_TIMEOUT)
    return renditions


def make_renditions(instance: models.Model) -> None:
    """Make every rendition the pages show of ``instance``'s images, unless
    they exist already."""
    for field in _rendition_fields(type(instance)):
        image = getattr(instance, field.attname)
        if not image:
            continue
        for widths, aspect in field.renditions:
            picture_renditions(image, widths=widths, aspect=aspect)


def renditions_on_save(sender, instance, raw=False, **kwargs):
    """Receiver for ``post_save``: make the renditions of a saved image once
    the transaction commits, in the editor's request rather than a reader's."""
    if raw or not _rendition_fields(sender):
        return
    transaction.on_commit(lambda: make_renditions(instance))


@functools.cache
def _rendition_fields(model) -> tuple["SafeImageField", ...]:
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, SafeImageField) and field.renditions
    )


def _generate(
    image: ImageFieldFile, widths: tuple[int, ...], aspect: tuple[int, int] | None
) -> dict:
    source_width, source_height = _source_size(image)
    if aspect:
        # The widest crop at this ratio that the original holds.
        largest = min(source_width, source_height * aspect[0] // aspect[1])
    else:
        largest = source_width
    chosen = sorted({w for w in widths if w < largest} | {min(max(widths), largest)})
    fallback_format = "PNG" if image.name.lower().endswith(".png") else "JPEG"
    webp, fallback = [], []
    for requested in chosen:
        if aspect:
            crop = round(requested * aspect[1] / aspect[0])
            size = (requested, crop)
        else:
            crop = None
            # The arithmetic of imagekit's ResizeToFit, to know the size
            # without opening the file.
            ratio = float(requested) / source_width
            size = (int(round(source_width * ratio)), int(round(source_height * ratio)))
        for image_format, found in (("WEBP", webp), (fallback_format, fallback)):
            rendition = Rendition(image, requested, crop, image_format)
            found.append((ImageCacheFile(rendition).url, *size))
    src, width, height = fallback[-1]
    return {
        "webp_srcset": _srcset(webp),
        "srcset": _srcset(fallback),
        "src": src,
        "width": width,
        "height": height,
    }


def _source_size(image: ImageFieldFile) -> tuple[int, int]:
    field, instance = image.field, image.instance
    if field.width_field and field.height_field:
        width = getattr(instance, field.width_field, None)
        height = getattr(instance, field.height_field, None)
        if width and height:
            return width, height
    return image.width, image.height


def _srcset(renditions: list[tuple[str, int, int]]) -> str:
    return ", ".join(f"{url} {width}w" for url, width, _height in renditions)


def image_fields(
    name: str, *, verbose_name, upload_to: str, help_text, renditions=()
) -> tuple[models.Field, models.Field, models.Field, models.Field]:
    """The image ``name`` (optional) with its alt text, width and height, to
    unpack into ``name, name_alt, name_width, name_height`` on a model.

    ``renditions`` lists the ``(widths, aspect)`` of every ``{% picture %}``
    that shows it, such as ``("160 320", "1:1")``: they are made when an
    image is saved, so no reader's page waits for them.
    """
    image = SafeImageField(
        verbose_name,
        upload_to=upload_to,
        renditions=renditions,
        blank=True,
        width_field=f"{name}_width",
        height_field=f"{name}_height",
        help_text=help_text,
    )
    alt = models.CharField(
        format_lazy(_("{image} description"), image=verbose_name),
        max_length=250,
        blank=True,
        help_text=format_lazy(
            _("What the {image} shows, for people who cannot see it."),
            image=verbose_name,
        ),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    return image, alt, width, height


def alt_text_required(image_field: str) -> models.CheckConstraint:
    """The database rule that an image never goes without alt text.

    Add it to ``Meta.constraints`` of a model with ``<image_field>`` and
    ``<image_field>_alt``.
    """
    return models.CheckConstraint(
        condition=models.Q(**{image_field: ""})
        | ~models.Q(**{f"{image_field}_alt": ""}),
        name=f"%(app_label)s_%(class)s_{image_field}_alt_required",
    )


def check_alt_text(instance: models.Model, image_field: str) -> None:
    """From ``Model.clean()``: the friendly form of ``alt_text_required``."""
    alt_field = f"{image_field}_alt"
    alt = (getattr(instance, alt_field) or "").strip()
    setattr(instance, alt_field, alt)
    if getattr(instance, image_field) and not alt:
        raise ValidationError(
            {
                alt_field: _(
                    "Describe the image for people who cannot see it, or "
                    "remove the image."
                )
            },
            code="alt_text_required",
        )


# The site's palette (october/static/october/site.css).
_PAPER = (251, 247, 239)
_RULE = (221, 210, 191)
_INK = (29, 26, 23)
_INK_SOFT = (79, 71, 64)
_RED = (164, 22, 26)
_KIND_LABELS = {
    "portrait": _("Portrait"),
    "event": _("Event"),
    "book": _("Book cover"),
    "guide": _("Reading guide"),
}


def placeholder_image(*, title: str, width: int, height: int, kind: str) -> ContentFile:
    """Draw a plainly labelled placeholder for an image the content lacks.

    ``kind`` is "portrait", "event", "book" or "guide" (others are shown as
    given). The result is a PNG ``ContentFile`` to save into a
    ``SafeImageField``: paper background, a red band naming the kind, the
    title, and "Placeholder image" so nobody takes it for the real thing.
    """
    image = Image.new("RGB", (width, height), _PAPER)
    draw = ImageDraw.Draw(image)
    unit = min(width, height)
    margin = max(unit // 12, 8)
    band = max(height // 9, 24)
    draw.rectangle((0, 0, width, band), fill=_RED)
    label = str(_KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()))
    label_font = ImageFont.load_default(size=max(band * 2 // 5, 10))
    draw.text(
        (margin, band // 2), label.upper(), font=label_font, fill=_PAPER, anchor="lm"
    )

    if kind == "portrait":
        # A head-and-shoulders outline, so a card still reads as a person.
        centre, top = width // 2, band + margin
        head = unit // 7
        draw.ellipse((centre - head, top, centre + head, top + 2 * head), fill=_RULE)
        shoulders = top + 2 * head + margin // 3
        draw.pieslice(
            (centre - 2 * head, shoulders, centre + 2 * head, shoulders + 4 * head),
            180,
            360,
            fill=_RULE,
        )
        text_top = shoulders + 2 * head + margin // 2
    else:
        text_top = band + margin * 2

    footer_font = ImageFont.load_default(size=max(unit // 22, 10))
    footer_top = height - margin - footer_font.size
    title_font, lines = _fit_title(
        title, width - 2 * margin, footer_top - text_top, unit
    )
    line_height = int(title_font.size * 1.25)
    block = line_height * len(lines)
    y = text_top + max((footer_top - text_top - block) // 2, 0)
    for line in lines:
        draw.text((width // 2, y), line, font=title_font, fill=_INK, anchor="ma")
        y += line_height

    draw.line(
        (margin, footer_top - margin // 2, width - margin, footer_top - margin // 2),
        fill=_RED,
        width=2,
    )
    draw.text(
        (width // 2, footer_top),
        str(_("Placeholder image")),
        font=footer_font,
        fill=_INK_SOFT,
        anchor="ma",
    )
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return ContentFile(
        output.getvalue(), name=f"{slugify(kind) or 'image'}-placeholder.png"
    )


def _fit_title(
    title: str, max_width: int, max_height: int, unit: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font, and the title wrapped in it, that fit the space."""
    size = max(unit // 9, 12)
    while True:
        font = ImageFont.load_default(size=size)
        average = max(font.getlength("abcdefghijklmnopqrstuvwxyz") / 26, 1)
        lines = textwrap.wrap(title, width=max(int(max_width / average), 1)) or [""]
        fits = all(font.getlength(line) <= max_width for line in lines)
        if (fits and len(lines) * size * 1.25 <= max_height) or size <= 10:
            return font, lines
        size -= 2
