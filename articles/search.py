"""Articles and interview episodes in site search.

An article is stemmed in its own language, so its headline is too. It is
also found by its authors' names and its tags. An
interview's episodes are found only while the interview itself is live.
"""

import functools
import operator

from django.contrib.postgres.search import SearchVector
from django.utils.translation import gettext_lazy as _

from articles.models import Article, InterviewEpisode, authorships_prefetch
from october.core.search import Related, SearchSource
from october.core.search_fields import QUERY_CONFIGS, language_config

article_source = SearchSource(
    kind="article",
    model=Article,
    snippet_fields=("standfirst", "body"),
    config=language_config("language"),
    query_configs=("english", "spanish", "simple"),
    language="language",
    related=(
        # An author's articles rank as if the query were in their titles.
        Related("authors", boost=1.0),
        # A tag is a subject the editors gave the article: it ranks it above
        # articles that only mention the words.
        Related(
            "tags",
            boost=0.5,
            names=functools.reduce(
                operator.add,
                [SearchVector("name", config=config) for config in QUERY_CONFIGS],
            ),
        ),
    ),
    for_display=lambda articles: articles.prefetch_related(authorships_prefetch()),
)


def live_episodes():
    return InterviewEpisode.objects.filter(article__in=Article.objects.live())


episode_source = SearchSource(
    kind="episode",
    model=InterviewEpisode,
    public=live_episodes,
    label=_("Interview answer"),
    plural=_("Interview answers"),
    title_field="question",
    snippet_fields=("answer_points",),
    language="article__language",
    query_configs=("english", "simple"),
    # One answer of an interview: never above a whole item that matches as well.
    rank_factor=0.5,
    for_display=lambda episodes: episodes.select_related("article"),
)
