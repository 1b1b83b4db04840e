"""Flaws of the source document that no single row's remark can say (docs/domain.md,
"Source flaws"): found from the loaded data, shown in reports, never silently fixed."""

from django.utils.translation import gettext as _

from indicators.progress import IndicatorKind

# How the name of an organisation ends; a host that ends otherwise looks cut short.
ORGANISATION_ENDINGS = (
    "公司", "（有限责任公司）", "集团", "大学", "学院", "研究院", "研究所", "院", "所",
    "中心", "局", "委员会", "协会", "医院",
)  # fmt: skip
# Annex 2 row 6: 新增上市企业数 reads either as a level or as a running count of new listings.
AMBIGUOUS_INDICATOR = 6


def looks_truncated(name):
    """True when an organisation's name does not end like one (e.g. 新疆…制药工程研究)."""
    name = name.strip()
    return bool(name) and not name.endswith(ORGANISATION_ENDINGS)


def source_flaws(indicators, platforms, projects):
    """[(category, serial or row, name, explanation)]: every row's remark, then the flaws
    only the whole data shows."""
    return (
        [(_("指标（附件二）"), i.serial, i.name_as_written, i.remark) for i in indicators
         if i.remark]  # fmt: skip
        + [(_("技术创新平台（附件三）"), p.serial, p.name, p.remark) for p in platforms if p.remark]
        + [(_("重点项目（附件四）"), p.row, p.name, p.remark) for p in projects if p.remark]
        + _found_flaws(indicators, platforms, projects)
    )


def _found_flaws(indicators, platforms, projects):
    flaws = [
        (
            _("重点项目（附件四）"),
            None,
            _("附件四标题"),
            _("附件四在原文中标题为“创新平台情况表”，但所列为重点投资项目；按项目表载入。"),
        )
    ]
    for project in projects:
        whole = project.included_in
        if whole is not None and project.year != whole.year:
            flaws.append(
                (
                    _("重点项目（附件四）"),
                    project.row,
                    project.name,
                    _(
                        "建设年限为%(part)s年，而包含它的第%(row)s行整体项目为%(whole)s年："
                        "部分的年限晚于整体，原文如此，未作更正。"
                    )
                    % {"part": project.year, "row": whole.row, "whole": whole.year},
                )
            )
    flaws += [
        (
            _("技术创新平台（附件三）"),
            platform.serial,
            platform.name,
            _("依托单位“%(host)s”疑似不完整（不以单位名称常见的结尾结束）；按原文载入。")
            % {"host": platform.host_organisation},
        )
        for platform in platforms
        if platform.from_source and looks_truncated(platform.host_organisation)
    ]
    flaws += [
        (
            _("指标（附件二）"),
            indicator.serial,
            indicator.name,
            _(
                "原文未说明该指标是年末水平值还是逐年新增的累计值；系统当前按“%(kind)s”计算，"
                "系统管理员可在指标定义中更改。"
            )
            % {"kind": IndicatorKind(indicator.kind).label},
        )
        for indicator in indicators
        if indicator.serial == AMBIGUOUS_INDICATOR
    ]
    return flaws
