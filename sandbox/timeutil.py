"""Timestamp helpers shared by the data generator and the HTTP layer (UTC epoch seconds <-> text)."""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime, timedelta

DAY = 86400


def iso(ts: int | None) -> str | None:
    """Epoch seconds -> Freshdesk's ``YYYY-MM-DDTHH:MM:SSZ`` (None stays None)."""
    if ts is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def iso_date(ts: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(ts))


def now_ts() -> int:
    return int(time.time())


def parse_iso_utc(text: str) -> int:
    """``YYYY-MM-DDTHH:MM:SSZ`` (our own output format) -> epoch seconds."""
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


# The formats the API accepts in *_since / executed_* filters (spec section 7):
#   YYYY-MM-DD, YYYY-MM-DDTHH:MM, ...THH:MMZ, ...THH:MM:SS, ...THH:MM:SSZ, ...+hh:mm, ...+hh, ...+hhmm
# Fractional seconds are tolerated (ISO 8601 "combined" form); a missing zone means UTC.
_FILTER_DT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


def parse_filter_datetime(text: str) -> int | None:
    """Parse a filter value; None if it is not one of the accepted ISO 8601 shapes."""
    m = _FILTER_DT.match(text or "")
    if not m:
        return None
    year, month, day, hh, mm, ss, zone = m.groups()
    try:
        dt = datetime(int(year), int(month), int(day), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=UTC)
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        off_h = int(digits[:2])
        off_m = int(digits[2:4]) if len(digits) >= 4 else 0
        if off_h > 23 or off_m > 59:
            return None
        dt = dt - sign * timedelta(hours=off_h, minutes=off_m)
    return int(dt.timestamp())


def to_epoch(value) -> int:
    """Accept epoch seconds, a datetime, or an ISO string; return epoch seconds."""
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return int(value.timestamp())
    parsed = parse_filter_datetime(str(value))
    if parsed is None:
        raise ValueError(f"unparseable timestamp: {value!r}")
    return parsed
