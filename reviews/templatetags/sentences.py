"""Sentences built from parts: {% load sentences %}, then ``text|end_sentence``."""

from django import template

register = template.Library()

SENTENCE_ENDS = ".!?…"


@register.filter(is_safe=True)
def end_sentence(text):
    """``text`` with a full stop, unless it ends a sentence already: a
    moderator's note "Cite the pages." must not become "pages.."."""
    text = str(text).rstrip()
    if not text or text[-1] in SENTENCE_ENDS:
        return text
    return f"{text}."
