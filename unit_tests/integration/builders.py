"""Shared request/response/config builders for the connector's offline tests."""

import copy
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from airbyte_cdk.models import ConfiguredAirbyteCatalog, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from airbyte_cdk.test.mock_http import HttpRequest, HttpResponse
from airbyte_cdk.test.state_builder import StateBuilder

from source_freshdesk import SourceFreshdesk

DOMAIN = "acme.freshdesk.com"
API_KEY = "test-api-key-0123456789"
BASE_URL = f"https://{DOMAIN}/api/v2"
RESPONSES = Path(__file__).parent.parent / "resource" / "http" / "response"

# Stream name -> API path, for the streams read straight from one list endpoint.
TOP_LEVEL_PATHS = {
    "agents": "agents",
    "business_hours": "business_hours",
    "canned_response_folders": "canned_response_folders",
    "companies": "companies",
    "company_fields": "company_fields",
    "contact_fields": "contact_fields",
    "contacts": "contacts",
    "discussion_categories": "discussions/categories",
    "email_configs": "email_configs",
    "email_mailboxes": "email/mailboxes",
    "groups": "groups",
    "products": "products",
    "roles": "roles",
    "satisfaction_ratings": "surveys/satisfaction_ratings",
    "scenario_automations": "scenario_automations",
    "settings": "settings/helpdesk",
    "skills": "admin/skills",
    "sla_policies": "sla_policies",
    "solution_categories": "solutions/categories",
    "surveys": "surveys",
    "ticket_fields": "ticket_fields",
    "tickets": "tickets",
    "time_entries": "time_entries",
}
# Endpoints that return all rows at once: the connector sends no page parameters to them.
UNPAGINATED = {
    "business_hours",
    "canned_response_folders",
    "company_fields",
    "contact_fields",
    "scenario_automations",
    "settings",
    "ticket_fields",
}
# Child stream -> (parent stream, parent path, child path).
CHILDREN = {
    "conversations": ("tickets", "tickets", "conversations"),
    "canned_responses": ("canned_response_folders", "canned_response_folders", "responses"),
    "discussion_forums": ("discussion_categories", "discussions/categories", "forums"),
    "discussion_topics": ("discussion_forums", "discussions/forums", "topics"),
    "discussion_comments": ("discussion_topics", "discussions/topics", "comments"),
    "solution_folders": ("solution_categories", "solutions/categories", "folders"),
    "solution_articles": ("solution_folders", "solutions/folders", "articles"),
}
ALL_STREAMS = sorted(set(TOP_LEVEL_PATHS) | set(CHILDREN))
FULL_REFRESH_ONLY = {"settings", "discussion_forums"}  # no timestamps to keep a cursor on
TICKET_FILTERS = ("all", "spam", "deleted")
FULL_HISTORY_START = "2010-01-01T00:00:00Z"  # Freshdesk launched in 2010: no account updated anything before


def config(**overrides: Any) -> dict[str, Any]:
    return {"domain": DOMAIN, "api_key": API_KEY, **overrides}


def records(stream: str) -> list[dict[str, Any]]:
    """The recorded sample response of a stream (a list of records; settings is one object)."""
    body = json.loads((RESPONSES / f"{stream}.json").read_text())
    return body if isinstance(body, list) else [body]


def record(stream: str, **overrides: Any) -> dict[str, Any]:
    return {**copy.deepcopy(records(stream)[0]), **overrides}


def request(path: str, **query: Any) -> HttpRequest:
    return HttpRequest(url=f"{BASE_URL}/{path}", query_params={k: str(v) for k, v in query.items()} or None)


def list_request(path: str, page: int | None = None, **query: Any) -> HttpRequest:
    """A paginated list request as the connector sends it: per_page=100, page from the 2nd page on."""
    if page and page > 1:
        query["page"] = page
    return request(path, per_page=100, **query)


def tickets_request(ticket_filter: str, updated_since: str = FULL_HISTORY_START, page: int | None = None):
    query = {"order_by": "updated_at", "order_type": "asc", "include": "description,stats"}
    if ticket_filter != "all":
        query["filter"] = ticket_filter
    if page:  # the tickets paginator sends page=1 too, when it starts a new query past page 300
        query["page"] = page
    return request("tickets", per_page=100, updated_since=updated_since, **query)


TICKET_SLICE = timedelta(days=365)


