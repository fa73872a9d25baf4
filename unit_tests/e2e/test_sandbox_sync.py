"""The connector against the sandbox: a full sync equals the account; an incremental sync after
changes brings every change and re-reads nothing it does not need."""

import json
from collections import defaultdict
from pathlib import Path

import jsonschema
from airbyte_cdk.models import SyncMode

from unit_tests.integration.builders import ALL_STREAMS, FULL_REFRESH_ONLY, read_streams

SCHEMAS = Path(__file__).parents[2] / "schemas"
INCREMENTAL_STREAMS = [s for s in ALL_STREAMS if s not in FULL_REFRESH_ONLY]


def key(record: dict):
    return record.get("id", record.get("primary_language"))


def cursor_values(state) -> set[str]:
    """Every cursor value kept in a stream's state (one per pass for tickets and contacts)."""
    if isinstance(state, dict):
        return {v for k, v in state.items() if k == "updated_at"} | {
            c for v in state.values() for c in cursor_values(v)
        }
    if isinstance(state, list):
        return {c for v in state for c in cursor_values(v)}
    return set()


def by_stream(output) -> dict[str, list[dict]]:
    streams = defaultdict(list)
    for message in output.records:
        streams[message.record.stream].append(message.record.data)
    return streams


def test_full_sync_of_every_stream_equals_the_account(small_sandbox):
    output = read_streams(*ALL_STREAMS, cfg=small_sandbox.connector_config())
    assert not output.errors
    got, truth = by_stream(output), small_sandbox.ground_truth()
    for stream in ALL_STREAMS:
        keys = [key(r) for r in got[stream]]
        assert len(keys) == len(set(keys)), f"{stream}: a record was emitted twice"
        assert sorted(keys) == sorted(key(r) for r in truth[stream]), stream
        assert {key(r): r.get("updated_at") for r in got[stream]} == {
            key(r): r.get("updated_at") for r in truth[stream]
        }, stream
        schema = json.loads((SCHEMAS / f"{stream}.json").read_text())
        for record in got[stream]:
            jsonschema.validate(record, schema)
    assert {t["id"] for t in got["tickets"] if t.get("deleted")} == {
        t["id"] for t in truth["tickets"] if t.get("deleted")
    }
    assert {t["id"] for t in got["tickets"] if t.get("spam")} == {
        t["id"] for t in truth["tickets"] if t.get("spam")
    }


def test_incremental_sync_after_changes_brings_every_change_and_nothing_unchanged(fresh_sandbox):
    cfg = fresh_sandbox.connector_config()
    first = read_streams(*ALL_STREAMS, sync_mode=SyncMode.incremental, cfg=cfg)
    state = {
        m.state.stream.stream_descriptor.name: m.state.stream.stream_state.__dict__
        for m in first.state_messages
    }
    cursor = {
        s: max(r["updated_at"] for r in rows)
        for s, rows in by_stream(first).items()
        if s in INCREMENTAL_STREAMS
    }

    changes = fresh_sandbox.mutate(seed=1)
    fresh_sandbox.reset_request_log()
    second = read_streams(*ALL_STREAMS, sync_mode=SyncMode.incremental, cfg=cfg, state=state)
    assert not second.errors
    got, truth = by_stream(second), fresh_sandbox.ground_truth()

    for stream in INCREMENTAL_STREAMS:
        changed = {key(r): r["updated_at"] for r in truth[stream] if r["updated_at"] > cursor[stream]}
        emitted = {key(r): r["updated_at"] for r in got[stream]}
        # Every change, as the account now holds it ...
        assert {k: emitted.get(k) for k in changed} == changed, stream
        # ... and nothing else but the records of a saved cursor's own second: the API's time
        # filters are inclusive (that is how no record is ever skipped), and tickets and contacts
        # keep one cursor per pass.
        boundaries = cursor_values(state[stream])
        unchanged = {k: u for k, u in emitted.items() if k not in changed}
        assert set(unchanged.values()) <= boundaries, stream

    tickets = {t["id"]: t for t in got["tickets"]}
    assert set(changes["tickets_updated"]) <= set(tickets)
    assert all(tickets[i].get("deleted") for i in changes["tickets_deleted"])
    assert all(tickets[i].get("spam") for i in changes["tickets_spam"])
    assert set(changes["conversations_added"]) <= {c["id"] for c in got["conversations"]}
    contacts = {c["id"] for c in got["contacts"]}
    for change in ("contacts_added", "contacts_updated", "contacts_deleted", "contacts_blocked"):
        assert set(changes[change]) <= contacts, change

    # Conversations are read only for the tickets that changed, not for every ticket again.
    conversation_reads = {r["path"] for r in fresh_sandbox.requests if r["path"].endswith("/conversations")}
    assert len(conversation_reads) <= len(tickets)
    assert len(conversation_reads) < len(truth["tickets"]) / 4
