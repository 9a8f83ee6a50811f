from django.core.management.base import BaseCommand, CommandError

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

    def handle(self, *args, fix, **options):
        drifted = book_counters_recount(fix=fix)
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
