from django.db import migrations

from core.roles import sync_role_groups


class Migration(migrations.Migration):
    """The 部门填报员 group, and every role's permissions on the plan's work and the
    responsible units (core/roles.py)."""

    dependencies = [
        ("work", "0001_initial"),
        ("plans", "0004_responsible_units"),
        ("plans", "0003_roles"),
        ("indicators", "0006_responsible_units"),
        ("audit", "0003_evaluation_permission"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
