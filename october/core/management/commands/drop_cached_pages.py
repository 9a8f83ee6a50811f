"""Drop every cached page and fragment, on every app server at once.

A change of content drops what it changed by itself; templates are not
content. Run this once a release whose templates changed is serving.
"""

from django.core.management.base import BaseCommand

from october.core.caching import invalidate_all


class Command(BaseCommand):
    help = "Drop every cached page and fragment (after a release changed templates)."

    def handle(self, *args, **options):
        invalidate_all()
        self.stdout.write("Every cached page and fragment is dropped.")
