"""The rating stars are text (★ glyphs): WCAG 1.4.3 asks 4.5:1 against every
background they are shown on. axe-core does not judge them, since they sit
inside a role="img" wrapper, so the stylesheets' own colours are checked."""

import re

import pytest
from django.contrib.staticfiles import finders

MINIMUM = 4.5


def stylesheet(path):
    return open(finders.find(path), encoding="utf-8").read()


SITE_CSS = stylesheet("october/site.css")
REVIEWS_CSS = stylesheet("reviews/reviews.css")
VARIABLES = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", SITE_CSS))


def declared(css, selector, property_name):
    """The colour ``property_name`` has in the rule for ``selector``, with any
    ``var(--name)`` resolved from the site's custom properties."""
    rule = re.search(rf"(?:^|\n|\}})\s*{re.escape(selector)}\s*\{{([^}}]*)\}}", css)
    assert rule, f"no rule for {selector}"
    value = re.search(rf"(?:^|;|\s){property_name}:\s*([^;]+);", rule.group(1))
    assert value, f"{selector} sets no {property_name}"
    colour = value.group(1).strip()
    if match := re.fullmatch(r"var\((--[\w-]+)\)", colour):
        colour = VARIABLES[match.group(1)]
    if re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", colour), colour
    return colour


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# Where stars are shown: the page, the deeper panels, book and review cards,
# and a reader's own pending review.
BACKGROUNDS = [
    ("page", SITE_CSS, "body", "background"),
    ("panel", SITE_CSS, ":root", "--paper-deep"),
    ("card", SITE_CSS, ".card", "background"),
    ("review card", REVIEWS_CSS, ".review-card", "background"),
    ("pending review card", REVIEWS_CSS, ".review-card--pending", "background"),
]


# The glyphs, and the contrast each needs: rating stars are small text
# (4.5:1); the rating buttons' empty stars are 1.9rem, large text (3:1).
STARS = [
    (".stars__on", MINIMUM),
    (".rate__star--on", MINIMUM),
    (".rate__star", 3.0),
]


@pytest.mark.parametrize(("star_selector", "minimum"), STARS)
@pytest.mark.parametrize(
    ("where", "css", "selector", "property_name"),
    BACKGROUNDS,
    ids=[where for where, *_rest in BACKGROUNDS],
)
def test_stars_meet_wcag_text_contrast(
    star_selector, minimum, where, css, selector, property_name
):
    star = declared(REVIEWS_CSS, star_selector, "color")
    background = declared(css, selector, property_name)
    ratio = contrast(star, background)
    assert ratio >= minimum, (
        f"{star_selector} {star} on {where} {background}: {ratio:.2f}:1"
    )
