from django.db import migrations

from config.roles import sync_role_groups


class Migration(migrations.Migration):
    """Auditors may read the record of report downloads (config/roles.py)."""

    dependencies = [
        ("indicators", "0002_roles"),
        ("platforms", "0001_initial"),
        ("projects", "0001_initial"),
        ("reports", "0001_report_download"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
