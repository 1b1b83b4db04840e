"""The evaluation report as a Word document (python-docx), in Chinese, ready to edit.

Numbers come from audit/evaluation.py (which takes them from indicators/progress.py);
this module only words and lays them out. Rates are rounded here, for display only.
"""

from io import BytesIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.numbers import format_decimal
from indicators.models import ApprovalState
from indicators.progress import Status, round_rate

from .definitions import DEFINITIONS
from .report_charts import indicator_chart, render_png

# Word on the base's machines has 微软雅黑; LibreOffice elsewhere takes its CJK font.
CJK_FONT = "Microsoft YaHei"


def rate(value):
    shown = round_rate(value)
    return "—" if shown is None else f"{shown}%"


def number(value):
    return format_decimal(value, grouped=True, empty="—")


def report_title(evaluation):
    return _("%(base)s建设%(kind)s报告") % {
        "base": evaluation.period.base_name,
        "kind": evaluation.kind,
    }


def summary_sentence(evaluation):
    """总体情况's first sentence: how many indicators in each status, and which."""
    parts = []
    for status, items in evaluation.by_status().items():
        if not items:
            continue
        names = "、".join(i.indicator.name for i in items)
        parts.append(
            _("%(status)s %(count)s 项（%(names)s）")
            % {"status": status.label, "count": len(items), "names": names}
        )
    return _("%(count)s项指标中，%(parts)s。") % {
        "count": len(evaluation.indicators),
        "parts": "，".join(parts),
    }


def provisional_sentence(evaluation):
    provisional = [i.indicator.name for i in evaluation.indicators if i.provisional]
    if not provisional:
        return _("本报告所用%(year)s年数据均已审定。") % {"year": evaluation.year}
    return _("其中 %(count)s 项指标的数据尚待审定（%(names)s），结论可能随审定调整。") % {
        "count": len(provisional),
        "names": "、".join(provisional),
    }


def pace_sentence(evaluation, item):
    """Growth achieved against needed, and where the current pace leads."""
    parts = []
    if item.growth_achieved is not None:
        parts.append(
            _("基期以来年均增长 %(achieved)s，规划所需年均增长 %(needed)s")
            % {"achieved": rate(item.growth_achieved), "needed": rate(item.growth_needed)}
        )
        if item.growth_still_needed is not None:
            parts.append(
                _("此后每年需增长 %(rate)s 才能按期达标") % {"rate": rate(item.growth_still_needed)}
            )
    if item.assessment.status == Status.ACHIEVED:
        parts.append(_("已达到目标值"))
    elif evaluation.running() and item.assessment.value is not None:
        if item.year_reached is not None and item.year_reached <= evaluation.period.last_year:
            parts.append(_("按当前速度预计%(year)s年达标") % {"year": item.year_reached})
        else:
            parts.append(_("按当前速度规划期内无法达标"))
    elif item.assessment.value is None:
        parts.append(_("暂无数据"))
    return "；".join(parts) + "。" if parts else ""


def build_report(evaluation, *, generated_at=None):
    """The .docx bytes, in the site's language; charts drawn by one chromium session."""
    generated_at = generated_at or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        document = Document()
        _setup(document)
        _cover(document, evaluation, generated_at)
        _overview(document, evaluation)
        _table(document, evaluation)
        _per_indicator(document, evaluation)
        _platforms_and_projects(document, evaluation)
        _notes(document, evaluation)
        document.core_properties.title = report_title(evaluation)
        document.core_properties.author = evaluation.period.base_name
        buffer = BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def _setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        style = document.styles[name]
        style.font.name = CJK_FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    # Page numbers in the footer: 第 N 页 共 M 页.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_("第 "))
    _field(footer, "PAGE")
    footer.add_run(_(" 页 共 "))
    _field(footer, "NUMPAGES")
    footer.add_run(_(" 页"))


def _field(paragraph, code):
    from docx.oxml import OxmlElement

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.text = code
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _cover(document, evaluation, generated_at):
    title = document.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(report_title(evaluation))
    period = evaluation.period
    cutoff = timezone.localtime(generated_at).strftime("%Y-%m-%d %H:%M")
    states = "；".join(
        _("%(year)s年：%(state)s")
        % {
            "year": y,
            "state": (ApprovalState.APPROVED if y in evaluation.locked_years
                      else ApprovalState.PROVISIONAL).label,
        }  # fmt: skip
        for y in evaluation.years
    )
    facts = [
        (_("示范基地"), period.base_name),
        (_("规划"), f"《{period.name}》"),
        (_("规划期"), period.label),
        (_("评估类型"), evaluation.kind),
        (_("评估年份"), _("%(year)s年") % {"year": evaluation.year}),
        (_("报告日期"), timezone.localdate(generated_at).strftime("%Y-%m-%d")),
        (_("数据截至"), cutoff),
        (_("各年度审定情况"), states),
    ]
    table = document.add_table(rows=0, cols=2, style="Table Grid")
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_page_break()


def _overview(document, evaluation):
    document.add_heading(_("一、总体情况"), level=1)
    document.add_paragraph(summary_sentence(evaluation))
    document.add_paragraph(provisional_sentence(evaluation))


