"""Articles, videos, documentaries, book extracts and interviews.

One ``Article`` model holds them all, told apart by ``kind``. Interviews carry
ordered ``InterviewEpisode`` rows; articles may belong to a ``Series``.
Translations point at the article they translate (``translation_of``): an
original and its translations form one group, and each page of the group
offers the others ("Read this article in: Español").
"""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.embeds import EMBED_URL_REGEX, EmbedURLField, video_url_at
from october.core.history import ContentHistory
from october.core.images import alt_text_required, check_alt_text, image_fields
from october.core.publishing import Publishable, PublishableQuerySet
from october.core.richtext import MAX_RICH_TEXT_CHARS, RichTextField, plain_text
from october.core.search_fields import (
    Part,
    language_config,
    search_vector_field,
    search_vector_index,
)

WORDS_PER_MINUTE = 220


class Series(models.Model):
    title = models.CharField(
        _("title"), max_length=200, help_text=_('e.g. "The 1917 centenary".')
    )
    slug = models.SlugField(
        _("slug"),
        max_length=140,
        unique=True,
        help_text=_("The last part of the series page's address."),
    )
    description = models.TextField(
        _("description"),
        max_length=1000,
        blank=True,
        help_text=_("One or two sentences of plain text for the series page."),
    )

    history = ContentHistory()

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:series", kwargs={"slug": self.slug})


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What cards and feeds show: series, ordered authors, interviewees
        and tags, in a fixed number of queries however many articles."""
        return self.select_related("series").prefetch_related(
            authorships_prefetch(), "interviewees", "tags"
        )

    def by_person(self, person):
        """Articles ``person`` wrote, and interviews they gave.

        One ``IN`` over the union of both links: an ``OR`` of two subqueries
        makes PostgreSQL walk every live article to test each one.
        """
        written = ArticleAuthor.objects.filter(person=person).order_by()
        interviewed = Article.interviewees.through.objects.filter(person=person)
        return self.filter(
            pk__in=written.values("article").union(interviewed.values("article"))
        )

    def about_person(self, person):
        """Articles that list ``person`` among the people they discuss."""
        return self.filter(
            pk__in=Article.people.through.objects.filter(person=person).values(
                "article"
            )
        )

    def language_first(self, language):
        """Articles written in ``language`` first, then the rest, each newest
        first: the order of article lists in the Spanish and Russian
        interfaces, where most articles are in English."""
        return self.alias(
            other_language=Case(
                When(language=language, then=Value(0)),
                default=Value(1),
                output_field=models.IntegerField(),
            )
        ).order_by("other_language", "-publish_at", "-pk")

    def in_series_order(self):
        """A series' articles by their position in it, unpositioned ones last."""
        return self.order_by(
            F("series_position").asc(nulls_last=True), "-publish_at", "-pk"
        )


def authorships_prefetch():
    """Prefetch an article's authors in their byline order, with the people."""
    return Prefetch(
        "authorships",
        queryset=ArticleAuthor.objects.select_related("person"),
    )


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    VIDEO = "video", _("Video")
    DOCUMENTARY = "documentary", _("Documentary")
    EXTRACT = "extract", _("Book extract")
    INTERVIEW = "interview", _("Interview")


# The kinds that may carry a video (Article.embed_url).
VIDEO_KINDS = (Kind.VIDEO, Kind.DOCUMENTARY, Kind.INTERVIEW)


