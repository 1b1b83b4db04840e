import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual, YearApproval
from indicators.services import actual_save, year_approve
from reporting.services import reporting_year_submit

from .conftest import fill_year


def _post_data(client, year, values, reason=""):
    """The entry form as the page renders it, with `values` ({serial: text}) typed in."""
    page = client.get(reverse("reporting:entry", kwargs={"year": year}))
    formset = page.context["formset"]
    data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
    for i, row in enumerate(page.context["rows"]):
        data[f"form-{i}-indicator_id"] = row["indicator"].pk
        data[f"form-{i}-expected_version"] = row["current"].version if row["current"] else ""
        data[f"form-{i}-value"] = values.get(row["indicator"].serial, row["stored"])
        data[f"form-{i}-note"] = row["current"].note if row["current"] else ""
    data["reason"] = reason
    return data


def test_the_entry_screen_shows_last_year_or_the_baseline_beside_each_input(
    client, annexes, manager
):
    client.force_login(manager)
    page = client.get(reverse("reporting:entry", kwargs={"year": 2021}))
    seven = next(r for r in page.context["rows"] if r["indicator"].serial == 7)
    assert (seven["previous"], seven["previous_label"]) == ("18.09", "基期值")
    html = page.content.decode()
    # Every input has a label.
    assert f'<label class="visually-hidden" for="{seven["form"]["value"].id_for_label}">' in html


def test_saving_and_a_refused_save_that_marks_the_unsaved_input(client, annexes, manager):
    client.force_login(manager)
    url = reverse("reporting:entry", kwargs={"year": 2021})
    saved = client.post(url, _post_data(client, 2021, {7: "19.5"}))
    assert saved.status_code == 302
    assert IndicatorActual.objects.get(indicator__serial=7, year=2021).value == 19.5

    refused = client.post(url, _post_data(client, 2021, {7: "19.7", 1: "1,76"}))
    assert refused.status_code == 200
    assert IndicatorActual.objects.get(indicator__serial=7, year=2021).value == 19.5
    seven = next(r for r in refused.context["rows"] if r["indicator"].serial == 7)
    assert seven["stored"] == "19.5" and seven["typed"] == "19.7" and seven["unsaved"]
    html = refused.content.decode()
    assert "未保存" in html and 'id="unsaved-note"' in html


def test_a_refused_save_is_told_once_by_a_summary_linking_to_each_field(client, annexes, manager):
    client.force_login(manager)
    url = reverse("reporting:entry", kwargs={"year": 2021})
    refused = client.post(url, _post_data(client, 2021, {7: "12,3x"}))
    html = refused.content.decode()
    seven = next(r for r in refused.context["rows"] if r["indicator"].serial == 7)
    field_id = seven["form"]["value"].id_for_label

    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S).group(0)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "autofocus" in summary
    link = re.search(rf'<a href="#{field_id}">([^<]*)</a>', summary)
    assert link and "“x”" in link.group(1)  # the message names the refused letter
    # The input is described by its own message, which exists and says something.
    described = re.search(rf'id="{field_id}"[^>]*aria-describedby="([^"]+)"', html).group(1)
    message = re.search(rf'id="{described}">(.*?)</div></div>', html, re.S)
    assert message and "“x”" in message.group(1)
    # No input points aria-describedby at an element the page does not hold.
    for ids in re.findall(r'aria-describedby="([^"]+)"', html):
        assert all(f'id="{i}"' in html for i in ids.split())
    # One refusal, told once: no messages banner beside the summary.
    assert not list(refused.context["messages"])
    assert 'class="messages"' not in html


def test_a_year_approved_meanwhile_shows_the_stored_values_and_the_input_as_unsaved(
    client, annexes, manager, leader
):
    fill_year(manager, 2021)
    client.force_login(manager)
    data = _post_data(client, 2021, {7: "25"})
    year_approve(user=leader, year=2021)  # while the manager was typing
    response = client.post(reverse("reporting:entry", kwargs={"year": 2021}), data)
    assert response.context["locked"]
    seven = next(r for r in response.context["rows"] if r["indicator"].serial == 7)
    assert seven["stored"] == "18.09"
    html = response.content.decode()
    assert "你输入的 25 未保存" in html
    assert 'name="form-6-value"' not in html  # no input: the table is read-only
    assert IndicatorActual.objects.get(indicator__serial=7, year=2021).value != 25
    assert YearApproval.objects.for_year(2021)


def test_no_entry_screen_for_a_future_year_or_outside_the_plan(client, annexes, manager):
    client.force_login(manager)
    assert client.get(reverse("reporting:entry", kwargs={"year": 2099})).status_code == 404
    assert client.get(reverse("reporting:entry", kwargs={"year": 2019})).status_code == 404


def test_leadership_cannot_post_figures(client, annexes, leader):
    client.force_login(leader)
    response = client.post(reverse("reporting:entry", kwargs={"year": 2021}), {})
    assert response.status_code == 403
    assert not IndicatorActual.objects.exists()


def test_the_overview_shows_state_due_date_and_what_is_missing(client, annexes, manager, leader):
    fill_year(manager, 2021, skip={3, 4})
    client.force_login(manager)
    page = client.get(reverse("reporting:overview"))
    summary = page.context["summaries"][0]
    assert (summary.year, summary.indicators_done, summary.indicator_count) == (2021, 11, 13)
    assert summary.due_date.isoformat() == "2022-03-31"
    html = page.content.decode()
    assert "11/13 项指标" in html and "2 项指标未填" in html and "0/34 个项目" in html
    assert "尚无数据：点此开始填报" in html  # 2022: the manager's empty state

    client.force_login(leader)
    html = client.get(reverse("reporting:overview")).content.decode()
    assert "由基地管理员负责填报：manager" in html  # the leader's empty state
    assert Indicator.objects.count() == 13


def test_the_overview_counts_projects_without_progress_as_missing(client, annexes, manager):
    fill_year(manager, 2021)
    client.force_login(manager)
    html = client.get(reverse("reporting:overview")).content.decode()
    row = re.search(r'<tr id="year-2021">.*?</tr>', html, re.S).group(0)
    assert "13/13 项指标" in row and "0/34 个项目" in row
    assert "34 个项目未填进展" in row
    assert "已填齐" not in row


def test_a_change_reason_longer_than_the_history_holds_is_refused_with_a_message(
    client, annexes, manager
):
    # The history's column holds 100 characters; PostgreSQL refused more with a 500.
    fill_year(manager, 2021)
    reporting_year_submit(user=manager, year=2021)
    client.force_login(manager)
    url = reverse("reporting:entry", kwargs={"year": 2021})
    response = client.post(url, _post_data(client, 2021, {7: "19.5"}, reason="因" * 300))
    assert response.status_code == 200
    assert "修改原因过长（300 字）：最多 100 字。" in response.content.decode()
    assert IndicatorActual.objects.get(indicator__serial=7, year=2021).value == Decimal("18.09")


def test_the_service_refuses_a_change_reason_the_history_cannot_hold(annexes, manager):
    fill_year(manager, 2021)
    reporting_year_submit(user=manager, year=2021)
    seven = Indicator.objects.get(serial=7)
    stored = IndicatorActual.objects.get(indicator=seven, year=2021)
    with pytest.raises(ValidationError) as refused:
        actual_save(
            user=manager, indicator=seven, year=2021, value="19.5", actual=stored, reason="因" * 101
        )
    assert "最多 100 字" in str(refused.value)
    assert IndicatorActual.objects.get(indicator=seven, year=2021).value == Decimal("18.09")
