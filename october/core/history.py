"""Change history for content: who changed what and when, and going back.

Content models declare ``history = ContentHistory(...)``, django-simple-history's
``HistoricalRecords`` with three additions the site needs:

- Tags (django-taggit) are kept in each version as a list of names, since
  simple-history cannot follow taggit's generic relation; a change of tags
  alone is a new version too.
- Generated columns (search vectors) are left out: the database recomputes
  them, and they would only bloat every version.
- Saves that touch nothing the history keeps (a book's stored rating
  figures, say) make no version.

Many-to-many fields named in ``m2m_fields`` (authors, people, events) are
kept by simple-history itself, through model columns included (an author's
position in the byline). ``history_revert`` in ``october.core.services`` puts all
of it back.
"""

from functools import partial

from django.db import models
from django.db.models.fields.related import resolve_relation
from django.db.models.signals import m2m_changed
from django.db.models.utils import make_model_tuple
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords, ModelChange, ModelDelta
from simple_history.signals import pre_create_historical_record
from taggit.managers import TaggableManager

# The ContentHistory of each model, for recording a version by hand.
_histories: dict[type[models.Model], "ContentHistory"] = {}


def tag_fields(model) -> list[TaggableManager]:
    """The model's django-taggit fields."""
    # Forward fields only: this runs while models are still being loaded.
    return [
        field
        for field in model._meta.local_many_to_many
        if isinstance(field, TaggableManager)
    ]


class ContentHistory(HistoricalRecords):
    """``HistoricalRecords`` that keeps tags, skips generated columns and
    ignores saves of untracked fields only."""

    def finalize(self, sender, **kwargs):
        if sender is self.cls:
            waiting = [
                make_model_tuple(resolve_relation(sender, field.remote_field.through))
                for field in self.get_m2m_fields_from_model(sender)
                if isinstance(field.remote_field.through, str)
            ]
            if waiting:
                # A through model declared further down the module (an
                # article's authors) is needed to copy its columns: finish
                # once Django has it.
                # Waiting for the model itself too puts this after Django's
                # own step that swaps the through model's name for the class.
                sender._meta.apps.lazy_model_operation(
                    lambda *models: self.finalize(sender, **kwargs),
                    make_model_tuple(sender),
                    *waiting,
                )
                return
        super().finalize(sender, **kwargs)
        # Called for every model Django prepares; only ours is of interest.
        if sender is not self.cls:
            return
        _histories[sender] = self
        history_model = getattr(sender, self.manager_name).model
        pre_create_historical_record.connect(
            self._snapshot_tags, sender=history_model, weak=False
        )
        for field in tag_fields(sender):
            m2m_changed.connect(
                partial(self._tags_changed, tracked_model=sender),
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"history-tags-{sender._meta.label}-{field.name}",
            )

    def fields_included(self, model):
        return [
            field
            for field in super().fields_included(model)
            if not getattr(field, "generated", False)
        ]

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        for field in tag_fields(model):
            extra[field.name] = models.JSONField(
                field.verbose_name,
                default=list,
                blank=True,
                help_text=_("The tags' names at the time."),
            )
        return extra

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            tracked = {field.name for field in self.fields_included(type(instance))}
            if not tracked.intersection(update_fields):
                return
        super().post_save(instance, created, using=using, **kwargs)

    def _snapshot_tags(self, sender, instance, history_instance, **kwargs):
        for field in tag_fields(type(instance)):
            names = getattr(instance, field.name).names()
            setattr(history_instance, field.name, sorted(names, key=str.casefold))

    def _tags_changed(self, sender, instance, action, reverse, tracked_model, **kwargs):
        if reverse or not isinstance(instance, tracked_model):
            return
        self.m2m_changed(instance, action, attr=None, pk_set=None, reverse=reverse)


def history_record(instance, *, history_type="~"):
    """Record the current state of ``instance`` as a new version, now.

    For saves that first skip history (``skip_history_when_saving``) and
    record once at the end, when related rows are in place too.
    """
    _histories[type(instance)].create_historical_record(instance, history_type)


def history_delta(newer, older) -> ModelDelta:
    """What changed from ``older`` to ``newer`` (two versions of one item),
    fields, many-to-many rows and tags alike."""
    delta = newer.diff_against(older, foreign_keys_are_objs=True)
    changes = list(delta.changes)
    for field in tag_fields(newer.instance_type):
        before, after = getattr(older, field.name), getattr(newer, field.name)
        if before != after:
            changes.append(ModelChange(field.name, before, after))
    changes.sort(key=lambda change: change.field)
    return ModelDelta(changes, [change.field for change in changes], older, newer)


def _display(record, field) -> str:
    """One tracked field of a version, as editors read it."""
    from django.contrib.admin.utils import display_for_field

    from october.core.richtext import MAX_RICH_TEXT_CHARS, RichTextField, plain_text

    if field.is_relation:
        value = getattr(record, field.attname)
        if value is None:
            return "—"
        found = field.related_model._default_manager.filter(pk=value).first()
        return str(found) if found is not None else _("(deleted)")
    value = getattr(record, field.attname)
    if isinstance(field, RichTextField):
        # Whole: a version page that cut the text would hide what changed.
        return plain_text(value, max_chars=MAX_RICH_TEXT_CHARS) or "—"
    if isinstance(field, models.FileField):
        return value or "—"
    return str(display_for_field(value, field, "—"))


def _related_display(record, field) -> str:
    through = field.remote_field.through
    target = through._meta.get_field(field.m2m_reverse_field_name())
    ids = [getattr(row, target.attname) for row in getattr(record, field.name).all()]
    found = field.related_model._default_manager.in_bulk(ids)
    names = [str(found[pk]) if pk in found else str(_("(deleted)")) for pk in ids]
    return ", ".join(names) or "—"


def version_rows(record, current=None) -> list[dict]:
    """What a version holds, field by field, for the admin's version page:
    each row has the field's ``label``, its ``value`` in ``record`` and, when
    ``current`` (the latest version) is given, its value ``now`` and whether
    it ``changed`` since."""
    rows = []

    def add(name, label, show, raw=None):
        value = show(record)
        now = show(current) if current is not None else value
        if raw is not None and current is not None:
            # Rich text whose words are the same but whose markup is not has
            # changed too; anything else has changed when editors can see it.
            changed = raw(current) != raw(record)
        else:
            changed = now != value
        rows.append(
            {
                "name": name,
                "label": label,
                "value": value,
                "now": now,
                "changed": changed,
            }
        )

    from october.core.richtext import RichTextField

    for field in record.tracked_fields:
        if field.editable and not field.primary_key:
            raw = None
            if isinstance(field, RichTextField):
                raw = partial(
                    lambda version, name: getattr(version, name), name=field.attname
                )
            add(field.name, field.verbose_name, partial(_display, field=field), raw)
    for field in record._history_m2m_fields:
        add(field.name, field.verbose_name, partial(_related_display, field=field))
    for field in tag_fields(record.instance_type):
        add(
            field.name,
            field.verbose_name,
            lambda version, name=field.name: ", ".join(getattr(version, name)) or "—",
        )
    return rows
