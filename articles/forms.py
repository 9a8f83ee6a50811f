from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Kind, Series
from people.models import Person
from timeline.models import Period

# Slugs, including the Unicode ones django-taggit makes for tags ("revolución").
validate_slug_text = RegexValidator(
    r"^[-\w]+\Z", message=_("Not a valid name."), code="invalid_slug"
)


# The article list's series menu offers the newest this many.
SERIES_OFFERED = 12


def _is_slug(value: str) -> bool:
    try:
        validate_slug_text(value)
    except forms.ValidationError:
        return False
    return len(value) <= 140


class SlugLookupField(forms.CharField):
    """A slug typed into an address; the form turns it into an object."""

    default_validators = [validate_slug_text]

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=140, **kwargs)


class ArticleFilterForm(forms.Form):
    """The filters of the article list, from the query string.

    Every value must name something that exists: a kind or language from
    the choices, a period or series by slug, a tag by slug, a live person by
    slug. Anything else leaves the form invalid and the view answers 400.
    Parameters the form does not know (``page``, tracking tags) are ignored.
    Cleaned values are model instances (or ""), ready to filter with.
    """

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Kind.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *settings.CONTENT_LANGUAGES],
    )
    period = forms.ChoiceField(label=_("Period"), required=False)
    series = forms.ChoiceField(label=_("Series"), required=False)
    tag = SlugLookupField(label=_("Tag"), widget=forms.HiddenInput)
    author = SlugLookupField(label=_("Author"), widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods_by_slug = {period.slug: period for period in Period.objects.all()}
        self.series_by_slug = self._series_offered()
        self.fields["period"].choices = [
            ("", _("All periods")),
            *((slug, period.title) for slug, period in self.periods_by_slug.items()),
        ]
        self.fields["series"].choices = [
            ("", _("All series")),
            *((slug, series.title) for slug, series in self.series_by_slug.items()),
        ]

    def _series_offered(self) -> dict:
        """The newest series and the one asked for, by slug and title.

        The menu stays short however many series there are (the large site
        has hundreds); a series further back is still accepted by its slug,
        and has its own page.
        """
        newest = Series.objects.order_by("-pk")[:SERIES_OFFERED]
        series = {item.slug: item for item in newest}
        wanted = self.data.get("series", "") if self.is_bound else ""
        if wanted and wanted not in series and _is_slug(wanted):
            if found := Series.objects.filter(slug=wanted).first():
                series[found.slug] = found
        return dict(sorted(series.items(), key=lambda pair: pair[1].title))

    def clean_period(self):
        return self.periods_by_slug.get(self.cleaned_data["period"], "")

    def clean_series(self):
        return self.series_by_slug.get(self.cleaned_data["series"], "")

    def clean_tag(self):
        slug = self.cleaned_data["tag"]
        if not slug:
            return ""
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise forms.ValidationError(_("There is no such tag."), code="unknown")
        return tag

    def clean_author(self):
        slug = self.cleaned_data["author"]
        if not slug:
            return ""
        person = Person.objects.live().filter(slug=slug).first()
        if person is None:
            raise forms.ValidationError(_("There is no such author."), code="unknown")
        return person

    def filter(self, articles):
        """``articles`` narrowed by the cleaned filters (call when valid)."""
        data = self.cleaned_data
        if data["kind"]:
            articles = articles.filter(kind=data["kind"])
        if data["language"]:
            articles = articles.filter(language=data["language"])
        if data["period"]:
            articles = articles.filter(period=data["period"])
        if data["series"]:
            articles = articles.filter(series=data["series"])
        if data["tag"]:
            articles = articles.filter(tags__in=[data["tag"]])
        if data["author"]:
            articles = articles.by_person(data["author"])
        return articles

    def querystring(self):
        """The filters given, as a query string for pagination links."""
        return urlencode(
            [(name, self.data[name]) for name in self.fields if self.data.get(name)]
        )
