import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from october.accounts.models import JOIN_MESSAGE_MAX, JoinRequest
from october.accounts.views import JOIN_RATE
from tests.reviews.factories import make_editor, make_moderator, make_reader

pytestmark = pytest.mark.django_db

JOIN_URL = "/join/"
CHANGELIST = "/admin/accounts/joinrequest/"


def valid_data(**overrides):
    data = {
        "name": "Rosa Example",
        "email": "rosa@example.org",
        "country": "Germany",
        "message": "I would like to help with a reading group.",
        "website": "",
    }
    data.update(overrides)
    return data


def make_superuser():
    return get_user_model().objects.create_superuser(
        username="root", email="root@example.org", password="password"
    )


def test_join_page_shows_a_labelled_form(client):
    response = client.get(JOIN_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("name", "email", "country", "message"):
        assert f'for="id_{name}"' in html
    assert 'maxlength="120"' in html
    assert f'maxlength="{JOIN_MESSAGE_MAX}"' in html


def test_honeypot_is_hidden_from_people_and_keyboards(client):
    html = client.get(JOIN_URL).content.decode()

    start = html.index('<div class="field" hidden>')
    hidden_block = html[start : html.index("</div>", start)]
    assert 'name="website"' in hidden_block
    assert 'tabindex="-1"' in hidden_block
    assert 'autocomplete="off"' in hidden_block


def test_valid_submission_is_stored_and_redirects_to_thanks(client):
    response = client.post(JOIN_URL, valid_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("join_thanks")
    join_request = JoinRequest.objects.get()
    assert join_request.name == "Rosa Example"
    assert join_request.country == "Germany"
    assert join_request.handled is False
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("name", "", "Please tell us your name."),
        ("email", "not-an-address", "This does not look like an e-mail address"),
        ("email", "", "Please give an e-mail address"),
        ("country", "   ", "Please tell us which country"),
        ("name", "x" * 121, "at most 120 characters"),
        ("country", "x" * 101, "at most 100 characters"),
        ("message", "x" * (JOIN_MESSAGE_MAX + 1), "at most 2000 characters"),
    ],
)
def test_invalid_submission_stores_nothing_and_says_why_beside_the_field(
    client, field, value, says
):
    response = client.post(JOIN_URL, valid_data(**{field: value}))

    assert response.status_code == 200
    assert JoinRequest.objects.count() == 0
    html = response.content.decode()
    error_list = f'<ul class="errorlist" id="id_{field}_error">'
    assert error_list in html
    error_html = html[
        html.index(error_list) : html.index("</ul>", html.index(error_list))
    ]
    assert says in error_html
    input_start = html.index(f'id="id_{field}"')
    tag = html[html.rindex("<", 0, input_start) : html.index(">", input_start)]
    assert 'aria-invalid="true"' in tag
    assert f"id_{field}_error" in tag


def test_message_with_windows_line_ends_counts_them_once(client):
    message = ("x" * 9 + "\r\n") * (JOIN_MESSAGE_MAX // 10)

    response = client.post(JOIN_URL, valid_data(message=message))

    assert response.status_code == 302
    assert len(JoinRequest.objects.get().message) <= JOIN_MESSAGE_MAX


def test_honeypot_submission_is_thanked_but_not_stored(client):
    response = client.post(JOIN_URL, valid_data(website="https://spam.example"))

    assert response.status_code == 302
    assert JoinRequest.objects.count() == 0


def test_too_many_submissions_from_one_address_get_a_friendly_429(client):
    allowed = int(JOIN_RATE.split("/")[0])
    for number in range(allowed):
        response = client.post(JOIN_URL, valid_data(email=f"p{number}@example.org"))
        assert response.status_code == 302

    response = client.post(JOIN_URL, valid_data(email="one-more@example.org"))

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "a lot of messages from your network" in response.content.decode()
    assert JoinRequest.objects.count() == allowed


def test_rate_limit_is_per_address(client):
    allowed = int(JOIN_RATE.split("/")[0])
    for _number in range(allowed):
        client.post(JOIN_URL, valid_data())

    response = client.post(JOIN_URL, valid_data(), REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302


def test_form_needs_a_csrf_token():
    response = Client(enforce_csrf_checks=True).post(JOIN_URL, valid_data())

    assert response.status_code == 403
    assert JoinRequest.objects.count() == 0


def test_valid_submission_appears_in_the_admin_changelist(client):
    client.post(JOIN_URL, valid_data())
    client.force_login(make_editor())

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert "Rosa Example" in response.content.decode()


def test_csv_export_lists_the_selected_requests(client):
    client.post(JOIN_URL, valid_data())
    client.post(JOIN_URL, valid_data(name="=HYPERLINK(1)", email="b@example.org"))
    client.force_login(make_editor())

    response = client.post(
        CHANGELIST,
        {
            "action": "export_csv",
            "_selected_action": list(JoinRequest.objects.values_list("pk", flat=True)),
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["name", "email", "country", "message", "sent_at", "answered"]
    assert rows[1][:3] == ["Rosa Example", "rosa@example.org", "Germany"]
    # A formula typed into the form stays text in a spreadsheet.
    assert rows[2][0] == "'=HYPERLINK(1)"
    assert len(rows) == 3


@pytest.mark.parametrize(
    ("make_user", "status"),
    [(make_superuser, 200), (make_editor, 200), (make_moderator, 403)],
)
def test_join_request_admin_is_for_editors(client, make_user, status):
    join_request = JoinRequest.objects.create(
        name="A", email="a@example.org", country="Chile"
    )
    client.force_login(make_user())

    assert client.get(CHANGELIST).status_code == status
    assert client.get(f"{CHANGELIST}{join_request.pk}/change/").status_code == status


def test_readers_cannot_open_the_admin(client):
    client.force_login(make_reader())

    response = client.get(CHANGELIST)

    assert response.status_code == 302


def test_editors_cannot_add_or_rewrite_requests_only_mark_them_answered(client):
    join_request = JoinRequest.objects.create(
        name="A", email="a@example.org", country="Chile"
    )
    client.force_login(make_editor())

    assert client.get(f"{CHANGELIST}add/").status_code == 403
    client.post(
        f"{CHANGELIST}{join_request.pk}/change/",
        {"name": "Changed", "handled": "on"},
    )

    join_request.refresh_from_db()
    assert join_request.name == "A"
    assert join_request.handled is True


def test_changelist_query_count_is_constant(client, django_assert_max_num_queries):
    client.force_login(make_editor())
    JoinRequest.objects.create(name="A", email="a@example.org", country="Chile")
    with django_assert_max_num_queries(12) as one:
        client.get(CHANGELIST)
    JoinRequest.objects.bulk_create(
        JoinRequest(name=f"P{n}", email=f"p{n}@example.org", country="Peru")
        for n in range(29)
    )

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(CHANGELIST).status_code == 200
