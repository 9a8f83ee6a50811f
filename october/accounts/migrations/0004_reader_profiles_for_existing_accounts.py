# Every existing account gets a profile: its full name as display name (the
# demo readers are named as the seed names them, e.g. "Connor B."), else its
# username; staff without a full name are called by number, since their
# usernames stay private. Shelves stay private, as for new readers.

from django.conf import settings
from django.db import migrations


def display_name(user):
    full_name = f"{user.first_name} {user.last_name}".strip()
    if full_name:
        return full_name[:60]
    if user.is_staff or user.is_superuser:
        return f"Reader {user.pk}"
    return user.username[:60]


def create_profiles(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    ReaderProfile = apps.get_model("accounts", "ReaderProfile")
    users = User.objects.filter(reader_profile__isnull=True).order_by("pk")
    batch = []
    for user in users.iterator(chunk_size=2000):
        batch.append(ReaderProfile(user=user, display_name=display_name(user)))
        if len(batch) >= 2000:
            ReaderProfile.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    ReaderProfile.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_reader_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_profiles, migrations.RunPython.noop, elidable=True),
    ]
