from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import roles
from indicators.models import EntryChannel, Indicator, IndicatorActual
from indicators.rules import counts_whole_things
from indicators.services import ActualEntry, actuals_save_many, year_approve

# Demo accounts for `make run` only; the README documents them. Never run in production.
DEMO_ACCOUNTS = [
    # username, password, group (None: system administrator), display name
    ("manager", "demo-manager-2021", roles.MANAGER, "基地管理员（演示）"),
    ("leader", "demo-leader-2021", roles.LEADERSHIP, "领导（演示）"),
    ("auditor", "demo-auditor-2021", roles.AUDITOR, "审计（演示）"),
    ("admin", "demo-admin-2021", None, "系统管理员（演示）"),
]


# Invented figures for --figures: the share of the way from baseline to target reached
# in each year. Plausible, never real. 2021 and 2022 are approved; 2023, the plan's last
# year, is entered but not yet submitted, so the demo can walk through submitting and
# approving it, then drafting the 2024–2026 plan from its approved figures.
DEMO_PROGRESS = {2021: Decimal("0.30"), 2022: Decimal("0.58"), 2023: Decimal("0.85")}
DEMO_APPROVED = {2021, 2022}
DEMO_NOTE = "演示数据（虚构，非真实统计，仅用于开发演示）"


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
        for year, share in DEMO_PROGRESS.items():
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
