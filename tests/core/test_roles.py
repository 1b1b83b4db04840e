import pytest
from django.contrib.auth.models import Group

from core import roles


def group_perms(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", [roles.MANAGER, roles.LEADERSHIP, roles.AUDITOR, roles.UNIT_REPORTER]
)
def test_each_group_has_exactly_its_permissions(name):
    assert group_perms(name) == set(roles.ROLE_PERMISSIONS[name])


@pytest.mark.django_db
def test_manager_enters_figures_but_never_definitions():
    perms = group_perms(roles.MANAGER)
    assert "indicators.change_indicatoractual" in perms
    assert "projects.add_projectprogress" in perms
    assert "indicators.change_indicator" not in perms
    assert "indicators.add_yearapproval" not in perms


@pytest.mark.django_db
def test_leadership_approves_but_edits_nothing():
    perms = group_perms(roles.LEADERSHIP)
    assert "indicators.add_yearapproval" in perms
    assert not {p for p in perms if ".change_" in p or ".delete_" in p}
    assert "indicators.add_indicatoractual" not in perms


@pytest.mark.django_db
def test_auditor_reads_history_and_changes_nothing():
    perms = group_perms(roles.AUDITOR)
    assert "indicators.view_historicalindicatoractual" in perms
    assert "indicators.export_report" in perms
    assert all(".view_" in p or p.endswith("export_report") for p in perms)


@pytest.mark.django_db
def test_unit_reporter_enters_work_progress_and_is_limited_to_a_unit():
    perms = group_perms(roles.UNIT_REPORTER)
    assert {"work.add_workprogress", "work.change_workprogress"} <= perms
    # Without this permission the querysets show only their unit's work (plans.models).
    assert "plans.view_all_units" not in perms
    # Nothing of the figures, platforms, projects or policies.
    assert not {p for p in perms if p.split(".")[0] in {"indicators", "platforms", "projects"}}
    assert not {p for p in perms if "policy" in p}


@pytest.mark.django_db
@pytest.mark.parametrize("name", [roles.MANAGER, roles.LEADERSHIP, roles.AUDITOR])
def test_the_other_roles_see_every_units_work(name):
    assert "plans.view_all_units" in group_perms(name)
