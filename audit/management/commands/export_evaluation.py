from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.evaluation import evaluation_year_errors
from audit.forms import ReportOptionsForm
from audit.models import ReportSource
from audit.plan_period import current_plan_period, report_plan
from audit.services import evaluation_export
from plans.models import Plan


class Command(BaseCommand):
    help = gettext_lazy(
        "导出一期规划的评估报告（Word）：--plan 指定规划（省略为执行中的规划），"
        "--year 指定年份为阶段评估，省略则为整个规划期的终期评估。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan",
            help=gettext_lazy("规划编号或名称（见 /api/v1/plans/）；省略则为执行中的规划。"),
        )
        parser.add_argument("--year", help=gettext_lazy("评估年份，例如 2022；省略则为终期评估。"))
        parser.add_argument(
            "--output",
            required=True,
            help=gettext_lazy("输出文件路径，例如 report.docx（已存在则覆盖）。"),
        )

    def handle(self, *args, year=None, plan=None, output, **options):
        # The same checks as the download link, so both refuse the same input.
        form = ReportOptionsForm({"year": year or ""})
        if not form.is_valid():
            raise CommandError("；".join(form.errors["year"]))
        chosen, errors = report_plan(Plan.objects.all(), plan)
        period = current_plan_period(chosen) if chosen else None
        errors = errors or evaluation_year_errors(period, form.cleaned_data["year"])
        if errors:
            raise CommandError("；".join(errors))
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(_("输出目录不存在：%(dir)s") % {"dir": path.parent})
        _filename, content = evaluation_export(
            period, form.cleaned_data["year"], source=ReportSource.COMMAND
        )
        path.write_bytes(content)
        self.stdout.write(
            _("已写入 %(path)s（%(size)s 字节）") % {"path": path, "size": f"{len(content):,}"}
        )
