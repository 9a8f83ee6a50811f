"""Recompute the stored search vectors and tidy their indexes.

Search vectors are generated columns, so PostgreSQL keeps them current on
every write. They can still go stale: ``to_tsvector`` reads dictionary and
stop-word files, and an upgraded or edited configuration changes what it
returns without touching stored rows. This command rewrites a text column of
every searchable row in batches, which recomputes the vector, then flushes
the GIN indexes' pending lists (entries written since the last vacuum, which
every search otherwise reads one by one) and refreshes the planner's
statistics. ``--reindex`` also rebuilds the search and trigram indexes,
without locking out writes.
"""

from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import F, Max, Min
from tqdm import tqdm

from october.core.search import sources

BATCH = 5_000


def searchable_models():
    """Each searchable model with the rows worth recomputing."""
    models = {}
    for source in sources().values():
        model = source.public().model
        queryset = model._default_manager.all()
        if model._meta.label == "reviews.Review":
            # A bare rating has no text, so its vector is always empty.
            queryset = queryset.exclude(text="")
        models[model] = queryset
    return models


def vector_source(model) -> str:
    """A column ``model``'s search vector is computed from.

    PostgreSQL recomputes a stored generated column only when an UPDATE sets
    a column it is computed from, so that is the column rewritten.
    """
    pending = [model._meta.get_field("search_vector").expression]
    while pending:
        expression = pending.pop(0)
        if isinstance(expression, F):
            return expression.name
        pending += expression.get_source_expressions()
    raise ValueError(f"{model.__name__}.search_vector reads no column.")


def search_indexes(model):
    """Names of ``model``'s full-text (GIN) and trigram (GiST) indexes."""
    return [
        index.name
        for index in model._meta.indexes
        if (isinstance(index, GinIndex) and index.fields == ["search_vector"])
        or (isinstance(index, GistIndex) and "trgm" in str(index.expressions))
    ]


class Command(BaseCommand):
    help = (
        "Recompute every stored search vector in batches, flush the search "
        "indexes' pending entries and refresh the planner's statistics; "
        "--reindex also rebuilds the indexes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="Also rebuild the search and trigram indexes (concurrently).",
        )

    def handle(self, *args, reindex, **options):
        models = searchable_models()
        quiet = options["verbosity"] == 0
        total = sum(queryset.count() for queryset in models.values())
        with tqdm(total=total, unit="rows", unit_scale=True, disable=quiet) as bar:
            for model, queryset in models.items():
                bar.set_description(model._meta.verbose_name_plural.capitalize())
                self.recompute(model, queryset, bar)
        with connection.cursor() as cursor:
            for model in models:
                table = connection.ops.quote_name(model._meta.db_table)
                for name in search_indexes(model):
                    index = connection.ops.quote_name(name)
                    if reindex:
                        cursor.execute(f"REINDEX INDEX CONCURRENTLY {index}")
                    elif name.endswith("_search"):
                        cursor.execute(
                            "SELECT gin_clean_pending_list(%s::regclass)", [name]
                        )
                cursor.execute(f"ANALYZE {table}")
        indexes = [name for model in models for name in search_indexes(model)]
        tidied = (
            f"rebuilt {len(indexes)} indexes"
            if reindex
            else "flushed the pending entries of "
            f"{sum(name.endswith('_search') for name in indexes)} GIN indexes"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Recomputed {total:,} search vectors in {len(models)} tables, "
                f"{tidied} and refreshed the statistics."
            )
        )

    def recompute(self, model, queryset, bar):
        bounds = queryset.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is None:
            return
        pk, column = model._meta.pk.attname, vector_source(model)
        for start in range(bounds["low"], bounds["high"] + 1, BATCH):
            batch = queryset.filter(**{f"{pk}__gte": start, f"{pk}__lt": start + BATCH})
            with transaction.atomic():
                updated = batch.update(**{column: F(column)})
            bar.update(updated)
