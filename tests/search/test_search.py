from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

import october.core.search
from october.core.publishing import Status
from october.core.search import (
    MARK_START,
    MARK_STOP,
    MAX_QUERY_LENGTH,
    clean_query,
    highlight,
    search,
)
from reviews.models import Book, Review
from tests.articles.factories import make_article, make_episode
from tests.guides.factories import make_guide
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_review
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db


def make_trotsky(**overrides):
    fields = {
        "display_name": "Leon Trotsky",
        "full_name": "Lev Davidovich Trotsky",
        "birth_name": "Lev Davidovich Bronstein",
        "native_name": "Лев Давидович Троцкий",
        "alternative_names": "Trotskii\nTrotzki",
        "summary": "Organiser of the insurrection and of the Red Army.",
    }
    fields.update(overrides)
    return make_person(**fields)


def found(query, **options):
    return [result.object for result in search(query, **options).results]


@pytest.mark.parametrize(
    "query",
    ["Trotsky", "trotsky", "Троцкий", "Trotskii", "Trotzki", "Bronstein", "Lev"],
)
def test_every_stored_spelling_and_script_finds_the_person(query):
    trotsky = make_trotsky()
    make_person(display_name="Grigory Zinoviev")

    assert found(query) == [trotsky]


def test_cyrillic_query_highlights_the_native_spelling():
    make_trotsky()

    (result,) = search("Троцкий").results

    assert "<mark>Троцкий</mark>" in result.snippet_html


def test_possessive_finds_the_name():
    trotsky = make_trotsky()

    assert found("Trotsky's army") == [trotsky]


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [("Trotksy", "Trotsky"), ("Plekanov", "Plekhanov"), ("trotksy", "trotsky")],
)
def test_misspelt_name_finds_the_person_and_suggests_the_spelling(query, suggestion):
    trotsky = make_trotsky()
    plekhanov = make_person(display_name="Georgi Plekhanov")

    results = search(query)

    assert results.results == []
    assert [match.object for match in results.close_matches][:1] in (
        [trotsky],
        [plekhanov],
    )
    assert results.suggestion == suggestion


def test_word_spelt_as_stored_is_not_corrected():
    make_event(title="The February Revolution", summary="Bread queues in Petrograd.")

    results = search("permanent revolution")

    assert results.suggestion == ""
    assert results.close_matches == []


def test_many_results_need_no_suggestion():
    for _ in range(3):
        make_event(summary="Soldiers joined the strikers in Petrograd.")

    results = search("Petrogard strikers")

    assert results.suggestion == ""


def test_spanish_article_is_stemmed_in_spanish():
    spanish = make_article(
        title="La revolución de octubre",
        language="es",
        standfirst="",
        body="<p>Los obreros tomaron el poder.</p>",
    )
    make_article(title="Something else", language="en")

    assert found("revoluciones") == [spanish]
    assert found("obrero") == [spanish]


def test_english_article_is_stemmed_in_english():
    article = make_article(title="Revolutions of 1917", body="<p>Workers.</p>")

    assert found("revolution") == [article]
    assert found("worker") == [article]


def test_title_match_ranks_above_body_match():
    in_body = make_article(
        title="Autumn in the capital",
        standfirst="",
        body="<p>The soviet met, and the soviet voted; the soviet won.</p>",
    )
    in_title = make_article(
        title="The soviet", standfirst="", body="<p>Delegates met.</p>"
    )
    other_body = make_event(title="A meeting", summary="The soviet voted.")

    results = found("soviet")

    assert results[0] == in_title
    assert set(results[1:]) == {in_body, other_body}


def test_summary_match_ranks_above_body_match():
    in_body = make_event(
        title="Night", summary="Quiet streets.", body="<p>Cossacks rode.</p>"
    )
    in_summary = make_event(title="Day", summary="Cossacks rode.", body="")

    assert found("cossacks") == [in_summary, in_body]


