# E-mail confirmations and join requests belong to october.accounts from now
# on: it takes them over with their tables and rows (accounts 0001), so here
# they only leave the kernel's state.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("october", "0006_previewlink"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="EmailConfirmation"),
                migrations.DeleteModel(name="JoinRequest"),
            ],
            database_operations=[],
        ),
    ]
