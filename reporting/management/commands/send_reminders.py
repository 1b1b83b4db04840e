import datetime

from django.core.management.base import BaseCommand, CommandError

from reporting.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "发送年度填报截止提醒（截止前 14 天和 3 天、逾期），邮件和站内通知；"
        "可反复运行，同一提醒只发一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按这一天计算（YYYY-MM-DD），默认今天；用于补发或测试")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today 须为 YYYY-MM-DD：{options['today']}") from error
        sent = send_reminders(today)
        self.stdout.write(f"已发送 {sent} 封提醒邮件。")
