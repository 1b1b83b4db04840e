from django.core.management.base import BaseCommand

from backups.archive import backup_write


class Command(BaseCommand):
    help = (
        "把全部数据（指标、年度数据、审定、平台、项目、变更历史、用户与权限、令牌）"
        "备份到一个 JSON 文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="备份文件路径")

    def handle(self, *args, output, **options):
        with open(output, "w", encoding="utf-8") as stream:
            counts = backup_write(stream)
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份 {sum(counts.values())} 条记录（{len(counts)} 张表）到 {output}"
            )
        )
