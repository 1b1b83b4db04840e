"""Loading the first plan and its annexes (fixtures/*.csv) into the database, idempotently.

The 2021–2023 plan (fixtures/plan.csv) is the first plan of its base; its Annexes 2–4 are
its indicators, platforms and projects. Definitions are matched by their natural key
within the plan (indicator serial, platform serial, project row) and updated in place;
yearly actuals and progress are never touched, and neither is the plan's state once it
exists (a later plan may have been put in force). Values are loaded as written; known
source flaws go into each row's remark.

The plan's work (fixtures/work/*.csv: programmes, tasks, spotlights and their items,
support policies, goals) is loaded the same way, by identifier, when those files exist;
responsible units set on a task or item by an administrator are kept. The one unit the
plan names, 区发改委, is created for the base; no other unit is invented.
"""

import csv
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from indicators.models import Indicator
from indicators.names import parse_indicator_name
from plans.models import Base, Plan, PlanState, Unit
from platforms.models import Platform
from projects.models import Project
from work.models import Goal, Policy, Programme, Spotlight, WorkItem, WorkKind

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
WORK_DIR = FIXTURES_DIR / "work"

# The only responsible unit the plan itself names (its Annex 1 and 二（四）).
PLAN_UNIT = "区发改委"

# 科技成果转化平台数（孵化器、众创空间等）carries no unit in the source; by its
# meaning (a count of platforms) it is 个.
UNIT_BY_MEANING = {"科技成果转化平台数": "个"}
UNIT_BY_MEANING_REMARK = "原文指标名称未注明单位，按含义取“个”。"


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed_anything(self):
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def read_csv(name, directory=None):
    with open((directory or FIXTURES_DIR) / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class WorkFixtureError(ValueError):
    """A row of fixtures/work/*.csv that cannot be loaded; the message says which and why."""


def source_remarks():
    """{(annex, key): remark} from fixtures/source_remarks.csv."""
    return {(r["annex"], r["key"]): r["remark"] for r in read_csv("source_remarks.csv")}


def _upsert(model, lookup, values, report, label):
    """Create or update one row by natural key; count what happened under `label`."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created[label] += 1
        return obj
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed:
        for k, v in changed.items():
            setattr(obj, k, v)
        obj.save()  # row by row, so django-simple-history records the change
        report.updated[label] += 1
    else:
        report.unchanged[label] += 1
    return obj


def indicator_rows(remarks):
    for row in read_csv("indicators.csv"):
        parsed = parse_indicator_name(row["name_as_written"])
        unit, remark = parsed.unit, remarks.get(("indicators", row["serial"]), "")
        if not unit and parsed.name in UNIT_BY_MEANING:
            unit = UNIT_BY_MEANING[parsed.name]
            remark = "\n".join(filter(None, [remark, UNIT_BY_MEANING_REMARK]))
        yield (
            {"serial": int(row["serial"])},
            {
                "name_as_written": row["name_as_written"],
                "name": parsed.name,
                "unit": unit,
                "scope_note": parsed.scope_note,
                "baseline_year": int(row["baseline_year"]),
                "baseline_value": Decimal(row["baseline_value"]),
                "target_year": int(row["target_year"]),
                "target_value": Decimal(row["target_value"]),
                "source_ref": f"附件（二）第{row['serial']}行",
                "remark": remark,
            },
        )


def platform_rows(remarks):
    for row in read_csv("platforms.csv"):
        yield (
            {"serial": int(row["serial"])},
            {
                "name": row["name"],
                "host_organisation": row["host_organisation"],
                "platform_type": row["platform_type"],
                "level": row["level"],
                "remark": remarks.get(("platforms", row["serial"]), ""),
            },
        )


def project_rows(remarks):
    """(lookup, values, whole_row) per Annex 4 row; whole_row names the row it is part of."""
    part_of = {int(r["part_row"]): int(r["whole_row"]) for r in read_csv("project_overlaps.csv")}
    for row in read_csv("projects.csv"):
        number = int(row["row"])
        values = {
            "name": row["name"],
            "year": int(row["year"]),
            "nature": row["nature"],
            "total_investment": Decimal(row["total_investment"]),
            "remark": remarks.get(("projects", row["row"]), ""),
        }
        yield {"row": number}, values, part_of.get(number)


def first_plan(report):
    """The base and its 2021–2023 plan from fixtures/plan.csv (in force when new)."""
    (row,) = read_csv("plan.csv")
    base, _created = Base.objects.get_or_create(name=row["base"])
    values = {
        "baseline_year": int(row["baseline_year"]),
        "first_year": int(row["first_year"]),
        "last_year": int(row["last_year"]),
        "source_document": row["source_document"],
    }
    plan = Plan.objects.filter(base=base, name=row["name"]).first()
    if plan is None:
        in_force = not Plan.objects.filter(base=base).in_force().exists()
        values["state"] = PlanState.IN_FORCE if in_force else PlanState.CLOSED
    return _upsert(Plan, {"base": base, "name": row["name"]}, values, report, "plans")


def _ordered(rows, name, required):
    """(ordering, row) per row, after checking the file has its columns and identifiers."""
    if rows and not set(required) <= set(rows[0]):
        missing = "、".join(sorted(set(required) - set(rows[0])))
        raise WorkFixtureError(f"work/{name} 缺少列：{missing}。")
    seen = set()
    for number, row in enumerate(rows, start=1):
        identifier = (row["identifier"] or "").strip()
        if not identifier:
            raise WorkFixtureError(f"work/{name} 第 {number + 1} 行：编号为空。")
        if identifier in seen:
            raise WorkFixtureError(f"work/{name} 第 {number + 1} 行：编号“{identifier}”重复。")
        seen.add(identifier)
        row["identifier"] = identifier
        yield number, row


def _parent(parents, identifier, name, number, what):
    try:
        return parents[identifier.strip()]
    except KeyError:
        raise WorkFixtureError(
            f"work/{name} 第 {number + 1} 行：{what}“{identifier}”不存在。"
        ) from None


def load_work(plan, report, directory):
    """The plan's work from `directory` (fixtures/work): each file that exists, parents
    first; a row pointing at a parent that is not loaded is refused by name."""

    def rows(name, required):
        path = directory / name
        return list(_ordered(read_csv(name, directory), name, required)) if path.exists() else []

    programmes = {p.identifier: p for p in Programme.objects.filter(plan=plan)}
    for number, row in rows("programmes.csv", ["identifier", "number", "title", "text"]):
        values = {"number": row["number"], "title": row["title"], "text": row["text"]}
        programmes[row["identifier"]] = _upsert(
            Programme,
            {"plan": plan, "identifier": row["identifier"]},
            values | {"ordering": number},
            report,
            "programmes",
        )
    for number, row in rows("tasks.csv", ["identifier", "programme", "title", "text"]):
        programme = _parent(programmes, row["programme"], "tasks.csv", number, "工程")
        _upsert(
            WorkItem,
            {"plan": plan, "kind": WorkKind.TASK, "identifier": row["identifier"]},
            {"programme": programme, "title": row["title"], "text": row["text"]}
            | {"ordering": number},
            report,
            "tasks",
        )
    spotlights = {s.identifier: s for s in Spotlight.objects.filter(plan=plan)}
    for number, row in rows("spotlights.csv", ["identifier", "programme", "title"]):
        programme = _parent(programmes, row["programme"], "spotlights.csv", number, "工程")
        spotlights[row["identifier"]] = _upsert(
            Spotlight,
            {"plan": plan, "identifier": row["identifier"]},
            {"programme": programme, "title": row["title"], "ordering": number},
            report,
            "spotlights",
        )
    for number, row in rows("spotlight_items.csv", ["identifier", "spotlight", "title", "text"]):
        spotlight = _parent(spotlights, row["spotlight"], "spotlight_items.csv", number, "专栏")
        _upsert(
            WorkItem,
            {"plan": plan, "kind": WorkKind.SPOTLIGHT_ITEM, "identifier": row["identifier"]},
            {
                "spotlight": spotlight,
                "programme": spotlight.programme,
                "title": row["title"],
                "text": row["text"],
                "ordering": number,
            },
            report,
            "spotlight_items",
        )
    for number, row in rows("policies.csv", ["identifier", "title"]):
        _upsert(
            Policy,
            {"plan": plan, "identifier": row["identifier"]},
            {"title": row["title"], "ordering": number},
            report,
            "policies",
        )
    for number, row in rows("goals.csv", ["identifier", "title", "text"]):
        _upsert(
            Goal,
            {"plan": plan, "identifier": row["identifier"]},
            {"title": row["title"], "text": row["text"], "ordering": number},
            report,
            "goals",
        )


@transaction.atomic
def load_annexes(work_dir=None) -> LoadReport:
    """Load the first plan, its Annexes 2–4 and, when fixtures/work/ (or `work_dir`)
    holds them, the plan's work; all or nothing."""
    report = LoadReport()
    remarks = source_remarks()
    plan = first_plan(report)
    for lookup, values in indicator_rows(remarks):
        _upsert(Indicator, {"plan": plan, **lookup}, values, report, "indicators")
    for lookup, values in platform_rows(remarks):
        _upsert(Platform, {"plan": plan, **lookup}, values, report, "platforms")
    # A part (丝路之光 phase one) points at its whole, so wholes are loaded first.
    loaded = {}
    for lookup, values, whole_row in sorted(project_rows(remarks), key=lambda r: r[2] is not None):
        values["included_in"] = loaded.get(whole_row)
        loaded[lookup["row"]] = _upsert(
            Project, {"plan": plan, **lookup}, values, report, "projects"
        )
    _upsert(Unit, {"base": plan.base, "name": PLAN_UNIT}, {}, report, "units")
    load_work(plan, report, WORK_DIR if work_dir is None else Path(work_dir))
    return report
