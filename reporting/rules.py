"""The reporting cycle's rules, as pure functions (no database, no clock)."""

import datetime
import re
import zipfile
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from .models import ReportingState

# 31 March of the following year, unless leadership sets another date.
DEFAULT_DUE_MONTH_DAY = (3, 31)

# Reminders to the managers, in days before the due date.
DUE_REMINDER_DAYS = (14, 3)

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "png": ("image/png", "PNG"),
    "jpeg": ("image/jpeg", "JPEG"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
}
# The extensions a download of each kind may keep; a name without one gets the first.
EVIDENCE_EXTENSIONS = {
    "pdf": (".pdf",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "xlsx": (".xlsx",),
    "docx": (".docx",),
}


def default_due_date(year):
    month, day = DEFAULT_DUE_MONTH_DAY
    return datetime.date(year + 1, month, day)


def effective_state(stored, locked, has_figures):
    """The state shown: the lock (indicators.YearApproval) decides 已审定 on every path.

    An approved year an administrator unlocked goes back to 填报中; a year with figures
    entered elsewhere (admin, API, import) has started even if the cycle never saw it.
    """
    if locked:
        return ReportingState.APPROVED
    if stored == ReportingState.APPROVED:
        return ReportingState.IN_PROGRESS
    if stored == ReportingState.NOT_STARTED and has_figures:
        return ReportingState.IN_PROGRESS
    return ReportingState(stored)


# Which states allow which step of the cycle.
CAN_ENTER = {
    ReportingState.NOT_STARTED,
    ReportingState.IN_PROGRESS,
    ReportingState.RETURNED,
    ReportingState.SUBMITTED,
}
CAN_SUBMIT = {ReportingState.IN_PROGRESS, ReportingState.RETURNED}
CAN_REVIEW = {ReportingState.SUBMITTED}
# A figure changed in these states was already seen by leadership: say why it changed.
NEEDS_REASON = {ReportingState.SUBMITTED, ReportingState.RETURNED}


# How many identifiers of tasks without progress the message names (the rest: 等).
MISSING_WORK_SHOWN = 10


def submit_problems(missing_indicators, flagged_without_note, missing_work=()):
    """Why a year cannot be submitted yet: every indicator needs a figure, a figure
    flagged as far outside its range needs the note that confirms it, and every task and
    spotlight item of the plan needs its status for the year (`missing_work`, their
    identifiers). The support policies' applications are shown, not required."""
    problems = []
    if missing_indicators:
        problems.append(
            _("还有 %(n)s 项指标未填报：%(names)s。")
            % {"n": len(missing_indicators), "names": "、".join(missing_indicators)}
        )
    if flagged_without_note:
        problems.append(
            _("以下异常值缺少说明：%(names)s。请在“说明”中写明原因。")
            % {"names": "、".join(flagged_without_note)}
        )
    if missing_work:
        shown = "、".join(missing_work[:MISSING_WORK_SHOWN])
        if len(missing_work) > MISSING_WORK_SHOWN:
            shown = _("%(names)s 等") % {"names": shown}
        problems.append(
            _("还有 %(n)s 项任务未填进展：%(names)s。") % {"n": len(missing_work), "names": shown}
        )
    return problems


def evidence_kind(head, stream=None):
    """The evidence type of a file from its first bytes (and, for a zip, its entries),
    never from its name; None when it is none of EVIDENCE_KINDS."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04") and stream is not None:
        try:
            names = zipfile.ZipFile(stream).namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
        if any(name.startswith("word/") for name in names):
            return "docx"
    return None


def evidence_download_name(original_name, kind):
    """The name a download is saved as: the uploaded name's stem with the extension of
    the type read from the content (a PDF uploaded as 报告.html downloads as 报告.pdf), so
    no program opens it as what its name claimed."""
    path = PurePosixPath(original_name)
    if path.suffix.lower() in EVIDENCE_EXTENSIONS[kind]:
        return original_name
    return f"{path.stem if path.suffix else path.name}{EVIDENCE_EXTENSIONS[kind][0]}"


def evidence_quota_problems(used, size, quota):
    """Messages refusing a file that would take a year's evidence over its quota (bytes;
    settings.EVIDENCE_YEAR_QUOTA_MB)."""
    if used + size <= quota:
        return []
    return [
        _(
            "本年度佐证材料已用 %(used)s MB，加上此文件（%(size)s MB）将超过每年 %(quota)s MB "
            "的限额，未保存。如确需更多，请联系系统管理员调整限额。"
        )
        % {"used": _megabytes(used), "size": _megabytes(size), "quota": _megabytes(quota)}
    ]


def _megabytes(size):
    return round(size / 1024 / 1024, 1)


def evidence_problems(size, kind):
    """Messages refusing an evidence file: too big, empty or not an accepted type."""
    if size == 0:
        return [_("文件是空的。")]
    if size > EVIDENCE_MAX_BYTES:
        return [
            _("文件过大（%(size)s MB）：佐证材料最大 %(limit)s MB。")
            % {"size": round(size / 1024 / 1024, 1), "limit": EVIDENCE_MAX_BYTES // 1024 // 1024}
        ]
    if kind is None:
        return [
            _(
                "只接受 PDF、PNG/JPEG 图片和 Excel（.xlsx）/Word（.docx）文件；"
                "按文件内容判断，改扩展名无效。"
            )
        ]
    return []


def due_reminder(days_left):
    """Which due-date reminder is owed `days_left` days before the due date: the 14-day
    one from 14 days on, the 3-day one from 3 days on (so a missed cron run catches
    up), the overdue one once the date has passed, none before the 14 days."""
    first, last = DUE_REMINDER_DAYS
    if days_left < 0:
        return "overdue"
    if 0 <= days_left <= last:
        return f"due_{last}"
    if last < days_left <= first:
        return f"due_{first}"
    return None


_FINGERPRINT = re.compile(r"[0-9a-f]{64}")


def is_fingerprint(text):
    """Whether `text` looks like services.year_fingerprint's answer (a SHA-256 hex digest),
    so a link's parameter is only ever shown back in that form."""
    return bool(_FINGERPRINT.fullmatch(text or ""))


# A year in these states is with leadership: its due date no longer counts down.
NOT_OVERDUE = {ReportingState.SUBMITTED, ReportingState.APPROVED}


def overdue_days(due_date, state, today):
    """How many days `today` is past a year's due date while the year is not submitted
    (shown as 逾期 N 天); None when it is not overdue. The due date itself is still in
    time; a year submitted late is not overdue any more (it waits for leadership)."""
    if state in NOT_OVERDUE:
        return None
    days = (today - due_date).days
    return days if days > 0 else None
