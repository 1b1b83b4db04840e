"""The evidence files (佐证材料) of a task's or item's yearly progress, for pages that may
not import the app that stores them.

The same arrangement as indicators/evidence.py: the app that stores the files
(`reporting`, beside `dashboard` in the layers) registers a provider in its
`AppConfig.ready` listing the files of some work items as `indicators.evidence.EvidenceFile`s,
with the models it reads. Until it does (no upload of work evidence yet), a task's page
lists none and says so.
"""

_providers = []


def work_evidence_provider_register(provider, models):
    """Make `provider(item_ids) -> [EvidenceFile]` list the files of those items; `models`
    are the models it reads."""
    if all(registered != provider for registered, _models in _providers):
        _providers.append((provider, tuple(models)))


def work_evidence_by_year(item_ids):
    """{year: [EvidenceFile]} of the items named."""
    found = {}
    for provider, _models in _providers:
        for file in provider(list(item_ids)):
            found.setdefault(file.year, []).append(file)
    return found


def work_evidence_models():
    return [model for _provider, models in _providers for model in models]
