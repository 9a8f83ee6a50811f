"""Rich text: HTML written in the admin's editor, stored already sanitised.

Editors write articles, biographies and event descriptions with
django-prose-editor. Whatever reaches the database has been through
``sanitize_html``, an nh3 allowlist of article markup, so templates print it
with ``{{ obj.body|safe }}`` and no filter. ``plain_text`` gives the short,
markup-free excerpts that meta descriptions and cards need.

The editor's toolbar offers only what the allowlist keeps (``EDITOR_EXTENSIONS``
must stay a subset of ``ALLOWED_TAGS``), so nothing an editor makes in the
admin is silently thrown away on save.
"""

import html
import re

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import ProseEditorWidget

MAX_RICH_TEXT_CHARS = 200_000

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li",
        "strong", "em", "b", "i", "u", "s", "a", "sup", "sub", "hr",
        "figure", "figcaption", "cite", "q", "abbr", "code", "pre",
        "table", "thead", "tbody", "tr", "th", "td", "caption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

# Elements whose content is dropped along with the tag: their text is code,
# styling or fallback markup, never prose a reader should see.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "object",
        "embed", "svg", "math", "textarea", "select", "title", "xmp",
        "noembed", "noframes",
    }
)  # fmt: skip


def _drop_empty_attributes(tag: str, name: str, value: str) -> str | None:
    # The editor's link dialog writes title="" when the title is left blank.
    return value if value.strip() else None


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attribute_filter=_drop_empty_attributes,
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)
_text_only = nh3.Cleaner(
    tags=set(),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={},
    strip_comments=True,
)

# The toolbar: headings 2-4 (the page title is the h1), inline marks, links to
# web and mail addresses, quotations, lists, rules, tables and code.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Code": True,
    "CodeBlock": True,
}

# Block-level tags whose boundaries become spaces in plain text, so that
# "<p>One</p><p>Two</p>" reads "One Two" and not "OneTwo".
_BLOCK_BOUNDARY = re.compile(
    r"<(?=/?(?:p|br|hr|h[1-6]|li|ul|ol|blockquote|figure|figcaption|pre|div"
    r"|table|caption|tr|th|td|section|article)\b)",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")


def sanitize_html(value: str) -> str:
    """Return ``value`` reduced to the article allowlist, safe to print unescaped.

    Input longer than ``MAX_RICH_TEXT_CHARS`` is cut first, so a hostile
    megabyte never reaches the parser; forms reject such input before this.
    """
    if not value:
        return ""
    cleaned = _cleaner.clean(value[:MAX_RICH_TEXT_CHARS]).strip()
    # The editor saves an empty document as one empty paragraph.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


def plain_text(value: str, *, max_chars: int) -> str:
    """Return the words of ``value`` without markup, at most ``max_chars`` long.

    Meant for meta descriptions and cards. The result is plain text (entities
    decoded), so templates escape it as usual. It is cut at a word boundary
    with an ellipsis. Runs in linear time on any input, unlike Django's HTML
    truncation.
    """
    if not value or max_chars < 1:
        return ""
    # Only the opening words are needed: cutting the markup at fifty times
    # their length bounds the work on long or hostile input, far above the
    # ratio of markup to words in real articles.
    value = value[: min(max(max_chars * 50, 10_000), MAX_RICH_TEXT_CHARS)]
    text = html.unescape(_text_only.clean(_BLOCK_BOUNDARY.sub(" <", value)))
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    if " " in cut and not text[max_chars - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–—-") + "…"


def validate_rich_text_length(value: str) -> None:
    """Refuse text longer than ``MAX_RICH_TEXT_CHARS``, before anything parses it."""
    if value and len(value) > MAX_RICH_TEXT_CHARS:
        raise ValidationError(
            _(
                "This text is too long: %(length)s characters of HTML, and the "
                "limit is %(limit)s. Split it into several pieces."
            ),
            code="rich_text_too_long",
            params={
                "length": f"{len(value):,}",
                "limit": f"{MAX_RICH_TEXT_CHARS:,}",
            },
        )


class RichTextWidget(ProseEditorWidget):
    """django-prose-editor's editor with the site's toolbar, started without
    an inline import map.

    The package's own presets load their modules through an inline
    ``<script type="importmap">``, which the site's Content-Security-Policy
    (``script-src 'self'``) blocks. ``october/prose-editor.js`` instead imports
    the editor bundle from the URL the widget gives it (hashed in production,
    so a new version of the package is never served from a stale cache) and
    reads the same configuration.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs, config={"extensions": EDITOR_EXTENSIONS})

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                ]
            },
            js=[forms.Script("october/prose-editor.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        # The parent names the attribute after its preset; ours has its own
        # name so that the package's scripts, if present, leave it alone.
        config = widget_attrs.pop(f"data-django-prose-editor-{self.preset}")
        widget_attrs["data-october-prose-editor"] = config
        widget_attrs["data-october-prose-editor-module"] = static(
            "django_prose_editor/editor.js"
        )
        return context


class RichTextFormField(forms.CharField):
    """A form field for rich text: the editor widget and the length limit."""

    widget = RichTextWidget
    default_validators = [validate_rich_text_length]

    def __init__(self, **kwargs):
        # The admin offers its own textarea; the editor always replaces it.
        kwargs.pop("widget", None)
        super().__init__(**kwargs)


class RichTextField(models.TextField):
    """HTML written in the admin's editor, sanitised with ``sanitize_html`` on save.

    Sanitising happens in ``pre_save``, so ``save()``, ``create()`` and
    ``bulk_create()`` all store clean HTML. ``QuerySet.update()`` and raw
    fixture loading bypass it: they are for trusted, already clean content.
    """

    default_validators = [validate_rich_text_length]

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": RichTextFormField})
