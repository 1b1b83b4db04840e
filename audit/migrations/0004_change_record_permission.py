from django.db import migrations

from core.roles import sync_role_groups


class Migration(migrations.Migration):
    """Auditors and leadership read the change record on the site (core/roles.py)."""

    dependencies = [("audit", "0003_evaluation_permission")]

    operations = [
        migrations.AlterModelOptions(
            name="reportdownload",
            options={
                "ordering": ["-requested_at"],
                "permissions": [
                    ("export_evaluation", "可以下载评估报告"),
                    ("view_change_record", "可以查看修改记录"),
                ],
                "verbose_name": "报表下载记录",
                "verbose_name_plural": "报表下载记录",
            },
        ),
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
    ]
