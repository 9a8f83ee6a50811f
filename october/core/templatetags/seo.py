"""``{% seo_head %}``: the page's title, description and everything search
engines and link previews read, from one place in base.html.

::

    {% load seo %}
    {% seo_head %}{% block title %}…{% endblock title %}
    {% seo_description %}{% block meta_description %}…{% endblock meta_description %}
    {% end_seo_head %}

The two parts are rendered once each, so the page's ``title`` and
``meta_description`` blocks also give the OpenGraph and Twitter card texts
and the JSON-LD. Everything else comes from ``october.core.seo.page_metadata``.
"""

from django import template
from django.utils.safestring import mark_safe

from october.core.seo import page_metadata

register = template.Library()


@register.tag
def seo_head(parser, token):
    title = parser.parse(("seo_description",))
    parser.delete_first_token()
    description = parser.parse(("end_seo_head",))
    parser.delete_first_token()
    return SeoHeadNode(title, description)


class SeoHeadNode(template.Node):
    # Lets {% extends %} find the blocks inside both parts.
    child_nodelists = ("title_nodelist", "description_nodelist")

    def __init__(self, title_nodelist, description_nodelist):
        self.title_nodelist = title_nodelist
        self.description_nodelist = description_nodelist

    def render(self, context):
        # Rendered blocks are already escaped; only the spacing is tidied.
        title = mark_safe(" ".join(self.title_nodelist.render(context).split()))
        description = mark_safe(
            " ".join(self.description_nodelist.render(context).split())
        )
        values = page_metadata(context, title=title, description=description)
        include = context.template.engine.get_template("includes/seo.html")
        return include.render(context.new(values))
