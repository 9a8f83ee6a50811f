from django.conf import settings
from django.db import migrations

ABOUT_URL = "/about/"
ABOUT_TITLE = "About us"
ABOUT_CONTENT = """\
<p><strong>In Defence of October</strong> is a site for studying the lessons of
the Russian Revolution of 1917.</p>
<p>It brings together a dated timeline of the year, from the February Revolution
to the October insurrection, with Russian dates given in both the Old Style
(Julian) and the New Style (Gregorian) calendars; biographies of the people who
made the revolution; reading guides for each period; articles, videos and
interviews, many of them first published for the centenary of the October
Revolution; and a library of books that readers rate and review.</p>
<p>Everything here is free to read. A free reader's account lets you rate and
review books and keep shelves of what you want to read, are reading and have
read. A moderator reads every written review before it appears.</p>
<p>Want to help? <a href="/join/">Join us</a>.</p>
"""


def create_about_page(apps, schema_editor):
    FlatPage = apps.get_model("flatpages", "FlatPage")
    Site = apps.get_model("sites", "Site")
    page, created = FlatPage.objects.get_or_create(
        url=ABOUT_URL, defaults={"title": ABOUT_TITLE, "content": ABOUT_CONTENT}
    )
    if created:
        page.sites.add(Site.objects.get(pk=settings.SITE_ID))


def remove_about_page(apps, schema_editor):
    FlatPage = apps.get_model("flatpages", "FlatPage")
    FlatPage.objects.filter(url=ABOUT_URL, title=ABOUT_TITLE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("october", "0003_joinrequest"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_about_page, remove_about_page)]
