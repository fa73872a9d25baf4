"""End-to-end tests: the real connector syncing from the offline sandbox over loopback HTTP."""

from typing import Any

import pytest

from sandbox import FreshdeskSandbox


def sandbox_config(sb: FreshdeskSandbox, **overrides: Any) -> dict[str, Any]:
    """A connector config that points at the sandbox (the domain is never called)."""
    return {
        "domain": "sandbox.freshdesk.com",
        "api_key": sb.api_key,
        "local_sandbox_url": sb.url,
        **overrides,
    }


@pytest.fixture(scope="module")
def small_sandbox():
    """One small account per test module; tests that mutate it get their own (see `fresh_sandbox`)."""
    with FreshdeskSandbox(scale="small", seed=42) as sb:
        yield sb


@pytest.fixture
def fresh_sandbox():
    with FreshdeskSandbox(scale="small", seed=7) as sb:
        yield sb
