"""A demonstration base (示范基地) and its construction plans, one period after another.

The plan cycle is 编制 → 实施 → 评估 → 调整: a plan is drafted (often from the one before),
put in force by leadership, and closed when the next one is. Indicators, platforms and
projects belong to a plan; the years after a plan's last year are 规划期后 (post-plan
monitoring) for that plan.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Base(models.Model):
    """A demonstration base. There is one today; nothing assumes there is only one."""

    name = models.CharField(_("示范基地"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("示范基地")
        verbose_name_plural = _("示范基地")

    def __str__(self):
        return self.name


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_FORCE = "in_force", _("执行中")
    CLOSED = "closed", _("已结束")


# Who may see a plan still in draft (managers draft it, leadership puts it in force).
VIEW_DRAFT_PERMISSION = "plans.view_draft_plan"
PUT_IN_FORCE_PERMISSION = "plans.put_in_force_plan"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plans `user` may see: drafts only with the draft permission."""
        if user.has_perm(VIEW_DRAFT_PERMISSION):
            return self
        return self.exclude(state=PlanState.DRAFT)

    def history_visible_to(self, records, user):
        """Of `records` (plans' history), those of the plans `user` may see; a discarded
        draft's only with the draft permission."""
        if user.has_perm(VIEW_DRAFT_PERMISSION):
            return records
        return records.filter(id__in=self.visible_to(user).values("pk"))

    def in_force(self):
        return self.filter(state=PlanState.IN_FORCE)

    def current(self):
        """The plan shown by default (see `current_of`), in one query."""
        return current_of(self.select_related("base").order_by("first_year"))

    def holding(self, year):
        """The plans whose period holds `year` (periods do not overlap: at most one per
        base). A plan's baseline year is the previous plan's last year, not one of its own."""
        return self.filter(first_year__lte=year, last_year__gte=year).order_by("first_year")


def plan_chosen(user, wanted):
    """The plan a page shows: the one asked for (`wanted`, a ?plan= value as typed) when
    `user` may see it, else the current one; with the plans `user` may pick from, oldest
    first. Every page with a plan picker chooses through this one rule (`plan_asked`,
    which the downloads, the API and the commands use too)."""
    plans = list(Plan.objects.visible_to(user).select_related("base").order_by("first_year"))
    return plan_asked(plans, wanted) or current_of(plans), plans


class PlanRowsMixin:
    """For the queryset of rows that belong to a plan (through `plan_path`): a user sees
    the rows of the plans they may see, by the plan's one rule (`PlanQuerySet.visible_to`).
    The admin, the exports and the API filter through it."""

    plan_path = "plan"

    def visible_to(self, user):
        return self.filter(**{f"{self.plan_path}__in": Plan.objects.visible_to(user)})

    def history_visible_to(self, records, user):
        """Of `records` (this model's history), those `user` may see: a row's while it
        exists when `visible_to(user)` holds it (the plan's rule, and any rule the model
        adds, e.g. a unit reporter's units); a deleted row's (a deleted figure stays in the
        audit trail) when its plan, or the row it belonged to, is visible."""
        rows = self.model._default_manager
        step = self.plan_path.split("__")[0]
        parent = self.model._meta.get_field(step).related_model  # Plan, or a row of one
        return records.filter(
            Q(id__in=rows.visible_to(user).values("pk"))
            | (
                ~Q(id__in=rows.values("pk"))
                & Q(**{f"{step}_id__in": parent.objects.visible_to(user).values("pk")})
            )
        )


def plan_named(plans, wanted):
    """Of `plans`, the one whose id is `wanted` (a ?plan= value as typed) or, for a
    command's `--plan`, whose name it is; None if none is. Whatever was typed is only
    compared, never turned into a query."""
    wanted, plans = (wanted or "").strip(), list(plans)
    by_id = next((plan for plan in plans if str(plan.pk) == wanted), None)
    return by_id or next((plan for plan in plans if plan.name == wanted), None)


def plan_asked(plans, wanted):
    """The plan a page, a download, an API list or a command works on: of `plans` (those
    the user may see, `Plan.objects.visible_to(user)`), the one `wanted` names (see
    `plan_named`), or the current one when nothing is named (`current_of`). None when
    `wanted` names no plan of `plans`, or no plan is loaded: a page then shows the
    current plan (`plan_chosen`), a download or a command refuses with a message."""
    plans = list(plans)
    if not (wanted or "").strip():
        return current_of(plans)
    return plan_named(plans, wanted)


def current_of(plans):
    """Of `plans`, the one shown by default: the one in force, else the latest one not in
    draft, else the latest draft; None when there is none."""
    plans = list(plans)
    for state in (PlanState.IN_FORCE, PlanState.CLOSED, PlanState.DRAFT):
        candidates = [plan for plan in plans if plan.state == state]
        if candidates:
            return max(candidates, key=lambda plan: plan.last_year)
    return None


