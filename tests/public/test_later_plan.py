"""A later plan with nothing published stays off the public pages of an earlier one: its
baseline is the earlier plan's last actual (2023 of 2024–2026), which may not be public."""

from django.urls import reverse

from indicators.models import Indicator
from indicators.services import year_approve
from planning.services import plan_draft, plan_put_in_force
from public.services import publication_publish
from tests.planning.test_services import draft_request

INDICATOR = 3  # 科技型企业数（家）


def test_an_unpublished_later_plan_and_its_baseline_stay_off(
    client, first_plan, approved_2023, manager, leader
):
    year_approve(user=leader, year=2022)
    publication_publish(user=leader, plan=first_plan, year=2022)
    new = plan_draft(user=manager, request=draft_request(first_plan))
    plan_put_in_force(user=leader, plan=new)
    later = Indicator.objects.get(plan=new, serial=INDICATOR)
    url = reverse(
        "public:indicator_detail", kwargs={"plan_id": first_plan.pk, "serial": INDICATOR}
    )
    page = client.get(url).content.decode()
    assert "2133" in page  # the published 2022 figure
    assert f"{later.baseline_value:f}" not in page  # 2443: the unpublished 2023 actual
    assert f"{later.target_value:f}" not in page
    assert "2024—2026" not in page
