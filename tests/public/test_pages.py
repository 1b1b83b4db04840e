"""What the public pages show: published years only, 公开 rows only, no 待审定."""

from core.models import Visibility
from indicators.models import Indicator
from platforms.models import Platform


def test_the_plan_page_shows_its_period_source_and_published_years_only(client, published_2023):
    page = client.get(f"/public/plans/{published_2023.pk}/").content.decode()
    assert published_2023.source_document
    assert published_2023.period_label in page
    assert published_2023.source_document in page
    assert "?year=2022" not in page and "2022.csv" not in page
    assert "2023.csv" in page and "2023.xlsx" in page and "2023.json" in page
    assert "待审定" not in page


def test_an_unpublished_year_is_not_found(client, published_2023):
    for year in ("2022", "2024", "abc"):
        response = client.get(f"/public/plans/{published_2023.pk}/?year={year}")
        assert response.status_code == 404
    assert client.get(f"/public/plans/{published_2023.pk}/2022.json").status_code == 404


def test_an_internal_indicator_has_no_public_page(client, published_2023):
    internal = Indicator.objects.get(plan=published_2023, visibility=Visibility.INTERNAL)
    url = f"/public/plans/{published_2023.pk}/indicators/{internal.serial}/"
    assert client.get(url).status_code == 404
    internal.visibility = Visibility.PUBLIC
    internal.save()
    assert client.get(url).status_code == 200


def test_the_indicator_page_shows_the_published_figure_and_no_staff_columns(client, published_2023):
    page = client.get(f"/public/plans/{published_2023.pk}/indicators/1/").content.decode()
    assert "2468" in page
    for column in ("说明", "数据来源/佐证", "填报人", "最后修改时间", "待审定"):
        assert column not in page


def test_the_platform_page_lists_public_platforms_in_force_only(client, published_2023):
    page = client.get(f"/public/plans/{published_2023.pk}/platforms/").content.decode()
    shown = Platform.objects.filter(plan=published_2023, visibility=Visibility.PUBLIC).current()
    assert all(p.name in page for p in shown)
    revoked = Platform.objects.filter(plan=published_2023, revoked=True).get()
    assert revoked.name not in page


def test_the_public_frame_has_a_staff_login_link_and_no_staff_menu(client, published_2023):
    page = client.get("/public/").content.decode()
    assert "工作人员登录" in page and 'href="/accounts/login/"' in page
    assert "退出登录" not in page and "数据填报" not in page


def test_no_public_plan_yet_says_so(client, annexes):
    page = client.get("/public/").content.decode()
    assert "暂无公开发布的数据" in page
