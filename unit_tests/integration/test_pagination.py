"""Pagination follows Freshdesk's Link header and never leaves the configured domain."""

from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.builders import (
    emitted,
    ids,
    list_request,
    read_streams,
    record,
    response,
)


def page(stream: str, first_id: int, size: int) -> list[dict]:
    return [record(stream, id=i) for i in range(first_id, first_id + size)]


def test_pages_are_read_until_the_link_header_disappears():
    with HttpMocker() as http:
        http.get(
            list_request("companies"), response(page("companies", 1, 100), next_page=2, path="companies")
        )
        http.get(
            list_request("companies", page=2),
            response(page("companies", 101, 100), next_page=3, path="companies"),
        )
        # A full last page carries no Link header: no empty page is requested after it.
        http.get(list_request("companies", page=3), response(page("companies", 201, 100)))
        output = read_streams("companies")
    assert ids(emitted(output)) == list(range(1, 301))


def test_the_next_page_is_requested_from_the_configured_domain_even_if_link_points_elsewhere():
    elsewhere = {"Link": '<https://attacker.example.com/api/v2/groups?per_page=100&page=2>; rel="next"'}
    with HttpMocker() as http:
        http.get(list_request("groups"), response(page("groups", 1, 100), headers=elsewhere))
        http.get(list_request("groups", page=2), response(page("groups", 101, 5)))
        output = read_streams("groups")
    assert len(emitted(output)) == 105
