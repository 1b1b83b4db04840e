"""Every URL of the site, and what each role gets from it.

`test_every_url_is_in_the_matrix` walks the URL resolver: a new page without a
row here fails it. Each row says, per role, what a GET returns:
LOGIN (a redirect to the login page), ADMIN_LOGIN (to the admin's login page),
or a status code. A role a row does not name gets 403.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from audit.models import ReportDownload
from core import roles
from indicators.models import Indicator, IndicatorActual, YearApproval
from plans.models import Plan, PlanState, Unit, UnitMember
from platforms.models import Platform
from projects.models import Project, ProjectProgress
from public.models import Publication
from reporting.models import Evidence
from tests.conftest import make_user
from work.models import (
    Goal,
    Policy,
    PolicyApplication,
    Programme,
    Spotlight,
    WorkItem,
    WorkProgress,
)

LOGIN = "login"
ADMIN_LOGIN = "admin-login"

ANONYMOUS, OUTSIDER = "anonymous", "outsider"
MANAGER, LEADER, AUDITOR, SYSADMIN = "manager", "leader", "auditor", "sysadmin"
STAFF = (MANAGER, LEADER, AUDITOR, SYSADMIN)
# A unit reporter (部门填报员) is staff but reads and enters only its unit's work.
REPORTER = "reporter"
ANY_STAFF = (*STAFF, REPORTER)
LOGGED_IN = (OUTSIDER, *ANY_STAFF)
ROLES = (ANONYMOUS, *LOGGED_IN)


def row(anonymous=LOGIN, kwargs=None, args=None, path=None, **by_role):
    """One URL: what anonymous gets, and a status per role (403 for roles not named).

    `kwargs`/`args` (callables, run inside the test) fill a named URL's parameters;
    an unnamed pattern gives its `path` (a callable) instead.
    """
    return {"anonymous": anonymous, "kwargs": kwargs, "args": args, "path": path, "roles": by_role}


def allow(roles, status=200, **extra):
    return {role: status for role in roles} | extra


# ---- the site's own pages --------------------------------------------------------
SITE = {
    # A unit reporter reads no indicator: the home page sends them to their unit's tasks.
    "home": row(**allow(STAFF, reporter=302)),
    "indicator_detail": row(kwargs=lambda: {"serial": 7}, **allow(STAFF)),
    "platform_list": row(**allow(STAFF)),
    "project_list": row(**allow(STAFF)),
    # The plan's work: a unit reporter reads its unit's tasks (the first item is its unit's
    # here; another unit's is a 404, tests/dashboard/test_work_pages.py), not the policies
    # or the scorecard.
    "work_list": row(**allow(ANY_STAFF)),
    "work_item_detail": row(
        kwargs=lambda: {"identifier": WorkItem.objects.order_by("pk").first().identifier},
        **allow(ANY_STAFF),
    ),
    "policy_list": row(**allow(STAFF)),
    "work_scorecard": row(**allow(STAFF)),
    "audit:download": row(**allow((LEADER, AUDITOR, SYSADMIN))),
    # 修改记录 (who changed what, with the reasons): auditors and leadership, not managers.
    "audit:changes": row(**allow((LEADER, AUDITOR, SYSADMIN))),
    # Plans: everyone reads; managers draft; leadership puts a draft in force (the plan
    # here is in force already, so its confirmation page sends them back to the plan).
    "planning:list": row(**allow(STAFF)),
    "planning:detail": row(kwargs=lambda: {"pk": first_object("plans.plan").pk}, **allow(STAFF)),
    "planning:draft": row(**allow((MANAGER, SYSADMIN))),
    "planning:import": row(**allow((MANAGER, SYSADMIN))),
    "planning:import_template": row(**allow((MANAGER, SYSADMIN))),
    # Confirming an import is a POST (and needs a previewed file): a GET is refused.
    "planning:import_confirm": row(**allow((MANAGER, SYSADMIN), 405)),
    "planning:put_in_force": row(
        kwargs=lambda: {"pk": first_object("plans.plan").pk}, **allow((LEADER, SYSADMIN), 302)
    ),
    # Discarding a draft: the GET is its confirmation page (this plan is in force, so it
    # sends managers back to the plan), the POST deletes.
    "planning:discard": row(
        kwargs=lambda: {"pk": first_object("plans.plan").pk}, **allow((MANAGER, SYSADMIN), 302)
    ),
    # The evaluation report (.docx): base managers and leadership, not auditors. (A year's
    # 阶段评估: the 终期评估 waits for the plan's last year to have figures.)
    "audit:evaluation": row(
        path=lambda: reverse("audit:evaluation") + "?year=2021",
        **allow((MANAGER, LEADER, SYSADMIN)),
    ),
    "login": row(anonymous=200, **allow(LOGGED_IN)),
    # Logging out is a POST (Django 5); a GET is refused whoever asks.
    "logout": row(anonymous=405, **allow(LOGGED_IN, 405)),
    "password_change": row(**allow(LOGGED_IN)),
    "password_change_done": row(**allow(LOGGED_IN)),
    # Choosing a language is open to all; a GET just redirects back.
    "set_language": row(anonymous=302, **allow(LOGGED_IN, 302)),
    # The reporting cycle (reporting/). Writes are POSTs: a GET from a role that may
    # make them answers 405, from any other 403.
    # Project progress of a year: base managers (and administrators) only.
    "reporting:projects": row(kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN))),
    "reporting:overview": row(**allow(STAFF)),
    # 工作填报: base managers (every item) and unit reporters (their unit's items);
    # uploading an item's evidence is a POST. 政策兑现: base managers.
    "reporting:work": row(kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN, REPORTER))),
    "reporting:work_start": row(**allow((MANAGER, SYSADMIN, REPORTER), 302)),
    "reporting:work_evidence": row(
        kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN, REPORTER), 405)
    ),
    "reporting:policies": row(kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN))),
    "reporting:entry": row(kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN))),
    # 提交审定: the GET is its confirmation page, the POST submits.
    "reporting:submit": row(kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN))),
    "reporting:evidence_upload": row(
        kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN), 405)
    ),
    "reporting:import_upload": row(kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN))),
    "reporting:import_template": row(kwargs=lambda: {"year": 2021}, **allow((MANAGER, SYSADMIN))),
    "reporting:import_confirm": row(**allow((MANAGER, SYSADMIN), 405)),
    "reporting:evidence_download": row(
        kwargs=lambda: {"pk": first_object("reporting.evidence").pk}, **allow(STAFF)
    ),
    "reporting:review_list": row(**allow(STAFF)),
    "reporting:review": row(kwargs=lambda: {"year": 2021}, **allow(STAFF)),
    "reporting:return": row(kwargs=lambda: {"year": 2021}, **allow((LEADER, SYSADMIN), 405)),
    "reporting:approve": row(kwargs=lambda: {"year": 2021}, **allow((LEADER, SYSADMIN))),
    # Whether the user may set it is decided with the POST.
    "reporting:due_date": row(kwargs=lambda: {"year": 2021}, **allow(LOGGED_IN, 405)),
    # Everyone logged in has an inbox of their own notices (notices/); marking read is a POST.
    "notices:inbox": row(**allow(LOGGED_IN)),
    "notices:read": row(kwargs=lambda: {"pk": 1}, **allow(LOGGED_IN, 405)),
    "notices:read_all": row(**allow(LOGGED_IN, 405)),
    # The public site (public/): open to anyone, logged in or not. Nothing is published
    # in this data, so a plan's pages are 404 whoever asks (tests/public has them with data).
    "public:plan_list": row(anonymous=200, **allow(LOGGED_IN)),
    **{
        f"public:{name}": row(anonymous=404, kwargs=kwargs, **allow(LOGGED_IN, 404))
        for name, kwargs in [
            ("plan_detail", lambda: {"plan_id": first_object("plans.plan").pk}),
            ("platform_list", lambda: {"plan_id": first_object("plans.plan").pk}),
            ("project_list", lambda: {"plan_id": first_object("plans.plan").pk}),
            ("indicator_detail", lambda: {"plan_id": first_object("plans.plan").pk, "serial": 1}),
            ("indicator_embed", lambda: {"plan_id": first_object("plans.plan").pk, "serial": 1}),
            (
                "year_data",
                lambda: {
                    "plan_id": first_object("plans.plan").pk,
                    "year": "2021",
                    "data_format": "csv",
                },
            ),
        ]
    },
    # Publishing is leadership's: the list, the confirmation page (2021 is not approved
    # here, so it says why it cannot be published) and the withdrawal form.
    "public:manage": row(**allow((LEADER, SYSADMIN))),
    "public:publish": row(
        kwargs=lambda: {"plan_id": first_object("plans.plan").pk, "year": 2021},
        **allow((LEADER, SYSADMIN)),
    ),
    "public:withdraw": row(
        kwargs=lambda: {"plan_id": first_object("plans.plan").pk, "year": 2021},
        **allow((LEADER, SYSADMIN)),
    ),
}

# ---- the admin ---------------------------------------------------------------------
# Who may view / add / change / delete each model in the admin (docs/domain.md, "Roles").
# A change page is shown read-only to those who may only view.
ALL_READ = STAFF
WORK_DEFINITIONS = [
    "plans.unit",
    "work.programme",
    "work.spotlight",
    "work.workitem",
    "work.policy",
    "work.goal",
]
# What a unit reporter reads in the admin (of its unit: `visible_to`); policies are not theirs.
REPORTER_READS = {
    "plans.unit",
    "work.programme",
    "work.spotlight",
    "work.workitem",
    "work.goal",
    "work.workprogress",
}
ADMIN_MODELS = {
    "indicators.indicator": dict(
        view=ALL_READ, add=[SYSADMIN], change=[SYSADMIN], delete=[SYSADMIN]
    ),
    # Plans are drafted and put in force on the site (planning pages), not here.
    "plans.plan": dict(view=ALL_READ, add=[SYSADMIN], change=[SYSADMIN], delete=[SYSADMIN]),
    "indicators.indicatoractual": dict(
        view=ALL_READ,
        add=[MANAGER, SYSADMIN],
        change=[MANAGER, SYSADMIN],
        delete=[MANAGER, SYSADMIN],
    ),
    # Approving and unlocking happen on the approval page (admin:approval_years).
    "indicators.yearapproval": dict(view=ALL_READ, add=[], change=[], delete=[]),
    "platforms.platform": dict(
        view=ALL_READ, add=[MANAGER, SYSADMIN], change=[MANAGER, SYSADMIN], delete=[SYSADMIN]
    ),
    "projects.project": dict(view=ALL_READ, add=[SYSADMIN], change=[SYSADMIN], delete=[SYSADMIN]),
    # Publishing and withdrawing happen on /public/manage/; the admin shows the record.
    "public.publication": dict(view=ALL_READ, add=[], change=[], delete=[]),
    "projects.projectprogress": dict(
        view=ALL_READ,
        add=[MANAGER, SYSADMIN],
        change=[MANAGER, SYSADMIN],
        delete=[MANAGER, SYSADMIN],
    ),
    # Responsible units and the plan's work: everyone reads, administrators edit the
    # definitions; progress and policy applications are entered through the services
    # (pages to come), so the admin only shows them.
    **{
        label: dict(view=ALL_READ, add=[SYSADMIN], change=[SYSADMIN], delete=[SYSADMIN])
        for label in WORK_DEFINITIONS
    },
    **{
        label: dict(view=ALL_READ, add=[], change=[], delete=[])
        for label in ["work.workprogress", "work.policyapplication"]
    },
    **{
        label: dict(view=[SYSADMIN], add=[SYSADMIN], change=[SYSADMIN], delete=[SYSADMIN])
        for label in [
            "auth.user",
            "auth.group",
            "authtoken.tokenproxy",
        ]
    },
    # The record of report downloads is written by the site, read by auditors.
    "audit.reportdownload": dict(view=[AUDITOR, SYSADMIN], add=[], change=[], delete=[]),
    # django-axes records attempts itself; nobody adds them by hand.
    **{
        label: dict(view=[SYSADMIN], add=[], change=[SYSADMIN], delete=[SYSADMIN])
        for label in ["axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"]
    },
}
# Models whose admin shows django-simple-history's per-version page.
WITH_HISTORY_VERSIONS = {
    "plans.plan",
    "indicators.indicator",
    "indicators.indicatoractual",
    "indicators.yearapproval",
    "platforms.platform",
    "projects.project",
    "projects.projectprogress",
    *WORK_DEFINITIONS,
    "work.workprogress",
    "work.policyapplication",
    "public.publication",
}


def admin_row(**by_role):
    # The admin sends anyone who is not staff to its own login page.
    return row(anonymous=ADMIN_LOGIN, **{OUTSIDER: ADMIN_LOGIN, **by_role})


def a_pk(label):
    return lambda: {"object_id": first_object(label).pk}


def admin_model_rows(label, view, add, change, delete):
    app, model = label.split(".")
    prefix = f"admin:{app}_{model}"
    rows = {
        f"{prefix}_changelist": admin_row(**allow(view)),
        f"{prefix}_add": admin_row(**allow(add)),
        f"{prefix}_change": admin_row(kwargs=a_pk(label), **allow({*view, *change})),
        f"{prefix}_history": admin_row(kwargs=a_pk(label), **allow(view)),
        f"{prefix}_delete": admin_row(kwargs=a_pk(label), **allow(delete)),
        # The old-style object URL redirects to the change page, whoever is staff.
        f"admin/{app}/{model}/<path:object_id>/": admin_row(
            path=lambda: f"/admin/{app}/{model}/{first_object(label).pk}/", **allow(ANY_STAFF, 302)
        ),
    }
    if label in WITH_HISTORY_VERSIONS:
        rows[f"{prefix}_simple_history"] = admin_row(
            args=lambda: [first_object(label).pk, first_object(label).history.first().pk],
            **allow(view),
        )
    if label == "auth.user":
        rows["admin:auth_user_password_change"] = admin_row(
            kwargs=lambda: {"id": first_object(label).pk}, **allow([SYSADMIN])
        )
    return rows


ADMIN = {
    "admin:index": admin_row(**allow(ANY_STAFF)),
    # The data-entry pages (indicators/admin_views.py).
    "admin:entry_year": admin_row(**allow((MANAGER, SYSADMIN))),
    "admin:approval_years": admin_row(**allow(STAFF)),
    "admin:history_recent": admin_row(**allow((AUDITOR, SYSADMIN))),
    "admin:import_upload": admin_row(**allow((MANAGER, SYSADMIN))),
    "admin:import_template": admin_row(**allow((MANAGER, SYSADMIN))),
    # Confirming needs an upload first; without one it sends you back to the upload page.
    "admin:import_confirm": admin_row(**allow((MANAGER, SYSADMIN), 302)),
    "admin:login": row(anonymous=200, **allow((OUTSIDER,)), **allow(ANY_STAFF, 302)),
    # Logging out is a POST; the admin sends a GET from someone not staff to its index.
    "admin:logout": row(anonymous=302, **allow((OUTSIDER,), 302), **allow(ANY_STAFF, 405)),
    "admin:password_change": admin_row(**allow(ANY_STAFF)),
    "admin:password_change_done": admin_row(**allow(ANY_STAFF)),
    "admin:jsi18n": admin_row(**allow(ANY_STAFF)),
    # Without a field to complete, the autocomplete view refuses everyone.
    "admin:autocomplete": admin_row(),
    # Groups have no page on the site, so "view on site" finds nothing.
    "admin:view_on_site": admin_row(
        kwargs=lambda: {
            "content_type_id": ContentType.objects.get_for_model(Group).pk,
            "object_id": Group.objects.first().pk,
        },
        **allow(ANY_STAFF, 404),
    ),
    # A unit reporter has no indicator model to list there.
    "admin:app_list": admin_row(
        kwargs=lambda: {"app_label": "indicators"}, **allow(STAFF), **{REPORTER: 404}
    ),
    "admin/(?P<url>.*)$": admin_row(path=lambda: "/admin/no-such-page/", **allow(ANY_STAFF, 404)),
}
for _label, _access in ADMIN_MODELS.items():
    if _label in REPORTER_READS:
        _access = _access | {"view": (*_access["view"], REPORTER)}
    ADMIN.update(admin_model_rows(_label, **_access))


# ---- the REST API ------------------------------------------------------------------
# No credentials: 401 asking for a token. The schema and its two pages are open to
# anyone logged in (they describe the API, not the data).
def api_row(**by_role):
    return row(anonymous=401, **by_role)


API = {
    "plan-list": api_row(**allow(STAFF)),
    "plan-detail": api_row(kwargs=lambda: {"pk": first_object("plans.plan").pk}, **allow(STAFF)),
    "indicator-list": api_row(**allow(STAFF)),
    "indicator-detail": api_row(kwargs=lambda: {"serial": 7}, **allow(STAFF)),
    "indicatoractual-list": api_row(**allow(STAFF)),
    "indicatoractual-detail": api_row(
        kwargs=lambda: {"pk": first_object("indicators.indicatoractual").pk}, **allow(STAFF)
    ),
    "platform-list": api_row(**allow(STAFF)),
    "platform-detail": api_row(
        kwargs=lambda: {"pk": first_object("platforms.platform").pk}, **allow(STAFF)
    ),
    "project-list": api_row(**allow(STAFF)),
    "project-detail": api_row(
        kwargs=lambda: {"pk": first_object("projects.project").pk}, **allow(STAFF)
    ),
    # The plan's work: a unit reporter reads its unit's rows (the first item is theirs,
    # see one_of_everything) and no policies.
    **{
        f"{name}-{kind}": api_row(
            kwargs=(lambda label=label: {"pk": first_object(label).pk})
            if kind == "detail"
            else None,
            **allow(ANY_STAFF if reporter_reads else STAFF),
        )
        for name, label, reporter_reads in [
            ("unit", "plans.unit", True),
            ("programme", "work.programme", True),
            ("spotlight", "work.spotlight", True),
            ("workitem", "work.workitem", True),
            ("goal", "work.goal", True),
            ("workprogress", "work.workprogress", True),
            ("policy", "work.policy", False),
            ("policyapplication", "work.policyapplication", False),
        ]
        for kind in ("list", "detail")
    },
    "api-schema": api_row(**allow(LOGGED_IN)),
    "api-docs": row(**allow(LOGGED_IN)),
    "api-redoc": row(**allow(LOGGED_IN)),
    # Any other address under /api/: a JSON 404 for whoever has credentials.
    "api/^[\\s\\S]*/$": row(
        anonymous=401, path=lambda: "/api/no-such-endpoint/", **allow(ROLES[1:], 404)
    ),
}

MATRIX = {**SITE, **ADMIN, **API}


# ---- walking the URLs ------------------------------------------------------------
def url_keys(patterns=None, prefix="", namespace=None):
    """(key, route) for every URL: the qualified name, or the route when it has none."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            ns = f"{namespace}:{ns}" if namespace and ns else ns or namespace
            yield from url_keys(pattern.url_patterns, route, ns)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
        else:
            yield route, route


