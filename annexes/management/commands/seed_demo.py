from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core import roles

# Demo accounts for `make run` only; the README documents them. Never run in production.
DEMO_ACCOUNTS = [
    # username, password, group (None: system administrator), display name
    ("manager", "demo-manager-2021", roles.MANAGER, "基地管理员（演示）"),
    ("leader", "demo-leader-2021", roles.LEADERSHIP, "领导（演示）"),
    ("auditor", "demo-auditor-2021", roles.AUDITOR, "审计（演示）"),
    ("admin", "demo-admin-2021", None, "系统管理员（演示）"),
]


class Command(BaseCommand):
    help = "创建演示账号（每个角色一个）；仅用于开发演示，生产环境拒绝运行。"

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境不创建演示账号（DJANGO_ENV=production）。")
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
