from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, InterviewEpisode
from guides.models import GuideEntry, ReadingGuide
from october.core.search import search
from october.tools.large_site import PREFIX, sizes_at
from people.models import Person
from reviews.models import Book, ReadingStatus, Review
from reviews.services import book_counters_recount
from tests.timeline.factories import make_event
from timeline.models import Event

SCALE = 0.001


def generate():
    out = StringIO()
    call_command("generate_large_site", scale=SCALE, verbosity=0, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_generated_site_is_live_searchable_and_its_book_figures_add_up():
    sizes = sizes_at(SCALE)

    generate()

    assert (
        Person.objects.live().filter(slug__startswith=PREFIX).count()
        == (sizes["people"])
    )
    assert (
        Event.objects.live().filter(slug__startswith=PREFIX).count()
        == (sizes["events"])
    )
    assert (
        Article.objects.live().filter(slug__startswith=PREFIX).count()
        == (sizes["articles"])
    )
    assert Book.objects.live().filter(slug__startswith=PREFIX).count() == sizes["books"]
    assert ReadingGuide.objects.live().count() == sizes["guides"]
    assert Review.objects.approved().count() == sizes["ratings"]
    assert Review.objects.public().count() == sizes["reviews"]
    assert ReadingStatus.objects.count() == sizes["shelves"]
    assert GuideEntry.objects.exists()
    assert Article.tags.through.objects.exists()
    if Article.objects.filter(kind=Article.Kind.INTERVIEW).exists():
        assert InterviewEpisode.objects.exists()
    # Every book's stored figures match its rows, as the services keep them.
    assert book_counters_recount() == []
    assert sum(Book.objects.values_list("ratings_count", flat=True)) == sizes["ratings"]
    assert search("revolution").total > 0
    person = Person.objects.filter(slug__startswith=PREFIX).first()
    cyrillic_surname = person.native_name.split()[-1]
    assert person in [result.object for result in search(cyrillic_surname).results]


@pytest.mark.django_db(transaction=True)
def test_generating_again_leaves_the_site_as_it_is():
    generate()
    articles = Article.objects.count()

    message = generate()

    assert "already here" in message
    assert Article.objects.count() == articles


@pytest.mark.django_db
def test_scale_must_be_positive():
    with pytest.raises(Exception, match="--scale"):
        call_command("generate_large_site", scale=0, verbosity=0)


@pytest.mark.django_db
def test_rebuild_search_index_recomputes_vectors_made_by_an_older_configuration():
    # An event: people are also looked up in Russian, whose configuration
    # stems English words with its own dictionary.
    make_event(title="Uritsky", summary="Led the insurrections.")
    assert search("insurrections").total == 1
    # The English configuration changes (here: it stops stemming) after the
    # vector was stored; the test's transaction undoes this afterwards.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TEXT SEARCH CONFIGURATION english "
            "ALTER MAPPING FOR asciiword WITH simple"
        )
    assert search("insurrections").total == 0

    out = StringIO()
    call_command("rebuild_search_index", verbosity=0, stdout=out)

    assert search("insurrections").total == 1
    assert "Recomputed" in out.getvalue()
