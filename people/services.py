from django.db import transaction

from people.models import Person, Quote


@transaction.atomic
def person_unfeature_quotes(*, person: Person, keep: Quote | None = None) -> int:
    """Clear the featured mark on ``person``'s quotes, except on ``keep``.

    The database allows one featured quote per person at every moment, so an
    editor moving the mark from one quote to another needs the old mark gone
    before the new one is saved. Returns how many quotes lost it.
    """
    quotes = Quote.objects.filter(person=person, is_featured=True)
    if keep is not None and keep.pk is not None:
        quotes = quotes.exclude(pk=keep.pk)
    return quotes.update(is_featured=False)
