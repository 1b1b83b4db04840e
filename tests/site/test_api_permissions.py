"""Each role against each endpoint and method of the REST API.

Managers read everything and write figures; 领导 and 审计 only read; a logged-in
user in no role group is refused (403); no credentials at all is 401.
"""

from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save
from platforms.models import Platform
from projects.models import Project

ROLES = ["manager", "leader", "auditor", "sysadmin", "outsider", "anonymous"]
READERS = {"manager", "leader", "auditor", "sysadmin"}
WRITERS = {"manager", "sysadmin"}  # the administrator is a superuser: the services allow it


@pytest.fixture
def figure(annexes, manager):
    """科技型企业数 2022: 1900, version 1."""
    return actual_save(
        user=manager, indicator=Indicator.objects.get(serial=3), year=2022, value="1900"
    )


def client_for(role, request, api_client):
    return api_client(None if role == "anonymous" else request.getfixturevalue(role))


def expected(role, allowed_status):
    if role == "anonymous":
        return 401
    return allowed_status if role in READERS else 403


READS = [
    "/api/v1/indicators/",
    "/api/v1/indicators/3/",
    "/api/v1/actuals/",
    "/api/v1/actuals/{figure}/",
    "/api/v1/platforms/",
    "/api/v1/platforms/{platform}/",
    "/api/v1/projects/",
    "/api/v1/projects/{project}/",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", READS)
def test_reads_need_a_role(role, url, request, api_client, figure):
    url = url.format(
        figure=figure.pk, platform=Platform.objects.first().pk, project=Project.objects.first().pk
    )
    response = client_for(role, request, api_client).get(url)
    assert response.status_code == expected(role, 200)


def test_anonymous_is_asked_for_a_token(api_client, annexes):
    response = api_client().get("/api/v1/indicators/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_no_longer_works(api_client, manager, annexes):
    client = api_client(manager)
    assert client.get("/api/v1/indicators/").status_code == 200
    manager.auth_token.delete()
    assert client.get("/api/v1/indicators/").status_code == 401


def test_browser_session_works_too(client, leader, annexes):
    client.force_login(leader)
    assert client.get("/api/v1/indicators/").status_code == 200


def write_status(role, success):
    if role == "anonymous":
        return 401
    return success if role in WRITERS else 403


@pytest.mark.parametrize("role", ROLES)
def test_create_is_for_managers(role, request, api_client, annexes):
    response = client_for(role, request, api_client).post(
        "/api/v1/actuals/", {"indicator": 3, "year": 2022, "value": "1900"}, format="json"
    )
    assert response.status_code == write_status(role, 201)
    assert IndicatorActual.objects.exists() == (role in WRITERS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_is_for_managers(role, method, request, api_client, figure):
    body = {"indicator": 3, "year": 2022, "value": "1950", "version": 1}
    response = getattr(client_for(role, request, api_client), method)(
        f"/api/v1/actuals/{figure.pk}/", body, format="json"
    )
    assert response.status_code == write_status(role, 200)
    figure.refresh_from_db()
    assert figure.value == (Decimal("1950") if role in WRITERS else Decimal("1900"))


@pytest.mark.parametrize("role", ROLES)
def test_delete_is_for_managers(role, request, api_client, figure):
    response = client_for(role, request, api_client).delete(
        f"/api/v1/actuals/{figure.pk}/", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == write_status(role, 204)
    assert IndicatorActual.objects.filter(pk=figure.pk).exists() == (role not in WRITERS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/indicators/3/", "/api/v1/platforms/{platform}/"])
def test_definitions_and_platforms_are_read_only_here(
    role, method, url, request, api_client, annexes
):
    # `annexes` as an argument, not getfixturevalue(): the database must be set up before
    # the test starts, or the test fails whenever it happens to run first on a worker.
    url = url.format(platform=Platform.objects.first().pk)
    before = list(Indicator.objects.values()), list(Platform.objects.values())
    response = getattr(client_for(role, request, api_client), method)(
        url, {"name": "改名"}, format="json"
    )
    # Without the model permission: 403; with it (the superuser): no such method, 405.
    assert response.status_code in ({401} if role == "anonymous" else {403, 405})
    assert (list(Indicator.objects.values()), list(Platform.objects.values())) == before


@pytest.mark.parametrize("role", ROLES)
def test_schema_needs_a_login(role, request, api_client, db):
    response = client_for(role, request, api_client).get("/api/schema/")
    assert response.status_code == (401 if role == "anonymous" else 200)


@pytest.mark.parametrize(("role", "status"), [("sysadmin", 200), ("manager", 403), ("leader", 403)])
def test_only_an_administrator_creates_tokens_in_the_admin(role, status, request, client, db):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/admin/authtoken/tokenproxy/add/").status_code == status
