"""The OpenAPI schema validates, the docs pages load nothing from a CDN, and schemathesis
fuzzes every operation in-process without a server error or a response off the schema."""

import io
import os
import re

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode, checks

from config.wsgi import application
from indicators.models import Indicator
from indicators.services import actual_save, year_approve
from plans.models import Plan
from platforms.models import Platform
from projects.models import Project
from work.models import Goal, Policy, Programme, Spotlight, WorkItem
from work.services import policy_application_save, work_progress_save

# Enough to reach every operation's error and success paths; small enough for CI.
# FUZZ_EXAMPLES=500 explores further by hand; CI runs a fixed, reproducible sample.
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "30"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    derandomize=True,  # CI must not go red by chance; the same sample every run
    suppress_health_check=list(HealthCheck),
)


def test_schema_validates_without_warnings(db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/v1/actuals/{id}/" in out.getvalue()


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_only_local_files(client, leader, url):
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "drf_spectacular_sidecar" in page  # the bundle comes from our static files
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_docs_pages_send_anonymous_visitors_to_the_login_page(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.fixture
def fuzz_records(annexes, manager, leader):
    """A few figures (2021 approved, so locked) for the fuzzer to meet; {name: record}."""
    records = {}
    for serial, year, value in [(3, 2021, "1900"), (3, 2022, "2000"), (5, 2022, "1.5")]:
        indicator = Indicator.objects.get(serial=serial)
        records[(serial, year)] = actual_save(
            user=manager, indicator=indicator, year=year, value=value, note="样例"
        )
    task = WorkItem.objects.tasks().first()
    for year in (2021, 2022):
        records[("work", year)] = work_progress_save(
            user=manager, item=task, year=year, status="推进中", progress_text="样例"
        )
    records[("policy", 2022)] = policy_application_save(
        user=manager, policy=Policy.objects.first(), year=2022, applied=True, funds="10"
    )
    year_approve(user=leader, year=2021)
    return records


@pytest.fixture
def fuzz_token(fuzz_records, manager):
    """A manager's token: the fuzzer may write as well as read."""
    return Token.objects.create(user=manager).key


@pytest.fixture
def keep_the_test_connection():
    """schemathesis calls the WSGI application itself, and after each request Django
    closes a database connection found inside a transaction: on PostgreSQL that is the
    test's own connection. Django's test client avoids this the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(fuzz_token, keep_the_test_connection):
    return schemathesis.openapi.from_wsgi(
        "/api/schema/", application, headers={"Authorization": f"Token {fuzz_token}"}
    )


def api_operations():
    """(method, path) of every operation in the schema, read when the tests are collected."""
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in item]


FUZZ_CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


# Each operation gets its own test (and xdist worker): schemathesis' own pytest
# parametrisation of a fixture-loaded schema does not run on pytest 9.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize(("method", "path"), api_operations())
def test_api_conforms_to_its_schema(api_schema, fuzz_token, method, path, mode):
    operation = api_schema[path][method]
    auth = {"Authorization": f"Token {fuzz_token}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @FUZZ_SETTINGS
    def fuzz(case):
        response = case.call(headers=auth)
        case.validate_response(response, checks=FUZZ_CHECKS)

    fuzz()


@pytest.fixture
def existing_ids(fuzz_records):
    """Path parameters naming real records, so fuzzed bodies and headers meet one."""
    return {
        "/api/v1/actuals/{id}/": {"id": fuzz_records[(3, 2022)].pk},
        "/api/v1/plans/{id}/": {"id": Plan.objects.get().pk},
        "/api/v1/indicators/{serial}/": {"serial": 3},
        "/api/v1/platforms/{id}/": {"id": Platform.objects.first().pk},
        "/api/v1/projects/{id}/": {"id": Project.objects.first().pk},
        "/api/v1/units/{id}/": {"id": Plan.objects.get().base.units.first().pk},
        "/api/v1/programmes/{id}/": {"id": Programme.objects.first().pk},
        "/api/v1/spotlights/{id}/": {"id": Spotlight.objects.first().pk},
        "/api/v1/work-items/{id}/": {"id": WorkItem.objects.spotlight_items().first().pk},
        "/api/v1/policies/{id}/": {"id": Policy.objects.first().pk},
        "/api/v1/goals/{id}/": {"id": Goal.objects.first().pk},
        "/api/v1/work-progress/{id}/": {"id": fuzz_records[("work", 2022)].pk},
        "/api/v1/policy-applications/{id}/": {"id": fuzz_records[("policy", 2022)].pk},
    }


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p in api_operations() if "{" in p])
def test_api_conforms_to_its_schema_on_existing_records(
    api_schema, fuzz_token, existing_ids, method, path
):
    operation = api_schema[path][method]
    auth = {"Authorization": f"Token {fuzz_token}"}

    @given(case=operation.as_strategy(path_parameters=existing_ids[path]))
    @FUZZ_SETTINGS
    def fuzz(case):
        response = case.call(headers=auth)
        case.validate_response(response, checks=FUZZ_CHECKS)

    fuzz()


def test_write_answers_conform_to_the_schema(api_schema, fuzz_token, fuzz_records):
    """Random input rarely makes a valid write: these requests reach every write answer."""
    auth = {"Authorization": f"Token {fuzz_token}"}
    create = api_schema["/api/v1/actuals/"]["POST"]
    change = api_schema["/api/v1/actuals/{id}/"]["PATCH"]
    remove = api_schema["/api/v1/actuals/{id}/"]["DELETE"]
    open_figure = {"id": fuzz_records[(3, 2022)].pk}
    locked_figure = {"id": fuzz_records[(3, 2021)].pk}
    new = {"indicator": 4, "year": 2022, "value": "200"}
    requests = [
        (create.Case(body=new, media_type="application/json"), 201),
        (create.Case(body=new, media_type="application/json"), 409),  # exists now
        (
            create.Case(body={**new, "year": 2023, "value": "两百"}, media_type="application/json"),
            400,
        ),
        (
            change.Case(
                path_parameters=open_figure,
                body={"value": "2100", "version": 1},
                media_type="application/json",
            ),
            200,
        ),
        (
            change.Case(
                path_parameters=open_figure,
                body={"value": "2200", "version": 1},
                media_type="application/json",
            ),
            412,  # version 2 now
        ),
        (
            change.Case(
                path_parameters=locked_figure,
                body={"value": "2200", "version": 1},
                media_type="application/json",
            ),
            409,
        ),
        (remove.Case(path_parameters=open_figure, headers={"If-Match": '"2"'}), 204),
    ]
    for case, status in requests:
        response = case.call(headers=auth)
        assert response.status_code == status, response.text
        case.validate_response(response, checks=FUZZ_CHECKS)


def test_work_write_answers_conform_to_the_schema(api_schema, fuzz_token, fuzz_records):
    """The same for the plan's work: created, taken, refused, changed, stale, locked."""
    auth = {"Authorization": f"Token {fuzz_token}"}
    create = api_schema["/api/v1/work-progress/"]["POST"]
    change = api_schema["/api/v1/work-progress/{id}/"]["PATCH"]
    open_row = {"id": fuzz_records[("work", 2022)].pk}
    locked_row = {"id": fuzz_records[("work", 2021)].pk}
    item = WorkItem.objects.spotlight_items().first().pk
    new = {"item": item, "year": 2022, "status": "推进中"}
    policy_create = api_schema["/api/v1/policy-applications/"]["POST"]
    policy = {"policy": Policy.objects.last().pk, "year": 2022, "applied": True}
    requests = [
        (create.Case(body=new, media_type="application/json"), 201),
        (create.Case(body=new, media_type="application/json"), 409),  # exists now
        (
            create.Case(
                body={**new, "year": 2023, "status": "已停止"}, media_type="application/json"
            ),
            400,  # no reason
        ),
        (
            change.Case(
                path_parameters=open_row,
                body={"status": "已完成", "version": 1},
                media_type="application/json",
            ),
            200,
        ),
        (
            change.Case(
                path_parameters=open_row,
                body={"status": "推进中", "version": 1},
                media_type="application/json",
            ),
            412,
        ),
        (
            change.Case(
                path_parameters=locked_row,
                body={"status": "已完成", "version": 1},
                media_type="application/json",
            ),
            409,
        ),
        (policy_create.Case(body=policy, media_type="application/json"), 201),
    ]
    for case, status in requests:
        response = case.call(headers=auth)
        assert response.status_code == status, response.text
        case.validate_response(response, checks=FUZZ_CHECKS)
