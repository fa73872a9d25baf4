"""End-to-end tests: the real connector syncing from the offline sandbox over loopback HTTP."""

import pytest

from sandbox import FreshdeskSandbox


@pytest.fixture(scope="module")
def small_sandbox():
    """One small account per test module; tests that mutate it get their own (see `fresh_sandbox`)."""
    with FreshdeskSandbox(scale="small", seed=42) as sb:
        yield sb


@pytest.fixture
def fresh_sandbox():
    with FreshdeskSandbox(scale="small", seed=7) as sb:
        yield sb
