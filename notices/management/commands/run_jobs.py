"""The dated jobs in one loop, for development: `make run` starts it beside runserver.

Production runs `send_reminders` from cron instead (README, "Reminders and notices").
A separate process rather than a thread inside runserver: runserver's autoreloader
restarts its process on every code change (a thread would start again each time, and
twice with the reloader's parent), and a process is stopped and seen on its own. It stops
when asked (SIGTERM, Ctrl-C) and when the process that started it is gone, so it never
outlives `make run`.
"""

import logging
import os
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from reporting.reminders import send_reminders

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "定时任务循环（开发环境，make run 启动）：每隔一段时间运行一次 send_reminders；"
        "启动它的进程退出时随之退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=int,
            default=3600,
            help="两次运行之间的秒数，默认 3600（提醒按日期计算，同一提醒只发一次）",
        )
        parser.add_argument("--once", action="store_true", help="只运行一次后退出")

    def handle(self, *args, **options):
        parent = os.getppid()
        interval = max(options["interval"], 1)
        try:
            while True:
                self.run_once()
                if options["once"]:
                    return
                for _second in range(interval):
                    time.sleep(1)
                    if os.getppid() != parent:  # make run (runserver's shell) is gone
                        return
                # A connection kept through the hour may have timed out or broken.
                close_old_connections()
        except KeyboardInterrupt:
            return

    def run_once(self):
        today = timezone.localdate()
        try:
            sent = send_reminders(today)
        except Exception:
            # The next run tries again (a locked SQLite file, a mail server down).
            logger.exception("run_jobs: send_reminders failed")
            return
        self.stdout.write(
            f"{timezone.localtime():%Y-%m-%d %H:%M} send_reminders：已发送 {sent} 封提醒邮件。"
        )
