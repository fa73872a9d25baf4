"""Every stream: the request it sends and the records it emits (full refresh)."""

import pytest
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.builders import (
    CHILDREN,
    TOP_LEVEL_PATHS,
    as_emitted,
    emitted,
    list_request,
    mock_list,
    mock_parent_ids,
    mock_tickets,
    read_streams,
    record,
    records,
    response,
)

PLAIN_STREAMS = sorted(set(TOP_LEVEL_PATHS) - {"tickets"})


@pytest.mark.parametrize("stream", PLAIN_STREAMS)
def test_top_level_stream_sends_its_request_and_emits_every_record(stream):
    with HttpMocker() as http:
        mock_list(http, stream, records(stream))
        output = read_streams(stream)
    added = {"blocked": False} if stream == "contacts" else {}  # contacts: which pass read it
    assert emitted(output) == [as_emitted(r) | added for r in records(stream)]
    assert not output.errors


def test_tickets_read_the_default_spam_and_deleted_lists_sorted_by_update_time():
    default, spam, deleted = (
        record("tickets", id=1),
        record("tickets", id=2, spam=True),
        record("tickets", id=3, deleted=True),
    )
    with HttpMocker() as http:
        mock_tickets(http, {"all": [default], "spam": [spam], "deleted": [deleted]})
        output = read_streams("tickets")
    assert sorted(emitted(output), key=lambda t: t["id"]) == [as_emitted(t) for t in (default, spam, deleted)]


@pytest.mark.parametrize("stream", sorted(CHILDREN))
def test_child_stream_reads_each_parent_and_emits_its_records(stream):
    parent, parent_path, child_path = CHILDREN[stream]
    first, second = records(stream)
    with HttpMocker() as http:
        mock_parent_ids(http, parent, [101, 102])
        http.get(list_request(f"{parent_path}/101/{child_path}"), response([first]))
        http.get(list_request(f"{parent_path}/102/{child_path}"), response([second]))
        output = read_streams(stream)
    got = emitted(output)
    if stream == "solution_folders":  # the connector adds the category a folder belongs to
        assert {r["id"]: r["category_id"] for r in got} == {first["id"]: 101, second["id"]: 102}
        got = [{k: v for k, v in r.items() if k != "category_id"} for r in got]
    assert sorted(got, key=lambda r: r["id"]) == sorted(
        [as_emitted(first), as_emitted(second)], key=lambda r: r["id"]
    )


def test_a_parent_that_vanished_mid_sync_is_skipped():
    kept = record("conversations", id=9001, ticket_id=101)
    with HttpMocker() as http:
        mock_parent_ids(http, "tickets", [101, 102])
        http.get(list_request("tickets/101/conversations"), response([kept]))
        http.get(list_request("tickets/102/conversations"), response("", status=404))
        output = read_streams("conversations")
    assert emitted(output) == [as_emitted(kept)]
    assert not output.errors
