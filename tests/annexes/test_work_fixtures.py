"""The plan's work (fixtures/work/*.csv) is the source, cut into rows, as written.

Pure checks of the files against fixtures/source/plan-2021-2023.txt; no database. The
counts are literals counted by hand in the source (fixtures/README.md, "The plan's work").
"""

import csv
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
WORK = FIXTURES / "work"
SOURCE = FIXTURES / "source" / "plan-2021-2023.txt"
SOURCE_SHA256 = "12951b16f5cebb97d8a2067322b9eb21b8538ba9a0bc0f11705adbabc28ab528"

HEADERS = {
    "programmes": ["identifier", "number", "title", "text"],
    "tasks": ["identifier", "programme", "title", "text"],
    "spotlights": ["identifier", "programme", "title"],
    "spotlight_items": ["identifier", "spotlight", "title", "text"],
    "policies": ["identifier", "title"],
    "goals": ["identifier", "title", "text"],
}
WELL_FORMED = {
    "programmes": r"[1-9]",
    "tasks": r"[1-9]\.[1-9]\d*",
    "spotlights": r"[1-9](-[1-9])?",
    "spotlight_items": r"[1-9](-[1-9])?-[1-9]\d*",
    "policies": r"[1-9]\d*",
    "goals": r"[1-9]\d*",
}
# What may stand before a title in its text: a number, 一是…, the —— of a goal.
MARKER = r"(\d+(、|\. ?)|[一二三四五六七八九十]是|——)?"
# Items that run over a page break of the Word export (kept as the blank lines written).
ITEMS_OVER_A_PAGE_BREAK = {"3-3", "4-1-2", "4-2-2", "4-3-2", "4-4-2", "4-5-4"}


def source():
    return SOURCE.read_text(encoding="utf-8")


