"""Excel import: template, upload, preview, confirm; and every way a file can be wrong."""

import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.importers import MAX_UPLOAD_BYTES
from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save, year_approve

from .hostile_files import LAUGHS

TEMPLATE_URL = reverse("admin:import_template")
UPLOAD_URL = reverse("admin:import_upload")
CONFIRM_URL = reverse("admin:import_confirm")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template(client, year=2022):
    response = client.get(TEMPLATE_URL, {"year": year})
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def filled(book, values, notes=None):
    """The template with {serial: value} typed into the value column (G)."""
    sheet = book.worksheets[0]
    for row in range(3, sheet.max_row + 1):
        serial = sheet.cell(row=row, column=1).value
        if serial in values:
            sheet.cell(row=row, column=7, value=values[serial])
        if notes and serial in notes:
            sheet.cell(row=row, column=8, value=notes[serial])
    return as_upload(book)


def as_upload(book, name="指标-2022.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def upload(client, file):
    return client.post(UPLOAD_URL, {"file": file})


@pytest.fixture
def signed_in(client, manager, annexes):
    client.force_login(manager)
    return client


def test_template_has_one_row_per_indicator_and_excel_checks(signed_in, manager):
    tech = Indicator.objects.get(serial=3)
    actual_save(user=manager, indicator=tech, year=2021, value="1800")
    sheet = template(signed_in).worksheets[0]
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["序号", "指标名称", "单位"]
    assert header[6] == "2022年实际值"
    assert sheet.max_row == 2 + 13
    assert [c.value for c in sheet[5]][:6] == [3, "科技型企业数", "家", 1762, 2381, 1800]
    kinds = {dv.type for dv in sheet.data_validations.dataValidation}
    assert {"whole", "decimal"} <= kinds


def test_upload_shows_a_preview_and_saves_nothing_until_confirmed(signed_in, manager):
    tech = Indicator.objects.get(serial=3)
    actual_save(user=manager, indicator=tech, year=2022, value="1900")
    actual_save(user=manager, indicator=Indicator.objects.get(serial=4), year=2022, value="200")
    file = filled(template(signed_in), {1: 40, 3: 1950, 13: 2.1})
    response = upload(signed_in, file)
    statuses = {row.indicator.serial: row.status for row in response.context["rows"]}
    assert statuses[1] == "new"
    assert statuses[3] == "changed"
    assert statuses[4] == "unchanged"
    assert statuses[13] == "new"
    assert IndicatorActual.objects.get(indicator=tech).value == Decimal("1900")
    assert IndicatorActual.objects.count() == 2

    signed_in.post(CONFIRM_URL)
    assert IndicatorActual.objects.get(indicator=tech).value == Decimal("1950")
    assert IndicatorActual.objects.get(indicator__serial=13, year=2022).value == Decimal("2.1")
    assert IndicatorActual.objects.get(indicator__serial=4).version == 1  # unchanged: untouched


def test_row_errors_are_listed_with_their_row_numbers_and_block_the_import(signed_in):
    file = filled(template(signed_in), {1: 40, 3: "1,90", 13: 230})
    response = upload(signed_in, file)
    rows = {row.row_number: row for row in response.context["rows"]}
    assert rows[5].status == "error" and "千位分隔符" in rows[5].errors[0]
    assert rows[15].status == "error" and "0 到 100" in rows[15].errors[0]
    page = response.content.decode()
    assert "第 5 行" in page and "第 15 行" in page
    assert "确认导入" not in page
    signed_in.post(CONFIRM_URL)
    assert not IndicatorActual.objects.exists()


def test_formulas_are_refused_not_evaluated(signed_in):
    file = filled(template(signed_in), {1: "=40+5"})
    rows = upload(signed_in, file).context["rows"]
    assert rows[0].status == "error" and "公式" in rows[0].errors[0]


def test_a_change_between_preview_and_confirm_saves_nothing(signed_in, manager):
    tech = Indicator.objects.get(serial=3)
    actual = actual_save(user=manager, indicator=tech, year=2022, value="1900")
    upload(signed_in, filled(template(signed_in), {1: 40, 3: 1950}))
    actual_save(user=manager, indicator=tech, year=2022, value="1920", actual=actual)
    response = signed_in.post(CONFIRM_URL, follow=True)
    assert "1920" in response.content.decode()
    assert IndicatorActual.objects.get(indicator=tech).value == Decimal("1920")
    assert not IndicatorActual.objects.filter(indicator__serial=1).exists()


def test_a_locked_year_is_refused_in_the_preview(signed_in, manager, leader):
    actual_save(user=manager, indicator=Indicator.objects.get(serial=1), year=2022, value="40")
    year_approve(user=leader, year=2022)
    rows = upload(signed_in, filled(template(signed_in), {3: 1950})).context["rows"]
    row = next(r for r in rows if r.indicator.serial == 3)
    assert row.status == "error" and "leader" in row.errors[0]


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def other_layout():
    book = openpyxl.Workbook()
    book.active.append(["名称", "数值"])
    book.active.append(["科技型企业数", 1900])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def empty_workbook():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("data.csv", "序号,实际值\n1,40\n".encode(), "文件类型不对"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
        ("empty.xlsx", b"", "空文件"),  # Django's own message
        ("big.xlsx", b"PK\x03\x04" + b"\0" * (MAX_UPLOAD_BYTES + 1), "过大"),
        ("bomb.xlsx", zip_bomb(), "解压后过大"),
        ("renamed.xlsx", b"<html>not excel</html>", "改了扩展名"),
        ("broken.xlsx", b"PK\x03\x04" + b"garbage" * 50, "损坏"),
        ("other.xlsx", other_layout(), "格式与模板不同"),
        ("blank.xlsx", empty_workbook(), "格式与模板不同"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(signed_in, name, content, fragment):
    assert_refused(signed_in, SimpleUploadedFile(name, content), fragment)


def assert_refused(client, file, fragment):
    """The upload is refused with a message holding `fragment`, and nothing is saved."""
    response = upload(client, file)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(fragment in e for e in errors), errors
    assert not IndicatorActual.objects.exists()


def test_a_50_mb_upload_is_refused_before_parsing(signed_in):
    content = b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)
    response = upload(signed_in, SimpleUploadedFile("big.xlsx", content))
    assert "过大" in response.context["form"].errors["file"][0]


def test_template_without_data_rows_is_refused(signed_in):
    book = template(signed_in)
    book.worksheets[0].delete_rows(3, 13)
    response = upload(signed_in, as_upload(book))
    assert "没有数据行" in response.context["form"].errors["file"][0]


def test_swapped_rows_are_caught(signed_in):
    book = template(signed_in)
    sheet = book.worksheets[0]
    sheet.cell(row=3, column=2, value="科技型企业数")  # row of serial 1 renamed
    sheet.cell(row=3, column=7, value=40)
    rows = upload(signed_in, as_upload(book)).context["rows"]
    assert rows[0].status == "error" and "请勿调换行" in rows[0].errors[0]


def test_confirm_without_a_preview_saves_nothing(signed_in):
    response = signed_in.post(CONFIRM_URL, follow=True)
    assert "没有待确认的导入" in response.content.decode()


@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_only_managers_import(role, request, client, annexes):
    client.force_login(request.getfixturevalue(role))
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    assert client.post(CONFIRM_URL).status_code == 403


def test_outsider_cannot_download_the_template(client, outsider):
    client.force_login(outsider)
    assert client.get(TEMPLATE_URL).status_code == 302


def test_a_note_that_looks_like_a_formula_comes_back_as_text(signed_in, manager):
    note = '=HYPERLINK("http://example.invalid","点此")'
    tech = Indicator.objects.get(serial=3)
    actual_save(user=manager, indicator=tech, year=2022, value="1900", note=note)
    book = template(signed_in)
    assert book.worksheets[0].cell(row=5, column=8).data_type == "s"
    response = upload(signed_in, as_upload(book))
    row = next(r for r in response.context["rows"] if r.indicator.serial == 3)
    assert row.errors == []
    assert row.status == "unchanged"


def repacked(client, change):
    """The real template of 2022 with its zip parts rewritten: change({name: bytes})."""
    response = client.get(TEMPLATE_URL, {"year": 2022})
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    change(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return SimpleUploadedFile("指标-2022.xlsx", buffer.getvalue(), content_type=XLSX)


SHEET = "xl/worksheets/sheet1.xml"
def _body(xml):
    """The XML without its declaration (openpyxl writes some parts without one)."""
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def _truncate(parts):
    parts[SHEET] = parts[SHEET][: len(parts[SHEET]) // 2]


def _no_sheet(parts):
    del parts[SHEET]
    parts["xl/workbook.xml"] = re.sub(
        rb"<sheets>.*</sheets>", b"<sheets/>", parts["xl/workbook.xml"]
    )


def _with_dtd(prolog):
    def change(parts):
        parts[SHEET] = prolog + _body(parts[SHEET])

    return change


def _external_entity(parts):
    _with_dtd(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')(
        parts
    )
    parts[SHEET] = parts[SHEET].replace(b"<v>", b"<v>&xxe;", 1)


def _dtd_in_shared_part(parts):
    parts["xl/styles.xml"] = LAUGHS + _body(parts["xl/styles.xml"])


def _blown_up_styles(parts):
    # 3 MB of styles that compress to a few KB: refused before openpyxl reads a byte.
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(
        b"</styleSheet>", b"<!--" + b"x" * 3_000_000 + b"--></styleSheet>"
    )


DAMAGED = "文件已损坏"
DTD = "DTD"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (_truncate, DAMAGED),
        (_no_sheet, "没有工作表"),
        (_with_dtd(LAUGHS), DTD),
        (_external_entity, DTD),
        (
            _with_dtd(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "' + b"a" * 50_000 + b'">]>'),
            DTD,
        ),
        (_dtd_in_shared_part, DTD),
        (_blown_up_styles, "解压后过大"),
    ],
    ids=[
        "truncated",
        "no-sheet",
        "billion-laughs",
        "xxe",
        "quadratic",
        "dtd-in-styles",
        "styles-bomb",
    ],
)
def test_damaged_and_hostile_workbooks_are_refused_with_a_message(signed_in, change, fragment):
    assert_refused(signed_in, repacked(signed_in, change), fragment)


def test_utf16_dtd_is_refused_too(signed_in):
    def change(parts):
        text = LAUGHS.decode().replace('version="1.0"?>', 'version="1.0" encoding="UTF-16"?>')
        body = _body(parts[SHEET]).decode()
        parts[SHEET] = "\ufeff".encode("utf-16-le") + (text + body).encode("utf-16-le")

    assert_refused(signed_in, repacked(signed_in, change), DTD)


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
