"""Editorial transitions shared by every content app.

Publishing, unpublishing and scheduling any ``Publishable``; adding and
removing tags; preview links; going back to an earlier version. Admin
actions call these and never change the rows themselves. Each item is saved
through the model, so its history records the change (and who made it) and
cached pages are dropped.
"""

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from october.core.history import history_record, tag_fields
from october.core.models import PreviewLink
from october.core.preview import PREVIEW_LINK_LIFETIME
from october.core.publishing import Publishable, Status


def _locked(items: Iterable[models.Model]) -> list:
    """The rows of ``items``, locked for the rest of the transaction, in a
    fixed order so two editors' bulk actions cannot deadlock."""
    items = list(items)
    if not items:
        return []
    model = type(items[0])
    return list(
        model._default_manager.select_for_update()
        .filter(pk__in=[item.pk for item in items])
        .order_by("pk")
    )


@transaction.atomic
def publishable_publish(
    *, items: Iterable[Publishable], at: datetime | None = None
) -> int:
    """Publish ``items`` now, or schedule them for ``at``.

    Without ``at``, items that are not yet public become public now (drafts
    and scheduled items alike); live items keep their date. With ``at``,
    every item is published as of that time, which schedules it when ``at``
    is in the future. Returns how many items changed.
    """
    now = timezone.now()
    changed = 0
    for item in _locked(items):
        if at is None:
            if item.is_live:
                continue
            publish_at = now
        else:
            publish_at = at
            if item.status == Status.PUBLISHED and item.publish_at == publish_at:
                continue
        item.status = Status.PUBLISHED
        item.publish_at = publish_at
        item.save(update_fields=["status", "publish_at", "updated_at"])
        changed += 1
    return changed


@transaction.atomic
def publishable_unpublish(*, items: Iterable[Publishable]) -> int:
    """Turn published and scheduled ``items`` back into drafts, keeping their
    dates. Returns how many items changed."""
    changed = 0
    for item in _locked(items):
        if item.status == Status.DRAFT:
            continue
        item.status = Status.DRAFT
        item.save(update_fields=["status", "updated_at"])
        changed += 1
    return changed


def _tag_manager(item: models.Model):
    (field,) = tag_fields(type(item))
    return getattr(item, field.name)


@transaction.atomic
def tags_add(*, items: Iterable[models.Model], names: Iterable[str]) -> int:
    """Give every item the tags ``names`` (made when new). Returns how many
    items gained at least one tag."""
    names = [name for name in names if name]
    changed = 0
    for item in _locked(items):
        tags = _tag_manager(item)
        before = {name.casefold() for name in tags.names()}
        missing = [name for name in names if name.casefold() not in before]
        if missing:
            tags.add(*missing)
            changed += 1
    return changed


@transaction.atomic
def tags_remove(*, items: Iterable[models.Model], names: Iterable[str]) -> int:
    """Take the tags ``names`` off every item (any letter case). Returns how
    many items lost at least one tag."""
    wanted = {name.casefold() for name in names if name}
    changed = 0
    for item in _locked(items):
        tags = _tag_manager(item)
        doomed = [tag for tag in tags.all() if tag.name.casefold() in wanted]
        if doomed:
            tags.remove(*doomed)
            changed += 1
    return changed


def preview_link_create(*, item: Publishable, user=None) -> PreviewLink:
    """A new preview link for ``item``, working for the next seven days."""
    now = timezone.now()
    return PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        token=secrets.token_urlsafe(32),
        created_by=user,
        created_at=now,
        expires_at=now + PREVIEW_LINK_LIFETIME,
    )


def preview_link_revoke(*, link: PreviewLink) -> bool:
    """Stop ``link`` working. Returns False if it had already stopped."""
    return bool(
        PreviewLink.objects.active()
        .filter(pk=link.pk)
        .update(revoked_at=timezone.now())
    )


def _drop_links_to_deleted(instance, fields):
    """Empty the optional links of an old version whose target has been
    deleted since; a required one makes the version impossible to restore."""
    for field in fields:
        if not field.many_to_one:
            continue
        target = getattr(instance, field.attname)
        if target is None:
            continue
        if field.related_model._default_manager.filter(pk=target).exists():
            continue
        if not field.null:
            raise ValidationError(
                gettext("“%(field)s” of this version has been deleted since.")
                % {"field": field.verbose_name}
            )
        setattr(instance, field.attname, None)


@transaction.atomic
def history_revert(*, record, user=None) -> models.Model:
    """Put an item back as it was in the version ``record``, and record that
    as a new version.

    Every field the history keeps gets its old value; many-to-many rows
    (people, events, authors in their byline order) and tags are restored
    exactly, except links to things deleted since, which are left empty
    (a required one raises ``ValidationError``). Fields the history does
    not keep (a book's rating figures) stay as they are now. An item deleted
    since is made again.
    """
    instance = record.instance
    instance._state.adding = False
    model = type(instance)
    _drop_links_to_deleted(instance, record.tracked_fields)
    instance._history_user = user
    # One version for the whole revert, recorded below once related rows
    # are back in place.
    instance.skip_history_when_saving = True
    names = [field.name for field in record.tracked_fields if not field.primary_key]
    if model._default_manager.filter(pk=instance.pk).exists():
        instance.save(update_fields=names)
    else:
        instance.save(force_insert=True)

    for field in record._history_m2m_fields:
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        target_attname = through._meta.get_field(target).attname
        rows = list(getattr(record, field.name).all())
        still_there = set(
            field.related_model._default_manager.filter(
                pk__in=[getattr(row, target_attname) for row in rows]
            ).values_list("pk", flat=True)
        )
        columns = [
            column.attname
            for column in through._meta.concrete_fields
            if not column.primary_key
        ]
        through._default_manager.filter(**{source: instance}).delete()
        through._default_manager.bulk_create(
            through(**{column: getattr(row, column) for column in columns})
            for row in rows
            if getattr(row, target_attname) in still_there
        )

    for field in tag_fields(model):
        getattr(instance, field.name).set(getattr(record, field.name))

    del instance.skip_history_when_saving
    when = date_format(timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT")
    instance._change_reason = gettext("Reverted to the version of %(when)s") % {
        "when": when
    }
    history_record(instance)
    del instance._change_reason
    return instance
