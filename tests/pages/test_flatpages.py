import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site

from tests.reviews.factories import make_editor, make_moderator

pytestmark = pytest.mark.django_db


def test_about_page_is_created_by_migration_and_shown_in_site_style(client):
    response = client.get("/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About us</h1>" in html
    assert "studying the lessons of\nthe Russian Revolution" in html
    assert 'href="/join/"' in html
    assert 'class="site-header"' in html
    assert 'aria-current="page"' in html


def test_editors_page_at_any_address_is_served_by_the_fallback(client):
    page = FlatPage.objects.create(
        url="/reading-groups/", title="Reading groups", content="<p>Every week.</p>"
    )
    page.sites.add(Site.objects.get_current())

    response = client.get("/reading-groups/")

    assert response.status_code == 200
    assert "<h1>Reading groups</h1>" in response.content.decode()


def test_unknown_address_is_still_404(client):
    assert client.get("/no-such-page/").status_code == 404


@pytest.mark.parametrize(
    ("make_user", "status"), [(make_editor, 200), (make_moderator, 403)]
)
def test_editors_edit_flatpages_and_redirects_moderators_do_not(
    client, make_user, status
):
    client.force_login(make_user())
    about = FlatPage.objects.get(url="/about/")

    assert client.get("/admin/flatpages/flatpage/").status_code == status
    assert (
        client.get(f"/admin/flatpages/flatpage/{about.pk}/change/").status_code
        == status
    )
    assert client.get("/admin/redirects/redirect/").status_code == status


def test_an_editors_page_html_is_sanitised_on_save(admin_client):
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site

    response = admin_client.post(
        "/admin/flatpages/flatpage/add/",
        {
            "url": "/history/",
            "title": "Our history",
            "content": '<p onclick="steal()">Hi</p><script>alert(1)</script>',
            "sites": [Site.objects.get_current().pk],
            "template_name": "",
        },
    )
    assert response.status_code == 302
    content = FlatPage.objects.get(url="/history/").content
    assert "<script" not in content
    assert "onclick" not in content
    assert "Hi" in content
