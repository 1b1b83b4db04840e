from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import roles
from indicators.models import EntryChannel, Indicator, IndicatorActual, YearApproval
from indicators.rules import counts_whole_things
from indicators.services import ActualEntry, actuals_save_many, year_approve
from plans.models import Plan, Unit, UnitMember
from work.models import WorkItem, WorkProgress, WorkStatus
from work.services import WorkProgressEntry, work_progress_save_many

# Demo accounts for `make run` only; the README documents them. Never run in production.
DEMO_ACCOUNTS = [
    # username, password, group (None: system administrator), display name
    ("manager", "demo-manager-2021", roles.MANAGER, "基地管理员（演示）"),
    ("leader", "demo-leader-2021", roles.LEADERSHIP, "领导（演示）"),
    ("auditor", "demo-auditor-2021", roles.AUDITOR, "审计（演示）"),
    # A unit reporter (部门填报员) of 区科技局（演示数据）; its unit is set by --figures.
    ("reporter", "demo-reporter-2021", roles.UNIT_REPORTER, "部门填报员（演示）"),
    ("admin", "demo-admin-2021", None, "系统管理员（演示）"),
]


# Invented figures for --figures: the share of the way from baseline to target reached
# in each year. Plausible, never real. 2021 and 2022 are approved; 2023, the plan's last
# year, is entered but not yet submitted, so the demo can walk through submitting and
# approving it, then drafting the 2024–2026 plan from its approved figures.
DEMO_PROGRESS = {2021: Decimal("0.30"), 2022: Decimal("0.58"), 2023: Decimal("0.85")}
DEMO_APPROVED = {2021, 2022}
DEMO_NOTE = "演示数据（虚构，非真实统计，仅用于开发演示）"


# Two invented responsible units for --figures (the plan names only 区发改委): the
# reporter's, and a second one. Marked 演示数据 in their names.
DEMO_UNITS = ("区科技局（演示数据）", "区人社局（演示数据）")
# Which unassigned work they take: the tasks of programmes 1–3 led by the first, the
# spotlight items of programme 4 led by the second with the first collaborating.
DEMO_TASK_PROGRAMMES = {"1", "2", "3"}
DEMO_ITEM_PROGRAMMES = {"4"}
# Invented yearly progress: (status, completion %) by the item's place in the plan;
# every seventh item in 2022 is behind and in 2023 adjusted, with a reason.
DEMO_WORK = {
    2021: (WorkStatus.IN_PROGRESS, Decimal("30")),
    2022: (WorkStatus.IN_PROGRESS, Decimal("60")),
    2023: (WorkStatus.COMPLETED, Decimal("100")),
}
DEMO_WORK_EXCEPTIONS = {
    2022: (WorkStatus.BEHIND, "演示数据：资金到位晚于计划（虚构）"),
    2023: (WorkStatus.ADJUSTED, "演示数据：与相邻任务合并实施（虚构）"),
}


def demo_work_entry(item, year, place):
    status, percent = DEMO_WORK[year]
    reason = ""
    if place % 7 == 6 and year in DEMO_WORK_EXCEPTIONS:
        status, reason = DEMO_WORK_EXCEPTIONS[year]
        percent = percent / 2
    return WorkProgressEntry(
        item=item,
        status=status,
        reason=reason,
        progress_text=f"{DEMO_NOTE}：{year} 年按计划推进。",
        completion_percent=percent,
        key=item.identifier,
    )


def demo_value(indicator, share):
    value = indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * share
    places = Decimal(1) if counts_whole_things(indicator) else Decimal("0.01")
    return value.quantize(places, rounding=ROUND_HALF_UP)


class Command(BaseCommand):
    help = (
        "创建演示账号（每个角色一个）；--figures 另填 2021–2023 年虚构的演示数据"
        "（2021、2022 年已审定）。仅用于开发演示，生产环境拒绝运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--figures",
            action="store_true",
            help="填入 2021–2023 年虚构的演示实际值（说明中标明“演示数据”）；已有数据的年份不动",
        )

    def handle(self, *args, figures=False, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境不创建演示账号（DJANGO_ENV=production）。")
        self._accounts()
        if figures:
            self._figures()

    @transaction.atomic
    def _figures(self):
        User = get_user_model()
        manager, leader = User.objects.get(username="manager"), User.objects.get(username="leader")
        indicators = list(Indicator.objects.all())
        self._units()
        for year, share in DEMO_PROGRESS.items():
            # The work first: an approved year is locked.
            self._work(manager, year)
            if IndicatorActual.objects.filter(year=year).exists():
                self.stdout.write(f"{year} 年已有数据，演示数据未填入。")
                continue
            entries = [
                ActualEntry(indicator=i, value=demo_value(i, share), note=DEMO_NOTE, key=i.serial)
                for i in indicators
            ]
            actuals_save_many(user=manager, year=year, entries=entries, via=EntryChannel.COMMAND)
            if year in DEMO_APPROVED:
                year_approve(user=leader, year=year)
            self.stdout.write(f"已填入 {year} 年 {len(entries)} 项演示数据（虚构）。")

    def _units(self):
        """The two demo units, the reporter's membership, and unassigned work given to
        them (work already assigned is left as it is)."""
        plan = Plan.objects.holding(2021).first()
        if plan is None:
            return
        science, labour = (
            Unit.objects.get_or_create(base=plan.base, name=name)[0] for name in DEMO_UNITS
        )
        reporter = get_user_model().objects.get(username="reporter")
        UnitMember.objects.update_or_create(user=reporter, defaults={"unit": science})
        unassigned = WorkItem.objects.filter(plan=plan, lead_unit__isnull=True)
        # Saved one by one, so the assignment is in each item's history.
        for item in unassigned.tasks().filter(programme__identifier__in=DEMO_TASK_PROGRAMMES):
            item.lead_unit = science
            item.save()
        for item in unassigned.spotlight_items().filter(
            programme__identifier__in=DEMO_ITEM_PROGRAMMES
        ):
            item.lead_unit = labour
            item.save()
            item.collaborating_units.add(science)
        self.stdout.write(f"演示责任单位：{'、'.join(DEMO_UNITS)}；reporter 属于 {science.name}。")

    def _work(self, manager, year):
        """Invented progress of every task and item of the plan holding `year`, unless
        the year has some progress already."""
        plan = Plan.objects.holding(year).first()
        if plan is None:
            return
        if WorkProgress.objects.filter(year=year, item__plan=plan).exists():
            self.stdout.write(f"{year} 年已有任务进展，演示进展未填入。")
            return
        items = WorkItem.objects.filter(plan=plan).order_by("kind", "ordering", "identifier")
        entries = [demo_work_entry(item, year, place) for place, item in enumerate(items)]
        if not entries:
            return
        if YearApproval.objects.for_year(year) is not None:
            self.stdout.write(f"{year} 年已审定锁定，演示进展未填入。")
            return
        work_progress_save_many(user=manager, year=year, entries=entries)
        self.stdout.write(f"已填入 {year} 年 {len(entries)} 项任务演示进展（虚构）。")

    def _accounts(self):
        User = get_user_model()
        for username, password, group_name, display_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            user.first_name = display_name
            user.is_staff = True  # every role works in the admin, within its permissions
            user.is_superuser = group_name is None
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            verb = "创建" if created else "更新"
            self.stdout.write(f"{verb}演示账号 {username}（{display_name}）")
