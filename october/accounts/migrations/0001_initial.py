# The kernel's e-mail confirmations and join requests (october 0002, 0003),
# taken over as they are: the tables keep their rows and, until 0002 renames
# them, their names. Their content types (and so their permissions and admin
# history) are relabelled rather than made anew.

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ["emailconfirmation", "joinrequest"]


def relabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        if not ContentType.objects.filter(app_label="accounts", model=model).exists():
            ContentType.objects.filter(app_label="october", model=model).update(
                app_label="accounts"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model__in=MOVED_MODELS).update(
        app_label="october"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("october", "0007_accounts_models_move_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmailConfirmation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(
                                max_length=254, verbose_name="e-mail address"
                            ),
                        ),
                        (
                            "confirmed_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now,
                                verbose_name="confirmed at",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="email_confirmation",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "october_emailconfirmation",
                        "verbose_name": "e-mail confirmation",
                        "verbose_name_plural": "e-mail confirmations",
                        "constraints": [
                            models.UniqueConstraint(
                                django.db.models.functions.text.Lower("email"),
                                name="october_emailconfirmation_unique_email",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="JoinRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        (
                            "email",
                            models.EmailField(
                                max_length=254, verbose_name="e-mail address"
                            ),
                        ),
                        (
                            "country",
                            models.CharField(max_length=100, verbose_name="country"),
                        ),
                        (
                            "message",
                            models.TextField(
                                blank=True, max_length=2000, verbose_name="message"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now,
                                verbose_name="sent at",
                            ),
                        ),
                        (
                            "handled",
                            models.BooleanField(
                                default=False,
                                help_text="Tick once someone has got in touch.",
                                verbose_name="answered",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "october_joinrequest",
                        "verbose_name": "join request",
                        "verbose_name_plural": "join requests",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["-created_at"],
                                name="october_joinrequest_recent",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.functions.text.Length("message"),
                                    2000,
                                ),
                                name="october_joinrequest_message_length",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
