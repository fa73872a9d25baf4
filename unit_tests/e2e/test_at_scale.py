"""Tickets at any account size, against the sandbox: past the page limit, through a same-second
block that straddles it, and resumed after a sync that died part-way."""

import itertools
import time
import types

import pytest
from airbyte_cdk.models import SyncMode
from airbyte_cdk.sources.declarative.incremental import concurrent_partition_cursor

from sandbox import Fault, FreshdeskSandbox
from unit_tests.integration.builders import emitted, read_streams, ticket_slice_starts


def ticket_versions(records) -> list[tuple[int, str]]:
    return sorted((t["id"], t["updated_at"]) for t in records)


def ticket_requests(sb: FreshdeskSandbox) -> list[dict]:
    return [r for r in sb.requests if r["path"] == "/api/v2/tickets"]


def same_second_block(sb: FreshdeskSandbox) -> tuple[str, int]:
    seconds = [t["updated_at"] for t in sb.ground_truth()["tickets"]]
    second = max(set(seconds), key=seconds.count)
    return second, seconds.count(second)


def first_visible_update(sb: FreshdeskSandbox) -> str:
    """Starting the sync there puts the sandbox's same-second block across the page-limit
    boundary of the first (yearly) slice: the block is placed by position from the first ticket."""
    visible = [t for t in sb.ground_truth()["tickets"] if not t.get("spam") and not t.get("deleted")]
    return min(t["updated_at"] for t in visible)


@pytest.mark.parametrize(
    "scale, page_limit",
    [("medium", 5), ("large", 300)],  # a shrunken limit, and the API's real 100 x 300
)
def test_full_sync_past_the_page_limit_equals_the_account_with_no_duplicates(
    scale, page_limit, ticket_page_limit
):
    ticket_page_limit(page_limit)
    with FreshdeskSandbox(scale=scale, seed=42, page_limit=page_limit) as sb:
        start = first_visible_update(sb)
        output = read_streams("tickets", cfg=sb.connector_config(start_date=start))
        truth = [t for t in sb.ground_truth()["tickets"] if t["updated_at"] >= start]
        second, block = same_second_block(sb)
        requests = ticket_requests(sb)
    assert not output.errors
    got = ticket_versions(emitted(output))
    assert len(got) == len({ticket_id for ticket_id, _ in got}), "a ticket was emitted twice"
    assert got == ticket_versions(truth)
    assert block > 100, "the sandbox's same-second block straddles a page-limit boundary"
    # The pass went on from that very second, and never asked for a page past the limit.
    assert any(r["query"].get("updated_since") == second and r["query"].get("page") == "1" for r in requests)
    assert all(int(r["query"].get("page", 1)) <= page_limit for r in requests)
    assert not [r for r in requests if r["status"] != 200]


@pytest.fixture
def state_on_every_slice(monkeypatch):
    """The CDK emits partitioned state at most every 600 s; let every closed slice count as later."""
    clock = itertools.count(start=0, step=601)

    class TimeWithAFastClock(types.ModuleType):
        def __getattr__(self, name):
            return getattr(time, name)

    fast = TimeWithAFastClock("time")
    fast.time = lambda: next(clock)
    monkeypatch.setattr(concurrent_partition_cursor, "time", fast)


def test_a_sync_that_dies_part_way_resumes_from_its_last_state_without_gaps(state_on_every_slice, fake_clock):
    with FreshdeskSandbox(scale="small", seed=42) as sb:
        cfg = sb.connector_config()
        # The account's tickets span two years, so three yearly slices; the default pass dies on
        # its last one, after the earlier slices (and the other passes) are done.
        last_slice = ticket_slice_starts()[-1]
        sb.faults.append(
            Fault(path_regex=rf"^/api/v2/tickets\?(?!.*filter).*updated_since={last_slice[:10]}", times=None)
        )
        died = read_streams("tickets", sync_mode=SyncMode.incremental, cfg=cfg, expecting_exception=True)
        assert died.errors, "the sync should have died"
        checkpoint = died.most_recent_state.stream_state.__dict__
        sb.faults.clear()
        sb.reset_request_log()
        resumed = read_streams(
            "tickets", sync_mode=SyncMode.incremental, cfg=cfg, state={"tickets": checkpoint}
        )
        resumed_requests = len(ticket_requests(sb))
        sb.reset_request_log()
        read_streams("tickets", sync_mode=SyncMode.incremental, cfg=cfg)
        full_run_requests = len(ticket_requests(sb))
        truth = sb.ground_truth()["tickets"]
    assert not resumed.errors
    got = {ticket_id for ticket_id, _ in ticket_versions(emitted(died) + emitted(resumed))}
    assert got == {t["id"] for t in truth}, "no gap between the dead sync and the resumed one"
    assert resumed_requests < full_run_requests, "the resumed sync went on from its checkpoint"
