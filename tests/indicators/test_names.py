import csv

import pytest
from django.conf import settings

from indicators.names import parse_indicator_name

EXPECTED = {
    1: ("举办相关政策宣传推介活动数", "次", ""),
    2: ("创新创业大赛参赛数", "次", ""),
    3: ("科技型企业数", "家", ""),
    4: ("高新技术企业数", "家", ""),
    5: ("技术市场合同交易总额", "亿元", ""),
    6: ("新增上市企业数", "家", "包括被上市公司收购"),
    7: ("每万人口发明专利拥有量", "项", ""),
    8: ("科技平台数", "个", "国家级重点实验室、工程技术研究中心、新型研发机构等"),
    9: ("科技成果转化平台数", "", "孵化器、众创空间等"),
    10: ("产业技术创新战略联盟数", "个", ""),
    11: ("异地、离岸孵化器数", "个", ""),
    12: ("区内创新创业孵化平台载体数", "个", ""),
    13: ("R&D比例", "%", "全社会研发占GDP比重"),
}


def annex_names():
    with open(settings.BASE_DIR / "fixtures" / "indicators.csv", encoding="utf-8") as f:
        return {int(r["serial"]): r["name_as_written"] for r in csv.DictReader(f)}


@pytest.mark.parametrize("serial", sorted(EXPECTED))
def test_parses_every_annex_2_name(serial):
    assert tuple(parse_indicator_name(annex_names()[serial])) == EXPECTED[serial]


def test_all_thirteen_names_are_covered():
    assert set(annex_names()) == set(EXPECTED)


def test_name_without_brackets_has_no_unit():
    assert tuple(parse_indicator_name("专利数")) == ("专利数", "", "")
