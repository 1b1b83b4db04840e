"""Parallel writes of the plan cycle on PostgreSQL, with real threads (each its own
connection and transaction): one wins, the others get a message (ValidationError), never
a unique violation (a 500 on the site). On SQLite the site's writers queue for the lock
(core/middleware.py), so what is left there is the sequence, tested in test_plan_rules.py.
"""

import threading
from collections import Counter

import django.apps
import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core import roles
from planning import services
from planning.services import plan_draft, plan_put_in_force
from plans.models import Plan, PlanState

from .test_services import draft_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL"),
]

PARALLEL = 8


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """A transactional test starts with no groups (the one before it flushed them)."""
    roles.sync_role_groups(django.apps.apps)


@pytest.fixture(params=["locked", "past the lock"])
def base_lock(request, monkeypatch):
    """The services lock the base's row; past that lock, the plan a draft was drafted from
    is locked before its state is checked, and a name taken meanwhile is the database's
    unique violation, which the services turn into a message too."""
    if request.param == "past the lock":
        monkeypatch.setattr(services, "_lock_plans_of", lambda base: None)


def all_at_once(calls):
    """Run each call in its own thread, released together; [(outcome, value)]."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = ("saved", call())
        except ValidationError as error:
            results[index] = ("refused", error.messages)
        except Exception as error:  # noqa: BLE001 -- what the site would answer with a 500
            results[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_drafts_with_one_name_give_one_draft_and_messages(
    base_lock, manager, first_plan, approved_2023
):
    request = draft_request(first_plan)
    results = all_at_once([lambda: plan_draft(user=manager, request=request)] * PARALLEL)
    assert Counter(outcome for outcome, _value in results) == {
        "saved": 1,
        "refused": PARALLEL - 1,
    }, results
    refused = next(value for outcome, value in results if outcome == "refused")
    assert any("已有名为" in m for m in refused)
    assert Plan.objects.filter(state=PlanState.DRAFT).count() == 1


def test_two_leaders_putting_two_drafts_in_force_give_one_plan_in_force(
    base_lock, manager, leader, first_plan, approved_2023
):
    drafts = [
        plan_draft(user=manager, request=draft_request(first_plan, name=f"第 {n} 稿"))
        for n in (1, 2)
    ]
    results = all_at_once(
        [lambda plan=plan: plan_put_in_force(user=leader, plan=plan) for plan in drafts]
    )
    assert Counter(outcome for outcome, _value in results) == {"saved": 1, "refused": 1}, results
    refused = next(value for outcome, value in results if outcome == "refused")
    assert "已不在执行中" in refused[0]  # the plan both were drafted from is locked too
    states = Counter(Plan.objects.values_list("state", flat=True))
    assert states == {PlanState.CLOSED: 1, PlanState.IN_FORCE: 1, PlanState.DRAFT: 1}
