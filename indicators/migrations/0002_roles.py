from django.db import migrations

from core.roles import sync_role_groups


class Migration(migrations.Migration):
    """Create the 基地管理员 / 领导 / 审计 groups with their permissions (core/roles.py)."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0001_initial"),
        ("platforms", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
