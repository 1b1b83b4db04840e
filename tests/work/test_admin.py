"""The admin of the plan's work: administrators edit definitions and assign units; each
role's lists show what `visible_to` allows."""

from django.urls import reverse

from work.models import WorkItem, WorkKind, WorkProgress


def test_an_administrator_adds_a_task_and_assigns_its_units(client, sysadmin, programme, units):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:work_workitem_add"),
        {
            "kind": WorkKind.TASK,
            "programme": programme.pk,
            "identifier": "5.2",
            "title": "新增任务",
            "text": "",
            "ordering": 2,
            "visibility": "internal",
            "lead_unit": units["kj"].pk,
            "collaborating_units": [units["fgw"].pk],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    task = WorkItem.objects.get(identifier="5.2")
    assert (task.plan, task.lead_unit, task.visibility) == (programme.plan, units["kj"], "internal")
    assert list(task.collaborating_units.all()) == [units["fgw"]]


def test_a_task_with_a_spotlight_is_refused_in_chinese(client, sysadmin, item, programme):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:work_workitem_add"),
        {
            "kind": WorkKind.TASK,
            "programme": programme.pk,
            "spotlight": item.spotlight.pk,
            "identifier": "5.3",
            "title": "错误的任务",
            "ordering": 3,
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    assert "专栏项目必须选择所属专栏；重点任务不属于任何专栏。" in response.content.decode()
    assert not WorkItem.objects.filter(identifier="5.3").exists()


def test_a_unit_reporter_lists_only_their_units_work(client, task, item, kj_reporter):
    WorkProgress.objects.create(item=task, year=2022, status="推进中")
    client.force_login(kj_reporter)
    items = client.get(reverse("admin:work_workitem_changelist"))
    assert list(items.context["cl"].result_list) == [item]
    progress = client.get(reverse("admin:work_workprogress_changelist"))
    assert list(progress.context["cl"].result_list) == []
    assert client.get(reverse("admin:work_policy_changelist")).status_code == 403


def test_progress_is_read_only_in_the_admin_even_for_administrators(client, sysadmin, task):
    row = WorkProgress.objects.create(item=task, year=2022, status="推进中")
    client.force_login(sysadmin)
    assert client.get(reverse("admin:work_workprogress_add")).status_code == 403
    page = client.get(reverse("admin:work_workprogress_change", args=[row.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
