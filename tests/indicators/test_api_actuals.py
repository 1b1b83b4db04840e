"""Writing yearly actuals over the API: the services' rules, presented as HTTP errors."""

import json
from decimal import Decimal

import pytest

from core.api_parsers import MAX_BODY_BYTES
from core.records import TEXT_MAX_LENGTH
from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save, year_approve

URL = "/api/v1/actuals/"


@pytest.fixture
def companies(annexes):
    """科技型企业数（家）: 1762 in 2020, 2381 in 2023."""
    return Indicator.objects.get(serial=3)


@pytest.fixture
def figure(manager, companies):
    return actual_save(user=manager, indicator=companies, year=2022, value="1900")


@pytest.fixture
def as_manager(api_client, manager):
    return api_client(manager)


def post(client, body):
    return client.post(URL, body, format="json")


def test_manager_creates_a_figure_with_its_exact_value(as_manager, companies, manager):
    response = post(as_manager, {"indicator": 3, "year": 2022, "value": "1,900", "note": "快报"})
    assert response.status_code == 201
    assert response.json()["value"] == "1900"
    assert response.json()["version"] == 1
    assert response["ETag"] == '"1"'
    stored = IndicatorActual.objects.get()
    assert (stored.value, stored.note, stored.entered_by) == (Decimal("1900"), "快报", manager)