class Plan(models.Model):
    """One construction plan of a base: its period, baseline year, state and source."""

    base = models.ForeignKey(
        Base, on_delete=models.PROTECT, related_name="plans", verbose_name=_("示范基地")
    )
    name = models.CharField(_("规划名称"), max_length=300)
    baseline_year = models.PositiveSmallIntegerField(_("基期年份"))
    first_year = models.PositiveSmallIntegerField(_("起始年份"))
    last_year = models.PositiveSmallIntegerField(_("截止年份"))
    state = models.CharField(_("状态"), max_length=10, choices=PlanState, default=PlanState.DRAFT)
    source_document = models.CharField(
        _("出处"), max_length=300, blank=True, help_text=_("规划来自的文件（名称、文号或日期）。")
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_plans",
        verbose_name=_("上一期规划"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    put_in_force_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准执行人"),
    )
    put_in_force_at = models.DateTimeField(_("批准执行时间"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["base", "first_year"]
        verbose_name = _("建设规划")
        verbose_name_plural = _("建设规划")
        permissions = [
            ("view_draft_plan", _("可以查看草稿规划")),
            ("put_in_force_plan", _("可以批准规划执行")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["base", "name"], name="plan_name_unique_per_base"),
            models.UniqueConstraint(
                fields=["base"],
                condition=Q(state="in_force"),
                name="one_plan_in_force_per_base",
            ),
            models.CheckConstraint(
                condition=Q(first_year__gt=F("baseline_year")),
                name="plan_starts_after_its_baseline",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="plan_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def years(self):
        """The plan's own years, first to last."""
        return list(range(self.first_year, self.last_year + 1))

    @property
    def period_label(self):
        return _("%(first)s—%(last)s年") % {"first": self.first_year, "last": self.last_year}

    @property
    def name_with_period(self):
        """The name and the period, the period once: most names already end with it."""
        period = str(self.period_label)
        return self.name if period in self.name else f"{self.name}（{period}）"

    def years_through(self, latest_year=None):
        """The years one may look at (or report on) for this plan: its own years, then the
        years after it up to `latest_year` (the latest year its series have a figure for:
        post-plan monitoring, labelled 规划期后)."""
        last = max(self.last_year, latest_year or self.last_year)
        return list(range(self.first_year, last + 1))

    def is_post_plan(self, year):
        """A year after the plan's last year: monitoring goes on, labelled 规划期后."""
        return year > self.last_year

    @property
    def is_draft(self):
        return self.state == PlanState.DRAFT

    def entry_years(self, today):
        """Years figures can be entered for under this plan: its first year up to this
        year (post-plan years included: monitoring goes on), newest first."""
        # A plan put in force before it starts has no year yet: offer this year, which
        # the rules then refuse with a message rather than a page without a choice.
        return list(range(today.year, self.first_year - 1, -1)) or [today.year]

    def default_entry_year(self, locked_years, today, years=None):
        """The year the entry screen opens on: the latest of the plan's years that has
        ended (its figures are due early the next year; this year's own when the plan
        began this year) without approved figures, else the latest of them; never a
        future year. `years` narrows the plan's years (the entry screen's choices)."""
        years = [y for y in (self.years if years is None else years) if y <= today.year]
        ended = [y for y in years if y < today.year] or years
        open_years = [y for y in ended if y not in locked_years]
        if open_years:
            return max(open_years)
        return max(ended) if ended else today.year


# Whoever has this permission is not limited to one responsible unit: base managers,
# leadership and auditors see (and managers enter) the work and figures of every unit.
ALL_UNITS_PERMISSION = "plans.view_all_units"


class Unit(models.Model):
    """A responsible unit (责任单位) of a base: a bureau or office that leads or helps
    with a task, a spotlight item or an indicator. The plan names only 区发改委; the others
    are added by an administrator as they are assigned. A unit that no longer takes part
    is made inactive rather than deleted, so what it reported stays attributed to it."""

    base = models.ForeignKey(
        Base, on_delete=models.PROTECT, related_name="units", verbose_name=_("示范基地")
    )
    name = models.CharField(_("单位名称"), max_length=100)
    active = models.BooleanField(_("在用"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["base", "name"]
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        permissions = [("view_all_units", _("可以查看所有责任单位的工作与指标"))]
        constraints = [
            models.UniqueConstraint(fields=["base", "name"], name="unit_name_unique_per_base"),
        ]

    def __str__(self):
        return self.name


class UnitMember(models.Model):
    """A user who reports for a unit (部门填报员). A user belongs to one unit at most."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unit_membership",
        verbose_name=_("用户"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="members", verbose_name=_("责任单位")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "user"]
        verbose_name = _("单位填报人")
        verbose_name_plural = _("单位填报人")

    def __str__(self):
        return f"{self.unit}：{self.user}"


def unit_of(user):
    """The unit `user` reports for, or None (no membership, or an inactive unit)."""
    if user is None or not user.is_authenticated:
        return None
    membership = (
        UnitMember.objects.filter(user=user, unit__active=True).select_related("unit").first()
    )
    return membership.unit if membership else None


class ResponsibilityQuerySet(models.QuerySet):
    """Rows a responsible unit answers for, as lead (`lead_unit`) or collaborator
    (`collaborating_units`): indicators, tasks and spotlight items."""

    def of_unit(self, unit):
        """The rows `unit` leads or collaborates on (each once)."""
        field = self.model._meta.get_field("collaborating_units")
        collaborating = field.remote_field.through.objects.filter(
            **{field.m2m_reverse_field_name(): unit}
        ).values(field.m2m_field_name())
        return self.filter(Q(lead_unit=unit) | Q(pk__in=collaborating))

    def of_units_seen_by(self, user):
        """All rows for a user not limited to one unit (ALL_UNITS_PERMISSION); a unit
        reporter's unit's rows; nothing for anyone else."""
        if user is None or not user.is_active:
            return self.none()
        if user.has_perm(ALL_UNITS_PERMISSION):
            return self
        unit = unit_of(user)
        return self.none() if unit is None else self.of_unit(unit)
