import time
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import models
from django.test.utils import isolate_apps
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from hypothesis import given, settings
from hypothesis import strategies as st

from october.core.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    EDITOR_EXTENSIONS,
    MAX_RICH_TEXT_CHARS,
    RichTextField,
    RichTextFormField,
    RichTextWidget,
    plain_text,
    sanitize_html,
)

HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    '<a href="&#0000106&#0000097vascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href="java\nscript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="position:fixed;inset:0">cover</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p onclick="alert(1)" onmouseover="alert(1)">events</p>',
    '<form action="https://evil.example"><input name=x><button>Go</button></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>body{display:none}</style>",
    "<b><i><a href='https://ok.example'>never closed",
    "<p><p><p><blockquote><ul><li><li></ul>",
    "<<script>alert(1)//<</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="https://ok.example" target="_blank" rel="opener">x</a>',
    "<!--<script>alert(1)</script>--><p>after</p>",
    '<template><img src=x onerror="alert(1)"></template>',
    "<table><tr><td background=javascript:alert(1)>cell</td></tr></table>",
    '<abbr title="x" onfocus="alert(1)" tabindex=1>ABBR</abbr>',
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.comments = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.comments.append(data)


def parse(html):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def assert_only_allowed_markup(html):
    parsed = parse(html)
    assert parsed.comments == []
    for tag, attrs in parsed.elements:
        assert tag in ALLOWED_TAGS
        for name, value in attrs.items():
            if tag == "a" and name == "rel":
                assert value == "noopener noreferrer"
                continue
            assert name in ALLOWED_ATTRIBUTES.get(tag, set())
            if name == "href":
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in ALLOWED_URL_SCHEMES or scheme == ""


@pytest.mark.parametrize("hostile", HOSTILE_HTML)
def test_nothing_executable_survives_sanitising(hostile):
    cleaned = sanitize_html(hostile)

    assert_only_allowed_markup(cleaned)
    lowered = cleaned.lower()
    for needle in ("<script", "javascript:", "vbscript:", "data:", "onerror", "style="):
        assert needle not in lowered


@pytest.mark.parametrize("hostile", HOSTILE_HTML)
def test_sanitising_is_stable(hostile):
    once = sanitize_html(hostile)
    assert sanitize_html(once) == once


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["<", ">", "/", "=", '"', "'", "&", "#", ";", " ", "\t", "a", "p", "x"]
            + ["script", "svg", "img", "href", "on", "javascript:", "style", "!--"]
        ),
        max_size=60,
    ).map("".join)
)
def test_arbitrary_markup_comes_out_allowlisted(markup):
    assert_only_allowed_markup(sanitize_html(markup))


def test_article_markup_is_kept():
    article = (
        "<h2>The July Days</h2>"
        "<p>On <strong>3 July</strong> the <em>machine-gunners</em> marched; see "
        '<a href="https://example.org/july" title="Source">the report</a>, '
        '<a href="/people/lenin/">Lenin</a> and <a href="mailto:ed@example.org">us</a>.'
        "</p>"
        "<blockquote><p>All power to the Soviets!</p></blockquote>"
        '<ol start="3"><li>one</li><li>two</li></ol>'
        "<figure><blockquote><p>Quoted</p></blockquote>"
        "<figcaption><cite>Pravda</cite></figcaption></figure>"
        '<table><thead><tr><th colspan="2">Votes</th></tr></thead>'
        '<tbody><tr><td rowspan="1">Bolsheviks</td><td>24%</td></tr></tbody></table>'
        '<p>H<sub>2</sub>O, x<sup>2</sup>, <abbr title="Social-Democrats">SD</abbr>, '
        "<q>bread</q>, <u>u</u>, <s>s</s>, <code>c</code></p><hr><pre>pre</pre>"
    )

    cleaned = sanitize_html(article)

    assert cleaned == article.replace(
        '">the report', '" rel="noopener noreferrer">the report'
    ).replace('/">Lenin', '/" rel="noopener noreferrer">Lenin').replace(
        'org">us', 'org" rel="noopener noreferrer">us'
    )


def test_links_get_noopener_noreferrer_and_lose_their_target():
    cleaned = sanitize_html('<a href="https://x.example" target=_blank>x</a>')

    assert cleaned == '<a href="https://x.example" rel="noopener noreferrer">x</a>'


def test_empty_attributes_are_dropped():
    assert sanitize_html('<a href="https://x.example" title="">x</a>') == (
        '<a href="https://x.example" rel="noopener noreferrer">x</a>'
    )


def test_headings_outside_the_allowlist_keep_only_their_text():
    assert sanitize_html("<h1>Title</h1><h5>Small</h5>") == "TitleSmall"


def test_comments_are_stripped():
    assert sanitize_html("<p>a<!-- secret -->b</p>") == "<p>ab</p>"


def test_an_empty_editor_document_is_stored_as_empty():
    assert sanitize_html("<p></p>") == ""
    assert sanitize_html("") == ""


def test_sanitising_cuts_overlong_input_before_parsing():
    started = time.perf_counter()
    cleaned = sanitize_html("<b>" * 1_000_000)
    assert time.perf_counter() - started < 2
    assert cleaned.count("<b>") <= MAX_RICH_TEXT_CHARS // 3


