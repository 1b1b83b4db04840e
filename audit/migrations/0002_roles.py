from django.db import migrations

from core.roles import sync_role_groups


class Migration(migrations.Migration):
    """Auditors may read the record of report downloads (core/roles.py)."""

    dependencies = [
        ("indicators", "0002_roles"),
        ("platforms", "0001_initial"),
        ("projects", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