def rows(name, directory=WORK):
    with open(Path(directory) / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def by_identifier(name):
    return {row["identifier"]: row for row in rows(name)}


def test_the_source_copy_is_the_plan_as_exported():
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == SOURCE_SHA256


@pytest.mark.parametrize("name", HEADERS)
def test_each_file_has_its_agreed_header(name):
    with open(WORK / f"{name}.csv", encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == HEADERS[name]


@pytest.mark.parametrize(
    "name, count",
    [
        ("programmes", 9),
        ("tasks", 27),
        ("spotlights", 16),
        ("spotlight_items", 45),
        ("policies", 30),
        ("goals", 3),
    ],
)
def test_every_row_of_the_source_and_no_more(name, count):
    assert len(rows(name)) == count


@pytest.mark.parametrize("name", HEADERS)
def test_identifiers_are_unique_and_well_formed(name):
    identifiers = [row["identifier"] for row in rows(name)]
    assert len(set(identifiers)) == len(identifiers)
    assert all(re.fullmatch(WELL_FORMED[name], i) for i in identifiers), identifiers


@pytest.mark.parametrize("name, last", [("programmes", 9), ("policies", 30), ("goals", 3)])
def test_serials_run_from_one_without_a_gap(name, last):
    assert [row["identifier"] for row in rows(name)] == [str(n) for n in range(1, last + 1)]


def test_programmes_are_numbered_as_written():
    numbers = [row["number"] for row in rows("programmes")]
    assert numbers == [f"（{numeral}）" for numeral in "一二三四五六七八九"]
    assert by_identifier("programmes")["3"]["title"] == "探索“飞地经济”模式"


def test_the_sixteen_spotlights_are_named_as_in_the_source():
    assert [row["identifier"] for row in rows("spotlights")] == [
        "1", "2", "3", "4-1", "4-2", "4-3", "4-4", "4-5",
        "5-1", "5-2", "5-3", "5-4", "6", "7", "8", "9",
    ]  # fmt: skip


def test_every_task_and_spotlight_belongs_to_its_programme():
    programmes = by_identifier("programmes")
    for row in rows("tasks"):
        assert row["programme"] in programmes
        assert row["identifier"].split(".")[0] == row["programme"]
    for row in rows("spotlights"):
        assert row["programme"] in programmes
        assert row["identifier"].split("-")[0] == row["programme"]


def test_every_item_belongs_to_its_spotlight_numbered_from_one():
    spotlights = by_identifier("spotlights")
    seen = {}
    for row in rows("spotlight_items"):
        assert row["spotlight"] in spotlights
        seen[row["spotlight"]] = seen.get(row["spotlight"], 0) + 1
        assert row["identifier"] == f"{row['spotlight']}-{seen[row['spotlight']]}"
    assert set(seen) == set(spotlights)  # no 专栏 without items


def test_tasks_of_a_programme_are_numbered_from_one_without_a_gap():
    numbers = {}
    for row in rows("tasks"):
        numbers.setdefault(row["programme"], []).append(int(row["identifier"].split(".")[1]))
    assert all(found == list(range(1, len(found) + 1)) for found in numbers.values())
    assert {p: len(found) for p, found in numbers.items()} == {
        "1": 1, "2": 1, "3": 3, "4": 5, "5": 5, "6": 4, "7": 2, "8": 3, "9": 3,
    }  # fmt: skip


@pytest.mark.parametrize("name", HEADERS)
def test_every_title_and_text_occurs_verbatim_in_the_source(name):
    text = source()
    for row in rows(name):
        for field in ("title", "text"):
            if field in row:
                assert row[field] in text, (name, row["identifier"], field)
                assert row[field] == row[field].strip()


@pytest.mark.parametrize("name", ["tasks", "spotlight_items", "goals"])
def test_a_title_is_the_first_sentence_without_its_number(name):
    for row in rows(name):
        first_sentence = row["text"].split("。", 1)[0]
        assert first_sentence.endswith(row["title"]), row["identifier"]
        marker = first_sentence.removesuffix(row["title"])
        assert re.fullmatch(MARKER, marker), (row["identifier"], marker)


# What to look for in the source, row after row, to see the rows are in its order.
NEEDLES = {
    "programmes": lambda row: row["number"] + row["title"],
    "tasks": lambda row: row["text"],
    "spotlights": lambda row: f"专栏{row['identifier']}：{row['title']}",
    "spotlight_items": lambda row: row["text"],
    "policies": lambda row: row["title"],
    "goals": lambda row: row["text"],
}


@pytest.mark.parametrize("name", HEADERS)
def test_rows_are_in_source_order(name):
    text, position = source(), 0
    for row in rows(name):
        position = text.find(NEEDLES[name](row), position)
        assert position >= 0, (name, row["identifier"])  # missing, or before the previous row


def test_no_line_of_the_tasks_section_is_left_out():
    text = source()
    body = text[text.index("三、主要建设任务\n") : text.index("四、保障措施\n")].split("\n")[1:]
    transcribed = [f"{row['number']}{row['title']}" for row in rows("programmes")]
    transcribed += [f"专栏{row['identifier']}：{row['title']}" for row in rows("spotlights")]
    transcribed += [row["text"] for name in ("programmes", "spotlight_items") for row in rows(name)]
    tasks = {}
    for row in rows("tasks"):  # （三）'s one paragraph is its three tasks together
        tasks[row["programme"]] = tasks.get(row["programme"], "") + row["text"]
    transcribed += tasks.values()
    left_out = [line for line in body if line.strip() and not any(line in t for t in transcribed)]
    assert left_out == []
    assert len(body) > 100


def test_a_programme_without_numbered_measures_is_one_task_per_paragraph():
    programmes, tasks = by_identifier("programmes"), by_identifier("tasks")
    for key in ("1", "2"):
        assert tasks[f"{key}.1"]["text"] == programmes[key]["text"] != ""
    assert programmes["3"]["text"] == ""  # its 一是/二是/三是 paragraph is all measures
    assert [tasks[f"3.{n}"]["text"][:2] for n in (1, 2, 3)] == ["一是", "二是", "三是"]
    assert programmes["7"]["text"] == ""  # (七) starts with its measure 1.


def test_the_source_flaws_are_kept():
    items, policies = by_identifier("spotlight_items"), by_identifier("policies")
    # 专栏1 numbers both its items "1.".
    assert items["1-1"]["text"].startswith("1. 智能装备。")
    assert items["1-2"]["text"].startswith("1. 智能化软件等领域寻求突破。")
    # 专栏5-2's one item has no number.
    assert items["5-2-1"]["text"].startswith("新疆生物医药创新研究院。")
    # 专栏9 item 1 ends with the name of 专栏8 item 1.
    assert items["9-1"]["text"].endswith("加速发展。国际工业科技合作产业园项目。")
    # 顺理办 in the title, 顺利办 in the text.
    assert items["4-5-2"]["title"] == "顺理办上市加速"
    assert "顺利办信息服务股份有限公司" in items["4-5-2"]["text"]
    # Annex 1: no 《》 in 24, 开发五 for 开发区 in 17.
    assert policies["24"]["title"] == "乌鲁木齐高新区（新市区）出台“五项科技新政”"
    assert policies["17"]["title"] == "《乌鲁木齐高新技术产业开发五博士后公寓管理办法》"


def test_page_breaks_inside_an_item_are_kept_as_written():
    broken = {row["identifier"] for row in rows("spotlight_items") if "\n" in row["text"]}
    assert broken == ITEMS_OVER_A_PAGE_BREAK
    text = by_identifier("spotlight_items")["3-3"]["text"]
    assert "探索开辟海内外人才创新创\n\n\n业服务工作站" in text
    for name in ("programmes", "tasks", "goals", "policies", "spotlights"):
        assert not any("\n" in value for row in rows(name) for value in row.values()), name


def test_the_transcription_script_writes_exactly_the_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("transcribe", WORK / "transcribe.py")
    transcribe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(transcribe)
    transcribe.write(transcribe.transcribe(source()), tmp_path)
    for name in HEADERS:
        assert (tmp_path / f"{name}.csv").read_bytes() == (WORK / f"{name}.csv").read_bytes(), name
