"""Fixtures shared by the tests that need the package registry (marked ``registry``)."""

import urllib.error
import urllib.request

import pytest

REGISTRY = "https://pypi.org/simple/pip/"


@pytest.fixture(scope="session")
def registry():
    """Skip, with one line saying why, when the package registry cannot be reached."""
    try:
        urllib.request.urlopen(urllib.request.Request(REGISTRY, method="HEAD"), timeout=10).close()
    except (urllib.error.URLError, OSError) as exc:
        pytest.skip(f"the package registry ({REGISTRY}) cannot be reached ({exc}): registry tests skipped")
