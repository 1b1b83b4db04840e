from decimal import Decimal

from audit.history import describe_changes
from indicators.models import Indicator, IndicatorActual
from indicators.services import actual_save


def test_a_change_is_compared_with_its_earlier_record_even_when_that_is_not_given(
    manager, annexes, django_assert_max_num_queries
):
    indicator = Indicator.objects.get(serial=3)
    actual = actual_save(user=manager, indicator=indicator, year=2022, value="1900")
    actual_save(user=manager, indicator=indicator, year=2022, value="1950", actual=actual)
    latest = IndicatorActual.history.filter(history_type="~").get()
    with django_assert_max_num_queries(3):  # the earlier record, the indicator, the user
        (change,) = describe_changes([latest])
    assert change.action == "修改"
    assert change.object == "3. 科技型企业数 2022年"
    assert change.user.username == "manager"
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("实际值", Decimal("1900"), Decimal("1950"))
    ]


def test_a_creation_lists_every_field_with_a_value_instead_of_changes(manager, annexes):
    indicator = Indicator.objects.get(serial=3)
    actual_save(user=manager, indicator=indicator, year=2022, value="1900")
    (change,) = describe_changes(IndicatorActual.history.all())
    assert change.action == "新增"
    assert change.fields is None
    snapshot = dict(change.snapshot)
    assert snapshot["实际值"] == Decimal("1900")
    assert snapshot["指标"] == "3. 科技型企业数"
    assert snapshot["填报人"] == "manager"
    assert snapshot["异常值已确认"] == "否"
