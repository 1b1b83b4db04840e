"""The plan's work (fixtures/work/*.csv) loads into the first plan by identifier: again and
again without duplicates, updating changed text, all or nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annexes import loader
from annexes.loader import WorkFixtureError, load_annexes
from plans.models import Plan, Unit
from work.models import Goal, Policy, Programme, Spotlight, WorkItem, WorkKind

FILES = {
    "programmes.csv": "identifier,number,title,text\n"
    "1,（一）,双创主体培育工程,培育双创主体。\n"
    "5,（五）,创新平台提升工程,提升创新平台。\n",
    "tasks.csv": "identifier,programme,title,text\n"
    '1.1,1,培育科技型企业,"实施科技型企业培育计划，\n逐年递增。"\n'
    "5.1,5,建设研发平台,支持企业建设研发平台。\n",
    "spotlights.csv": "identifier,programme,title\n5-1,5,重点创新平台\n",
    "spotlight_items.csv": "identifier,spotlight,title,text\n5-1-1,5-1,某工程技术研究中心,升级。\n",
    "policies.csv": "identifier,title\n1,研发费用后补助\n2,人才安居补贴\n",
    "goals.csv": "identifier,title,text\n1,双创生态更加完善,形成良好生态。\n",
}


def write(directory, files):
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def work_dir(tmp_path):
    return write(tmp_path / "work", FILES)


def counts():
    return (
        Programme.objects.count(),
        WorkItem.objects.tasks().count(),
        Spotlight.objects.count(),
        WorkItem.objects.spotlight_items().count(),
        Policy.objects.count(),
        Goal.objects.count(),
    )


def test_loads_the_work_into_the_first_plan(db, work_dir):
    report = load_annexes(work_dir=work_dir)
    assert counts() == (2, 2, 1, 1, 2, 1)
    plan = Plan.objects.get()
    assert {p.plan for p in Programme.objects.all()} == {plan}
    task = WorkItem.objects.get(identifier="1.1")
    assert (task.kind, task.programme.identifier) == (WorkKind.TASK, "1")
    assert task.text == "实施科技型企业培育计划，\n逐年递增。"
    item = WorkItem.objects.get(identifier="5-1-1")
    assert (item.spotlight.identifier, item.programme.identifier) == ("5-1", "5")
    assert report.created["tasks"] == 2 and report.created["policies"] == 2


def test_loading_twice_changes_nothing(db, work_dir):
    load_annexes(work_dir=work_dir)
    report = load_annexes(work_dir=work_dir)
    assert not report.changed_anything
    assert report.unchanged["programmes"] == 2 and report.unchanged["spotlight_items"] == 1
    assert counts() == (2, 2, 1, 1, 2, 1)


def test_changed_text_is_updated_in_place_and_units_set_by_hand_are_kept(db, work_dir):
    load_annexes(work_dir=work_dir)
    task = WorkItem.objects.get(identifier="5.1")
    unit = Unit.objects.get(name="区发改委")
    task.lead_unit = unit
    task.save()
    write(work_dir, {"tasks.csv": FILES["tasks.csv"].replace("支持企业", "鼓励企业")})
    report = load_annexes(work_dir=work_dir)
    assert (report.updated["tasks"], report.unchanged["tasks"]) == (1, 1)
    task.refresh_from_db()
    assert task.text == "鼓励企业建设研发平台。" and task.lead_unit == unit
    assert task.history.count() == 3  # created, unit assigned, text updated


def test_the_plans_own_unit_is_created_once_and_no_other(db, work_dir):
    load_annexes(work_dir=work_dir)
    load_annexes(work_dir=work_dir)
    assert list(Unit.objects.values_list("name", flat=True)) == ["区发改委"]
    assert Unit.objects.get().base == Plan.objects.get().base


def test_without_work_files_only_the_annexes_load(db, tmp_path):
    load_annexes(work_dir=tmp_path / "none")
    assert counts() == (0, 0, 0, 0, 0, 0)
    assert Plan.objects.exists()


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("tasks.csv", "identifier,programme,title,text\n9.1,9,无此工程,\n", "工程“9”不存在"),
        (
            "spotlight_items.csv",
            "identifier,spotlight,title,text\n4-1-1,4-1,无此专栏,\n",
            "专栏“4-1”不存在",
        ),
        ("policies.csv", "identifier,title\n1,甲\n1,乙\n", "编号“1”重复"),
        ("goals.csv", "identifier,title\n1,缺列\n", "缺少列：text"),
    ],
)
def test_a_bad_row_loads_nothing_and_says_where(db, work_dir, name, text, message):
    write(work_dir, {name: text})
    with pytest.raises(WorkFixtureError, match=message):
        load_annexes(work_dir=work_dir)
    assert counts() == (0, 0, 0, 0, 0, 0)
    assert not Plan.objects.exists()


def test_the_command_reports_the_work_and_refuses_bad_files_in_chinese(db, work_dir, monkeypatch):
    monkeypatch.setattr(loader, "WORK_DIR", work_dir)
    out = io.StringIO()
    call_command("load_annexes", stdout=out)
    assert "重点任务: 新增 2，更新 0，未变 0" in out.getvalue()
    assert "责任单位: 新增 1" in out.getvalue()
    write(work_dir, {"tasks.csv": "identifier,programme,title,text\n9.1,9,x,\n"})
    with pytest.raises(CommandError, match="未载入任何数据"):
        call_command("load_annexes", stdout=io.StringIO())


@pytest.mark.skipif(
    not Path("fixtures/work/programmes.csv").exists(), reason="fixtures/work not yet transcribed"
)
def test_the_real_work_fixtures_load_twice_idempotently(db):
    load_annexes()
    assert Programme.objects.count() == 9
    assert Policy.objects.count() == 30
    assert not load_annexes().changed_anything
    assert Programme.objects.count() == 9 and Policy.objects.count() == 30
