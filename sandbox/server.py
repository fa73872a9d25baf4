"""HTTP layer of the Freshdesk sandbox: routing, auth, validation, pagination, rate limits, faults."""

from __future__ import annotations

import base64
import json
import math
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote

from .data import Account
from .timeutil import DAY, now_ts, parse_filter_datetime, parse_iso_utc, to_epoch

# --------------------------------------------------------------------------- constants / messages
ALL_FEATURES = (
    "surveys",
    "timesheets",
    "multi_product",
    "forums",
    "scenario_automation",
    "multiple_business_hours",
)
FEATURE_NAMES = {
    "surveys": "Surveys",
    "timesheets": "Timesheets",
    "multi_product": "Multi Product",
    "forums": "Forums",
    "scenario_automation": "Scenario Automation",
    "multiple_business_hours": "Multiple Business Hours",
}
UNLIMITED_TOTAL = 1_000_000
MSG_INVALID_FIELD = "Unexpected/invalid field in request"
MSG_DATE = "It should be a valid date in the 'combined date and time ISO8601' format"
MSG_PER_PAGE = "It should be a Positive Integer less than or equal to 100"
MSG_POSITIVE = "It should be a Positive Integer"
MSG_TICKET_PAGE = "You cannot access tickets beyond the 300th page. Please provide a smaller page number."
MSG_RATE = "You have exceeded the limit of requests per minute"
MSG_500 = "We're sorry, but something went wrong."
BODY_401 = {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."}
BODY_403 = {"code": "access_denied", "message": "You are not authorized to perform this action."}
ACCEPT_OK = re.compile(r"application/json|\*/\*|application/vnd\.freshdesk\.v\d", re.I)
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
STD = frozenset({"page", "per_page"})
TICKET_INCLUDES = ("stats", "requester", "description", "company")
VIEW_INCLUDES = ("conversations", "requester", "company", "stats", "sla_policy")


def _json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class ApiError(Exception):
    def __init__(self, status: int, body=None, headers=None):
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


def validation_error(errors: list[dict]) -> ApiError:
    return ApiError(400, {"description": "Validation failed", "errors": errors})


def _err(field_name, message, code="invalid_value"):
    return {"field": field_name, "message": message, "code": code}


@dataclass
class Fault:
    """Inject a failure: the next ``times`` requests whose path matches ``path_regex`` (re.search; the
    path is tried alone, then with its query string) get ``status`` -- an HTTP code, or ``"drop"`` to
    close the connection without answering. ``times=None`` means forever. ``body`` may be a dict/list
    (sent as JSON), str or bytes; None picks a default for the status. ``headers`` are added (a 429
    without a Retry-After gets ``Retry-After: 1``). Optional ``method`` restricts the verb; ``delay``
    sleeps that many seconds before answering (or dropping). ``after`` lets that many matching requests
    through untouched first (a sync that dies part-way)."""

    path_regex: str
    status: int | str = 500
    times: int | None = 1
    body: Any = None
    headers: dict | None = None
    method: str | None = None
    delay: float = 0.0
    after: int = 0
    served: int = field(default=0, compare=False)
    let_through: int = field(default=0, compare=False)

    def matches(self, method: str, path: str, qs: str) -> bool:
        if self.method and self.method.upper() != method:
            return False
        if self.times is not None and self.served >= self.times:
            return False
        return bool(re.search(self.path_regex, path) or (qs and re.search(self.path_regex, f"{path}?{qs}")))


class RateLimiter:
    """Per-real-minute fixed window, an account-wide bucket plus per-path sub-buckets."""

    def __init__(self, limits: dict | None):
        limits = dict(limits or {})
        unknown = set(limits) - {"total", "tickets_list", "contacts_list"}
        if unknown:
            raise ValueError(f"unknown rate_limit keys: {sorted(unknown)}")
        self.limits = limits
        self.window = -1
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def _roll(self, now: float):
        w = int(now // 60)
        if w != self.window:
            self.window, self.counts = w, {}

    def hit(self, buckets) -> int | None:
        """Count one call (rejected calls count too). Returns Retry-After seconds if over a limit."""
        with self.lock:
            now = time.time()
            self._roll(now)
            over = False
            for b in buckets:
                self.counts[b] = self.counts.get(b, 0) + 1
                lim = self.limits.get(b)
                if lim is not None and self.counts[b] > lim:
                    over = True
            if over:
                return max(1, math.ceil(60 - (now % 60)))
            return None

    def add(self, buckets, credits: int):
        if credits <= 0:
            return
        with self.lock:
            self._roll(time.time())
            for b in buckets:
                self.counts[b] = self.counts.get(b, 0) + credits

    def headers(self, used: int) -> dict:
        with self.lock:
            total = self.limits.get("total") or UNLIMITED_TOTAL
            count = self.counts.get("total", 0)
        return {
            "X-RateLimit-Total": str(total),
            "X-RateLimit-Remaining": str(max(total - count, 0)),
            "X-RateLimit-Used-CurrentRequest": str(used),
        }


# --------------------------------------------------------------------------- request context / params
class Params:
    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs
        self.q: dict[str, str] = {}
        for k, v in pairs:
            self.q[k] = v
        self.errors: list[dict] = []

    def __contains__(self, k):
        return k in self.q

    def get(self, k, default=None):
        return self.q.get(k, default)

    def check_allowed(self, allowed):
        unknown = []
        for k, _ in self.pairs:
            if k not in allowed and k not in unknown:
                unknown.append(k)
        if unknown:
            raise validation_error([_err(k, MSG_INVALID_FIELD, "invalid_field") for k in unknown])

    def raise_if_errors(self):
        if self.errors:
            raise validation_error(self.errors)

    # typed getters: record an error and return None on a bad value
    def positive_int(self, k):
        v = self.q.get(k)
        if v is None:
            return None
        if not re.fullmatch(r"-?\d+", v.strip()):
            self.errors.append(_err(k, MSG_POSITIVE, "datatype_mismatch"))
            return None
        n = int(v)
        if n < 1:
            self.errors.append(_err(k, MSG_POSITIVE))
            return None
        return n

    def enum(self, k, values):
        v = self.q.get(k)
        if v is None:
            return None
        if v not in values:
            self.errors.append(_err(k, f"It should be one of these values: '{','.join(values)}'"))
            return None
        return v

    def date(self, k):
        v = self.q.get(k)
        if v is None:
            return None
        ts = parse_filter_datetime(v)
        if ts is None:
            self.errors.append(_err(k, MSG_DATE))
        return ts

    def pagination(self):
        page, per_page = 1, 30
        if "page" in self.q:
            v = self.q["page"]
            if not re.fullmatch(r"-?\d+", v.strip()):
                self.errors.append(_err("page", MSG_POSITIVE, "datatype_mismatch"))
            elif int(v) < 1:
                self.errors.append(_err("page", MSG_POSITIVE))
            else:
                page = int(v)
        if "per_page" in self.q:
            v = self.q["per_page"]
            if not re.fullmatch(r"-?\d+", v.strip()):
                self.errors.append(_err("per_page", MSG_PER_PAGE, "datatype_mismatch"))
            elif not 1 <= int(v) <= 100:
                self.errors.append(_err("per_page", MSG_PER_PAGE))
            else:
                per_page = int(v)
        return page, per_page


@dataclass
class Ctx:
    sandbox: FreshdeskSandbox
    acct: Account
    role: str  # "admin" | "agent"
    me: int  # the calling agent's id
    params: Params
    raw_path: str
    groups: tuple
    credits: int = 1
    link: str | None = None


def _link(ctx: Ctx, next_page: int) -> str:
    parts, seen = [], False
    for k, v in ctx.params.pairs:
        if k == "page":
            if seen:
                continue
            seen, v = True, str(next_page)
        parts.append(f"{quote(k, safe='_')}={quote(v, safe=':,@*')}")
    if not seen:
        parts.append(f"page={next_page}")
    return f'<{ctx.sandbox.url}{ctx.raw_path}?{"&".join(parts)}>; rel="next"'


def paginate(ctx: Ctx, rows, render=None):
    """Std pagination over an already filtered+ordered sequence (fetch per_page+1 to detect more)."""
    page, per_page = ctx.params.pagination()
    ctx.params.raise_if_errors()
    start = (page - 1) * per_page
    chunk = rows[start : start + per_page + 1]
    if len(chunk) > per_page:
        chunk = chunk[:per_page]
        ctx.link = _link(ctx, page + 1)
    return [render(x) for x in chunk] if render else list(chunk)


def _ordered(rows, key, desc=False):
    """Sort by key (asc or desc) with ties broken by id ascending."""
    rows = sorted(rows, key=lambda r: r["id"] if isinstance(r, dict) else r.id)
    return sorted(rows, key=key, reverse=desc)


def _ts(v: str | None) -> int:
    return parse_iso_utc(v) if v else -1


# --------------------------------------------------------------------------- endpoint handlers
TICKET_LIST_PARAMS = set(
    "filter company_id requester_id email unique_external_id order_by order_type updated_since include".split()
)
CONTACT_LIST_PARAMS = set(
    "email mobile phone company_id state contact_type updated_since _updated_since unique_external_id tag include".split()
)


def h_tickets(ctx: Ctx):
    p, acct = ctx.params, ctx.acct
    p.check_allowed(STD | TICKET_LIST_PARAMS)
    flt = p.enum("filter", ("new_and_my_open", "watching", "spam", "deleted"))
    company_id = p.positive_int("company_id")
    requester_id = p.positive_int("requester_id")
    email = p.get("email")
    ext_id = p.get("unique_external_id")
    order_by = (
        p.enum("order_by", ("created_at", "due_by", "updated_at", "status", "priority")) or "created_at"
    )
    order_type = p.enum("order_type", ("asc", "desc")) or "desc"
    since = p.date("updated_since")
    includes = []
    if "include" in p:
        for inc in p.get("include").split(","):
            if inc not in TICKET_INCLUDES:
                p.errors.append(
                    _err("include", f"It should be one of these values: '{','.join(TICKET_INCLUDES)}'")
                )
                break
            if inc not in includes:
                includes.append(inc)
    page, _ = p.pagination()
    if page > ctx.sandbox.page_limit:
        p.errors.append(_err("page", MSG_TICKET_PAGE))
    p.raise_if_errors()

    default_window = not any(
        k in p
        for k in ("filter", "company_id", "requester_id", "email", "updated_since", "unique_external_id")
    )
    cutoff = now_ts() - 30 * DAY
    requester_ids = None
    if email is not None:
        e = email.lower()
        requester_ids = {c["id"] for c in acct.contacts if (c["email"] or "").lower() == e}
    if ext_id is not None:
        ids = {c["id"] for c in acct.contacts if c["unique_external_id"] == ext_id}
        requester_ids = ids if requester_ids is None else requester_ids & ids
    me, watched = ctx.me, acct.watched_ticket_ids

    def keep(t):
        if flt == "deleted":
            if not t.deleted:
                return False
        elif flt == "spam":
            if not t.spam or t.deleted:
                return False
        elif t.spam or t.deleted:
            return False
        if flt == "new_and_my_open" and not (t.status == 2 and t.responder_id in (None, me)):
            return False
        if flt == "watching" and t.id not in watched:
            return False
        if company_id is not None and t.company_id != company_id:
            return False
        if requester_id is not None and t.requester_id != requester_id:
            return False
        if requester_ids is not None and t.requester_id not in requester_ids:
            return False
        if since is not None and t.updated_at < since:
            return False
        if default_window and t.created_at <= cutoff:
            return False
        return True

    ordered = ctx.sandbox._ticket_order(order_by, order_type)
    rows = [t for t in ordered if keep(t)]
    ctx.credits += 2 * len(includes)
    return paginate(ctx, rows, lambda t: acct.render_ticket(t, includes))


def _ticket_or_404(ctx: Ctx, visible_only=False):
    t = ctx.acct.ticket(int(ctx.groups[0]))
    if t is None or (visible_only and not t.visible):
        raise ApiError(404)
    return t


def h_ticket(ctx: Ctx):
    t = _ticket_or_404(ctx)
    p = ctx.params
    p.check_allowed({"include"})
    includes = []
    if "include" in p:
        for inc in p.get("include").split(","):
            if inc not in VIEW_INCLUDES:
                raise validation_error(
                    [_err("include", f"It should be one of these values: '{','.join(VIEW_INCLUDES)}'")]
                )
            if inc not in includes:
                includes.append(inc)
    ctx.credits += len(includes)
    d = ctx.acct.render_ticket(t, ["description"] + [i for i in includes if i in TICKET_INCLUDES])
    if "conversations" in includes:
        d["conversations"] = _sorted_convs(ctx.acct, t)[:10]
    if "sla_policy" in includes:
        d["sla_policy"] = ctx.acct.sla_policies[0]
    return d


def _sorted_convs(acct, t):
    return sorted(acct.conversations(t), key=lambda c: (c["created_at"], c["id"]))


def h_conversations(ctx: Ctx):
    t = _ticket_or_404(ctx)
    ctx.params.check_allowed(STD)
    return paginate(ctx, _sorted_convs(ctx.acct, t))


def h_ticket_time_entries(ctx: Ctx):
    t = _ticket_or_404(ctx, visible_only=True)
    ctx.params.check_allowed(STD)
    rows = [te for te in ctx.acct.time_entries if te["ticket_id"] == t.id]
    return paginate(ctx, _ordered(rows, lambda r: r["executed_at"], desc=True))


def h_ticket_ratings(ctx: Ctx):
    t = _ticket_or_404(ctx)
    ctx.params.check_allowed(STD)
    rows = [r for r in ctx.acct.ratings if r["ticket_id"] == t.id]
    return paginate(ctx, _ordered(rows, lambda r: r["created_at"], desc=True))


def h_contacts(ctx: Ctx):
    p, acct = ctx.params, ctx.acct
    p.check_allowed(STD | CONTACT_LIST_PARAMS)
    state = p.enum("state", ("blocked", "deleted", "unverified", "verified"))
    ctype = p.enum("contact_type", ("contact", "visitor"))
    company_id = p.positive_int("company_id")
    since1, since2 = p.date("updated_since"), p.date("_updated_since")
    include = p.enum("include", ("company",))
    p.raise_if_errors()
    email, mobile, phone = p.get("email"), p.get("mobile"), p.get("phone")
    ext_id, tag = p.get("unique_external_id"), p.get("tag")

    def keep(c):
        if not acct.contact_state_ok(c, state):
            return False
        if email is not None:
            e = email.lower()
            if (c["email"] or "").lower() != e and e not in [x.lower() for x in c["other_emails"]]:
                return False
        if not _equals(
            c, {"mobile": mobile, "phone": phone, "contact_type": ctype, "unique_external_id": ext_id}
        ):
            return False
        if (
            company_id is not None
            and c["company_id"] != company_id
            and company_id not in [o["company_id"] for o in c["other_companies"]]
        ):
            return False
        for since in (since1, since2):
            if since is not None and parse_iso_utc(c["updated_at"]) < since:
                return False
        if tag is not None and tag not in c["tags"]:
            return False
        return True

    rows = [c for c in ctx.sandbox._contact_order() if keep(c)]

    def render(c):
        if include == "company":
            comp = acct.company_by_id.get(c["company_id"])
            return {**c, "company": {"id": comp["id"], "name": comp["name"]} if comp else None}
        return c

    return paginate(ctx, rows, render)


def h_companies(ctx: Ctx):
    p = ctx.params
    p.check_allowed(STD | {"updated_since"})
    since = p.date("updated_since")
    p.raise_if_errors()
    rows = [c for c in ctx.acct.companies if since is None or parse_iso_utc(c["updated_at"]) >= since]
    return paginate(ctx, _ordered(rows, lambda c: c["name"].casefold()))


def h_agents(ctx: Ctx):
    p = ctx.params
    p.check_allowed(STD | {"email", "mobile", "phone", "state", "type", "group_id", "order_by", "order_type"})
    state = p.enum("state", ("fulltime", "occasional"))
    atype = p.enum("type", ("support_agent", "field_agent", "collaborator"))
    group_id = p.positive_int("group_id")
    order_by = p.enum("order_by", ("name", "last_active_at", "created_at")) or "name"
    order_type = p.enum("order_type", ("asc", "desc")) or "asc"
    p.raise_if_errors()
    email, mobile, phone = p.get("email"), p.get("mobile"), p.get("phone")

    def keep(a):
        c = a["contact"]
        if email is not None and c["email"].lower() != email.lower():
            return False
        occasional = None if state is None else state == "occasional"
        if not _equals(c, {"mobile": mobile, "phone": phone}) or not _equals(
            a, {"occasional": occasional, "type": atype}
        ):
            return False
        if group_id is not None and group_id not in a["group_ids"]:
            return False
        return True

    keyf = {
        "name": lambda a: a["contact"]["name"].casefold(),
        "last_active_at": lambda a: _ts(a["last_active_at"]),
        "created_at": lambda a: _ts(a["created_at"]),
    }[order_by]
    return paginate(ctx, _ordered([a for a in ctx.acct.agents if keep(a)], keyf, order_type == "desc"))


def h_agent_me(ctx: Ctx):
    return ctx.acct.agent_by_id(ctx.me)


def _simple_list(attr, order=None):
    def handler(ctx: Ctx):
        ctx.params.check_allowed(STD)
        rows = getattr(ctx.acct, attr)
        if order:
            rows = _ordered(rows, order)
        return paginate(ctx, rows)

    return handler


def _unpaginated(attr, extra=frozenset()):
    def handler(ctx: Ctx):
        ctx.params.check_allowed(STD | extra)
        return list(getattr(ctx.acct, attr))

    return handler


def _child_list(parent_map_attr, order=None):
    def handler(ctx: Ctx):
        children = getattr(ctx.acct, parent_map_attr).get(int(ctx.groups[0]))
        if children is None:
            raise ApiError(404)
        ctx.params.check_allowed(STD)
        rows = _ordered(children, order) if order else children
        return paginate(ctx, rows)

    return handler


def _by_id(finder):
    def handler(ctx: Ctx):
        oid = int(ctx.groups[0])
        for obj in finder(ctx.acct):
            if obj["id"] == oid:
                return obj
        raise ApiError(404)

    return handler


def h_surveys(ctx: Ctx):
    p = ctx.params
    p.check_allowed(STD | {"state"})
    state = p.enum("state", ("active",))
    p.raise_if_errors()
    rows = [s for s in ctx.acct.surveys if state is None or s["active"]]
    return paginate(ctx, rows)


def h_ratings(ctx: Ctx):
    p = ctx.params
    p.check_allowed(STD | {"created_since", "user_id"})
    since = p.date("created_since")
    user_id = p.positive_int("user_id")
    p.raise_if_errors()
    default_window = "created_since" not in p and "user_id" not in p
    cutoff = now_ts() - 30 * DAY

    def keep(r):
        created = parse_iso_utc(r["created_at"])
        if since is not None and created < since:
            return False
        if user_id is not None and r["user_id"] != user_id:
            return False
        if default_window and created <= cutoff:
            return False
        return True

    rows = [r for r in ctx.acct.ratings if keep(r)]
    return paginate(ctx, _ordered(rows, lambda r: r["created_at"], desc=True))


def h_time_entries(ctx: Ctx):
    p = ctx.params
    p.check_allowed(STD | {"company_id", "agent_id", "executed_after", "executed_before", "billable"})
    company_id, agent_id = p.positive_int("company_id"), p.positive_int("agent_id")
    after, before = p.date("executed_after"), p.date("executed_before")
    billable = p.enum("billable", ("true", "false"))
    p.raise_if_errors()

    wanted = {"company_id": company_id, "agent_id": agent_id, "billable": _flag(billable)}

    def keep(te):
        ex = parse_iso_utc(te["executed_at"])
        in_range = (after is None or ex >= after) and (before is None or ex <= before)
        return in_range and _equals(te, wanted)

    rows = [te for te in ctx.acct.visible_time_entries() if keep(te)]
    return paginate(ctx, _ordered(rows, lambda te: te["executed_at"], desc=True))


def _flag(value: str | None) -> bool | None:
    """A validated "true"/"false" query value as a bool (None when absent)."""
    return None if value is None else value == "true"


def _equals(row: dict, wanted: dict) -> bool:
    """Every filter that was given matches the row's field of the same name."""
    return all(value is None or row[name] == value for name, value in wanted.items())


def h_business_hours(ctx: Ctx):
    ctx.params.check_allowed(STD)
    rows = ctx.acct.business_hours
    if not ctx.sandbox.features.get("multiple_business_hours", True):
        rows = [b for b in rows if b["is_default"]]
    if "page" in ctx.params:
        return paginate(ctx, rows)
    return list(rows)


def h_business_hour(ctx: Ctx):
    oid = int(ctx.groups[0])
    for b in ctx.acct.business_hours:
        if b["id"] == oid:
            if not b["is_default"] and not ctx.sandbox.features.get("multiple_business_hours", True):
                raise ApiError(403, _feature_body("multiple_business_hours"))
            return b
    raise ApiError(404)


def h_canned_folder(ctx: Ctx):
    oid = int(ctx.groups[0])
    for f in ctx.acct.canned_folders:
        if f["id"] == oid:
            return {
                **f,
                "canned_responses": [
                    {"id": r["id"], "title": r["title"]} for r in ctx.acct.canned_responses[oid]
                ],
            }
    raise ApiError(404)


def h_mailboxes(ctx: Ctx):
    p = ctx.params
    p.check_allowed(
        STD | {"support_email", "forward_email", "product_id", "group_id", "active", "order_by", "order_type"}
    )
    product_id, group_id = p.positive_int("product_id"), p.positive_int("group_id")
    active = p.enum("active", ("true", "false"))
    order_by = p.enum("order_by", ("product_id", "group_id"))
    order_type = p.enum("order_type", ("asc", "desc")) or "asc"
    p.raise_if_errors()
    se, fe = p.get("support_email"), p.get("forward_email")

    wanted = {"product_id": product_id, "group_id": group_id, "active": _flag(active)}

    def keep(m):
        emails = (m["support_email"], se), (m["freshdesk_mailbox"]["forward_email"], fe)
        return all(want is None or have.lower() == want.lower() for have, want in emails) and _equals(
            m, wanted
        )

    rows = [m for m in ctx.acct.mailboxes if keep(m)]
    if order_by:
        rows = _ordered(rows, lambda m: m[order_by] or -1, order_type == "desc")
    else:
        rows = sorted(rows, key=lambda m: (not m["default_reply_email"], m["product_id"] or -1, m["id"]))
    return paginate(ctx, rows)


def h_ticket_fields(ctx: Ctx):
    p = ctx.params
    p.check_allowed(STD | {"type"})
    types = sorted(
        {f["type"] for f in ctx.acct.ticket_fields}
        | {"custom_paragraph", "custom_number", "default_internal_agent", "default_internal_group"}
    )
    ftype = p.enum("type", types)
    p.raise_if_errors()
    return [f for f in ctx.acct.ticket_fields if ftype is None or f["type"] == ftype]


def h_settings(ctx: Ctx):
    ctx.params.check_allowed(STD)
    return dict(ctx.acct.settings)


def _feature_body(feature: str) -> dict:
    return {
        "code": "require_feature",
        "message": f"The {FEATURE_NAMES[feature]} feature(s) is/are not supported in your plan. "
        f"Please upgrade your account to use it.",
    }


def _all_children(mapping_attr):
    return lambda acct: [x for rows in getattr(acct, mapping_attr).values() for x in rows]


# (path regex, handler, admin_only, feature)
ROUTES = [
    (r"tickets", h_tickets, False, None),
    (r"tickets/(\d+)", h_ticket, False, None),
    (r"tickets/(\d+)/conversations", h_conversations, False, None),
    (r"tickets/(\d+)/time_entries", h_ticket_time_entries, False, "timesheets"),
    (r"tickets/(\d+)/satisfaction_ratings", h_ticket_ratings, False, "surveys"),
    (r"contacts", h_contacts, False, None),
    (r"contacts/(\d+)", _by_id(lambda a: a.contacts), False, None),
    (r"companies", h_companies, False, None),
    (r"companies/(\d+)", _by_id(lambda a: a.companies), False, None),
    (r"agents", h_agents, True, None),
    (r"agents/me", h_agent_me, False, None),
    (r"agents/(\d+)", _by_id(lambda a: a.agents), True, None),
    (r"groups", _simple_list("groups", lambda g: g["name"].casefold()), True, None),
    (r"groups/(\d+)", _by_id(lambda a: a.groups), True, None),
    (r"roles", _simple_list("roles"), True, None),
    (r"roles/(\d+)", _by_id(lambda a: a.roles), True, None),
    (r"admin/skills", _simple_list("skills", lambda s: s["rank"]), True, None),
    (r"admin/skills/(\d+)", _by_id(lambda a: a.skills), True, None),
    (r"surveys", h_surveys, True, "surveys"),
    (r"surveys/satisfaction_ratings", h_ratings, True, "surveys"),
    (r"time_entries", h_time_entries, False, "timesheets"),
    (r"business_hours", h_business_hours, True, None),
    (r"business_hours/(\d+)", h_business_hour, True, None),
    (r"canned_response_folders", _unpaginated("canned_folders"), False, None),
    (r"canned_response_folders/(\d+)", h_canned_folder, False, None),
    (r"canned_response_folders/(\d+)/responses", _child_list("canned_responses"), False, None),
    (r"canned_responses/(\d+)", _by_id(_all_children("canned_responses")), False, None),
    (r"discussions/categories", _simple_list("forum_categories"), False, "forums"),
    (r"discussions/categories/(\d+)", _by_id(lambda a: a.forum_categories), False, "forums"),
    (r"discussions/categories/(\d+)/forums", _child_list("forums"), False, "forums"),
    (r"discussions/forums/(\d+)", _by_id(_all_children("forums")), False, "forums"),
    (r"discussions/forums/(\d+)/topics", _child_list("topics"), False, "forums"),
    (r"discussions/topics/(\d+)", _by_id(_all_children("topics")), False, "forums"),
    (r"discussions/topics/(\d+)/comments", _child_list("posts"), False, "forums"),
    (r"email_configs", _simple_list("email_configs"), True, None),
    (r"email_configs/(\d+)", _by_id(lambda a: a.email_configs), True, None),
    (r"email/mailboxes", h_mailboxes, True, None),
    (r"email/mailboxes/(\d+)", _by_id(lambda a: a.mailboxes), True, None),
    (r"products", _simple_list("products"), True, "multi_product"),
    (r"products/(\d+)", _by_id(lambda a: a.products), True, "multi_product"),
    (r"scenario_automations", _unpaginated("scenarios"), False, "scenario_automation"),
    (r"settings/helpdesk", h_settings, False, None),
    (r"sla_policies", _simple_list("sla_policies"), True, None),
    (r"solutions/categories", _simple_list("sol_categories"), False, None),
    (r"solutions/categories/(\d+)", _by_id(lambda a: a.sol_categories), False, None),
    (r"solutions/categories/(\d+)/folders", _child_list("sol_folders"), False, None),
    (r"solutions/folders/(\d+)", _by_id(_all_children("sol_folders")), False, None),
    (r"solutions/folders/(\d+)/articles", _child_list("articles"), False, None),
    (r"solutions/articles/(\d+)", _by_id(_all_children("articles")), False, None),
    (r"ticket_fields", h_ticket_fields, False, None),
    (r"admin/ticket_fields", h_ticket_fields, True, None),
    (r"contact_fields", _unpaginated("contact_fields"), True, None),
    (r"company_fields", _unpaginated("company_fields"), True, None),
]
_COMPILED = [(re.compile(rx + r"\Z"), h, admin, feat) for rx, h, admin, feat in ROUTES]


def _route(rel: str):
    for rx, handler, admin_only, feature in _COMPILED:
        m = rx.match(rel)
        if m:
            return m, handler, admin_only, feature
    return None


# --------------------------------------------------------------------------- the sandbox
class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def handle_error(self, request, client_address):  # quiet: clients hanging up is normal
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16  # one write per response (avoids Nagle/delayed-ACK stalls)
    disable_nagle_algorithm = True

    def version_string(self):
        return "nginx"

    timeout = 60  # idle keep-alive connections are closed after this

    def log_message(self, format, *args):  # noqa: A002 - no per-request logging
        pass

    def _go(self):
        self.server.sandbox._handle(self)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _go


class FreshdeskSandbox:
    """Offline emulator of the Freshdesk API v2 read side. See sandbox/README.md."""

    def __init__(
        self,
        scale: str = "small",
        seed: int = 42,
        page_limit: int = 300,
        rate_limit: dict | None = None,
        features: dict | None = None,
        latency: float = 0.0,
        api_key: str = "sandbox-api-key",
        agent_api_key: str = "sandbox-agent-key",
        *,
        port: int = 0,
        now=None,
    ):
        from .data import SCALES

        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}; expected one of {sorted(SCALES)}")
        self.scale, self.seed, self.page_limit = scale, seed, int(page_limit)
        self.latency, self.api_key, self.agent_api_key = float(latency), api_key, agent_api_key
        self.features = {f: True for f in ALL_FEATURES}
        if features is not None:
            if isinstance(features, dict):
                self.features.update({k: bool(v) for k, v in features.items()})
            else:  # an iterable of enabled feature names
                enabled = set(features)
                self.features = {f: f in enabled for f in ALL_FEATURES}
        self.limiter = RateLimiter(rate_limit)
        self.port = port
        # The data set's "now": by default the start of the current UTC day, so every sandbox built the
        # same day with the same (scale, seed) holds identical data, and every timestamp is in the past.
        self.anchor = to_epoch(now) if now is not None else (now_ts() // DAY) * DAY
        self.faults: list[Fault] = []
        self._fault_lock = threading.Lock()
        self._lock = threading.RLock()  # guards the account data and caches
        self._build_lock = threading.Lock()
        self._account: Account | None = None
        self._log: list[dict] = []
        self._log_lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._cache: dict = {}
        self._cache_version = -1

    # ---------------------------------------------------------------- lifecycle
    @property
    def account(self) -> Account:
        """The generated account (built on first use; start() builds it in the background)."""
        if self._account is None:
            with self._build_lock:
                if self._account is None:
                    self._account = Account(self.scale, self.seed, self.anchor)
        return self._account

    def start(self) -> FreshdeskSandbox:
        if self._server is not None:
            return self
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sandbox = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.2},
            name=f"freshdesk-sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        threading.Thread(target=lambda: self.account, name="freshdesk-sandbox-build", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("sandbox not started")
        return f"http://127.0.0.1:{self.port}"

    def connector_config(self, **overrides) -> dict:
        """A source-freshdesk config that points at this sandbox (its `domain` is never called)."""
        return {
            "domain": "sandbox.freshdesk.com",
            "api_key": self.api_key,
            "local_sandbox_url": self.url,
            **overrides,
        }

    # ---------------------------------------------------------------- public helpers
    def mutate(self, seed: int = 1) -> dict:
        acct = self.account
        with self._lock:
            return acct.mutate(seed, now_ts())

    def ground_truth(self, ticket_include=None) -> dict[str, list[dict]]:
        """Every record of every stream, as the list endpoints serve it (deep copies).
        ``ticket_include`` (e.g. "description,requester,stats") renders tickets as with ?include=."""
        if isinstance(ticket_include, str):
            ticket_include = [x for x in ticket_include.split(",") if x]
        acct = self.account
        with self._lock:
            return acct.ground_truth(tuple(ticket_include or ()))

    @property
    def requests(self) -> list[dict]:
        with self._log_lock:
            return [dict(r) for r in self._log]

    def reset_request_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    # ---------------------------------------------------------------- caches (hold self._lock)
    def _cached(self, key, build):
        acct = self.account
        if self._cache_version != acct.version:
            self._cache, self._cache_version = {}, acct.version
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def _ticket_order(self, order_by: str, order_type: str):
        def build():
            tickets = self.account.tickets  # already in id order
            if order_by in ("created_at", "updated_at", "status", "priority"):
                keyf = {
                    "created_at": lambda t: t.created_at,
                    "updated_at": lambda t: t.updated_at,
                    "status": lambda t: t.status,
                    "priority": lambda t: t.priority,
                }[order_by]
            else:
                keyf = lambda t: t.due_by if t.due_by is not None else -1  # noqa: E731 (nulls first asc)
            return sorted(tickets, key=keyf, reverse=order_type == "desc")

        return self._cached(("tickets", order_by, order_type), build)

    def _contact_order(self):
        return self._cached(
            ("contacts",),
            lambda: sorted(self.account.contacts, key=lambda c: (c["name"].casefold(), c["id"])),
        )

    # ---------------------------------------------------------------- request handling
    def _take_fault(self, method, path, qs) -> Fault | None:
        with self._fault_lock:
            for f in list(self.faults):
                if f.matches(method, path, qs):
                    if f.let_through < f.after:
                        f.let_through += 1
                        continue
                    f.served += 1
                    if f.times is not None and f.served >= f.times:
                        try:
                            self.faults.remove(f)
                        except ValueError:
                            pass
                    return f
        return None

    def _record(self, method, path, pairs, status):
        with self._log_lock:
            self._log.append(
                {"method": method, "path": path, "query": dict(pairs), "status": status, "time": time.time()}
            )

    def _handle(self, h: BaseHTTPRequestHandler):
        method = h.command
        raw_path, _, qs = h.path.partition("?")
        length = int(h.headers.get("Content-Length") or 0)
        if length:
            h.rfile.read(length)
        pairs = parse_qsl(qs, keep_blank_values=True, errors="replace")
        fault = self._take_fault(method, raw_path, qs)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status == "drop":
                self._record(method, raw_path, pairs, "drop")
                h.close_connection = True
                try:
                    h.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            status = int(fault.status)
            body = fault.body
            headers = {"Content-Type": "application/json; charset=utf-8"}
            if body is None:
                if status == 429:
                    body = {"message": MSG_RATE}
                elif status == 500:
                    body = {"message": MSG_500}
                elif status in (502, 503, 504):
                    body = f"<html><body><h1>{status} Service unavailable</h1></body></html>"
                    headers["Content-Type"] = "text/html"
                else:
                    body = b""
            if status == 429 and not any(k.lower() == "retry-after" for k in (fault.headers or {})):
                headers["Retry-After"] = "1"
            headers.update(fault.headers or {})
            self._record(method, raw_path, pairs, status)
            self._send(h, status, body, headers, method)
            return
        status, body, headers = self._dispatch(method, raw_path, qs, pairs, h.headers)
        self._record(method, raw_path, pairs, status)
        if self.latency:
            time.sleep(self.latency)
        self._send(h, status, body, headers, method)

    def _send(self, h, status, body, headers, method):
        if isinstance(body, (dict, list)):
            data = _json(body)
        elif isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = body or b""
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            if method != "HEAD" and data:
                h.wfile.write(data)
        except OSError:
            h.close_connection = True

    def _dispatch(self, method, raw_path, qs, pairs, req_headers):
        json_ct = {"Content-Type": "application/json; charset=utf-8"}
        version = {"X-Freshdesk-API-Version": "latest=v2; requested=v2"}
        if raw_path.startswith("/api/v2/"):
            rel = raw_path[len("/api/v2/") :]
        elif raw_path.startswith("/api/"):
            rel = raw_path[len("/api/") :]
        else:
            return 404, b"", {}
        rel = rel.rstrip("/")
        if rel.endswith(".json"):
            rel = rel[:-5]

        buckets = ["total"]
        if method == "GET" and rel == "tickets":
            buckets.append("tickets_list")
        elif method == "GET" and rel == "contacts":
            buckets.append("contacts_list")
        retry = self.limiter.hit(buckets)
        if retry is not None:
            return 429, {"message": MSG_RATE}, {**json_ct, "Retry-After": str(retry), **version}

        def finish(status, body, extra=None, credits=1):
            self.limiter.add(buckets, credits - 1)
            headers = dict(json_ct) if body not in (b"", None) else {}
            headers.update(self.limiter.headers(credits))
            if status != 404:
                headers.update(version)
            headers.update(extra or {})
            return status, (b"" if body is None else body), headers

        if BAD_PERCENT.search(qs):
            return finish(400, {"code": "invalid_encoding", "message": "Invalid %-encoding in query string"})
        accept = req_headers.get("Accept")
        if accept and not ACCEPT_OK.search(accept):
            return finish(
                406,
                {
                    "code": "invalid_accept_header",
                    "message": f"Accept header is set to {accept}. It should have application/json or */*",
                },
            )
        role = self._auth(req_headers.get("Authorization"))
        if role is None:
            return finish(401, BODY_401)

        route = _route(rel)
        if route is None:
            return finish(404, None)
        m, handler, admin_only, feature = route
        if method != "GET":
            return finish(
                405,
                {"message": f"{method} method is not allowed. It should be one of these method(s): GET"},
                {"Allow": "GET"},
            )
        if feature and not self.features.get(feature, True):
            return finish(403, _feature_body(feature))
        if admin_only and role != "admin":
            return finish(403, BODY_403)

        acct = self.account
        ctx = Ctx(
            sandbox=self,
            acct=acct,
            role=role,
            me=acct.admin_agent_id if role == "admin" else acct.plain_agent_id,
            params=Params(pairs),
            raw_path=raw_path,
            groups=m.groups(),
        )
        try:
            with self._lock:
                result = handler(ctx)
                body = _json(result)
        except ApiError as e:
            return finish(e.status, e.body, e.headers)
        except Exception:  # pragma: no cover - a sandbox bug should look like a server error
            import traceback

            traceback.print_exc()
            return finish(500, {"message": MSG_500})
        extra = {"Link": ctx.link} if ctx.link else None
        return finish(200, body, extra, ctx.credits)

    def _auth(self, header: str | None) -> str | None:
        if not header or not header.lower().startswith("basic "):
            return None
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=False).decode("utf-8", "replace")
        except (ValueError, TypeError):
            return None
        user = decoded.split(":", 1)[0]
        if "@" in user:
            return None  # email + password logins are not supported by the sandbox
        if user == self.api_key:
            return "admin"
        if user == self.agent_api_key:
            return "agent"
        return None
