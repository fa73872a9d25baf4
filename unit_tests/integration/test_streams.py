"""Every stream: the request it sends and the records it emits (full refresh)."""

import pytest
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.builders import (
    as_emitted,
    CHILDREN,
    FULL_HISTORY_START,
    TICKET_FILTERS,
    TOP_LEVEL_PATHS,
    UNPAGINATED,
    emitted,
    list_request,
    read_streams,
    record,
    records,
    request,
    response,
    tickets_request,
)

# Server-side time filters the connector sends; with no start_date they cover the whole history.
TIME_FILTER = {"contacts": "_updated_since", "satisfaction_ratings": "created_since"}
PLAIN_STREAMS = sorted(set(TOP_LEVEL_PATHS) - {"tickets"})


def expected_request(stream: str):
    path = TOP_LEVEL_PATHS[stream]
    if stream in UNPAGINATED:
        return request(path)
    query = {TIME_FILTER[stream]: FULL_HISTORY_START} if stream in TIME_FILTER else {}
    return list_request(path, **query)


@pytest.mark.parametrize("stream", PLAIN_STREAMS)
def test_top_level_stream_sends_its_request_and_emits_every_record(stream):
    with HttpMocker() as http:
        http.get(expected_request(stream), response(records(stream)))
        output = read_streams(stream)
    assert emitted(output) == [as_emitted(r) for r in records(stream)]
    assert not output.errors


def test_tickets_read_the_default_spam_and_deleted_lists_sorted_by_update_time():
    default, spam, deleted = record("tickets", id=1), record("tickets", id=2, spam=True), record(
        "tickets", id=3, deleted=True
    )
    with HttpMocker() as http:
        for ticket_filter, ticket in zip(TICKET_FILTERS, (default, spam, deleted)):
            http.get(tickets_request(ticket_filter), response([ticket]))
        output = read_streams("tickets")
    assert sorted(emitted(output), key=lambda t: t["id"]) == [as_emitted(t) for t in (default, spam, deleted)]


@pytest.mark.parametrize("stream", sorted(CHILDREN))
def test_child_stream_reads_each_parent_and_emits_its_records(stream):
    parent, parent_path, child_path = CHILDREN[stream]
    first, second = records(stream)
    with HttpMocker() as http:
        _mock_parent_ids(http, parent, [101, 102])
        http.get(list_request(f"{parent_path}/101/{child_path}"), response([first]))
        http.get(list_request(f"{parent_path}/102/{child_path}"), response([second]))
        output = read_streams(stream)
    got = emitted(output)
    if stream == "solution_folders":  # the connector adds the category a folder belongs to
        assert {r["id"]: r["category_id"] for r in got} == {first["id"]: 101, second["id"]: 102}
        got = [{k: v for k, v in r.items() if k != "category_id"} for r in got]
    assert sorted(got, key=lambda r: r["id"]) == sorted([as_emitted(first), as_emitted(second)], key=lambda r: r["id"])


def test_a_parent_that_vanished_mid_sync_is_skipped():
    kept = record("conversations", id=9001, ticket_id=101)
    with HttpMocker() as http:
        _mock_parent_ids(http, "tickets", [101, 102])
        http.get(list_request("tickets/101/conversations"), response([kept]))
        http.get(list_request("tickets/102/conversations"), response("", status=404))
        output = read_streams("conversations")
    assert emitted(output) == [as_emitted(kept)]
    assert not output.errors


def _mock_parent_ids(http, parent: str, parent_ids: list[int]) -> None:
    """Mock the parent stream's list (and its own parents, up the chain) to return these ids."""
    rows = [record(parent, id=i) for i in parent_ids]
    if parent == "tickets":
        http.get(tickets_request("all"), response(rows))
        for other in TICKET_FILTERS[1:]:
            http.get(tickets_request(other), response([]))
    elif parent in CHILDREN:
        grandparent, parent_path, child_path = CHILDREN[parent]
        _mock_parent_ids(http, grandparent, [7])
        http.get(list_request(f"{parent_path}/7/{child_path}"), response(rows))
    else:
        http.get(expected_request(parent), response(rows))
