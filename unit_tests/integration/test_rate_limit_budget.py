"""`requests_per_minute`: one account-wide budget that every request of every stream draws from."""

import math

import pytest
from airbyte_cdk.sources.streams.call_rate import HttpAPIBudget
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.builders import (
    ALL_STREAMS,
    CHILDREN,
    TOP_LEVEL_PATHS,
    config,
    list_request,
    mock_list,
    mock_parent_ids,
    read_streams,
    record,
    response,
)


def mock_every_stream(http) -> None:
    """Every list answers two records, ids 101 and 102, so every child reads two parents."""

    def rows(stream):
        return [record(stream, id=i) for i in (101, 102)]

    for stream in TOP_LEVEL_PATHS:
        if stream == "tickets":
            mock_parent_ids(http, "tickets", [101, 102])
        else:
            mock_list(http, stream, rows(stream))
    for stream, (_, parent_path, child_path) in CHILDREN.items():
        for parent_id in (101, 102):
            http.get(list_request(f"{parent_path}/{parent_id}/{child_path}"), response(rows(stream)))


@pytest.fixture
def budget_calls(monkeypatch) -> list[tuple[str, bool]]:
    """Every (url, matched a policy) the budget was asked to admit."""
    calls: list[tuple[str, bool]] = []
    original = HttpAPIBudget.acquire_call

    def recording_acquire_call(self, request, block=True, timeout=None):
        calls.append((request.url, self.get_matching_policy(request) is not None))
        return original(self, request, block=block, timeout=timeout)

    monkeypatch.setattr(HttpAPIBudget, "acquire_call", recording_acquire_call)
    return calls


def test_every_request_of_every_stream_is_counted_by_the_budget(budget_calls, fake_clock):
    with HttpMocker() as http:
        mock_every_stream(http)
        output = read_streams(*ALL_STREAMS)
    assert not output.errors
    assert {r.record.stream for r in output.records} == set(ALL_STREAMS)
    requested_paths = {url.split("/api/v2/")[1].split("?")[0] for url, _ in budget_calls}
    assert {TOP_LEVEL_PATHS[s] for s in TOP_LEVEL_PATHS} <= requested_paths
    assert {"tickets/101/conversations", "discussions/topics/101/comments"} <= requested_paths
    assert budget_calls and all(matched for _, matched in budget_calls), [u for u, m in budget_calls if not m]


def test_requests_per_minute_throttles_the_whole_sync(budget_calls, fake_clock):
    per_minute = 10
    with HttpMocker() as http:
        mock_every_stream(http)
        output = read_streams(*ALL_STREAMS, cfg=config(requests_per_minute=per_minute))
    assert not output.errors
    requests_sent = len(budget_calls)
    assert requests_sent > 3 * per_minute
    # A moving one-minute window admits `per_minute` calls, then makes the next one wait.
    minutes_waited = sum(fake_clock) / 60
    assert minutes_waited >= math.ceil(requests_sent / per_minute) - 1 - 0.05, (requests_sent, fake_clock)


def test_without_a_cap_a_small_sync_never_waits(budget_calls, fake_clock):
    with HttpMocker() as http:
        mock_every_stream(http)
        read_streams(*ALL_STREAMS)
    assert sum(fake_clock) == 0
