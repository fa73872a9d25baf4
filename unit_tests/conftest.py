import time
import types

import backoff._sync
import pyrate_limiter.clocks
import pytest
from airbyte_cdk.sources.streams import call_rate
from airbyte_cdk.sources.streams.http import rate_limiting

import source_freshdesk.source as source_module


@pytest.fixture(autouse=True)
def isolated_request_cache(tmp_path, monkeypatch):
    """Parent streams cache their HTTP responses; give every test its own cache."""
    monkeypatch.setenv("REQUEST_CACHE_PATH", str(tmp_path / "request_cache"))


@pytest.fixture
def fake_clock(monkeypatch) -> list[float]:
    """The connector's waits (budget, Retry-After, retry backoff) advance a fake clock instead of
    sleeping, and the rate limiter reads that clock. Returns the list of waits, in seconds."""
    waits: list[float] = []
    offset = [0.0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        offset[0] += seconds

    fake_time = types.SimpleNamespace(
        sleep=sleep,
        time=lambda: time.time() + offset[0],
        monotonic=lambda: time.monotonic() + offset[0],
    )
    for module in (call_rate, rate_limiting, backoff._sync):
        monkeypatch.setattr(module, "time", fake_time)
    monkeypatch.setattr(pyrate_limiter.clocks, "time", fake_time.time)
    monkeypatch.setattr(pyrate_limiter.clocks, "monotonic", fake_time.monotonic)
    return waits


@pytest.fixture
def ticket_page_limit(monkeypatch):
    """Shrink the tickets list's page limit so that a test can cross it with a few pages."""

    def set_limit(limit: int) -> None:
        original = source_module.load_manifest

        def manifest_with_limit():
            manifest = original()
            paginator = manifest["definitions"]["streams"]["tickets"]["retriever"]["paginator"]
            paginator["pagination_strategy"]["page_limit"] = limit
            return manifest

        monkeypatch.setattr(source_module, "load_manifest", manifest_with_limit)

    return set_limit
