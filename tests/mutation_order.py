"""A pytest plugin for mutation testing only (`make mutation`, [tool.mutmut] in
pyproject.toml): the tests that need no database run first.

pytest-django runs the database tests before all others. mutmut stops at the first
failing test, and a mutant of the pure code is usually killed by a pure test within
milliseconds, but only after every database test has run. Putting the pure tests first
makes the run several times faster; each test is isolated, so the verdicts are the same.
"""

import pytest


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering, which it keeps
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: "db" in getattr(item, "fixturenames", ()))
