from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# A person's page lists at most this many of their articles in each section.
PERSON_SECTION_LIMIT = 12


def _articles_by(person):
    from articles.models import Article

    return Article.objects.live().by_person(person).for_listing()[:PERSON_SECTION_LIMIT]


def _articles_about(person):
    from articles.models import Article

    return (
        Article.objects.live().about_person(person).for_listing()[:PERSON_SECTION_LIMIT]
    )


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from people.related import register_person_section

        register_person_section(
            key="articles_by",
            title=_("Articles, videos and interviews"),
            template_name="articles/includes/article_list_compact.html",
            items=_articles_by,
            order=20,
        )
        register_person_section(
            key="articles_about",
            title=_("Written about in"),
            template_name="articles/includes/article_list_compact.html",
            items=_articles_about,
            order=30,
        )