def url_for(key, entry):
    if entry["path"]:
        return entry["path"]()
    kwargs = entry["kwargs"]() if entry["kwargs"] else None
    args = entry["args"]() if entry["args"] else None
    return reverse(key, kwargs=kwargs, args=args)


def first_object(label):
    from django.apps import apps

    return apps.get_model(label)._default_manager.order_by("pk").first()


@pytest.fixture
def one_of_everything(
    annexes, manager, leader, auditor, sysadmin, outsider, settings, tmp_path, django_user_model
):
    """A row in every table the admin shows, so object pages have something to show."""
    settings.MEDIA_ROOT = tmp_path
    Evidence.objects.create(
        year=2021,
        indicator=Indicator.objects.get(serial=1),
        file=ContentFile(b"%PDF-1.4\n", name="evidence/2021/a.pdf"),
        original_name="a.pdf",
        kind="pdf",
        size=9,
        uploaded_by=manager,
    )
    actual = IndicatorActual.objects.create(
        indicator=Indicator.objects.get(serial=1), year=2021, value=1, entered_by=manager
    )
    # An approved (locked) year that is not 2021, so the 2021 rows stay editable.
    YearApproval.objects.create(year=2020, approved_by=leader, approved_at=timezone.now())
    ProjectProgress.objects.create(
        project=Project.objects.get(row=1), year=2021, investment_completed=1, status="在建"
    )
    # The plan's work as load_annexes loads it (fixtures/work): its first item (the one the
    # admin's object pages open) is led by the reporter's unit, so its pages are theirs.
    unit = Unit.objects.get(name="区发改委")
    reporter = make_user(django_user_model, "reporter", roles.UNIT_REPORTER)
    UnitMember.objects.create(user=reporter, unit=unit)
    item = WorkItem.objects.order_by("pk").first()
    item.lead_unit = unit
    item.save()
    WorkProgress.objects.create(item=item, year=2021, status="推进中")
    policy = Policy.objects.order_by("pk").first()
    PolicyApplication.objects.create(policy=policy, year=2021, applied=True)
    assert Programme.objects.exists() and Spotlight.objects.exists() and Goal.objects.exists()
    Token.objects.create(user=manager)
    # A publication record (2021 is not approved here, so nothing is public).
    Publication.objects.create(
        plan=first_object("plans.plan"), year=2021, published_by=leader, published_at=timezone.now()
    )
    ReportDownload.objects.create(requested_by=auditor, source="web", filename="x.xlsx")
    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1", locked_out=False)
    assert Platform.objects.exists() and actual.history.exists()
    return {
        MANAGER: manager,
        LEADER: leader,
        AUDITOR: auditor,
        SYSADMIN: sysadmin,
        OUTSIDER: outsider,
        REPORTER: reporter,
    }