def test_decimals_keep_their_exact_value_in_and_out(as_manager, annexes):
    # 科技成果转化平台数 is a count; R&D比例 (%) takes decimals.
    rd = Indicator.objects.get(unit="%", name__startswith="R&D")
    response = as_manager.post(
        URL,
        data=json.dumps({"indicator": rd.serial, "year": 2022, "value": 2.1234}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["value"] == "2.1234"
    assert IndicatorActual.objects.get().value == Decimal("2.1234")


def test_token_writes_are_recorded_with_the_tokens_user(as_manager, manager, companies):
    # HistoryRequestMiddleware runs before DRF authenticates the token: the user must
    # still be the token's, never anonymous.
    created = post(as_manager, {"indicator": 3, "year": 2022, "value": "1900"}).json()
    as_manager.patch(f"{URL}{created['id']}/", {"value": "1950", "version": 1}, format="json")
    as_manager.delete(f"{URL}{created['id']}/", HTTP_IF_MATCH='"2"')
    history = IndicatorActual.history.order_by("history_date")
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", manager),
        ("~", manager),
        ("-", manager),
    ]


def test_update_with_the_version_read(as_manager, figure):
    response = as_manager.patch(
        f"{URL}{figure.pk}/", {"value": "1950", "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    figure.refresh_from_db()
    assert figure.value == Decimal("1950")


def test_update_with_if_match_instead_of_version(as_manager, figure):
    response = as_manager.patch(
        f"{URL}{figure.pk}/", {"value": "1950"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200
    assert response["ETag"] == '"2"'


def test_update_without_a_version_is_refused(as_manager, figure):
    response = as_manager.patch(f"{URL}{figure.pk}/", {"value": "1950"}, format="json")
    assert response.status_code == 400
    assert "版本号" in response.json()["version"][0]
    figure.refresh_from_db()
    assert figure.value == Decimal("1900")


def test_stale_version_is_412_and_names_the_newer_value(as_manager, figure, manager):
    actual_save(user=manager, indicator=figure.indicator, year=2022, value="1950", actual=figure)
    response = as_manager.patch(
        f"{URL}{figure.pk}/", {"value": "1920", "version": 1}, format="json"
    )
    assert response.status_code == 412
    assert "1950" in response.json()["version"][0]
    assert IndicatorActual.objects.get().value == Decimal("1950")


def test_creating_an_existing_figure_is_a_conflict(as_manager, figure):
    response = post(as_manager, {"indicator": 3, "year": 2022, "value": "1800"})
    assert response.status_code == 409
    assert "year" in response.json()
    assert IndicatorActual.objects.get().value == Decimal("1900")


def test_locked_year_is_409_and_names_the_approver(as_manager, figure, leader):
    year_approve(user=leader, year=2022)
    response = as_manager.patch(
        f"{URL}{figure.pk}/", {"value": "1950", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert "leader" in response.json()["year"][0]
    delete = as_manager.delete(f"{URL}{figure.pk}/", HTTP_IF_MATCH='"1"')
    assert delete.status_code == 409
    assert IndicatorActual.objects.get().value == Decimal("1900")


def test_delete_needs_the_version(as_manager, figure):
    assert as_manager.delete(f"{URL}{figure.pk}/").status_code == 400
    assert as_manager.delete(f"{URL}{figure.pk}/", HTTP_IF_MATCH='"7"').status_code == 412
    assert as_manager.delete(f"{URL}{figure.pk}/", HTTP_IF_MATCH="abc").status_code == 400
    assert IndicatorActual.objects.exists()
    assert as_manager.delete(f"{URL}{figure.pk}/", HTTP_IF_MATCH='W/"1"').status_code == 204
    assert not IndicatorActual.objects.exists()


def test_validation_errors_are_400_by_field_and_change_nothing(as_manager, figure):
    response = post(as_manager, {"indicator": 3, "year": 2021, "value": "12%"})
    assert response.status_code == 400
    assert "不是数字" in response.json()["value"][0]
    response = post(as_manager, {"indicator": 3, "year": 2019, "value": "1800"})
    assert response.status_code == 400
    assert "基期" in response.json()["year"][0]
    assert list(IndicatorActual.objects.values_list("year", "value")) == [(2022, Decimal("1900"))]


def test_outlier_needs_a_note(as_manager, companies):
    response = post(as_manager, {"indicator": 3, "year": 2022, "value": "99999"})
    assert response.status_code == 400
    assert "说明" in response.json()["value"][0]
    response = post(
        as_manager, {"indicator": 3, "year": 2022, "value": "99999", "note": "口径调整"}
    )
    assert response.status_code == 201
    assert response.json()["flagged"] is True


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"indicator": 3, "year": 2022, "value": "1900", "vaule": "1"}, "vaule", "未知字段"),
        ({"indicator": 3, "year": 2022, "value": "1900", "flagged": True}, "flagged", "只读"),
        ({"indicator": 3, "year": 2022, "value": "1900", "version": 1}, "version", "新建"),
        ({"indicator": "三", "year": 2022, "value": "1900"}, "indicator", ""),
        ({"indicator": 99, "year": 2022, "value": "1900"}, "indicator", "99"),
        ({"indicator": 10**30, "year": 2022, "value": "1900"}, "indicator", ""),
        ({"indicator": 3, "year": "二〇二二", "value": "1900"}, "year", ""),
        ({"indicator": 3, "year": 10**30, "value": "1900"}, "year", ""),
        ({"indicator": 3, "year": 2022, "value": True}, "value", "不是数字"),
        ({"indicator": 3, "year": 2022, "value": [1900]}, "value", "不是数字"),
        ({"indicator": 3, "year": 2022}, "value", ""),
        ({"indicator": 3, "year": 2022, "value": "1900", "note": 5}, None, ""),
    ],
)
def test_bad_fields_are_400_named_and_change_nothing(as_manager, companies, body, field, words):
    response = post(as_manager, body)
    if field is None:  # a number where text is expected is accepted as its text
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])
    assert not IndicatorActual.objects.exists()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ('{"indicator": 3, "year": 2022, "value": "1900"', "不是有效的 JSON"),
        ('{"indicator": 3, "year": 2022, "value": NaN}', "NaN"),
        ("[1, 2]", ""),
        ('"1900"', ""),
    ],
)
def test_bad_json_is_400_with_a_message(as_manager, companies, raw, words):
    response = as_manager.post(URL, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert words in json.dumps(response.json(), ensure_ascii=False)
    assert not IndicatorActual.objects.exists()


def test_huge_payload_is_400(as_manager, companies):
    body = {"indicator": 3, "year": 2022, "value": "1900", "note": "长" * MAX_BODY_BYTES}
    response = post(as_manager, body)
    assert response.status_code == 400
    assert "过大" in response.json()["detail"]
    assert not IndicatorActual.objects.exists()


def test_form_posts_are_refused(as_manager, companies):
    response = as_manager.post(URL, {"indicator": 3, "year": 2022, "value": "1900"})
    assert response.status_code == 415
    assert not IndicatorActual.objects.exists()


def test_filters_by_indicator_year_and_approval_state(as_manager, manager, leader, annexes):
    for serial, year, value in [(3, 2021, "1800"), (3, 2022, "1900"), (4, 2022, "180")]:
        indicator = Indicator.objects.get(serial=serial)
        actual_save(user=manager, indicator=indicator, year=year, value=value)
    year_approve(user=leader, year=2021)

    def rows(query):
        response = as_manager.get(URL + query)
        assert response.status_code == 200
        return [(r["indicator"], r["year"]) for r in response.json()["results"]]

    assert rows("?indicator=3") == [(3, 2021), (3, 2022)]
    assert rows("?year=2022") == [(3, 2022), (4, 2022)]
    assert rows("?approval_state=approved") == [(3, 2021)]
    assert rows("?approval_state=provisional&ordering=-indicator__serial") == [(4, 2022), (3, 2022)]
    assert as_manager.get(URL + "?year=二〇二二").status_code == 400
    assert as_manager.get(URL + "?approval_state=maybe").status_code == 400


def test_if_match_and_a_different_body_version_are_refused(as_manager, figure):
    response = as_manager.patch(
        f"{URL}{figure.pk}/",
        {"value": "1950", "version": 1},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    assert response.status_code == 400
    assert "不一致" in response.json()["version"][0]
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal("1900"), 1)


def test_if_match_and_the_same_body_version_are_accepted(as_manager, figure):
    response = as_manager.patch(
        f"{URL}{figure.pk}/",
        {"value": "1950", "version": 1},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200
    assert response["ETag"] == '"2"'


def test_a_15_mb_note_is_refused_with_the_one_limit(as_manager, companies):
    body = {"indicator": companies.serial, "year": 2022, "value": "1900", "note": "长" * 70_000}
    response = post(as_manager, body)
    assert response.status_code in (400, 413)
    assert not IndicatorActual.objects.exists()
    response = post(as_manager, {**body, "note": "长" * (TEXT_MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert f"最多 {TEXT_MAX_LENGTH} 字" in response.json()["note"][0]


@pytest.mark.parametrize("depth", [33, 1000, 20_000])
def test_deeply_nested_json_is_400_with_a_message(as_manager, figure, depth):
    nested = "[" * depth + "]" * depth
    body = '{"indicator": 3, "year": 2023, "value": "1900", "note": ' + nested + "}"
    for response in (
        as_manager.post(URL, data=body, content_type="application/json"),
        as_manager.put(f"{URL}{figure.pk}/", data=body, content_type="application/json"),
        as_manager.patch(f"{URL}{figure.pk}/", data=body, content_type="application/json"),
    ):
        assert response.status_code == 400
        assert "嵌套过深" in response.json()["detail"]
    assert IndicatorActual.objects.count() == 1
    figure.refresh_from_db()
    assert figure.value == Decimal("1900")
