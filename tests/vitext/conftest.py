import pytest

from loa.vitext import registry


@pytest.fixture
def unload():
    """``unload(name)`` drops a shared model of :mod:`loa.vitext.registry` now and again after
    the test, so that one loaded from the test's environment (a tiny model) does not stay."""
    names = []

    def drop(name):
        names.append(name)
        registry.unload(name)

    yield drop
    for name in names:
        registry.unload(name)
