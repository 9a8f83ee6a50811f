"""Small pieces of the admin's lists."""

from django.contrib import admin
from django.utils.html import format_html

from october.core.images import picture_renditions


def thumbnail(image, *, width: int, aspect: tuple[int, int], circle: bool = False):
    """A ``width``-pixel preview of ``image`` cropped to ``aspect``, drawn
    from a rendition twice as wide for sharp screens; "—" when there is none."""
    height = round(width * aspect[1] / aspect[0])
    renditions = (
        picture_renditions(image, widths=(width * 2,), aspect=aspect) if image else None
    )
    if not renditions:
        return "—"
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" class="admin-thumbnail{}">',
        renditions["src"],
        width,
        height,
        " admin-thumbnail-round" if circle else "",
    )


def thumbnail_column(
    field_name: str,
    *,
    description,
    width: int,
    aspect: tuple[int, int],
    circle: bool = False,
):
    """A changelist column showing the image in ``field_name`` as a
    thumbnail, for ``list_display``::

        portrait_thumbnail = thumbnail_column(
            "portrait", description=_("portrait"), width=48, aspect=(1, 1)
        )
    """

    @admin.display(description=description)
    def column(model_admin, obj):
        return thumbnail(
            getattr(obj, field_name), width=width, aspect=aspect, circle=circle
        )

    column.__name__ = f"{field_name}_thumbnail"
    return column
