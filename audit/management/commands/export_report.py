from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.forms import ReportOptionsForm
from audit.models import ReportSource
from audit.plan_period import report_plan, report_year_errors
from audit.services import report_export
from audit.workbook import ReportScope
from plans.models import Plan


class Command(BaseCommand):
    help = gettext_lazy(
        "导出一期规划的审计报表（Excel）：--plan 指定规划（省略为执行中的规划），"
        "--year 指定年份，省略则包含该规划的全部年份。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan",
            help=gettext_lazy("规划编号或名称（见 /api/v1/plans/）；省略则为执行中的规划。"),
        )
        parser.add_argument(
            "--year", help=gettext_lazy("报表年份，例如 2023；省略则包含全部年份。")
        )
        parser.add_argument(
            "--output",
            required=True,
            help=gettext_lazy("输出文件路径，例如 report.xlsx（已存在则覆盖）。"),
        )

    def handle(self, *args, year=None, plan=None, output, **options):
        # The same validation as the download link, so both refuse the same input; a
        # command may name any plan, drafts included (it runs on the server).
        form = ReportOptionsForm({"year": year or ""})
        if not form.is_valid():
            raise CommandError("；".join(form.errors["year"]))
        chosen, errors = report_plan(Plan.objects.all(), plan)
        errors = errors or report_year_errors(chosen, form.cleaned_data["year"])
        if errors:
            raise CommandError("；".join(errors))
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(_("输出目录不存在：%(dir)s") % {"dir": path.parent})
        scope = ReportScope(year=form.cleaned_data["year"], plan=chosen)
        _filename, content = report_export(
            scope, source=ReportSource.COMMAND, generated_by=_("命令行（manage.py export_report）")
        )
        path.write_bytes(content)
        self.stdout.write(
            _("已写入 %(path)s（%(size)s 字节）") % {"path": path, "size": f"{len(content):,}"}
        )
