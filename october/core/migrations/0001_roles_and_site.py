from django.conf import settings
from django.db import migrations


def create_roles_and_site(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("Editors", "Moderators"):
        Group.objects.get_or_create(name=name)
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": "localhost:8000", "name": "In Defence of October"},
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Moderators"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create_roles_and_site, remove_roles)]