def outcome(response):
    if response.status_code == 302:
        if response.url.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if response.url.startswith(reverse("login")):
            return LOGIN
    return response.status_code


def test_every_url_is_in_the_matrix():
    keys = {key for key, _route in url_keys()}
    missing = sorted(keys - MATRIX.keys())
    stale = sorted(MATRIX.keys() - keys)
    assert not missing, f"URLs without a row in the role matrix: {missing}"
    assert not stale, f"matrix rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_each_role_gets_what_the_matrix_says(client, one_of_everything, key):
    entry = MATRIX[key]
    url = url_for(key, entry)
    wrong = []
    for role in ROLES:
        expected = entry["anonymous"] if role == ANONYMOUS else entry["roles"].get(role, 403)
        client.logout()
        if role != ANONYMOUS:
            client.force_login(one_of_everything[role])
        got = outcome(client.get(url))
        if got != expected:
            wrong.append(f"{role}: expected {expected}, got {got}")
    assert not wrong, f"{url}: " + "; ".join(wrong)


# ---- the plan dimension of the reporting pages --------------------------------------
# 2021–2023 ended (closed), 2024–2026 in force, 2027–2029 a draft. Every role that reads
# the reporting pages reads an ended plan's years; a draft's years exist only for those
# who may see drafts (managers, leadership, administrators): an auditor gets 404, whether
# the year is asked for alone or with the draft's ?plan=.
ENDED, IN_FORCE, DRAFT = "ended", "in force", "draft"
READ_DRAFTS = (MANAGER, LEADER, SYSADMIN)
PLAN_MATRIX = {
    ("reporting:overview", ENDED, None): allow(STAFF),
    ("reporting:review_list", ENDED, None): allow(STAFF),
    ("reporting:review", ENDED, 2023): allow(STAFF),
    ("reporting:entry", ENDED, 2023): allow((MANAGER, SYSADMIN)),
    ("reporting:projects", ENDED, 2023): allow((MANAGER, SYSADMIN)),
    ("reporting:work", ENDED, 2023): allow((MANAGER, SYSADMIN, REPORTER)),
    ("reporting:policies", ENDED, 2023): allow((MANAGER, SYSADMIN)),
    ("reporting:work", IN_FORCE, 2023): allow((MANAGER, SYSADMIN, REPORTER), 404),
    ("reporting:import_upload", ENDED, 2023): allow((MANAGER, SYSADMIN)),
    ("reporting:approve", ENDED, 2023): allow((LEADER, SYSADMIN)),
    ("reporting:review", IN_FORCE, 2024): allow(STAFF),
    # 2023 is the baseline year of 2024–2026, not one of its years.
    ("reporting:review", IN_FORCE, 2023): allow(STAFF, 404),
    ("reporting:entry", IN_FORCE, 2023): allow((MANAGER, SYSADMIN), 404),
    ("reporting:review", DRAFT, 2027): allow(READ_DRAFTS, auditor=404),
    ("reporting:review", None, 2027): allow(READ_DRAFTS, auditor=404),
    ("reporting:approve", DRAFT, 2027): allow((LEADER, SYSADMIN)),
}


