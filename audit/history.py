"""The change history as an auditor reads it: who changed which object when, and how.

One code path for the 最近修改记录 page and the workbook's 修改记录 sheet. History
records (django-simple-history) of the audited models go in, `Change`s come out, with a
fixed number of queries whatever the number of records: the records just before them,
the objects they name and the users are each loaded in bulk.
"""

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from core.people import display_name
from indicators.models import Indicator, IndicatorActual, YearApproval
from platforms.models import Platform
from projects.models import Project, ProjectProgress

AUDITED_MODELS = [IndicatorActual, ProjectProgress, Platform, Indicator, Project, YearApproval]
ACTIONS = {"+": "新增", "~": "修改", "-": "删除"}
# Bookkeeping fields that change on every save and say nothing to an auditor.
IGNORED_FIELDS = {"id", "version"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: object  # a readable value, see `_Names.value`
    new: object


@dataclass(frozen=True)
class Change:
    """One history record: `fields` when it can be compared with the object's previous
    record, else None (a creation, a deletion, or a change whose earlier record is gone)
    and `snapshot` holds every field with a value instead."""

    when: object  # the record's aware datetime
    user: object  # None: changed outside a request, e.g. by the annex loader
    model: str
    object: str
    history_type: str
    reason: str
    fields: list[FieldChange] | None
    snapshot: list[tuple[str, object]]

    @property
    def action(self):
        return _(ACTIONS[self.history_type])


def history_visible_to(model, records, user):
    """Of `records` (`model`'s history), those `user` may see: a draft plan's rows only
    for managers and leadership (the models' `history_visible_to`, the plan's rule).
    Approvals belong to a year, not to a plan: everyone who reads history sees them."""
    manager = model._default_manager
    if hasattr(manager, "history_visible_to"):
        return manager.history_visible_to(records, user)
    return records


def history_of_plan(model, records, plan):
    """Of `records` (`model`'s history), those of `plan`: its indicators, platforms and
    projects, the figures of its series and the progress of its projects for the years
    after its baseline year, the approvals of those years."""
    if model in (Indicator, Platform, Project):
        return records.filter(plan_id=plan.pk)
    if model is IndicatorActual:
        series = Indicator.objects.of_plan(plan).series_keys()
        return records.filter(indicator_id__in=series, year__gt=plan.baseline_year)
    if model is ProjectProgress:
        projects = Project.objects.filter(plan=plan).values("pk")
        return records.filter(project_id__in=projects, year__gt=plan.baseline_year)
    if model is YearApproval:
        return records.filter(year__gt=plan.baseline_year)
    raise ValueError(f"{model.__name__} is not an audited model")


def describe_changes(records, consecutive=True):
    """`records` (of any audited models, in any order) as `Change`s, in the same order.

    Each object's records must be consecutive in its history, as on a page of recent
    changes or in a whole history: only the record before the earliest one is fetched.
    A filtered list (one person's changes, the site's change record) passes
    `consecutive=False`: the record before each change is then fetched from the
    database (two queries per model), so a change is never compared with a record that
    is not the one just before it.
    """
    records = list(records)
    previous = _previous_records(records) if consecutive else _each_previous_record(records)
    names = _Names([*records, *previous.values()])
    return [_change(record, previous.get(record), names) for record in records]


def _change(record, previous, names):
    model = record.instance_type
    fields = snapshot = None
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous, excluded_fields=IGNORED_FIELDS)
        fields = []
        for change in delta.changes:
            field = model._meta.get_field(change.field)
            old, new = names.value(field, change.old), names.value(field, change.new)
            fields.append(FieldChange(str(field.verbose_name), old, new))
    else:
        values = ((f, names.value(f, getattr(record, f.attname))) for f in _audited_fields(model))
        snapshot = [(str(f.verbose_name), value) for f, value in values if value is not None]
    return Change(
        when=record.history_date,
        user=names.users.get(record.history_user_id),
        model=str(model._meta.verbose_name),
        object=names.of(model, record),
        history_type=record.history_type,
        reason=record.history_change_reason or "",
        fields=fields,
        snapshot=snapshot or [],
    )


