from django.db import migrations

from core.roles import sync_role_groups


class Migration(migrations.Migration):
    """Managers draft plans, leadership puts them in force, auditors read them (core/roles.py)."""

    dependencies = [
        ("plans", "0002_first_plan"),
        ("indicators", "0004_plan_required"),
        ("platforms", "0003_plan_required"),
        ("projects", "0003_plan_required"),
        ("audit", "0003_evaluation_permission"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
