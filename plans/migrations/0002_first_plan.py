from django.db import migrations

# The plan every record of a database made before plans existed belongs to (the same
# values as fixtures/plan.csv, frozen here as a migration must be).
BASE = "乌鲁木齐高新区（新市区）双创示范基地"
PLAN = {
    "name": "乌鲁木齐高新区（新市区）双创示范基地建设方案（2021—2023年）",
    "baseline_year": 2020,
    "first_year": 2021,
    "last_year": 2023,
    "source_document": "《乌鲁木齐高新区（新市区）双创示范基地建设方案（2021—2023年）》"
    "（2021年3月4日）附件二至附件四",
}
OWNED = [
    ("indicators", "Indicator"),
    ("indicators", "HistoricalIndicator"),
    ("platforms", "Platform"),
    ("platforms", "HistoricalPlatform"),
    ("projects", "Project"),
    ("projects", "HistoricalProject"),
]


def put_records_under_the_first_plan(apps, schema_editor):
    """A database with indicators, platforms or projects gets the 2021–2023 plan (in force)
    and every one of them, history records included, is put under it."""
    models = [apps.get_model(app, name) for app, name in OWNED]
    if not any(model.objects.exists() for model in models):
        return  # a new database: load_annexes creates the plan
    Base = apps.get_model("plans", "Base")
    Plan = apps.get_model("plans", "Plan")
    base, _created = Base.objects.get_or_create(name=BASE)
    plan, _created = Plan.objects.get_or_create(
        base=base, name=PLAN["name"], defaults={**PLAN, "state": "in_force"}
    )
    for model in models:
        # update(): these rows are not changed by anyone, only filed under their plan.
        model.objects.filter(plan__isnull=True).update(plan=plan)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("indicators", "0003_plan_and_series"),
        ("platforms", "0002_plan"),
        ("projects", "0002_plan"),
    ]

    operations = [
        migrations.RunPython(put_records_under_the_first_plan, migrations.RunPython.noop),
    ]
