import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.models import Indicator, IndicatorActual
from platforms.models import Platform
from projects.models import Project


def load():
    out = io.StringIO()
    call_command("load_annexes", stdout=out)
    return out.getvalue()


def test_loads_every_row_of_the_three_annexes(annexes):
    assert Indicator.objects.count() == 13
    assert Platform.objects.count() == 35
    assert Project.objects.count() == 34


@pytest.mark.parametrize(
    "serial, unit, baseline, target",
    [
        (7, "项", "18.09", "22.33"),
        (5, "亿元", "1", "1.5"),
        (13, "%", "2", "2.25"),
        (3, "家", "1762", "2381"),
    ],
)
def test_indicator_values_are_exact(annexes, serial, unit, baseline, target):
    indicator = Indicator.objects.get(serial=serial)
    assert indicator.unit == unit
    assert indicator.baseline_value == Decimal(baseline)
    assert indicator.target_value == Decimal(target)
    assert (indicator.baseline_year, indicator.target_year) == (2020, 2023)


def test_platform_7_keeps_the_host_as_written_and_says_why(annexes):
    platform = Platform.objects.get(serial=7)
    assert platform.name == "特变电工新疆新能源股份有限公司技术中心"
    assert platform.host_organisation == "新疆交通建设集团股份有限公司"
    assert "抄录错误" in platform.remark


def test_platform_25_keeps_the_stray_character(annexes):
    assert Platform.objects.get(serial=25).name == "新疆自铝电子材料工程实验室"


def test_project_values_are_exact(annexes):
    project = Project.objects.get(name="钵施然智能农机研发和生产基地建设项目")
    assert project.total_investment == Decimal("47722.2")
    assert project.year == 2024
    assert project.nature == "新建"


def test_silk_road_phase_one_is_marked_as_part_of_the_whole(annexes):
    phase_one = Project.objects.get(name="广汇格信“丝路之光”生态智慧新城（一期）")
    whole = Project.objects.get(name="广汇格信“丝路之光”生态智慧新城项目")
    assert phase_one.included_in == whole
    assert whole.total_investment == Decimal("1050000")
    assert phase_one.remark and whole.remark


def test_unbalanced_quotes_are_loaded_as_written(annexes):
    assert Project.objects.get(row=12).name == '"新疆电商智慧物流园”项目二期'


def test_indicator_without_unit_gets_its_unit_by_meaning_with_a_remark(annexes):
    indicator = Indicator.objects.get(serial=9)
    assert indicator.name_as_written == "科技成果转化平台数（孵化器、众创空间等）"
    assert indicator.unit == "个"
    assert "按含义" in indicator.remark


def test_second_run_changes_nothing_and_says_so(annexes):
    out = load()
    assert "新增 0，更新 0，未变 13" in out
    assert "新增 0，更新 0，未变 35" in out
    assert "新增 0，更新 0，未变 34" in out
    assert "未作任何修改" in out


def test_reload_leaves_entered_actuals_alone(annexes, manager):
    indicator = Indicator.objects.get(serial=4)
    IndicatorActual.objects.create(indicator=indicator, year=2021, value=Decimal("190"))
    load()
    assert IndicatorActual.objects.get(indicator=indicator, year=2021).value == Decimal("190")


def test_reload_restores_a_definition_changed_by_hand(annexes):
    Indicator.objects.filter(serial=7).update(target_value=Decimal("99"))
    out = load()
    assert Indicator.objects.get(serial=7).target_value == Decimal("22.33")
    assert "新增 0，更新 1，未变 12" in out


def test_reload_keeps_the_kind_an_administrator_chose(annexes):
    Indicator.objects.filter(serial=2).update(kind="cumulative")
    load()
    assert Indicator.objects.get(serial=2).kind == "cumulative"
