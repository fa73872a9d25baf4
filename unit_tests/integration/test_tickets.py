"""Tickets at any account size: slices, the 300-page limit, same-second blocks, deleted and spam."""

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.builders import (
    config,
    emitted,
    ids,
    mock_tickets,
    read_streams,
    record,
    response,
    tickets_request,
    trace_errors,
)

START = "2024-01-01T00:00:00Z"
FIRST_SLICE = ("all", START)
SLICE_END = "2024-12-30T23:59:59Z"  # yearly slices, one second apart
STARTS = dict.fromkeys(("all", "spam", "deleted"), START)


def tickets(first_id: int, count: int, updated_at: str) -> list[dict]:
    return [record("tickets", id=i, updated_at=updated_at) for i in range(first_id, first_id + count)]


def read_first_slice(http_setup, **read_kwargs):
    with HttpMocker() as http:
        mock_tickets(http, {}, starts=STARTS, except_slice=FIRST_SLICE)
        http_setup(http)
        return read_streams("tickets", cfg=config(start_date=START), **read_kwargs)


def test_pages_of_a_slice_keep_its_filter_and_follow_the_link_header():
    def setup(http):
        http.get(
            tickets_request("all", START), response(tickets(1, 100, "2024-03-01T00:00:00Z"), next_page=2)
        )
        http.get(tickets_request("all", START, page=2), response(tickets(101, 3, "2024-03-02T00:00:00Z")))

    assert sorted(ids(emitted(read_first_slice(setup)))) == list(range(1, 104))


def test_past_the_page_limit_a_new_query_starts_from_the_last_second_read_without_duplicates(
    ticket_page_limit,
):
    ticket_page_limit(2)
    boundary = "2024-05-05T05:05:05Z"
    # Tickets 150..259 share one second that straddles the end of page 2 (the limit).
    page_1 = tickets(1, 100, "2024-05-01T00:00:00Z")
    page_2 = tickets(101, 49, "2024-05-02T00:00:00Z") + tickets(150, 51, boundary)
    again_1 = tickets(150, 100, boundary)  # the new query repeats the 51 already read first
    again_2 = tickets(250, 10, boundary) + tickets(260, 5, "2024-06-01T00:00:00Z")

    def setup(http):
        http.get(tickets_request("all", START), response(page_1, next_page=2))
        http.get(tickets_request("all", START, page=2), response(page_2, next_page=3))
        http.get(tickets_request("all", boundary, page=1), response(again_1, next_page=2))
        http.get(tickets_request("all", boundary, page=2), response(again_2))

    got = ids(emitted(read_first_slice(setup)))
    assert sorted(got) == list(range(1, 265))
    assert len(got) == len(set(got)), "no ticket emitted twice"


def test_a_second_holding_more_tickets_than_one_query_can_return_fails_loudly(ticket_page_limit):
    ticket_page_limit(2)
    second = "2024-05-05T05:05:05Z"

    def setup(http):
        http.get(tickets_request("all", START), response(tickets(1, 100, second), next_page=2))
        http.get(tickets_request("all", START, page=2), response(tickets(101, 100, second), next_page=3))
        http.get(tickets_request("all", second, page=1), response(tickets(1, 100, second), next_page=2))
        http.get(tickets_request("all", second, page=2), response(tickets(101, 100, second), next_page=3))

    output = read_first_slice(setup, expecting_exception=True)
    assert any(
        "More than 200 tickets share the update time 2024-05-05T05:05:05Z" in e.message
        for e in trace_errors(output)
    )


def test_a_slice_stops_at_its_end_and_leaves_later_tickets_to_the_next_slice():
    inside = tickets(1, 99, "2024-12-30T23:59:59Z")
    later = record("tickets", id=500, updated_at="2025-01-02T00:00:00Z")

    def setup(http):
        # The list has no upper time bound: the slice's last page runs into the next slice.
        http.get(tickets_request("all", START), response(inside + [later], next_page=2))

    with HttpMocker() as http:
        mock_tickets(http, {"all": [later]}, starts=STARTS, except_slice=FIRST_SLICE)
        setup(http)
        output = read_streams("tickets", cfg=config(start_date=START))
    got = ids(emitted(output))
    assert sorted(got) == list(range(1, 100)) + [500]
    assert got.count(500) == 1


def test_deleted_and_spam_tickets_arrive_with_their_flags():
    with HttpMocker() as http:
        mock_tickets(
            http,
            {
                "all": [record("tickets", id=1, updated_at="2024-03-01T00:00:00Z")],
                "spam": [record("tickets", id=2, updated_at="2024-03-02T00:00:00Z", spam=True)],
                "deleted": [record("tickets", id=3, updated_at="2024-03-03T00:00:00Z", deleted=True)],
            },
        )
        output = read_streams("tickets", sync_mode=SyncMode.incremental)
    by_id = {t["id"]: t for t in emitted(output)}
    assert by_id[2]["spam"] is True and by_id[3]["deleted"] is True and "deleted" not in by_id[1]
