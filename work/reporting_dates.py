"""The reporting due date of a year (填报截止日期), for pages that may not import the app
that keeps it.

The due date is `reporting.ReportingYear.due_date` (default: reporting.rules), and
`reporting` sits beside `dashboard` in the layers (docs/architecture.md): neither imports
the other. As with evidence files (indicators/evidence.py), `reporting` registers a
*provider* here at start-up: a function giving a year's due date, and the models it reads,
which a cached page must declare (core/pagecache.py) so a changed due date shows at once.
Without a provider (an app set without `reporting`) no year has a due date, and pages say
so rather than judge a unit late.
"""

_providers = []


def due_date_provider_register(provider, models):
    """Make `provider(year) -> datetime.date | None` give each year's due date; `models`
    are the models it reads."""
    if all(registered != provider for registered, _models in _providers):
        _providers.append((provider, tuple(models)))


def due_date(year):
    """The year's due date from the first provider that knows one; None without."""
    for provider, _models in _providers:
        found = provider(year)
        if found is not None:
            return found
    return None


def due_date_models():
    """The models the registered providers read: a page showing a due date declares them."""
    return [model for _provider, models in _providers for model in models]
