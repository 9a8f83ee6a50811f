import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Person
from tests.core.image_helpers import make_image_file
from tests.people.factories import make_person, make_quote

pytestmark = pytest.mark.django_db


def test_slug_comes_from_the_display_name():
    person = Person.objects.create(display_name="L. Trotsky")
    assert person.slug == "l-trotsky"
    assert person.get_absolute_url() == "/people/l-trotsky/"
    assert str(person) == "L. Trotsky"


def test_sort_name_defaults_to_the_last_word_of_the_display_name():
    assert make_person(display_name="V. I. Lenin").sort_name == "Lenin"
    assert make_person(display_name="Lenin", sort_name="Ulyanov").sort_name == "Ulyanov"


def test_people_are_ordered_by_sort_name():
    make_person(display_name="G. O. Zinoviev")
    make_person(display_name="V. I. Lenin")
    make_person(display_name="L. Trotsky")
    assert [p.sort_name for p in Person.objects.all()] == [
        "Lenin",
        "Trotsky",
        "Zinoviev",
    ]


def test_alternative_names_and_roles_are_read_one_per_line():
    person = make_person(
        alternative_names="Trotskii\n  Trotzki \n\nBronstein",
        roles="People's Commissar for Foreign Affairs\nPeople's Commissar for War",
    )
    assert person.alternative_name_list == ["Trotskii", "Trotzki", "Bronstein"]
    assert person.role_list[1] == "People's Commissar for War"


def test_a_person_has_at_most_one_featured_quote():
    person = make_person()
    make_quote(person=person, is_featured=True)
    make_quote(person=person, is_featured=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_quote(person=person, is_featured=True)


def test_two_people_may_each_have_a_featured_quote():
    make_quote(is_featured=True)
    make_quote(is_featured=True)


def test_featured_quote_is_prefetched_without_a_query_per_person(
    django_assert_num_queries,
):
    for _ in range(3):
        person = make_person()
        make_quote(person=person, is_featured=True)
        make_quote(person=person)
    with django_assert_num_queries(2):
        people = list(Person.objects.with_featured_quote())
        quotes = [person.featured_quote for person in people]
    assert all(quote.is_featured for quote in quotes)


def test_featured_quote_is_none_without_one():
    person = make_person()
    make_quote(person=person)
    assert person.featured_quote is None
    assert Person.objects.with_featured_quote().get().featured_quote is None


def test_quote_attribution_prefers_the_linked_person():
    speaker = make_person(display_name="John Reed")
    assert make_quote(said_by_person=speaker, said_by="").attribution == "John Reed"
    assert make_quote(said_by="Anatoly Lunacharsky").attribution == (
        "Anatoly Lunacharsky"
    )


def test_portrait_without_alt_text_is_refused_by_clean_and_by_the_database():
    person = make_person()
    person.portrait = make_image_file("portrait.jpg")
    person.portrait_alt = "  "
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "portrait_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_death_before_birth_is_refused_by_the_database():
    import datetime

    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(birth=datetime.date(1900, 1, 1), death=datetime.date(1899, 1, 1))


def test_free_text_a_person_is_typed_in_has_a_cap():
    person = make_person()
    quote = make_quote(person=person)
    person.alternative_names = "Trotskii\n" * 222  # 1,998 characters
    person.roles = "r" * 2000
    person.full_clean()
    quote.text = "q" * 5000
    quote.full_clean()
    for field in ("alternative_names", "roles"):
        setattr(person, field, "x" * 2001)
        with pytest.raises(ValidationError) as refused:
            person.full_clean()
        assert field in refused.value.message_dict
        setattr(person, field, "")
    quote.text = "q" * 5001
    with pytest.raises(ValidationError):
        quote.full_clean()