def _audited_fields(model):
    return [f for f in model._meta.concrete_fields if f.editable and f.name not in IGNORED_FIELDS]


def _previous_records(records):
    """{record: the record just before it} for every change ('~') in `records`."""
    by_object = defaultdict(list)
    for record in records:
        by_object[record.instance_type, record.id].append(record)
    previous, unmatched = {}, defaultdict(list)
    for (model, _pk), history in by_object.items():
        history.sort(key=lambda r: (r.history_date, r.history_id))
        for earlier, record in pairwise(history):
            previous[record] = earlier
        if history[0].history_type == "~":
            unmatched[model].append(history[0])
    for model, firsts in unmatched.items():
        first_by_object = {record.id: record for record in firsts}
        for earlier in _records_before(model, firsts):
            previous[first_by_object[earlier.id]] = earlier
    return previous


def _each_previous_record(records):
    """{record: the record just before it in its object's history} for every change."""
    changes = defaultdict(list)
    for record in records:
        if record.history_type == "~":
            changes[record.instance_type].append(record)
    previous = {}
    for model, wanted in changes.items():
        earlier_ids = dict(
            model.history.filter(history_id__in=[r.history_id for r in wanted])
            .annotate(earlier=Subquery(_record_before(model)))
            .values_list("history_id", "earlier")
        )
        earlier = model.history.in_bulk([i for i in earlier_ids.values() if i is not None])
        for record in wanted:
            found = earlier.get(earlier_ids.get(record.history_id))
            if found is not None:
                previous[record] = found
    return previous


def _record_before(model):
    """The history_id of the record just before OuterRef's, in its object's history."""
    return (
        model.history.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )


def _records_before(model, records):
    """The record just before each of `records` in its object's history, in one query."""
    before = (
        model.history.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    wanted = model.history.filter(history_id__in=[r.history_id for r in records])
    return model.history.filter(history_id__in=wanted.values(earlier=Subquery(before)))


class _Names:
    """Names for the objects and values of some records, loaded in one query per kind."""

    def __init__(self, records):
        user_model = get_user_model()
        ids = defaultdict(set)
        for record in records:
            ids[user_model].add(record.history_user_id)
            for field in _audited_fields(record.instance_type):
                if field.is_relation:
                    ids[field.related_model].add(getattr(record, field.attname))
        self.users = _in_bulk(user_model, ids[user_model])
        self.indicators = _in_bulk(Indicator, ids[Indicator])
        self.projects = _in_bulk(Project, ids[Project])

    def of(self, model, record):
        """`3. 科技型企业数 2022年` for an actual; a name or serial for the others."""
        if model is Indicator:
            return f"{record.serial}. {record.name}"
        if model is IndicatorActual:
            return _("%(indicator)s %(year)s年") % {
                "indicator": self._indicator(record.indicator_id),
                "year": record.year,
            }
        if model is ProjectProgress:
            return _("%(project)s %(year)s年") % {
                "project": self._project(record.project_id),
                "year": record.year,
            }
        if model is YearApproval:
            return _("%(year)s年审定") % {"year": record.year}
        return record.name

    def value(self, field, raw):
        """A field's value as the auditor should read it: names and labels; None if empty.

        Decimals, dates and times are left as they are, for the caller to show or write.
        """
        if raw is None or raw == "":
            return None
        if field.is_relation:
            related = field.related_model
            if related is get_user_model():
                return display_name(self.users.get(raw), unknown=f"#{raw}")
            if related is Indicator:
                return self._indicator(raw)
            if related is Project:
                return self._project(raw)
            return f"#{raw}"
        if field.choices:
            return str(dict(field.flatchoices).get(raw, raw))
        if isinstance(raw, bool):
            return _("是") if raw else _("否")
        return raw

    def _indicator(self, pk):
        indicator = self.indicators.get(pk)
        return f"{indicator.serial}. {indicator.name}" if indicator else f"#{pk}"

    def _project(self, pk):
        project = self.projects.get(pk)
        return project.name if project else f"#{pk}"


def _in_bulk(model, ids):
    ids = ids - {None}
    return model.objects.in_bulk(ids) if ids else {}