def unpublished(state):
    """A draft (even with a past publication time) or a scheduled item."""
    if state == "draft":
        return {
            "status": Status.DRAFT,
            "publish_at": timezone.now() - timedelta(days=1),
        }
    return {
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() + timedelta(hours=1),
    }


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_items_never_appear(state):
    hidden = unpublished(state)
    make_person(display_name="Secret Kerensky", **hidden)
    make_event(title="Secret Kerensky offensive", **hidden)
    make_article(title="Secret Kerensky papers", **hidden)
    make_guide(title="Secret Kerensky guide", **hidden)
    make_book(title="Secret Kerensky memoirs", **hidden)
    interview = make_article(title="Interview", kind="interview", **hidden)
    make_episode(article=interview, question="What did Secret Kerensky do?")

    results = search("Kerensky")

    assert results.counts == {}
    assert results.results == []


def test_only_approved_reviews_of_live_books_appear():
    book = make_book(title="Ten Days")
    approved = make_review(book=book, text="Reed was there: an eyewitness account.")
    make_review(book=book, text="A pending eyewitness account.", status="pending")
    make_review(
        book=book,
        text="A rejected eyewitness account.",
        status=Review.Status.REJECTED,
    )
    withdrawn = make_book(title="Withdrawn")
    make_review(book=withdrawn, text="An eyewitness account, since withdrawn.")
    Book.objects.filter(pk=withdrawn.pk).update(status=Status.DRAFT)

    assert found("eyewitness") == [approved]


def test_episodes_of_live_interviews_appear():
    episode = make_episode(
        question="Why did the Mensheviks hesitate?",
        answer_points="They feared the bourgeoisie would walk away",
    )

    (result,) = search("Mensheviks").results

    assert result.object == episode
    assert result.kind == "episode"


def test_type_filter_keeps_only_that_type():
    person = make_person(display_name="Yakov Sverdlov")
    make_event(title="Sverdlov chairs the congress")

    assert found("Sverdlov", kinds=["person"]) == [person]
    assert search("Sverdlov", kinds=["person"]).counts == {"person": 1, "event": 1}


def test_language_filter_keeps_only_that_language():
    spanish = make_article(title="Los soviets", language="es")
    make_article(title="The soviets", language="en")
    make_event(title="Soviets everywhere")

    assert found("soviets", language="es") == [spanish]
    assert len(found("soviets", language="en")) == 2
    assert found("soviets", language="ru") == []


def test_snippet_marks_matches_and_escapes_stored_text():
    make_person(
        display_name="Alexander Kerensky",
        summary='Prime minister. <script>alert("x")</script> <b>Kerensky</b> & co',
    )
    make_review(text="<img src=x onerror=alert(1)> Kerensky fled <script>x</script>")

    results = search("Kerensky").results

    for result in results:
        html = result.title_html + result.snippet_html
        assert "<mark>Kerensky</mark>" in html
        assert "<script" not in html
        assert "<img" not in html
        assert "<b>" not in html
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_of_rich_text_shows_text_not_markup():
    make_event(
        title="Dual power",
        summary="",
        body="<p>The <strong>Soviet</strong> &amp; the Provisional Government.</p>",
    )

    (result,) = search("provisional").results

    assert "The Soviet &amp; the <mark>Provisional</mark> Government" in (
        result.snippet_html
    )


def test_snippet_keeps_the_boundaries_of_answer_points():
    make_episode(
        answer_points="Trotsky read Lenin in Iskra\nAgreed with Lenin\nEscaped.\nMet",
    )

    (result,) = search("Iskra").results

    assert result.snippet_html == (
        "Trotsky read Lenin in <mark>Iskra</mark> · Agreed with Lenin · Escaped. Met"
    )


def test_snippet_keeps_the_boundaries_of_paragraphs_and_list_items():
    make_event(
        title="Editors",
        summary="Exiles abroad",
        body=(
            "<ul><li>Founded <em>Iskra</em></li><li>Split in 1903</li></ul>"
            "<p>Reconciled\nin 1917.</p><p>Worked<br>together</p>"
        ),
    )

    (result,) = search("Iskra").results

    assert result.snippet_html == (
        "Exiles abroad · Founded <mark>Iskra</mark> · Split in 1903 · "
        "Reconciled in 1917. Worked · together"
    )


