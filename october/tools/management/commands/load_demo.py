from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from october.tools.demo import DEMO_PASSWORD, demo_staff_create, load_demo


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
        parser.add_argument(
            "--fill-empty",
            action="store_true",
            help=(
                "Also give demo items already in the database what the fixtures "
                "have and they lack (an event's account and sources, a biography, "
                "a period's dates, an article's publication date), never "
                "replacing what an editor wrote."
            ),
        )

    def handle(self, *args, allow_production, fill_empty, verbosity, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to create demo accounts with a known password while "
                "DJANGO_DEBUG is off; pass --allow-production if you mean it."
            )
        for username in demo_staff_create():
            self.stdout.write(f"Created {username} (password {DEMO_PASSWORD}).")
        created = load_demo(
            moderator_username="moderator",
            show_progress=verbosity > 0,
            fill_empty=fill_empty,
        )
        if created:
            summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
            self.stdout.write(f"Loaded the demo content: {summary}.")
        else:
            self.stdout.write("The demo content is already loaded.")
