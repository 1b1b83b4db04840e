from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "从 backup 命令生成的文件（zip，或旧版 JSON）恢复全部数据和佐证材料文件到已 migrate "
        "的空数据库；全部成功或全部不变。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="数据库已有数据时，先清空再恢复（默认拒绝）",
        )

    def handle(self, *args, file, replace, **options):
        try:
            with open(file, "rb") as stream:
                counts = backup_restore(stream, replace=replace)
        except OSError as exc:
            raise CommandError(f"无法打开备份文件：{exc}") from exc
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"已恢复 {sum(counts.values())} 条记录（{len(counts)} 张表）。")
        )
