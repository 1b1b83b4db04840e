"""The evidence files (佐证材料) of an indicator's yearly figures, for pages that may not
import the app that stores them.

The files are `reporting.Evidence` rows, and `reporting` sits beside `dashboard` in the
layers (docs/architecture.md): neither imports the other. Rather than move the model down
or let the dashboard reach sideways, `reporting` registers a *provider* here at start-up
(its `AppConfig.ready`, as it registers the reason rule with `indicators.services`): a
function that lists the files of some indicators as plain `EvidenceFile`s, and the models
it reads, which a cached page must declare (core/pagecache.py) so that an upload shows at
once. Without a provider (an app set without `reporting`) there are no files to show.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceFile:
    year: int
    name: str  # the file's name as uploaded
    url: str  # where the people allowed to may download it


_providers = []


def evidence_provider_register(provider, models):
    """Make `provider(indicator_ids) -> [EvidenceFile]` list the files of those indicators;
    `models` are the models it reads."""
    if all(registered != provider for registered, _models in _providers):
        _providers.append((provider, tuple(models)))


def evidence_files_by_year(indicator_ids):
    """{year: [EvidenceFile]} of the indicators named (every indicator of a series: files
    are attached through whichever indicator the year was entered by)."""
    found = {}
    for provider, _models in _providers:
        for item in provider(list(indicator_ids)):
            found.setdefault(item.year, []).append(item)
    return found


def evidence_models():
    """The models the registered providers read: a page showing their files declares them."""
    return [model for _provider, models in _providers for model in models]
