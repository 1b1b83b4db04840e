"""The four roles (docs/domain.md) as Django groups, and the permissions of each.

System administrators are superusers and need no group. The groups are created
by data migrations (indicators/migrations/0002_roles.py, audit/migrations/0002_roles.py,
audit/migrations/0003_evaluation_permission.py, work/migrations/0002_roles.py)
so every database has them; changing this map needs a new migration that calls
`sync_role_groups` again.
"""

from django.utils.translation import gettext_lazy as _

MANAGER = "基地管理员"
LEADERSHIP = "领导"
AUDITOR = "审计"
# Reports the yearly progress of the tasks and items its unit (plans.UnitMember) leads
# or collaborates on, and nothing else: it lacks plans.view_all_units.
UNIT_REPORTER = "部门填报员"

ROLE_LABELS = {
    MANAGER: _("基地管理员"),
    LEADERSHIP: _("领导"),
    AUDITOR: _("审计"),
    UNIT_REPORTER: _("部门填报员"),
}

_DATA_MODELS = [
    "plans.plan",
    "indicators.indicator",
    "indicators.indicatoractual",
    "indicators.yearapproval",
    "platforms.platform",
    "projects.project",
    "projects.projectprogress",
    "public.publication",
    "plans.unit",
    "work.programme",
    "work.spotlight",
    "work.workitem",
    "work.policy",
    "work.goal",
    "work.workprogress",
    "work.policyapplication",
]
# What a unit reporter reads: the plan's work (of their unit: `visible_to`) and units.
_UNIT_WORK_MODELS = [
    "plans.unit",
    "work.programme",
    "work.spotlight",
    "work.workitem",
    "work.goal",
    "work.workprogress",
]
_HISTORY_MODELS = [
    "plans.historicalplan",
    "indicators.historicalindicator",
    "indicators.historicalindicatoractual",
    "indicators.historicalyearapproval",
    "platforms.historicalplatform",
    "projects.historicalproject",
    "projects.historicalprojectprogress",
    "plans.historicalunit",
    "plans.historicalunitmember",
    "work.historicalprogramme",
    "work.historicalspotlight",
    "work.historicalworkitem",
    "work.historicalpolicy",
    "work.historicalgoal",
    "work.historicalworkprogress",
    "work.historicalpolicyapplication",
    "public.historicalpublication",
]
# Not limited to one responsible unit (plans.models.ALL_UNITS_PERMISSION).
_ALL_UNITS = "plans.view_all_units"


def _view(models):
    return [f"{m.split('.')[0]}.view_{m.split('.')[1]}" for m in models]


ROLE_PERMISSIONS = {
    # Enters yearly figures, project progress and platform records; never definitions.
    MANAGER: sorted(
        _view(_DATA_MODELS)
        + [
            "indicators.add_indicatoractual",
            "indicators.change_indicatoractual",
            "indicators.delete_indicatoractual",
            "platforms.add_platform",
            "platforms.change_platform",
            "projects.add_projectprogress",
            "projects.change_projectprogress",
            "projects.delete_projectprogress",
            # Drafts the next plan (its indicators, targets, carried platforms and projects).
            "plans.add_plan",
            "plans.change_plan",
            "plans.view_draft_plan",
            "audit.export_evaluation",
            # Corrects any unit's work progress; enters how the support policies were applied.
            _ALL_UNITS,
            "work.add_workprogress",
            "work.change_workprogress",
            "work.add_policyapplication",
            "work.change_policyapplication",
        ]
    ),
    # Reads everything and approves a year's figures (which locks them).
    LEADERSHIP: sorted(
        _view(_DATA_MODELS)
        + [
            "indicators.add_yearapproval",
            "indicators.export_report",
            "plans.view_draft_plan",
            "plans.put_in_force_plan",
            "audit.export_evaluation",
            _ALL_UNITS,
            # 修改记录 (who changed what, with the reasons) on the site, not the admin's history.
            "audit.view_change_record",
            # Publishes an approved year on the public site (public/), or withdraws it.
            "public.publish_year",
        ]
    ),
    # Reads everything, including who changed what and who downloaded reports; downloads them.
    AUDITOR: sorted(
        _view(_DATA_MODELS + _HISTORY_MODELS + ["audit.reportdownload"])
        + ["indicators.export_report", _ALL_UNITS, "audit.view_change_record"]
    ),
    # Enters the yearly progress of its own unit's tasks and items; reads nothing else.
    UNIT_REPORTER: sorted(
        _view(_UNIT_WORK_MODELS) + ["work.add_workprogress", "work.change_workprogress"]
    ),
}


def sync_role_groups(apps, schema_editor=None):
    """Create the role groups and give each exactly its permissions (migration-safe)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    migrated_apps = {config.label for config in apps.get_app_configs()}
    for group_name, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            if app_label not in migrated_apps:
                # An app whose models a later migration creates (audit): that
                # migration calls this function again once its permissions exist.
                continue
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                # A permission a later migration declares (audit.export_evaluation):
                # that migration calls this function again.
                continue
            perms.append(permission)
        group.permissions.set(perms)
