"""``{% cachedfragment %}``: part of a page cached until the content changes.

For what whole-page caching cannot serve, such as a signed-in reader's page::

    {% load fragments %}
    {% cachedfragment "home-sections" view.today %}…{% endcachedfragment %}

Like Django's ``{% cache %}``, but keyed on the content version as well as the
values given, so any content change stales every fragment at once (see
``october.core.caching``), and kept for ``FRAGMENT_CACHE_SECONDS``; with 0 the
block is rendered every time and the cache is not touched. A fragment must
not hold anything particular to the reader or the request, such as a CSRF
token or the reader's name.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from october.core.caching import content_version

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        seconds = settings.FRAGMENT_CACHE_SECONDS
        if not seconds:
            return self.nodelist.render(context)
        vary_on = [content_version(), *(var.resolve(context) for var in self.vary_on)]
        key = make_template_fragment_key(self.name, vary_on)
        fragment = cache.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            cache.set(key, fragment, seconds)
        return fragment


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs a quoted fragment name, then the values it varies on."
        )
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return CachedFragmentNode(nodelist, bits[1][1:-1], vary_on)