def test_highlight_escapes_everything_but_its_own_marks():
    text = f"a <b>{MARK_START}b{MARK_STOP}</b> {MARK_STOP}c{MARK_START}d &amp;"

    assert (
        highlight(text)
        == "a &lt;b&gt;<mark>b</mark>&lt;/b&gt; c<mark>d &amp;amp;</mark>"
    )
    assert highlight(text, unescape=True).endswith("<mark>d &amp;</mark>")


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  Lenin \n\t returns ", "Lenin returns"),
        ("Le\x00nin", "Le nin"),
        ("&|!:*", "&|!:*"),
        ("", ""),
    ],
)
def test_clean_query_removes_control_characters_and_spaces(raw, cleaned):
    assert clean_query(raw) == cleaned


def test_clean_query_cuts_long_queries_at_a_word():
    cleaned = clean_query("soviet " * 5000)

    assert len(cleaned) <= MAX_QUERY_LENGTH
    assert cleaned.endswith("soviet")


def test_search_without_words_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        results = search("&|!:* ()")

    assert results.results == []


def test_scheduled_item_appears_once_its_time_comes():
    make_event(title="Soviet congress opens", summary="Delegates gather.")
    make_event(
        title="Soviet congress closes",
        status=Status.PUBLISHED,
        publish_at=timezone.now() + timedelta(hours=1),
    )
    # The search statement is compiled once; "now" is bound at each search.
    assert search("congress").total == 1

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert search("congress").total == 2


def test_kinds_with_more_hits_than_are_ranked_show_a_plus(monkeypatch):
    monkeypatch.setattr(october.core.search, "CANDIDATES", 3)
    october.core.search._statement.cache_clear()
    for _ in range(5):
        make_event(summary="General strike in Petrograd.")

    results = search("strike")

    october.core.search._statement.cache_clear()
    assert results.counts == {"event": 3}
    assert results.total_label == "3+"


def test_tags_find_articles_and_rank_them_above_mentions():
    tagged = make_article(
        title="Bread and peace", standfirst="", body="<p>Queues in the cold.</p>"
    )
    tagged.tags.add("Women workers", "Petrograd")
    mentioned = make_article(
        title="Notes", standfirst="", body="<p>The women workers marched.</p>"
    )
    titled = make_article(
        title="Women workers of 1917", standfirst="", body="<p>Strikes.</p>"
    )
    make_article(title="Something else", body="<p>Nothing.</p>").tags.add("Peasants")

    assert found("women workers") == [titled, tagged, mentioned]
    assert found("Petrograd") == [tagged]


def test_spanish_tags_are_stemmed_in_spanish():
    article = make_article(
        title="El hospital", language="es", body="<p>Los trabajadores.</p>"
    )
    article.tags.add("Huelgas")

    assert found("huelga") == [article]


@pytest.mark.parametrize(
    ("query", "suggestion"), [("Cernov", "Černov"), ("Plejánov", "Plekhanov")]
)
def test_accents_count_as_spelling_but_not_as_distance(query, suggestion):
    make_person(display_name="Viktor Černov")
    make_person(display_name="Georgi Plekhanov")

    results = search(query)

    assert results.suggestion == suggestion
    assert results.close_matches[0].object.display_name.endswith(suggestion)


def test_a_spanish_accent_on_a_name_still_finds_the_person():
    kerensky = make_person(display_name="Alexander Kerenski")

    assert found("Kérenski") == [kerensky]


def test_a_name_typed_with_its_stored_accents_needs_no_correction():
    chernov = make_person(display_name="Viktor Černov")

    results = search("Černov")

    assert found("Černov") == [chernov]
    assert results.suggestion == ""
