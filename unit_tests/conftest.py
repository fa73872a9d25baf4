import time
import types

import backoff._sync
import pyrate_limiter.clocks
import pytest
from airbyte_cdk.sources.streams import call_rate
from airbyte_cdk.sources.streams.http import rate_limiting


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
