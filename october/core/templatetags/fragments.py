"""``{% cachedfragment %}``: part of a page cached until what it shows changes.

For what whole-page caching cannot serve, such as a signed-in reader's page,
and for the parts of a page that outlive the rest (the home page's sections
when a rating moves its favourite book)::

    {% load fragments %}
    {% cachedfragment "home-sections" view.today %}…{% endcachedfragment %}

Like Django's ``{% cache %}``, keyed on the name, the interface language and
the values given, but stored with the tags of what it showed (see
``october.core.caching``): a save drops the fragments that show what it
changed and no others. ``depends=`` names more tags it shows (a list view's
``list_fragment.tags``, see ``CachedListMixin``); a value it varies on that
is missing or None renders the block without keeping it. Kept for
``FRAGMENT_CACHE_SECONDS``; with 0 the block is rendered every time and the
cache is not touched. A fragment must not
hold anything particular to the reader or the request, such as a CSRF token
or the reader's name.
"""

from django import template

from october.core.caching import cached_fragment

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, depends=None):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.depends = depends

    def render(self, context):
        return cached_fragment(
            self.name,
            [var.resolve(context, ignore_failures=True) for var in self.vary_on],
            lambda: self.nodelist.render(context),
            self.depends.resolve(context) or () if self.depends else (),
        )


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs a quoted fragment name, then the values it varies on."
        )
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    depends = None
    if bits[-1].startswith("depends="):
        depends = parser.compile_filter(bits.pop()[len("depends=") :])
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return CachedFragmentNode(nodelist, bits[1][1:-1], vary_on, depends)
