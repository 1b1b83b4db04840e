import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_TABLE = "reports_reportdownload"


def adopt_or_create_table(apps, schema_editor):
    """Until the layered re-cut this model lived in an app called `reports`. A database
    made then already has its table and content type: rename both (the permissions and
    the groups holding them follow the content type). A new database gets a new table."""
    model = apps.get_model("audit", "ReportDownload")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if OLD_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.alter_db_table(model, OLD_TABLE, model._meta.db_table)
        old = ContentType.objects.using(db).filter(app_label="reports", model="reportdownload")
        if not ContentType.objects.using(db).filter(app_label="audit").exists():
            old.update(app_label="audit")
    else:
        schema_editor.create_model(model)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The model enters the migration state here; its table is made (or adopted) below.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReportDownload",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("requested_at", models.DateTimeField(auto_now_add=True, verbose_name="下载时间")),
                        ("source", models.CharField(choices=[("web", "网站下载"), ("admin", "后台所选实际值"), ("command", "命令行")], max_length=10, verbose_name="来源")),
                        ("year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="年份")),
                        ("actual_ids", models.JSONField(blank=True, default=list, verbose_name="所选实际值")),
                        ("filename", models.CharField(max_length=200, verbose_name="文件名")),
                        ("requested_by", models.ForeignKey(blank=True, help_text="命令行导出时为空。", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="下载人")),
                    ],
                    options={
                        "verbose_name": "报表下载记录",
                        "verbose_name_plural": "报表下载记录",
                        "ordering": ["-requested_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(adopt_or_create_table, migrations.RunPython.noop),
    ]
