from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm, for site search's matching of misspelt names and titles."""

    dependencies = [
        ("october", "0004_about_page"),
    ]

    operations = [
        TrigramExtension(),
    ]
