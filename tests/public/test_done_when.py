"""The issue's acceptance: after 2023 is approved, the leader publishes 2023; an anonymous
client sees the plan's 2023 figures, downloads the CSV, and cannot see 2024 (entered,
unpublished) or any note."""

from decimal import Decimal

from django.test import Client

from indicators.models import Indicator, IndicatorActual
from indicators.services import year_approve
from plans.models import Plan
from public.models import Publication


def test_leader_publishes_2023_and_anyone_sees_it_but_not_2024_or_notes(annexes, manager, leader):
    plan = Plan.objects.get()
    first = Indicator.objects.get(plan=plan, serial=1)
    for indicator in Indicator.objects.filter(plan=plan):
        IndicatorActual.objects.create(
            indicator=indicator,
            year=2023,
            value=indicator.baseline_value,
            entered_by=manager,
            note="二〇二三年的内部说明",
        )
    IndicatorActual.objects.filter(indicator=first, year=2023).update(value=Decimal("1999"))
    IndicatorActual.objects.create(
        indicator=first, year=2024, value=Decimal("5555.5"), entered_by=manager, note="内部"
    )
    year_approve(user=leader, year=2023)
    anonymous = Client()
    assert anonymous.get("/public/").content.decode().count("/public/plans/") == 0

    staff = Client()
    staff.force_login(leader)
    confirm = staff.get(f"/public/manage/plans/{plan.pk}/2023/publish/")
    assert "确认公开发布 2023 年" in confirm.content.decode()
    assert staff.post(f"/public/manage/plans/{plan.pk}/2023/publish/").status_code == 302
    publication = Publication.objects.get()
    assert (publication.published_by, publication.year) == (leader, 2023)

    listing = anonymous.get("/public/").content.decode()
    assert f"/public/plans/{plan.pk}/" in listing
    page = anonymous.get(f"/public/plans/{plan.pk}/").content.decode()
    assert "2023年指标进展" in page and "1999" in page
    assert "5555.5" not in page and "内部说明" not in page
    detail = anonymous.get(f"/public/plans/{plan.pk}/indicators/1/").content.decode()
    assert "1999" in detail and "5555.5" not in detail and "说明" not in detail
    csv = anonymous.get(f"/public/plans/{plan.pk}/2023.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "1999" in text and "5555.5" not in text and "内部说明" not in text
    assert anonymous.get(f"/public/plans/{plan.pk}/2024.csv").status_code == 404
    assert anonymous.get(f"/public/plans/{plan.pk}/?year=2024").status_code == 404
