from django.core.management.base import BaseCommand

from annexes.loader import load_annexes

LABELS = {
    "plans": "建设规划",
    "indicators": "指标",
    "platforms": "技术创新平台",
    "projects": "重点项目",
}


class Command(BaseCommand):
    help = (
        "载入 2021—2023 年建设规划及其附件二至四（fixtures/*.csv）；"
        "可重复运行，不触碰已填报的年度数据。"
    )

    def handle(self, *args, **options):
        report = load_annexes()
        for key, label in LABELS.items():
            self.stdout.write(
                f"{label}: 新增 {report.created[key]}，更新 {report.updated[key]}，"
                f"未变 {report.unchanged[key]}"
            )
        if report.changed_anything:
            self.stdout.write(self.style.SUCCESS("附件数据已载入。"))
        else:
            self.stdout.write("附件数据已是最新，未作任何修改。")
