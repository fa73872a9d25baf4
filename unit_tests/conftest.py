import pytest


@pytest.fixture(autouse=True)
def isolated_request_cache(tmp_path, monkeypatch):
    """Parent streams cache their HTTP responses; give every test its own cache."""
    monkeypatch.setenv("REQUEST_CACHE_PATH", str(tmp_path / "request_cache"))


@pytest.fixture
def no_sleep(monkeypatch):
    """Retries and rate-limit waits sleep for real; tests only check that they happen."""
    sleeps: list[float] = []
    import time

    monkeypatch.setattr(time, "sleep", lambda seconds: sleeps.append(seconds))
    return sleeps