def _table(document, evaluation):
    document.add_heading(_("二、指标完成情况"), level=1)
    years = list(evaluation.years)
    headers = [_("序号"), _("指标"), _("单位"), _("基期值"),
               *(_("%(year)s年") % {"year": y} for y in years),
               _("目标值"), _("完成率"), _("增量进度"), _("状态")]  # fmt: skip
    table = document.add_table(rows=1, cols=len(headers), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for item in evaluation.indicators:
        indicator, assessment = item.indicator, item.assessment
        values = [
            str(indicator.serial),
            indicator.name,
            indicator.unit,
            number(indicator.baseline_value),
            *(
                number(item.actuals.get(y))
                + ("" if y in evaluation.locked_years or y not in item.actuals else _("（待审定）"))
                for y in years
            ),
            number(indicator.target_value),
            rate(assessment.completion_rate),
            rate(assessment.gap_closed),
            assessment.status.label,
        ]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def _per_indicator(document, evaluation):
    document.add_heading(_("三、分指标分析"), level=1)
    charts = [indicator_chart(item, evaluation) for item in evaluation.indicators]
    try:
        images = render_png(charts)
    except Exception as error:  # noqa: BLE001 - a missing browser must not lose the report
        images = [None] * len(charts)
        document.add_paragraph(_("（图表未能生成：%(error)s）") % {"error": error})
    for item, image in zip(evaluation.indicators, images, strict=True):
        document.add_heading(f"{item.indicator.serial}. {item.indicator.name}", level=2)
        if image:
            document.add_picture(BytesIO(image), width=Cm(15))
        assessment = item.assessment
        document.add_paragraph(
            _("%(year)s年比较值 %(value)s%(unit)s%(state)s，目标 %(target)s，完成率 %(rate)s，"
              "增量进度 %(gap)s，状态：%(status)s。")  # fmt: skip
            % {
                "year": evaluation.year,
                "value": number(assessment.value),
                "unit": item.indicator.unit,
                "state": _("（待审定）") if item.provisional else "",
                "target": number(item.indicator.target_value),
                "rate": rate(assessment.completion_rate),
                "gap": rate(assessment.gap_closed),
                "status": assessment.status.label,
            }
        )
        document.add_paragraph(pace_sentence(evaluation, item))


def _platforms_and_projects(document, evaluation):
    platforms, projects = evaluation.platforms, evaluation.projects
    document.add_heading(_("四、技术创新平台"), level=1)
    document.add_paragraph(
        _("附件三所列平台 %(annex)s 个，规划实施以来新认定 %(new)s 个。")
        % {"annex": platforms["annex"], "new": platforms["new"]}
    )
    table = document.add_table(rows=1, cols=3, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, [_("级别"), _("附件三"), _("新认定")], strict=True):
        cell.text = text
    for level, annex, new in platforms["by_level"]:
        for cell, text in zip(table.add_row().cells, [str(level), str(annex), str(new)],
                              strict=True):  # fmt: skip
            cell.text = text

    document.add_heading(_("五、重点项目"), level=1)
    document.add_paragraph(
        _("附件四共 %(count)s 行，扣除重复计算后 %(counted)s 个项目，计划总投资 %(planned)s 万元，"
          "截至%(year)s年累计完成投资 %(done)s 万元%(state)s。")  # fmt: skip
        % {
            "count": projects["count"],
            "counted": projects["counted"],
            "planned": number(projects["planned"]),
            "year": evaluation.year,
            "done": number(projects["done"]),
            "state": _("（含待审定数据）") if projects["provisional"] else "",
        }
    )
    for row, name, investment, whole in projects["overlap"]:
        document.add_paragraph(
            _("丝路之光重复计算说明：第%(row)s行“%(name)s”（%(investment)s 万元）"
              "包含在第%(whole)s行整体项目之内；"
              "直接求和为 %(with)s 万元，扣除后为 %(without)s 万元。")  # fmt: skip
            % {
                "row": row,
                "name": name,
                "investment": number(investment),
                "whole": whole,
                "with": number(projects["planned_with_overlap"]),
                "without": number(projects["planned"]),
            }
        )
    headers = [_("项目性质"), _("项目数"), _("计划投资（万元）"), _("完成投资（万元）")]
    table = document.add_table(rows=1, cols=4, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for nature, count, planned, done in projects["by_nature"]:
        for cell, text in zip(table.add_row().cells,
                              [nature, str(count), number(planned), number(done)],
                              strict=True):  # fmt: skip
            cell.text = text
    document.add_paragraph(
        _("按最新进展状态：%(parts)s。")
        % {"parts": "，".join(f"{label} {count} 个" for label, count in projects["by_status"])}
    )


def _notes(document, evaluation):
    document.add_heading(_("六、数据说明"), level=1)
    for name, words in DEFINITIONS:
        document.add_paragraph(f"{name}：{words}", style="List Bullet")
    document.add_paragraph(_("原文问题（按原文载入，未作更正）："))
    for category, key, name, text in evaluation.flaws:
        where = f"{category} {key}" if key is not None else str(category)
        document.add_paragraph(f"{where} {name}：{text}", style="List Bullet")