class Article(Publishable):
    Kind = Kind
    VIDEO_KINDS = VIDEO_KINDS

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.ARTICLE,
        help_text=_(
            "Videos, documentaries and interviews may carry a video; "
            "interviews have episodes."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    standfirst = models.TextField(
        _("standfirst"),
        max_length=800,
        blank=True,
        help_text=_(
            "One to three sentences of plain text under the title, also shown "
            "on cards and in feeds."
        ),
    )
    body = RichTextField(_("body"), blank=True)
    authors = models.ManyToManyField(
        "people.Person",
        through="articles.ArticleAuthor",
        related_name="articles_written",
        blank=True,
        verbose_name=_("authors"),
    )
    interviewees = models.ManyToManyField(
        "people.Person",
        related_name="interviews_given",
        blank=True,
        verbose_name=_("interviewees"),
        help_text=_("For interviews: the people who answer the questions."),
    )
    series = models.ForeignKey(
        "articles.Series",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("series"),
    )
    series_position = models.PositiveSmallIntegerField(
        _("position in the series"),
        null=True,
        blank=True,
        help_text=_(
            "1 for the first part. Articles without a position, or sharing "
            "one, follow newest first."
        ),
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        blank=True,
        help_text=_("Comma-separated, e.g. “women, soviets, Lenin”."),
    )
    language = models.CharField(
        _("language"),
        max_length=7,
        choices=settings.CONTENT_LANGUAGES,
        default="en",
        help_text=_("The language the article is written in."),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_(
            "For a translation: the original article. Every article of the "
            "group then offers the others to its readers."
        ),
    )
    events = models.ManyToManyField(
        "timeline.Event",
        related_name="articles",
        blank=True,
        verbose_name=_("related events"),
    )
    people = models.ManyToManyField(
        "people.Person",
        related_name="articles_about",
        blank=True,
        verbose_name=_("people discussed"),
        help_text=_("The article is listed on these people's pages."),
    )
    period = models.ForeignKey(
        "timeline.Period",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("period"),
        help_text=_("The stage of 1917 the article is about, for the filters."),
    )
    hero_image, hero_image_alt, hero_image_width, hero_image_height = image_fields(
        "hero_image",
        verbose_name=_("image"),
        upload_to="articles",
        # Cards, and the article's own page.
        renditions=[("320 640", "16:9"), ("640 960 1280", None)],
        help_text=_("A JPEG, PNG or WebP image, ideally wide (16:9)."),
    )
    original_publication = models.CharField(
        _("original publication"),
        max_length=250,
        blank=True,
        help_text=_('For republished texts, e.g. "First published in 1992."'),
    )
    embed_url = EmbedURLField(
        _("video address"),
        blank=True,
        help_text=_(
            "For videos, documentaries and interviews: the address of the "
            "video on YouTube or Vimeo, as your browser shows it."
        ),
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=0, editable=False
    )
    # Stemmed in the article's own language (English, Spanish, else none).
    search_vector = search_vector_field(
        Part(("title",), "A", language_config("language")),
        Part(("standfirst",), "B", language_config("language")),
        Part(("body",), "C", language_config("language")),
    )

    objects = ArticleQuerySet.as_manager()
    # Each version keeps the byline (in order), the people and events and,
    # through ContentHistory, the tags, so a revert restores them exactly.
    history = ContentHistory(m2m_fields=["authors", "interviewees", "events", "people"])

    class Meta(Publishable.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-pk"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["-publish_at", "-id"], name="articles_article_newest"),
            models.Index(
                fields=["series", "series_position"],
                name="articles_article_series",
            ),
            search_vector_index("articles_article"),
        ]
        constraints = [
            alt_text_required("hero_image"),
            models.CheckConstraint(
                condition=Q(embed_url="") | Q(embed_url__regex=EMBED_URL_REGEX),
                name="articles_article_embed_url_allowlisted",
                violation_error_message=_(
                    "Videos can only come from YouTube or Vimeo."
                ),
            ),
            models.CheckConstraint(
                condition=Q(embed_url="") | Q(kind__in=VIDEO_KINDS),
                name="articles_article_embed_only_for_videos",
                violation_error_message=_(
                    "Only videos, documentaries and interviews carry a video."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=F("pk")),
                name="articles_article_not_own_translation",
                violation_error_message=_("An article cannot translate itself."),
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="articles_article_one_translation_per_language",
                violation_error_message=_(
                    "This article already has a translation in that language."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        words = len(plain_text(self.body, max_chars=MAX_RICH_TEXT_CHARS).split())
        self.reading_minutes = math.ceil(words / WORDS_PER_MINUTE)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        check_alt_text(self, "hero_image")
        errors = {}
        if self.embed_url and self.kind not in self.VIDEO_KINDS:
            errors["embed_url"] = _(
                "Only videos, documentaries and interviews carry a video. "
                "Change the kind or remove the address."
            )
        original = self.translation_of
        if original is not None:
            if original.pk == self.pk:
                errors["translation_of"] = _("An article cannot translate itself.")
            elif original.translation_of_id is not None:
                errors["translation_of"] = _(
                    "“%(title)s” is itself a translation; choose its original, "
                    "“%(original)s”."
                ) % {"title": original, "original": original.translation_of}
            elif self.pk and self.translations.exists():
                errors["translation_of"] = _(
                    "Other articles are translations of this one, so it is an "
                    "original and cannot be a translation itself."
                )
            elif original.language == self.language:
                errors["language"] = _(
                    "A translation is in another language than its original."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_video(self):
        return self.kind in self.VIDEO_KINDS

    @property
    def ordered_authors(self):
        """The authors in byline order (prefetch with ``for_listing()``)."""
        return [authorship.person for authorship in self.authorships.all()]

    @property
    def credited(self):
        """Whom the article is by: its authors in byline order, then for an
        interview its interviewees (prefetch with ``for_listing()``)."""
        people = [*self.ordered_authors, *self.interviewees.all()]
        return list({person.pk: person for person in people}.values())

    @property
    def summary(self):
        """Plain text for cards, feeds and meta descriptions."""
        return self.standfirst or plain_text(self.body, max_chars=300)

    @property
    def language_name(self):
        """The article's language, named in that language ("Español")."""
        name = get_language_info(self.language)["name_local"]
        return name[:1].upper() + name[1:]

    def translation_group(self):
        """The articles of this one's translation group, itself included.

        Reads ``translation_of`` and the original's ``translations``, so a
        page that prefetches them (live ones only, for the public) costs no
        further query.
        """
        original = self.translation_of or self
        return [original, *original.translations.all()]

    def video_url_at(self, seconds):
        return video_url_at(self.embed_url, seconds) if self.embed_url else ""


class ArticleAuthor(models.Model):
    """One author of an article, in the order the byline names them."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="authorships",
        verbose_name=_("article"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="article_authorships",
        verbose_name=_("author"),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Authors are named from low to high.")
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["order", "pk"]
        # A person's articles (their page, and search for their name) read
        # from the index alone.
        indexes = [
            models.Index(fields=["person", "article"], name="articles_author_by_person")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"],
                name="articles_articleauthor_once_per_article",
                violation_error_message=_("This person is already an author."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.article})"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class InterviewEpisode(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="episodes",
        verbose_name=_("interview"),
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("Episodes are shown from 1 upwards.")
    )
    question = models.CharField(_("question"), max_length=500)
    answer_points = models.TextField(
        _("answer points"),
        max_length=5000,
        help_text=_("The points of the answer, one per line."),
    )
    video_start = models.PositiveIntegerField(
        _("video starts at (seconds)"),
        null=True,
        blank=True,
        help_text=_(
            "Where the answer begins in the interview's video, in seconds "
            "(12:30 is 750)."
        ),
    )
    # A generated column cannot read the interview's language, so episodes
    # are stemmed as English and also indexed unstemmed for other languages.
    search_vector = search_vector_field(
        Part(("question",), "A"),
        Part(("answer_points",), "C"),
        Part(("question", "answer_points"), "D", "simple"),
    )

    history = ContentHistory()

    class Meta:
        verbose_name = _("interview episode")
        verbose_name_plural = _("interview episodes")
        ordering = ["article", "number"]
        indexes = [search_vector_index("articles_episode")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"],
                name="articles_episode_unique_number",
                violation_error_message=_(
                    "This interview already has an episode with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="articles_episode_number_from_one",
                violation_error_message=_("Episodes are numbered from 1."),
            ),
        ]

    def __str__(self):
        return f"{self.article} #{self.number}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def clean(self):
        super().clean()
        article = getattr(self, "article", None)
        if article is not None and article.kind != Article.Kind.INTERVIEW:
            raise ValidationError(
                _("Only interviews have episodes. Change the article's kind first.")
            )

    @property
    def anchor(self):
        return f"episode-{self.number}"

    @property
    def points(self):
        return _lines(self.answer_points)

    @property
    def start_display(self):
        """The start time as a clock shows it: "4:05", "1:02:03"."""
        if self.video_start is None:
            return ""
        hours, rest = divmod(self.video_start, 3600)
        minutes, seconds = divmod(rest, 60)
        if hours:
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return f"{minutes}:{seconds:02d}"

    @property
    def video_url(self):
        if self.video_start is None:
            return ""
        return self.article.video_url_at(self.video_start)
