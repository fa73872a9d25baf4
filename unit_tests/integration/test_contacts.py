"""Contacts: sorted by name, so state may only move once a whole pass is read; no page cap."""

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.builders import (
    CONTACT_STATES,
    contacts_request,
    emitted,
    error,
    ids,
    read_streams,
    record,
    response,
)

SINCE = "2024-03-01T00:00:00Z"


def state_at(since: str) -> dict:
    return {
        "states": [
            {"partition": {"contact_state": s}, "cursor": {"updated_at": since}} for s in CONTACT_STATES
        ]
    }


def cursors(output) -> list[dict]:
    """The 'all' pass's cursor in every state message the sync emitted."""
    found = []
    for message in output.state_messages:
        for entry in message.state.stream.stream_state.__dict__.get("states", []):
            if entry["partition"]["contact_state"] == "all":
                found.append(entry["cursor"]["updated_at"])
    return found


def test_an_interrupted_pass_never_moves_state_past_contacts_it_did_not_read(fake_clock):
    # Sorted by name: "Aaron" was updated last week, "Zoe" (never read) long before.
    aaron = record("contacts", id=1, name="Aaron", updated_at="2024-05-01T00:00:00Z")
    with HttpMocker() as http:
        http.get(contacts_request("all", SINCE), response([aaron], next_page=2, path="contacts"))
        http.get(contacts_request("all", SINCE, page=2), error(503))
        for state in CONTACT_STATES[1:]:
            http.get(contacts_request(state, SINCE), response([]))
        output = read_streams(
            "contacts",
            sync_mode=SyncMode.incremental,
            state={"contacts": state_at(SINCE)},
            expecting_exception=True,
        )
    assert ids(emitted(output)) == [1]
    assert output.errors
    assert cursors(output), "the sync checkpoints what it finished"
    assert all(cursor <= SINCE for cursor in cursors(output)), cursors(output)


def test_contacts_are_read_past_page_500_without_a_cap():
    pages = 510
    with HttpMocker() as http:
        for page in range(1, pages + 1):
            rows = [record("contacts", id=page, name=f"Contact {page:04d}")]
            more = page + 1 if page < pages else None
            http.get(
                contacts_request("all", SINCE, page=page if page > 1 else None),
                response(rows, next_page=more),
            )
        for state in CONTACT_STATES[1:]:
            http.get(contacts_request(state, SINCE), response([]))
        output = read_streams("contacts", sync_mode=SyncMode.incremental, state={"contacts": state_at(SINCE)})
    assert sorted(ids(emitted(output))) == list(range(1, pages + 1))
