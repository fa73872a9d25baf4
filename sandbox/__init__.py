"""Offline emulator of the Freshdesk API v2 read side (standard library only).

from sandbox import FreshdeskSandbox, Fault
with FreshdeskSandbox(scale="small", seed=42) as sb:
    requests.get(sb.url + "/api/v2/tickets", auth=(sb.api_key, "X"))
"""

from .data import SCALES, STREAMS, Account
from .server import Fault, FreshdeskSandbox

__all__ = ["FreshdeskSandbox", "Fault", "Account", "SCALES", "STREAMS"]
