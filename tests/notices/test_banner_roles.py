"""The home page's overdue banner is for those who enter or approve a year, not auditors."""

import datetime

from django.urls import reverse


def test_overdue_years_are_shown_to_managers_and_not_to_auditors(
    client, annexes, manager, auditor
):
    # 2021's figures were due 2022-03-31: long overdue on the dashboard's real today.
    assert datetime.date.today() > datetime.date(2022, 3, 31)
    client.force_login(manager)
    assert "逾期" in client.get(reverse("home")).content.decode()
    client.force_login(auditor)
    assert "逾期" not in client.get(reverse("home")).content.decode()
