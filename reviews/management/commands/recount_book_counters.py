from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reviews.models import Book
from reviews.services import book_counters_recount


class Command(BaseCommand):
    help = (
        "Recount every book's ratings, reviews and shelves from the rows and "
        "report any stored figure that differs. --fix overwrites them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Overwrite drifted figures with the recounted values.",
        )

    def handle(self, *args, fix, verbosity, **options):
        # The bar (with its ETA) on stderr; the report below on stdout.
        with tqdm(
            total=Book.objects.count(),
            desc="books",
            unit="books",
            disable=verbosity == 0,
        ) as bar:
            drifted = book_counters_recount(fix=fix, progress=bar.update)
        for book, differences in drifted:
            details = ", ".join(
                f"{field} stored {stored}, counted {actual}"
                for field, (stored, actual) in differences.items()
            )
            self.stdout.write(f"{book} (id {book.pk}): {details}")
        if not drifted:
            self.stdout.write(
                self.style.SUCCESS("No drift: every book's figures match.")
            )
        elif fix:
            self.stdout.write(
                self.style.SUCCESS(f"Fixed the figures of {len(drifted)} book(s).")
            )
        else:
            raise CommandError(
                f"The figures of {len(drifted)} book(s) drifted; run with --fix "
                "to correct them."
            )
