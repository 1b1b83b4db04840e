import datetime
import io
import zipfile

import pytest

from reporting import rules
from reporting.models import ReportingState as S


@pytest.mark.parametrize(
    ("stored", "locked", "has_figures", "shown"),
    [
        (S.NOT_STARTED, False, False, S.NOT_STARTED),
        (S.NOT_STARTED, False, True, S.IN_PROGRESS),  # figures entered in the admin or API
        (S.SUBMITTED, False, True, S.SUBMITTED),
        (S.RETURNED, False, True, S.RETURNED),
        (S.SUBMITTED, True, True, S.APPROVED),  # approved elsewhere: the lock decides
        (S.NOT_STARTED, True, True, S.APPROVED),
        (S.APPROVED, False, True, S.IN_PROGRESS),  # an administrator unlocked it
    ],
)
def test_effective_state(stored, locked, has_figures, shown):
    assert rules.effective_state(stored, locked, has_figures) == shown


def test_default_due_date_is_31_march_of_the_following_year():
    assert rules.default_due_date(2022) == datetime.date(2023, 3, 31)


@pytest.mark.parametrize(
    ("days_left", "kind"),
    [
        (15, None),
        (14, "due_14"),
        (10, "due_14"),
        (4, "due_14"),
        (3, "due_3"),
        (0, "due_3"),
        (-1, "overdue"),
        (-400, "overdue"),
    ],
)
def test_due_reminder_days(days_left, kind):
    assert rules.due_reminder(days_left) == kind


DUE = datetime.date(2025, 3, 31)


@pytest.mark.parametrize(
    ("state", "today", "days"),
    [
        (S.NOT_STARTED, datetime.date(2026, 12, 4), 613),
        (S.IN_PROGRESS, datetime.date(2025, 4, 1), 1),
        (S.RETURNED, datetime.date(2025, 4, 10), 10),
        (S.IN_PROGRESS, DUE, None),  # the due date itself is in time
        (S.IN_PROGRESS, datetime.date(2025, 3, 1), None),
        (S.SUBMITTED, datetime.date(2026, 12, 4), None),  # with leadership
        (S.APPROVED, datetime.date(2026, 12, 4), None),
    ],
)
def test_overdue_days(state, today, days):
    assert rules.overdue_days(DUE, state, today) == days


def _zip(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("head", "names", "kind"),
    [
        (b"%PDF-1.7\n", None, "pdf"),
        (b"\x89PNG\r\n\x1a\n", None, "png"),
        (b"\xff\xd8\xff\xe0", None, "jpeg"),
        (None, ["[Content_Types].xml", "xl/workbook.xml"], "xlsx"),
        (None, ["[Content_Types].xml", "word/document.xml"], "docx"),
        (None, ["readme.txt"], None),  # a plain zip is not an Office file
        (b"hello, a text file named .pdf", None, None),
        (b"MZ\x90\x00", None, None),  # a program
    ],
)
def test_evidence_kind_is_read_from_the_content(head, names, kind):
    stream = _zip(*names) if names else io.BytesIO(head)
    assert rules.evidence_kind(stream.getvalue()[:8], stream) == kind


def test_evidence_problems():
    assert rules.evidence_problems(100, "pdf") == []
    assert "空" in rules.evidence_problems(0, "pdf")[0]
    assert "10 MB" in rules.evidence_problems(rules.EVIDENCE_MAX_BYTES + 1, "pdf")[0]
    assert "按文件内容判断" in rules.evidence_problems(100, None)[0]


def test_submit_problems_name_what_is_missing():
    assert rules.submit_problems([], []) == []
    problems = rules.submit_problems(["3. 高新技术企业数"], ["7. 每万人口发明专利拥有量"])
    assert "1 项指标未填报：3. 高新技术企业数" in problems[0]
    assert "7. 每万人口发明专利拥有量" in problems[1]
