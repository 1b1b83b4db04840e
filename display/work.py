"""How the plan's work (work/) is arranged for a page: the look of a task's status and
the status counts of a group of tasks. Pure, no queries: the signed-in pages (dashboard/)
use it today and the public site's task page will (docs/architecture.md).

Like indicators/palette.py, the colours are blue/orange and every status also carries a
symbol and its label, so nothing depends on colour alone; fills have at least 3:1 on white.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from work.models import WorkStatus

# A task or item without a progress record for the year.
NOT_REPORTED = "未填报"
NOT_REPORTED_LABEL = _("未填报")

# Best first, then those needing attention, then those without a record.
STATUS_ORDER = [
    WorkStatus.COMPLETED,
    WorkStatus.IN_PROGRESS,
    WorkStatus.NOT_STARTED,
    WorkStatus.BEHIND,
    WorkStatus.ADJUSTED,
    WorkStatus.STOPPED,
    NOT_REPORTED,
]
STATUS_COLOURS = {
    WorkStatus.COMPLETED: "#0072B2",  # blue
    WorkStatus.IN_PROGRESS: "#3A8FC4",  # sky blue, darkened
    WorkStatus.NOT_STARTED: "#616E7C",  # slate
    WorkStatus.BEHIND: "#B07800",  # orange, darkened
    WorkStatus.ADJUSTED: "#8F5A00",  # dark orange
    WorkStatus.STOPPED: "#D55E00",  # vermillion
    NOT_REPORTED: "#808080",  # grey
}
# Glyphs present in every CJK font (GB 2312).
STATUS_SYMBOLS = {
    WorkStatus.COMPLETED: "★",
    WorkStatus.IN_PROGRESS: "●",
    WorkStatus.NOT_STARTED: "□",
    WorkStatus.BEHIND: "▲",
    WorkStatus.ADJUSTED: "◆",
    WorkStatus.STOPPED: "▼",
    NOT_REPORTED: "○",
}


def status_label(status):
    """The label of a stored status, or 未填报 for none."""
    if status in (None, "", NOT_REPORTED):
        return str(NOT_REPORTED_LABEL)
    return str(WorkStatus(status).label)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    symbol: str
    colour: str
    count: int


def status_counts(statuses):
    """[StatusCount] of `statuses` (a year's status per task, None for 未填报) in
    STATUS_ORDER, zeros included so every group's bar has the same segments."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for status in statuses:
        counts[status or NOT_REPORTED] += 1
    return [
        StatusCount(
            status=str(status),
            label=status_label(status),
            symbol=STATUS_SYMBOLS[status],
            colour=STATUS_COLOURS[status],
            count=count,
        )
        for status, count in counts.items()
    ]
