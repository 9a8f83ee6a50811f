"""``{% picture %}``: a responsive ``<picture>`` for a stored image.

::

    {% load images %}
    {% picture person.portrait person.portrait_alt widths="160 320" aspect="1:1" %}
    {% picture event.image event.image_alt loading="eager" %}

Renders a WebP ``<source>`` and a JPEG (PNG for PNG originals) ``<img>``, each
with a ``srcset`` of the requested widths that are not wider than the
original, and the ``width``/``height`` of the largest rendition so the page
does not jump as images arrive. ``aspect="3:2"`` crops to that ratio. An empty
image renders nothing.

The renditions are imagekit files, generated on first use. What a picture
needs (URLs and sizes) is then kept in the cache under the source's name,
which never changes for a stored file (``SafeImageField`` names are random),
so rendering costs one cache read, no query and no storage access.
"""

import hashlib
import logging
import re

from django import template
from django.conf import settings
from django.db.models.fields.files import ImageFieldFile
from imagekit.cachefiles import ImageCacheFile
from imagekit.utils import get_cache

from october.core.images import Rendition

register = template.Library()
logger = logging.getLogger(__name__)

DEFAULT_SIZES = "(min-width: 50rem) 50vw, 100vw"
DEFAULT_WIDTHS = "320 640 960"
MAX_WIDTH = 4000
_ASPECT = re.compile(r"^\s*(\d{1,3})\s*:\s*(\d{1,3})\s*$")


@register.inclusion_tag("includes/picture.html")
def picture(
    image,
    alt,
    *,
    sizes=DEFAULT_SIZES,
    widths=DEFAULT_WIDTHS,
    css_class="",
    loading="lazy",
    aspect="",
):
    """Render ``image`` (an image field's value) as a responsive ``<picture>``.

    ``alt`` is required: pass the image's alt text, or "" for an image that
    is only decoration. ``loading="eager"`` (with ``fetchpriority="high"``) is
    for the one image at the top of a page; everything else loads lazily.
    """
    if loading not in ("lazy", "eager"):
        raise template.TemplateSyntaxError('picture: loading is "lazy" or "eager".')
    if not image:
        return {}
    renditions = picture_renditions(
        image, widths=_parse_widths(widths), aspect=_parse_aspect(aspect)
    )
    if renditions is None:
        return {}
    return {
        **renditions,
        "alt": alt or "",
        "sizes": sizes,
        "css_class": css_class,
        "loading": loading,
    }


def picture_renditions(
    image: ImageFieldFile, *, widths: tuple[int, ...], aspect: tuple[int, int] | None
) -> dict | None:
    """URLs and sizes of ``image``'s renditions, from the cache when known.

    None when the source file cannot be read: the page goes on without it.
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


def _parse_widths(widths) -> tuple[int, ...]:
    items = widths.split() if isinstance(widths, str) else widths
    try:
        parsed = tuple(sorted({int(item) for item in items}))
    except (TypeError, ValueError):
        parsed = ()
    if not parsed or parsed[0] < 1 or parsed[-1] > MAX_WIDTH:
        raise template.TemplateSyntaxError(
            f"picture: widths are whole numbers of pixels up to {MAX_WIDTH}, "
            f'such as "320 640 960"; got {widths!r}.'
        )
    return parsed


def _parse_aspect(aspect) -> tuple[int, int] | None:
    if not aspect:
        return None
    match = _ASPECT.match(str(aspect))
    if not match or int(match[1]) == 0 or int(match[2]) == 0:
        raise template.TemplateSyntaxError(
            f'picture: aspect is a ratio such as "3:2" or "1:1"; got {aspect!r}.'
        )
    return int(match[1]), int(match[2])
