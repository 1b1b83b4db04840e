from django.core.management.base import BaseCommand, CommandError

from annexes.loader import WorkFixtureError, load_annexes

LABELS = {
    "plans": "建设规划",
    "indicators": "指标",
    "platforms": "技术创新平台",
    "projects": "重点项目",
    "units": "责任单位",
}
# The plan's work, reported only when fixtures/work/ holds it.
WORK_LABELS = {
    "programmes": "工程",
    "tasks": "重点任务",
    "spotlights": "专栏",
    "spotlight_items": "专栏项目",
    "policies": "支持政策",
    "goals": "具体目标",
}


def _total(report, key):
    return report.created[key] + report.updated[key] + report.unchanged[key]


class Command(BaseCommand):
    help = (
        "载入 2021—2023 年建设规划及其附件二至四（fixtures/*.csv）"
        "和规划任务（fixtures/work/*.csv）；"
        "可重复运行，不触碰已填报的年度数据。"
    )

    def handle(self, *args, **options):
        try:
            report = load_annexes()
        except WorkFixtureError as error:
            raise CommandError(f"{error}未载入任何数据。") from error
        work = {k: v for k, v in WORK_LABELS.items() if _total(report, k)}
        for key, label in (LABELS | work).items():
            self.stdout.write(
                f"{label}: 新增 {report.created[key]}，更新 {report.updated[key]}，"
                f"未变 {report.unchanged[key]}"
            )
        if report.changed_anything:
            self.stdout.write(self.style.SUCCESS("附件数据已载入。"))
        else:
            self.stdout.write("附件数据已是最新，未作任何修改。")
