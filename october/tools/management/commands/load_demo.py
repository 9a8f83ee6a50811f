from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from october.core.roles import EDITORS, MODERATORS
from october.tools.demo import load_demo

DEMO_PASSWORD = "october1917"
DEMO_STAFF = [
    ("admin", {"is_superuser": True}, None),
    ("editor", {}, EDITORS),
    ("moderator", {}, MODERATORS),
]


class Command(BaseCommand):
    help = (
        "Load the demo content of fixtures/ (what the seed pages show) and create "
        "local staff accounts. Creates only what is missing, so it is safe to run "
        "again: nothing is duplicated and nothing already there is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (known passwords!).",
        )

    def handle(self, *args, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to create demo accounts with a known password while "
                "DJANGO_DEBUG is off; pass --allow-production if you mean it."
            )
        self._create_staff()
        created = load_demo(moderator_username="moderator")
        if created:
            summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
            self.stdout.write(f"Loaded the demo content: {summary}.")
        else:
            self.stdout.write("The demo content is already loaded.")

    def _create_staff(self):
        User = get_user_model()
        for username, flags, group_name in DEMO_STAFF:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.org",
                password=DEMO_PASSWORD,
                is_staff=True,
                **flags,
            )
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"Created {username} (password {DEMO_PASSWORD}).")
