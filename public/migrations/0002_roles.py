from django.db import migrations

from core.roles import sync_role_groups


class Migration(migrations.Migration):
    """Leadership may publish a year on the public site (core/roles.py)."""

    dependencies = [("public", "0001_initial")]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
