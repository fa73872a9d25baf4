"""Incremental syncs: the state a read leaves, and the request the next read sends."""

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.builders import (
    CONTACT_STATES,
    FULL_HISTORY_START,
    TICKET_FILTERS,
    config,
    contacts_request,
    emitted,
    ids,
    list_request,
    mock_tickets,
    read_streams,
    record,
    response,
)

INCREMENTAL = SyncMode.incremental


def ticket_cursors(state: dict) -> dict[str, str]:
    return {s["partition"]["ticket_filter"]: s["cursor"]["updated_at"] for s in state["states"]}


def final_state(output) -> dict:
    return output.most_recent_state.stream_state.__dict__


def ticket_state(cursors: dict[str, str]) -> dict:
    return {
        "states": [
            {"partition": {"ticket_filter": f}, "cursor": {"updated_at": c}} for f, c in cursors.items()
        ],
        "state": {"updated_at": min(cursors.values())},
    }


def test_tickets_state_keeps_the_latest_update_seen_by_each_pass():
    with HttpMocker() as http:
        mock_tickets(
            http,
            {
                "all": [
                    record("tickets", id=1, updated_at="2024-03-01T10:00:00Z"),
                    record("tickets", id=2, updated_at="2024-03-02T10:00:00Z"),
                ],
                "deleted": [record("tickets", id=3, updated_at="2024-02-01T10:00:00Z", deleted=True)],
            },
        )
        output = read_streams("tickets", sync_mode=INCREMENTAL)
    assert sorted(ids(emitted(output))) == [1, 2, 3]
    assert ticket_cursors(final_state(output)) == {
        "all": "2024-03-02T10:00:00Z",
        "spam": FULL_HISTORY_START,
        "deleted": "2024-02-01T10:00:00Z",
    }


def test_next_tickets_sync_asks_each_pass_only_for_tickets_updated_since_its_state():
    cursors = {
        "all": "2024-03-02T10:00:00Z",
        "spam": "2024-01-05T00:00:00Z",
        "deleted": "2024-02-01T10:00:00Z",
    }
    updated = record("tickets", id=2, updated_at="2024-03-05T09:00:00Z")
    with HttpMocker() as http:
        mock_tickets(http, {"all": [updated]}, starts=cursors)
        output = read_streams("tickets", sync_mode=INCREMENTAL, state={"tickets": ticket_state(cursors)})
    assert ids(emitted(output)) == [2]


def test_start_date_and_lookback_window_move_the_server_filter():
    with HttpMocker() as http:
        mock_tickets(http, {}, starts={f: "2024-01-01T00:00:00Z" for f in TICKET_FILTERS})
        read_streams("tickets", sync_mode=INCREMENTAL, cfg=config(start_date="2024-01-01"))
    cursors = {f: "2024-03-10T00:00:00Z" for f in TICKET_FILTERS}
    with HttpMocker() as http:
        mock_tickets(http, {}, starts={f: "2024-03-08T00:00:00Z" for f in TICKET_FILTERS})
        read_streams(
            "tickets",
            sync_mode=INCREMENTAL,
            cfg=config(lookback_window_in_days=2),
            state={"tickets": ticket_state(cursors)},
        )


def test_contacts_deleted_and_blocked_too_are_filtered_server_side_with_updated_since():
    since = "2024-03-01T00:00:00Z"
    state = {
        "states": [
            {"partition": {"contact_state": s}, "cursor": {"updated_at": since}} for s in CONTACT_STATES
        ]
    }
    with HttpMocker() as http:
        http.get(
            contacts_request("all", since),
            response([record("contacts", id=5, updated_at="2024-03-04T00:00:00Z")]),
        )
        http.get(
            contacts_request("deleted", since),
            response([record("contacts", id=6, updated_at="2024-03-02T00:00:00Z", deleted=True)]),
        )
        http.get(
            contacts_request("blocked", since),
            response([record("contacts", id=7, updated_at="2024-03-03T00:00:00Z")]),
        )
        output = read_streams("contacts", sync_mode=INCREMENTAL, state={"contacts": state})
    by_id = {c["id"]: c for c in emitted(output)}
    assert sorted(by_id) == [5, 6, 7]
    assert [by_id[i]["blocked"] for i in (5, 6, 7)] == [False, False, True]
    assert by_id[6]["deleted"] is True
    cursors = {
        s["partition"]["contact_state"]: s["cursor"]["updated_at"] for s in final_state(output)["states"]
    }
    assert cursors == {
        "all": "2024-03-04T00:00:00Z",
        "deleted": "2024-03-02T00:00:00Z",
        "blocked": "2024-03-03T00:00:00Z",
    }


def test_satisfaction_ratings_are_filtered_server_side_with_created_since():
    with HttpMocker() as http:
        http.get(
            list_request("surveys/satisfaction_ratings", created_since="2024-03-01T00:00:00Z"),
            response([record("satisfaction_ratings", id=8, updated_at="2024-03-04T00:00:00Z")]),
        )
        output = read_streams(
            "satisfaction_ratings",
            sync_mode=INCREMENTAL,
            state={"satisfaction_ratings": {"updated_at": "2024-03-01T00:00:00Z"}},
        )
    assert ids(emitted(output)) == [8]


def test_client_side_cursor_keeps_records_at_or_after_the_state_and_drops_older_ones():
    rows = [
        record("agents", id=1, updated_at="2024-02-28T00:00:00Z"),
        record("agents", id=2, updated_at="2024-03-01T00:00:00Z"),  # equal to the cursor: kept
        record("agents", id=3, updated_at="2024-03-03T00:00:00Z"),
    ]
    with HttpMocker() as http:
        http.get(list_request("agents"), response(rows))
        output = read_streams(
            "agents", sync_mode=INCREMENTAL, state={"agents": {"updated_at": "2024-03-01T00:00:00Z"}}
        )
    assert ids(emitted(output)) == [2, 3]
    assert final_state(output) == {"updated_at": "2024-03-03T00:00:00Z"}


def test_conversations_keep_one_cursor_and_next_sync_reads_only_updated_tickets():
    old_ticket = record("tickets", id=1, updated_at="2024-03-01T00:00:00Z")
    with HttpMocker() as http:
        mock_tickets(http, {"all": [old_ticket]})
        http.get(
            list_request("tickets/1/conversations"),
            response([record("conversations", id=11, ticket_id=1, updated_at="2024-03-01T00:00:00Z")]),
        )
        first = read_streams("conversations", sync_mode=INCREMENTAL)
    state = final_state(first)
    assert "states" not in state, "one cursor for the stream, not one per ticket"
    assert state["state"] == {"updated_at": "2024-03-01T00:00:00Z"}
    parent_cursors = {
        s["partition"]["ticket_filter"]: s["cursor"]["updated_at"]
        for s in state["parent_state"]["tickets"]["states"]
    }
    assert parent_cursors["all"] == "2024-03-01T00:00:00Z"

    replied = record("tickets", id=2, updated_at="2024-03-05T00:00:00Z")
    with HttpMocker() as http:
        mock_tickets(http, {"all": [replied]}, starts={"all": "2024-03-01T00:00:00Z"})
        http.get(
            list_request("tickets/2/conversations"),
            response([record("conversations", id=21, ticket_id=2, updated_at="2024-03-05T00:00:00Z")]),
        )
        second = read_streams("conversations", sync_mode=INCREMENTAL, state={"conversations": state})
    # Ticket 1 was not updated, so its conversations are not requested again (HttpMocker fails on
    # an unmocked request).
    assert ids(emitted(second)) == [21]
