import pytest

from people.related import person_sections, register_person_section
from tests.people.factories import make_person
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(monkeypatch):
    """A registry holding only what each test registers."""
    monkeypatch.setattr(person_sections, "_sections", {})


def test_sections_with_items_are_shown_in_order(sections, client):
    person = make_person()
    event = make_event(title="Second World Congress")
    register_person_section(
        key="later",
        title="Later section",
        template_name="timeline/includes/person_events.html",
        items=lambda person: [event],
        order=20,
    )
    register_person_section(
        key="earlier",
        title="Earlier section",
        template_name="timeline/includes/person_events.html",
        items=lambda person: [event],
        order=10,
    )
    html = client.get(person.get_absolute_url()).content.decode()
    assert html.index("Earlier section") < html.index("Later section")
    assert "Second World Congress" in html


def test_sections_without_items_are_left_out(sections):
    register_person_section(
        key="empty",
        title="Nothing here",
        template_name="timeline/includes/person_events.html",
        items=lambda person: [],
    )
    assert person_sections(make_person()) == []


def test_registering_a_key_again_replaces_the_section(sections):
    for title in ("First", "Second"):
        register_person_section(
            key="same",
            title=title,
            template_name="timeline/includes/person_events.html",
            items=lambda person: [person],
        )
    found = person_sections(make_person())
    assert [entry["section"].title for entry in found] == ["Second"]
