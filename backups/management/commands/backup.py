import os

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "把全部数据（指标、年度数据、审定、平台、项目、变更历史、用户与权限、令牌）"
        "和佐证材料文件备份到一个 zip 文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="备份文件路径（.zip）")

    def handle(self, *args, output, **options):
        # Written beside the target and renamed at the end: a failed backup never
        # leaves a half-written file, nor replaces an earlier good one.
        partial = f"{output}.partial"
        try:
            with open(partial, "wb") as stream:
                counts = backup_write(stream)
            os.replace(partial, output)
        except OSError as exc:
            raise CommandError(f"无法写入备份文件：{exc}") from exc
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if os.path.exists(partial):
                os.remove(partial)
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份 {sum(counts.values())} 条记录（{len(counts)} 张表）到 {output}"
            )
        )
