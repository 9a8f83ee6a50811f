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

The renditions are imagekit files, made when the image is saved: each
``(widths, aspect)`` a template asks for must be among the field's
``renditions`` (``october.core.images.image_fields``). What a picture needs
(URLs and sizes) is kept in the cache, so rendering costs one cache read, no
query and no storage access.
"""

import logging

from django import template

from october.core.images import parse_aspect, parse_widths, picture_renditions

register = template.Library()
logger = logging.getLogger(__name__)

DEFAULT_SIZES = "(min-width: 50rem) 50vw, 100vw"
DEFAULT_WIDTHS = "320 640 960"


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
    try:
        wanted = parse_widths(widths), parse_aspect(aspect)
    except ValueError as error:
        raise template.TemplateSyntaxError(f"picture: {error}") from error
    declared = getattr(image.field, "renditions", ())
    if wanted not in declared:
        logger.warning(
            "%s has no renditions %s declared: the first reader makes them.",
            image.field,
            wanted,
        )
    renditions = picture_renditions(image, widths=wanted[0], aspect=wanted[1])
    if renditions is None:
        return {}
    return {
        **renditions,
        "alt": alt or "",
        "sizes": sizes,
        "css_class": css_class,
        "loading": loading,
    }
