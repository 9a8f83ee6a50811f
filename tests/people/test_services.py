import pytest

from people.services import person_unfeature_quotes
from tests.people.factories import make_person, make_quote

pytestmark = pytest.mark.django_db


def test_unfeature_clears_the_mark_except_on_the_kept_quote():
    person = make_person()
    featured = make_quote(person=person, is_featured=True)
    other_person_quote = make_quote(is_featured=True)
    assert person_unfeature_quotes(person=person, keep=featured) == 0
    assert person_unfeature_quotes(person=person) == 1
    featured.refresh_from_db()
    other_person_quote.refresh_from_db()
    assert not featured.is_featured
    assert other_person_quote.is_featured
