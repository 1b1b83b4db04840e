"""修改记录 on the site (/reports/changes/, audit/changes.py): who changed what in one plan,
by display name, old → new, with the reason and when; filters, pages, roles, drafts."""

import re

import pytest
from django.urls import reverse

from indicators.models import Indicator
from indicators.services import actual_save, year_approve
from plans.models import Plan, PlanState

URL = reverse("audit:changes")


@pytest.fixture
def named_manager(manager):
    manager.first_name = "王晓红"
    manager.save()
    return manager


@pytest.fixture
def edited(named_manager, annexes):
    """科技型企业数 2022: entered as 1900, then corrected to 1950 with a reason."""
    indicator = Indicator.objects.get(serial=3)
    actual = actual_save(user=named_manager, indicator=indicator, year=2022, value="1900")
    return actual_save(
        user=named_manager,
        indicator=indicator,
        year=2022,
        value="1950",
        actual=actual,
        reason="按统计年鉴更正",
    )


def test_an_auditor_reads_who_changed_what_from_what_to_what_why_and_when(client, auditor, edited):
    client.force_login(auditor)
    response = client.get(URL)
    assert response.status_code == 200
    latest = response.context["changes"][0]
    assert latest["who"] == "王晓红"  # the display name, not the login name
    assert latest["action"] == "修改"
    assert latest["object"] == "3. 科技型企业数 2022年"
    assert ("实际值", "1900", "1950") in latest["fields"]
    assert latest["reason"] == "按统计年鉴更正"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", latest["when"])  # to the minute
    body = response.content.decode()
    assert "1900 → 1950" in body and "按统计年鉴更正" in body
    assert ">manager<" not in body


def test_leadership_reads_it_too_and_the_menu_links_to_it(client, leader, auditor, edited):
    for user in (leader, auditor):
        client.force_login(user)
        home = client.get(reverse("home")).content.decode()
        assert f'href="{URL}"' in home
        assert client.get(URL).status_code == 200


def test_managers_outsiders_and_anonymous_users_are_kept_out(client, manager, outsider, edited):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
    for user in (manager, outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert f'href="{URL}"' not in client.get(reverse("password_change")).content.decode()


def test_filters_by_year_indicator_and_person(client, auditor, leader, edited, named_manager):
    other = Indicator.objects.get(serial=7)
    actual_save(user=named_manager, indicator=other, year=2021, value="19.5")
    year_approve(user=leader, year=2021)
    client.force_login(auditor)

    def objects(**filters):
        return [c["object"] for c in client.get(URL, filters).context["changes"]]

    assert set(objects(year=2021)) == {"7. 每万人口发明专利拥有量 2021年", "2021年审定"}
    # The indicator's figures and its definition (loaded from the annex).
    assert objects(indicator=3) == ["3. 科技型企业数 2022年"] * 2 + ["3. 科技型企业数"]
    assert objects(user=leader.pk) == ["2021年审定"]
    assert objects(year=2022, indicator=7) == []


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"year": "1999"}, "年份“1999”不在本规划的年份内"),
        ({"year": "abc"}, "年份“abc”不在本规划的年份内"),
        ({"indicator": "99"}, "本规划没有序号为“99”的指标"),
        ({"user": "x'; drop"}, "没有这位修改人"),
        ({"user": "999999"}, "没有这位修改人"),
        ({"plan": "999"}, "没有这个规划或你无权查看"),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error(client, auditor, edited, filters, message):
    client.force_login(auditor)
    response = client.get(URL, filters)
    assert response.status_code == 200
    assert message in response.content.decode()
    unfiltered = client.get(URL).context["page"].paginator.count
    assert response.context["page"].paginator.count == unfiltered  # the bad condition is left out


def test_long_records_come_a_page_at_a_time(client, auditor, named_manager, annexes):
    indicator = Indicator.objects.get(serial=3)
    actual = actual_save(user=named_manager, indicator=indicator, year=2022, value="1800")
    for value in range(1801, 1856):  # 56 records of the figure, and the definition's one
        actual = actual_save(
            user=named_manager, indicator=indicator, year=2022, value=str(value), actual=actual
        )
    client.force_login(auditor)
    first = client.get(URL, {"indicator": 3})
    assert len(first.context["changes"]) == 50
    assert first.context["page"].paginator.count == 57
    assert ("实际值", "1854", "1855") in first.context["changes"][0]["fields"]
    body = first.content.decode()
    assert "indicator=3&amp;page=2" in body  # the page links keep the filter
    second = client.get(URL, {"indicator": 3, "page": 2}).context["changes"]
    assert [c["action"] for c in second] == ["修改"] * 5 + ["新增", "新增"]
    # Each change is compared with the record just before it, even across pages.
    assert ("实际值", "1800", "1801") in second[4]["fields"]


def test_a_person_filter_compares_each_change_with_the_record_just_before_it(
    client, auditor, named_manager, sysadmin, annexes
):
    indicator = Indicator.objects.get(serial=3)
    actual = actual_save(user=named_manager, indicator=indicator, year=2022, value="1800")
    actual = actual_save(user=sysadmin, indicator=indicator, year=2022, value="1850", actual=actual)
    actual_save(user=named_manager, indicator=indicator, year=2022, value="1900", actual=actual)
    client.force_login(auditor)
    changes = client.get(URL, {"user": named_manager.pk}).context["changes"]
    assert ("实际值", "1850", "1900") in changes[0]["fields"]  # not 1800 → 1900


@pytest.fixture
def draft(annexes):
    first = Plan.objects.get()
    plan = Plan.objects.create(
        base=first.base,
        name="2024—2026年草稿",
        first_year=2024,
        last_year=2026,
        baseline_year=2023,
        state=PlanState.DRAFT,
    )
    Indicator.objects.create(
        plan=plan,
        serial=1,
        name_as_written="草稿新增指标（个）",
        name="草稿新增指标",
        unit="个",
        baseline_year=2023,
        baseline_value=1,
        target_year=2026,
        target_value=5,
        source_ref="草稿",
    )
    return plan


def test_nothing_of_a_draft_for_those_who_may_not_see_drafts(client, auditor, edited, draft):
    client.force_login(auditor)
    for query in ({}, {"plan": draft.pk}):
        response = client.get(URL, query)
        assert response.context["plan"] != draft
        body = response.content.decode()
        assert "草稿新增指标" not in body and "2024—2026年草稿" not in body
    assert "没有这个规划或你无权查看" in client.get(URL, {"plan": draft.pk}).content.decode()


def test_leadership_picks_the_draft_and_reads_only_its_changes(client, leader, edited, draft):
    client.force_login(leader)
    response = client.get(URL, {"plan": draft.pk})
    assert response.context["plan"] == draft
    assert [c["object"] for c in response.context["changes"]] == ["1. 草稿新增指标"]
    # The current plan's record holds nothing of the draft.
    current = client.get(URL).context
    assert current["plan"] != draft
    assert all("草稿新增指标" not in c["object"] for c in current["changes"])
