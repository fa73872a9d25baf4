"""The custom components on their own (their use by the tickets stream: integration/test_tickets.py)."""

import json

import pytest
import requests
from airbyte_cdk.sources.types import StreamSlice
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_freshdesk.components import TicketPages, TicketsOnceInSlice

SLICE = StreamSlice(
    partition={"ticket_filter": "all"},
    cursor_slice={"start_time": "2024-01-01T00:00:00Z", "end_time": "2024-12-30T23:59:59Z"},
)


def page(updated_at: list[str], has_next: bool = True) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response._content = json.dumps([{"id": i, "updated_at": u} for i, u in enumerate(updated_at)]).encode()
    if has_next:
        response.headers["Link"] = '<https://acme.freshdesk.com/api/v2/tickets?page=2>; rel="next"'
    return response


def next_token(strategy, response, token):
    return strategy.next_page_token(response, 0, None, token, stream_slice=SLICE)


def test_ticket_pages_count_pages_then_start_a_new_query_at_the_limit():
    pages = TicketPages(config={}, parameters={}, page_limit=3)
    assert next_token(pages, page(["2024-02-01T00:00:00Z"]), None) == {"page": 2, "updated_since": None}
    assert next_token(pages, page(["2024-02-02T00:00:00Z"]), {"page": 2, "updated_since": None}) == {
        "page": 3,
        "updated_since": None,
    }
    assert next_token(pages, page(["2024-02-03T00:00:00Z"]), {"page": 3, "updated_since": None}) == {
        "page": 1,
        "updated_since": "2024-02-03T00:00:00Z",
    }


def test_ticket_pages_stop_without_a_link_or_past_the_slice_end():
    pages = TicketPages(config={}, parameters={})
    assert next_token(pages, page(["2024-02-01T00:00:00Z"], has_next=False), None) is None
    assert next_token(pages, page(["2024-12-31T00:00:00Z"]), None) is None
    assert next_token(pages, page([]), None) is None


def test_ticket_pages_refuse_to_restart_twice_from_the_same_second():
    pages = TicketPages(config={}, parameters={}, page_limit=3)
    stuck = {"page": 3, "updated_since": "2024-02-03T00:00:00Z"}
    with pytest.raises(AirbyteTracedException, match="More than 300 tickets share the update time"):
        next_token(pages, page(["2024-02-03T00:00:00Z"]), stuck)


def test_tickets_once_in_slice_drops_repeats_of_the_latest_second_and_rows_past_the_end():
    once = TicketsOnceInSlice(config={}, parameters={})

    def run(rows):
        return [r["id"] for r in once.filter_records(rows, {}, stream_slice=SLICE)]

    t = "2024-05-05T05:05:05Z"
    assert run([{"id": 1, "updated_at": "2024-05-01T00:00:00Z"}, {"id": 2, "updated_at": t}]) == [1, 2]
    # A new query from second t: ticket 2 comes back, ticket 3 (same second) is new.
    assert run([{"id": 2, "updated_at": t}, {"id": 3, "updated_at": t}]) == [3]
    assert run([{"id": 3, "updated_at": t}, {"id": 4, "updated_at": "2024-12-31T00:00:00Z"}]) == []


def test_tickets_once_in_slice_keeps_slices_apart():
    once = TicketsOnceInSlice(config={}, parameters={})
    other = StreamSlice(partition={"ticket_filter": "spam"}, cursor_slice=SLICE.cursor_slice)
    row = {"id": 7, "updated_at": "2024-05-05T05:05:05Z"}
    assert list(once.filter_records([row], {}, stream_slice=SLICE)) == [row]
    assert list(once.filter_records([row], {}, stream_slice=other)) == [row]