@pytest.fixture
def three_plans(one_of_everything):
    first = Plan.objects.get()
    first.state = PlanState.CLOSED
    first.save()
    plans = {ENDED: first}
    for state, start in ((PlanState.IN_FORCE, 2024), (PlanState.DRAFT, 2027)):
        plans[IN_FORCE if state == PlanState.IN_FORCE else DRAFT] = Plan.objects.create(
            base=first.base,
            name=f"{start}—{start + 2} 年规划",
            baseline_year=start - 1,
            first_year=start,
            last_year=start + 2,
            state=state,
        )
    return plans


@pytest.mark.parametrize("key", sorted(PLAN_MATRIX, key=str), ids=str)
def test_each_role_gets_what_the_plan_matrix_says(client, one_of_everything, three_plans, key):
    name, which, year = key
    path = reverse(name, kwargs={"year": year} if year else None)
    url = f"{path}?plan={three_plans[which].pk}" if which else path
    wrong = []
    for role in ROLES:
        expected = LOGIN if role == ANONYMOUS else PLAN_MATRIX[key].get(role, 403)
        client.logout()
        if role != ANONYMOUS:
            client.force_login(one_of_everything[role])
        got = outcome(client.get(url))
        if got != expected:
            wrong.append(f"{role}: expected {expected}, got {got}")
    assert not wrong, f"{url}: " + "; ".join(wrong)
