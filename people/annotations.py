"""Figures other apps add to the person a biography page loads.

Like the sections of ``people.related``, for apps above ``people``: each
registers, from its ``AppConfig.ready()``, a function that annotates the
page's queryset of people, so its figures come in the page's own query
rather than one more::

    from people.annotations import register_person_annotation

    register_person_annotation(
        key="followers",
        annotate=lambda people, request: people.annotate(...),
    )
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest

Annotate = Callable[[QuerySet, HttpRequest], QuerySet]

_annotations: dict[str, Annotate] = {}


def register_person_annotation(*, key: str, annotate: Annotate) -> None:
    """Apply ``annotate(queryset, request)`` to the person a page shows;
    registering ``key`` again replaces it."""
    _annotations[key] = annotate


def annotate_people(queryset: QuerySet, request: HttpRequest) -> QuerySet:
    for annotate in _annotations.values():
        queryset = annotate(queryset, request)
    return queryset
