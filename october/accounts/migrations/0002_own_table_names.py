# The tables, index and constraints taken over in 0001 get the accounts
# app's names.

import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="emailconfirmation", table=None),
        migrations.AlterModelTable(name="joinrequest", table=None),
        migrations.RemoveConstraint(
            model_name="emailconfirmation",
            name="october_emailconfirmation_unique_email",
        ),
        migrations.AddConstraint(
            model_name="emailconfirmation",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="accounts_emailconfirmation_unique_email",
            ),
        ),
        migrations.RenameIndex(
            model_name="joinrequest",
            new_name="accounts_joinrequest_recent",
            old_name="october_joinrequest_recent",
        ),
        migrations.RemoveConstraint(
            model_name="joinrequest",
            name="october_joinrequest_message_length",
        ),
        migrations.AddConstraint(
            model_name="joinrequest",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("message"), 2000
                ),
                name="accounts_joinrequest_message_length",
            ),
        ),
    ]
