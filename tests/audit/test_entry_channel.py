"""填报明细 says where each figure was last saved from: the entry screen, an Excel import
(with the file's name), the API or the admin."""

from django.urls import reverse

from audit.workbook import ReportScope, build_workbook
from indicators.models import EntryChannel, Indicator, IndicatorActual
from indicators.services import actual_save
from tests.indicators.test_import import filled, template

from .report_data import data_rows, open_workbook


def channel_of(serial, year=2022):
    workbook = open_workbook(build_workbook(ReportScope(year=year), generated_by="审计"))
    rows = {r["指标序号"].value: r for r in data_rows(workbook["填报明细"])}
    return rows[serial]["最后一次保存的来源"].value


def test_an_imported_figure_names_the_file(client, manager, annexes):
    client.force_login(manager)
    upload = filled(template(client), {3: 1950})
    client.post(reverse("admin:import_upload"), {"file": upload})
    client.post(reverse("admin:import_confirm"))
    actual = IndicatorActual.objects.get(indicator__serial=3, year=2022)
    assert (actual.entered_via, actual.entered_from_file) == (EntryChannel.IMPORT, upload.name)
    assert channel_of(3) == f"Excel 导入（{upload.name}）"


def test_an_api_figure_and_a_changed_one(api_client, manager, annexes):
    created = api_client(manager).post(
        "/api/v1/actuals/", {"indicator": 3, "year": 2022, "value": "1900"}, format="json"
    )
    assert created.status_code == 201
    assert channel_of(3) == "接口（API）"
    actual = IndicatorActual.objects.get()
    actual_save(
        user=manager, indicator=actual.indicator, year=2022, value="1950", actual=actual,
        via=EntryChannel.SITE,
    )  # fmt: skip
    assert channel_of(3) == "填报页面"
    # The history keeps where each version came from.
    assert [h.entered_via for h in actual.history.order_by("history_id")] == ["api", "site"]


def test_a_figure_saved_before_channels_were_kept_says_so(manager, annexes):
    IndicatorActual.objects.create(
        indicator=Indicator.objects.get(serial=3), year=2022, value=1900, entered_by=manager
    )
    assert channel_of(3) == "（未记录）"
