"""The two custom components of the tickets stream: what YAML cannot say about paging past page 300.

Freshdesk's tickets list serves at most 300 pages (30,000 tickets) for one query. The connector asks
for tickets sorted by `updated_at` ascending with an inclusive `updated_since` filter, so it can go
on from the `updated_at` of the last ticket read. The tickets of that second that were already read
come back at the top of the next query; they must not be emitted twice.
"""

from collections.abc import Iterable, Mapping
from dataclasses import InitVar, dataclass, field
from datetime import datetime
from typing import Any

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.declarative.extractors.record_filter import RecordFilter
from airbyte_cdk.sources.declarative.requesters.paginators.strategies.pagination_strategy import (
    PaginationStrategy,
)
from airbyte_cdk.sources.types import Config, Record, StreamSlice
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

PAGE_SIZE = 100
PAGE_LIMIT = 300  # "You cannot access tickets beyond the 300th page"


def _timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _slice_end(stream_slice: StreamSlice | None) -> datetime | None:
    end = (stream_slice or {}).get("end_time")
    return _timestamp(end) if end else None


@dataclass
class TicketPages(PaginationStrategy):
    """Pages through one time slice of the tickets list, past the API's 300-page limit.

    Why not YAML: the next request depends on the page number *and* on the last `updated_at` read
    once page 300 is reached (a new query from that second), the pass must stop at the slice's end
    (the list has no upper time bound), and a second that holds more tickets than one query can
    return must fail loudly instead of looping. CursorPagination can only carry one value and has
    no way to raise. The token is `{"page": n, "updated_since": t}`; the requester sends both.
    """

    config: Config
    parameters: InitVar[Mapping[str, Any]]
    page_limit: int = PAGE_LIMIT
    page_size: int = PAGE_SIZE

    def __post_init__(self, parameters: Mapping[str, Any]) -> None:
        self.page_limit = int(self.page_limit)
        self.page_size = int(self.page_size)

    @property
    def initial_token(self) -> Any | None:
        return None

    def get_page_size(self) -> int | None:
        return self.page_size

    def next_page_token(
        self,
        response: requests.Response,
        last_page_size: int,
        last_record: Record | None,
        last_page_token_value: Any | None = None,
        page_size_override: int | None = None,
        stream_slice: StreamSlice | None = None,
    ) -> Any | None:
        page_rows = response.json()
        if "next" not in response.links or not page_rows:
            return None
        # The raw last row, not `last_record`: records past the slice end or read twice are
        # filtered out before they reach the paginator.
        last_updated_at = page_rows[-1]["updated_at"]
        end = _slice_end(stream_slice)
        if end and _timestamp(last_updated_at) > end:
            return None
        token = last_page_token_value or {"page": 1, "updated_since": None}
        if token["page"] < self.page_limit:
            return {"page": token["page"] + 1, "updated_since": token["updated_since"]}
        if last_updated_at == token["updated_since"]:
            raise AirbyteTracedException(
                message=(
                    f"More than {self.page_limit * self.page_size} tickets share the update time "
                    f"{last_updated_at}. Freshdesk's tickets list stops at page {self.page_limit} and "
                    "cannot be split within one second, so these tickets cannot all be read. The sync "
                    "stopped instead of skipping tickets; please report this with the timestamp."
                ),
                failure_type=FailureType.system_error,
            )
        return {"page": 1, "updated_since": last_updated_at}


@dataclass
class TicketsOnceInSlice(RecordFilter):
    """Emits each ticket of a time slice once, and none past the slice's end.

    Why not YAML: after a new query from second T (see TicketPages), the tickets of second T read
    before it come back first. Knowing which of them were already emitted needs the ids seen at the
    latest second, kept across pages: a `condition` is evaluated per record and keeps no state.
    Memory stays small: only the ids of the latest second of each slice being read.
    """

    _latest: dict[str, tuple[str, set[Any]]] = field(default_factory=dict, init=False, repr=False)

    def filter_records(
        self,
        records: Iterable[Mapping[str, Any]],
        stream_state: Mapping[str, Any],
        stream_slice: StreamSlice | None = None,
        next_page_token: Mapping[str, Any] | None = None,
    ) -> Iterable[Mapping[str, Any]]:
        end = _slice_end(stream_slice)
        key = repr(sorted((stream_slice or {}).items()))
        for record in records:
            updated_at = record["updated_at"]
            if end and _timestamp(updated_at) > end:
                continue  # read again, and emitted, by the next slice
            second, ids = self._latest.get(key, (None, set()))
            if updated_at != second:
                self._latest[key] = (updated_at, {record["id"]})
            elif record["id"] in ids:
                continue
            else:
                ids.add(record["id"])
            yield record