def test_overlong_text_is_refused_with_a_clear_message():
    field = RichTextField()

    with pytest.raises(ValidationError) as error:
        field.clean("x" * (MAX_RICH_TEXT_CHARS + 1), None)

    assert error.value.messages == [
        "This text is too long: 200,001 characters of HTML, and the limit is "
        "200,000. Split it into several pieces."
    ]


def test_form_field_refuses_overlong_text_before_anything_parses_it():
    form_field = RichTextFormField(required=False)

    with pytest.raises(ValidationError):
        form_field.clean("<p>" + "x" * MAX_RICH_TEXT_CHARS + "</p>")
    assert form_field.clean("<p>fine</p>") == "<p>fine</p>"


def test_field_sanitises_on_save():
    field = RichTextField()
    field.set_attributes_from_name("body")
    instance = SimpleNamespace(body='<p onclick="x()">Hi<script>x()</script></p>')

    value = field.pre_save(instance, add=True)

    assert value == "<p>Hi</p>"
    assert instance.body == "<p>Hi</p>"


def test_field_stores_empty_text_for_none():
    field = RichTextField(null=True)
    field.set_attributes_from_name("body")
    instance = SimpleNamespace(body=None)

    assert field.pre_save(instance, add=False) == ""


def test_queries_are_not_sanitised():
    field = RichTextField()

    assert field.get_prep_value("<script>") == "<script>"


def test_field_deconstructs_for_migrations():
    field = RichTextField("body", blank=True, help_text="Help")
    _name, path_, args, kwargs = field.deconstruct()

    assert path_ == "october.core.richtext.RichTextField"
    assert args == []
    assert kwargs == {"verbose_name": "body", "blank": True, "help_text": "Help"}


@isolate_apps("october")
def test_admin_edits_rich_text_with_the_editor():
    class Page(models.Model):
        body = RichTextField(blank=True)

        class Meta:
            app_label = "october"

        def __str__(self):
            return "page"

    model_admin = admin.ModelAdmin(Page, admin.site)
    form_field = model_admin.formfield_for_dbfield(
        Page._meta.get_field("body"), request=None
    )

    assert isinstance(form_field, RichTextFormField)
    assert isinstance(form_field.widget, RichTextWidget)


def test_toolbar_offers_only_what_the_sanitiser_keeps():
    allowlist = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))

    assert set(allowlist["tags"]) <= ALLOWED_TAGS
    # The editor's link dialog has no "new window" option, and rel is set
    # by the sanitiser; list type attributes are not used.
    produced = {
        (tag, name) for tag, names in allowlist["attributes"].items() for name in names
    } - {("a", "rel"), ("a", "target"), ("ol", "type"), ("ol", "data-type")}
    allowed = {
        (tag, name) for tag, names in ALLOWED_ATTRIBUTES.items() for name in names
    }
    assert produced <= allowed
    assert {"h2", "h3", "h4", "strong", "em", "a", "blockquote", "ul", "ol"} <= set(
        allowlist["tags"]
    )
    assert not {"h1", "img", "span", "div"} & set(allowlist["tags"])


def test_widget_loads_the_editor_without_an_inline_import_map():
    widget = RichTextWidget()

    media = str(widget.media)
    html = widget.render("body", "<p>Hi</p>")

    assert "importmap" not in media
    assert '<script src="/static/october/prose-editor.js" type="module">' in media
    assert "django_prose_editor/editor.css" in media
    assert "data-october-prose-editor=" in html
    assert "&quot;Heading&quot;:{&quot;levels&quot;:[2,3,4]}" in html
    assert "data-django-prose-editor" not in html


def test_editor_script_is_given_the_editor_bundle():
    html = RichTextWidget().render("body", "")

    assert (
        'data-october-prose-editor-module="/static/django_prose_editor/editor.js"'
        in html
    )
    assert finders.find("django_prose_editor/editor.js")
    assert finders.find("october/prose-editor.js")


def test_plain_text_drops_markup_and_decodes_entities():
    html = (
        "<h2>Bread &amp; peace</h2><p>All <strong>power</strong></p>"
        "<p>to the&nbsp;Soviets</p><script>alert(1)</script><style>p{}</style>"
    )

    assert plain_text(html, max_chars=200) == "Bread & peace All power to the Soviets"


def test_plain_text_keeps_escaped_markup_as_text():
    assert plain_text("<p>1 &lt; 2 &lt;b&gt;</p>", max_chars=50) == "1 < 2 <b>"


def test_plain_text_is_cut_at_a_word_with_an_ellipsis():
    html = "<p>Peace, land and bread for all the peoples of Russia</p>"

    excerpt = plain_text(html, max_chars=24)

    assert excerpt == "Peace, land and bread…"
    assert len(excerpt) <= 24


def test_plain_text_of_nothing_is_empty():
    assert plain_text("", max_chars=10) == ""
    assert plain_text("<p> </p>", max_chars=10) == ""


def test_plain_text_is_fast_on_hostile_input():
    hostile = "<a " + 'x="' * 200_000 + "<div>" * 200_000

    started = time.perf_counter()
    plain_text(hostile, max_chars=160)

    assert time.perf_counter() - started < 1
