"""The analysis behind the evaluation report (阶段评估 / 终期评估), with pandas.

The figures go into one year × indicator table (`Evaluation.figures`); every rate, status,
growth rate and pace comes from indicators/progress.py, so the report says what the
dashboard says. A report for a year reads nothing entered for a later year.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from django.utils.translation import gettext as _

from indicators.models import ApprovalState, Indicator, YearApproval
from indicators.progress import (
    Assessment,
    Status,
    assess,
    growth_achieved,
    growth_needed,
    growth_still_needed,
    year_target_reached,
)
from platforms.models import Platform, PlatformLevel
from projects.models import Project, ProjectProgress, ProjectStatus

from .plan_period import PlanPeriod
from .source_flaws import source_flaws


def evaluation_year_errors(period, year):
    """Messages for the year of an evaluation: inside the plan period (None: its end)."""
    if period is None:
        return [_("尚未载入规划指标，无法生成评估报告。")]
    if year is not None and year not in period.years:
        return [
            _("评估年份 %(year)s 不在规划期 %(period)s 之内。")
            % {"year": year, "period": period.label}
        ]
    return []


@dataclass(frozen=True)
class IndicatorEvaluation:
    indicator: Indicator
    actuals: dict  # {year: value} up to the evaluated year
    assessment: Assessment
    approval_state: str  # ApprovalState of the compared value
    growth_achieved: Decimal | None
    growth_needed: Decimal | None
    growth_still_needed: Decimal | None
    year_reached: int | None  # at the current pace; None: never at this pace

    @property
    def provisional(self):
        return (
            self.assessment.value is not None
            and self.approval_state == ApprovalState.PROVISIONAL
        )


@dataclass(frozen=True)
class Evaluation:
    period: PlanPeriod
    year: int
    final: bool  # 终期评估 (the plan's last year) rather than 阶段评估
    locked_years: frozenset
    indicators: list[IndicatorEvaluation]
    figures: pd.DataFrame  # index: year (baseline … evaluated year), columns: serial
    platforms: dict
    projects: dict
    flaws: list

    @property
    def kind(self):
        return _("终期评估") if self.final else _("阶段评估")

    @property
    def years(self):
        return range(self.period.first_year, self.year + 1)

    def by_status(self):
        """{Status: [IndicatorEvaluation]} from best to worst, every status present."""
        grouped = {status: [] for status in sorted(Status, key=lambda s: -s.rank)}
        for item in self.indicators:
            grouped[item.assessment.status].append(item)
        return grouped

    def running(self):
        """While the plan runs a projection of the target year means something."""
        return self.year < self.period.last_year


def build_evaluation(period, year=None):
    """Everything the report states for `period` in `year` (None: the plan's end)."""
    year = period.last_year if year is None else year
    locked_years = frozenset(y for y in YearApproval.objects.locked_years() if y <= year)
    indicators = list(
        Indicator.objects.with_actuals().filter(plan_id=period.plan_id).order_by("serial")
    )
    figures = _figures(indicators, period, year)
    items = []
    for indicator in indicators:
        goal = indicator.goal
        # Only the years up to the evaluated one: nothing later reaches the report.
        actuals = {
            y: v for y, v in figures[indicator.serial].items() if y > period.baseline_year
            and v is not None and not pd.isna(v)
        }  # fmt: skip
        assessment = assess(goal, actuals, year)
        items.append(
            IndicatorEvaluation(
                indicator=indicator,
                actuals=actuals,
                assessment=assessment,
                approval_state=indicator.approval_state(year, locked_years),
                growth_achieved=growth_achieved(goal, assessment.value, year),
                growth_needed=growth_needed(goal),
                growth_still_needed=growth_still_needed(goal, assessment.value, year),
                year_reached=year_target_reached(goal, assessment.value, year),
            )
        )
    platforms = list(Platform.objects.filter(plan_id=period.plan_id))
    projects = list(
        Project.objects.filter(plan_id=period.plan_id).select_related("included_in").order_by("row")
    )
    return Evaluation(
        period=period,
        year=year,
        final=year == period.last_year,
        locked_years=locked_years,
        indicators=items,
        figures=figures,
        platforms=_platform_summary(platforms, period, year),
        projects=_project_summary(projects, year, locked_years),
        flaws=source_flaws(indicators, platforms, projects),
    )


def _figures(indicators, period, year):
    """The year × indicator table: the baseline row, then each year's actual (NaN: none)."""
    columns = {}
    for indicator in indicators:
        by_year = indicator.actuals_by_year()
        column = {period.baseline_year: indicator.baseline_value}
        column |= {y: by_year.get(y) for y in range(period.first_year, year + 1)}
        columns[indicator.serial] = column
    frame = pd.DataFrame(columns, dtype=object)
    frame.index.name = "year"
    return frame.sort_index()


def _platform_summary(platforms, period, year):
    """Counts by level: in Annex 3, and recognised since the plan began (up to `year`)."""
    in_force = [p for p in platforms if not p.revoked]
    frame = pd.DataFrame(
        {
            "level": [p.level for p in in_force],
            "new": [
                not p.from_source and bool(p.recognised_year) and
                period.first_year <= p.recognised_year <= year
                for p in in_force
            ],
            "annex": [p.from_source for p in in_force],
        }
    )  # fmt: skip
    levels = [level.value for level in PlatformLevel]
    by_level = (
        frame.groupby("level")[["annex", "new"]].sum().reindex(levels, fill_value=0)
        if not frame.empty
        else pd.DataFrame(0, index=levels, columns=["annex", "new"])
    )
    return {
        "by_level": [
            (PlatformLevel(level).label, int(row.annex), int(row.new))
            for level, row in by_level.iterrows()
        ],
        "annex": int(by_level["annex"].sum()),
        "new": int(by_level["new"].sum()),
        "revoked": len(platforms) - len(in_force),
    }


def _project_summary(projects, year, locked_years):
    """Investment done (up to `year`) against planned, by nature and by latest status.

    Totals leave out a row included in another one (丝路之光 phase one), as everywhere.
    """
    progress = pd.DataFrame.from_records(
        ProjectProgress.objects.filter(year__lte=year).values(
            "project_id", "year", "investment_completed", "status"
        ),
        columns=["project_id", "year", "investment_completed", "status"],
    )
    done = progress.groupby("project_id")["investment_completed"].sum().to_dict()
    latest = (
        progress.sort_values("year").groupby("project_id")["status"].last().to_dict()
        if not progress.empty
        else {}
    )
    counted = [p for p in projects if p.included_in is None]
    by_nature = Counter()
    planned_by_nature, done_by_nature = Counter(), Counter()
    for project in counted:
        nature = project.get_nature_display()
        by_nature[nature] += 1
        planned_by_nature[nature] += project.total_investment
        done_by_nature[nature] += done.get(project.pk, Decimal(0))
    statuses = Counter(
        ProjectStatus(latest[p.pk]).label if p.pk in latest else _("未填报进展")
        for p in counted
    )
    overlap = [p for p in projects if p.included_in is not None]
    return {
        "count": len(projects),
        "counted": len(counted),
        "planned": sum((p.total_investment for p in counted), Decimal(0)),
        "planned_with_overlap": sum((p.total_investment for p in projects), Decimal(0)),
        "done": sum((done.get(p.pk, Decimal(0)) for p in counted), Decimal(0)),
        "by_nature": [
            (nature, by_nature[nature], planned_by_nature[nature], done_by_nature[nature])
            for nature in sorted(by_nature)
        ],
        "by_status": sorted(statuses.items(), key=lambda item: -item[1]),
        "overlap": [(p.row, p.name, p.total_investment, p.included_in.row) for p in overlap],
        "provisional": any(y not in locked_years for y in progress["year"].unique()),
    }
