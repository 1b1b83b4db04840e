"""Long lists on pages come one page at a time, counted and cut by the database."""

from django.core.paginator import Paginator

PAGE_PARAM = "page"


def page_of(items, query, per_page):
    """(page, the other declared parameters as a query string) for `items`.

    `query` is the page's declared parameters (core.pagecache.page_query); a page number
    that is not one shows the first page, one past the end the last, never an error.
    The query string lets the page links keep the filters.
    """
    page = Paginator(items, per_page).get_page(query.get(PAGE_PARAM))
    others = query.copy()
    others.pop(PAGE_PARAM, None)
    return page, others.urlencode()


def page_asked_for(page, query):
    """Whether `page` is the page the query named (or the first, when it named none): a
    number that is not one, or past the end, is shown as another page and is not worth
    keeping under its own name (core.pagecache.uncached)."""
    asked = query.get(PAGE_PARAM)
    return asked is None or asked == str(page.number)
