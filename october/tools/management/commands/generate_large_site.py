from django.core.management.base import BaseCommand, CommandError

from october.tools.large_site import generate_large_site, generated_articles


class Command(BaseCommand):
    help = (
        "Fill the database with a large generated site (100,000 articles, "
        "1,000,000 ratings, ...) for benchmarks; --scale shrinks it. Does "
        "nothing if a generated site is already there. See "
        "october/tools/large_site.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the full size to generate, e.g. 0.01.",
        )
        parser.add_argument(
            "--seed", type=int, default=1917, help="Seed for repeatable content."
        )

    def handle(self, *args, scale, seed, verbosity, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if existing := generated_articles():
            self.stdout.write(
                f"A generated site is already here ({existing} generated articles); "
                "nothing done. Use a fresh database to generate another."
            )
            return
        sizes = generate_large_site(scale=scale, seed=seed, show_progress=verbosity > 0)
        self.stdout.write(
            self.style.SUCCESS(
                "Generated "
                + ", ".join(f"{count:,} {name}" for name, count in sizes.items())
                + "."
            )
        )
