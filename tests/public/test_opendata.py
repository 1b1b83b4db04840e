"""The open data: one table, three formats, the licence stated, text never a formula."""

import csv
import io
import json

from openpyxl import load_workbook

from indicators.models import Indicator


def test_the_csv_states_the_licence_and_source_and_holds_the_published_figures(
    client, published_2023, settings
):
    settings.PUBLIC_DATA_LICENCE = "许可标记：可自由使用"
    text = client.get(f"/public/plans/{published_2023.pk}/2023.csv").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "# 数据许可：许可标记：可自由使用"
    assert lines[1] == f"# 出处：{published_2023.source_document}"
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    first = next(row for row in rows if row["序号"] == "1")
    assert (first["年份"], first["实际值"]) == ("2023", "2468")
    assert first["状态"] and first["目标完成率（%）"]
    # The internal indicator is left out.
    assert len(rows) == Indicator.objects.filter(plan=published_2023).count() - 1


def test_the_json_has_the_same_rows_with_the_licence(client, published_2023):
    data = json.loads(client.get(f"/public/plans/{published_2023.pk}/2023.json").content)
    assert data["licence"] and data["source"] == published_2023.source_document
    assert data["year"] == 2023 and data["plan"]["id"] == published_2023.pk
    first = next(row for row in data["indicators"] if row["serial"] == 1)
    assert first["actual"] == "2468"


def test_text_never_becomes_a_formula(client, published_2023):
    indicator = Indicator.objects.get(plan=published_2023, serial=2)
    indicator.name = '=HYPERLINK("http://example.com","点此")'
    indicator.save()
    text = client.get(f"/public/plans/{published_2023.pk}/2023.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    response = client.get(f"/public/plans/{published_2023.pk}/2023.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2)]
    cell = next(c for c in names if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_the_workbook_has_numbers_as_numbers_and_a_licence_sheet(client, published_2023):
    response = client.get(f"/public/plans/{published_2023.pk}/2023.xlsx")
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    data, notes = book.worksheets
    header = [c.value for c in data[1]]
    first = next(r for r in data.iter_rows(min_row=2, values_only=True) if r[0] == 1)
    assert first[header.index("实际值")] == 2468
    assert notes["A1"].value == "数据许可" and notes["B1"].value