def _parse(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


def _format(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def ticket_slice_starts(start: str = FULL_HISTORY_START) -> list[str]:
    """The `updated_since` of each yearly slice the tickets stream reads, from `start` to now."""
    moment, now, starts = _parse(start), datetime.now(UTC), []
    while moment < now:
        starts.append(_format(moment))
        moment += TICKET_SLICE
    return starts


def mock_tickets(
    http,
    rows: Mapping[str, list[dict]],
    starts: Mapping[str, str] | None = None,
    except_slice: tuple[str, str] | None = None,
) -> None:
    """Mock every slice of the three ticket passes; each row is served by the slice its
    `updated_at` falls in. `starts` gives a pass's first `updated_since` (its state);
    `except_slice` (filter, updated_since) is left for the test to mock."""
    for ticket_filter in TICKET_FILTERS:
        slice_starts = ticket_slice_starts((starts or {}).get(ticket_filter, FULL_HISTORY_START))
        for begin, end in zip(slice_starts, slice_starts[1:] + ["9999"], strict=True):
            if (ticket_filter, begin) == except_slice:
                continue
            in_slice = [r for r in rows.get(ticket_filter, []) if begin <= r["updated_at"] < end]
            http.get(tickets_request(ticket_filter, updated_since=begin), response(in_slice))


def response(
    body: Any,
    status: int = 200,
    next_page: int | None = None,
    path: str = "",
    headers: Mapping[str, str] = (),
) -> HttpResponse:
    all_headers = {"Content-Type": "application/json", **dict(headers)}
    if next_page:
        all_headers["Link"] = f'<{BASE_URL}/{path}?per_page=100&page={next_page}>; rel="next"'
    return HttpResponse(body=json.dumps(body), status_code=status, headers=all_headers)


def error(status: int, body: Any = None, headers: Mapping[str, str] = ()) -> HttpResponse:
    return HttpResponse(
        body="" if body is None else json.dumps(body), status_code=status, headers=dict(headers)
    )


def catalog(*streams: str, sync_mode: SyncMode = SyncMode.full_refresh) -> ConfiguredAirbyteCatalog:
    builder = CatalogBuilder()
    for name in streams:
        builder.with_stream(name, SyncMode.full_refresh if name in FULL_REFRESH_ONLY else sync_mode)
    return builder.build()


def read_streams(
    *streams: str,
    sync_mode: SyncMode = SyncMode.full_refresh,
    cfg: Mapping[str, Any] | None = None,
    state: Mapping[str, Mapping[str, Any]] | None = None,
    expecting_exception: bool = False,
) -> EntrypointOutput:
    cfg = cfg or config()
    cat = catalog(*streams, sync_mode=sync_mode)
    state_messages = None
    if state:
        builder = StateBuilder()
        for name, value in state.items():
            builder.with_stream_state(name, value)
        state_messages = builder.build()
    source = SourceFreshdesk(catalog=cat, config=cfg, state=state_messages)
    return read(source, cfg, cat, state_messages, expecting_exception=expecting_exception)


def emitted(output: EntrypointOutput) -> list[dict[str, Any]]:
    return [message.record.data for message in output.records]


def ids(items: Iterable[Mapping[str, Any]]) -> list[Any]:
    return [item["id"] for item in items]


def log_messages(output: EntrypointOutput) -> list[str]:
    return [message.log.message for message in output.logs]


def trace_errors(output: EntrypointOutput) -> list[Any]:
    return [message.trace.error for message in output.errors]


def as_emitted(item: Mapping[str, Any]) -> dict[str, Any]:
    """A record as Airbyte emits it: the CDK's serializer leaves out top-level null fields."""
    return {key: value for key, value in item.items() if value is not None}


# Server-side time filters the connector sends; with no start_date they cover the whole history.
TIME_FILTER = {"satisfaction_ratings": "created_since"}


CONTACT_STATES = ("all", "deleted", "blocked")


def contacts_request(state: str = "all", updated_since: str = FULL_HISTORY_START, page: int | None = None):
    query = {} if state == "all" else {"state": state}
    return list_request("contacts", page=page, _updated_since=updated_since, **query)


def expected_requests(stream: str) -> list[HttpRequest]:
    """The requests a full refresh of a top-level stream sends (tickets aside: see mock_tickets)."""
    path = TOP_LEVEL_PATHS[stream]
    if stream in UNPAGINATED:
        return [request(path)]
    if stream == "contacts":  # one pass per contact state: the default list hides the others
        return [contacts_request(state) for state in CONTACT_STATES]
    query = {TIME_FILTER[stream]: FULL_HISTORY_START} if stream in TIME_FILTER else {}
    return [list_request(path, **query)]


def mock_list(http, stream: str, rows: list[dict]) -> None:
    """Serve `rows` to a top-level stream (in its first pass) and nothing to its other passes."""
    first, *others = expected_requests(stream)
    http.get(first, response(rows))
    for other in others:
        http.get(other, response([]))


def mock_parent_ids(http, parent: str, parent_ids: list[int]) -> None:
    """Mock the parent stream's list (and its own parents, up the chain) to return these ids."""
    rows = [record(parent, id=i) for i in parent_ids]
    if parent == "tickets":
        mock_tickets(http, {"all": rows})
    elif parent in CHILDREN:
        grandparent, parent_path, child_path = CHILDREN[parent]
        mock_parent_ids(http, grandparent, [7])
        http.get(list_request(f"{parent_path}/7/{child_path}"), response(rows))
    else:
        mock_list(http, parent, rows)
