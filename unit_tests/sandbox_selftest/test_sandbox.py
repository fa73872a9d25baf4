"""Self-test of the offline Freshdesk sandbox (sandbox/). Talks to it over loopback only."""

from __future__ import annotations

import calendar
import time

import pytest
import requests

from sandbox import Account, Fault, FreshdeskSandbox

API = "/api/v2/"
ANCHOR = "2024-06-01T00:00:00Z"


def iso_to_ts(s: str) -> int:
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def ts_to_iso(ts: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def session(key: str) -> requests.Session:
    s = requests.Session()
    s.auth = (key, "X")
    return s


@pytest.fixture(scope="module")
def sb():
    with FreshdeskSandbox(scale="small", seed=42) as box:
        yield box


@pytest.fixture(scope="module")
def gt(sb):
    return sb.ground_truth()


@pytest.fixture()
def api(sb):
    s = session(sb.api_key)
    base = sb.url + API

    def get(path, params=None, **kw):
        return s.get(base + path, params=params, timeout=10, **kw)

    get.session = s
    return get


def fetch_all(get, path, params=None):
    """Follow Link headers; returns (records, number of requests)."""
    params = dict(params or {})
    r = get(path, params)
    assert r.status_code == 200, r.text
    out, n = list(r.json()), 1
    while "Link" in r.headers:
        url = r.headers["Link"].split(">")[0].lstrip("<")
        r = get.session.get(url, timeout=10)
        assert r.status_code == 200, r.text
        out.extend(r.json())
        n += 1
    return out, n


# --------------------------------------------------------------------------- auth / permissions / features
def test_auth_401(sb):
    for auth in [None, ("wrong-key", "X"), ("someone@example.com", "secret")]:
        r = requests.get(sb.url + API + "tickets", auth=auth, timeout=10)
        assert r.status_code == 401
        assert r.json() == {
            "code": "invalid_credentials",
            "message": "You have to be logged in to perform this action.",
        }
        assert r.headers["X-Freshdesk-API-Version"] == "latest=v2; requested=v2"


def test_agent_key_403_on_admin_resources(sb):
    agent = session(sb.agent_api_key)
    for path in [
        "agents",
        "roles",
        "groups",
        "surveys",
        "surveys/satisfaction_ratings",
        "sla_policies",
        "business_hours",
        "products",
        "email_configs",
        "email/mailboxes",
        "admin/skills",
        "contact_fields",
        "company_fields",
    ]:
        r = agent.get(sb.url + API + path, timeout=10)
        assert r.status_code == 403, path
        assert r.json() == {
            "code": "access_denied",
            "message": "You are not authorized to perform this action.",
        }
    for path in ["tickets", "contacts", "companies", "ticket_fields", "agents/me", "settings/helpdesk"]:
        assert agent.get(sb.url + API + path, timeout=10).status_code == 200, path
    assert session(sb.api_key).get(sb.url + API + "agents", timeout=10).status_code == 200


def test_require_feature_403():
    with FreshdeskSandbox(features={"surveys": False, "timesheets": False, "forums": False}) as box:
        s = session(box.api_key)
        expected = {
            "surveys": "Surveys",
            "surveys/satisfaction_ratings": "Surveys",
            "time_entries": "Timesheets",
            "tickets/1/time_entries": "Timesheets",
            "discussions/categories": "Forums",
        }
        for path, name in expected.items():
            r = s.get(box.url + API + path, timeout=10)
            assert r.status_code == 403
            assert r.json() == {
                "code": "require_feature",
                "message": f"The {name} feature(s) is/are not supported in your plan. "
                f"Please upgrade your account to use it.",
            }
        assert s.get(box.url + API + "products", timeout=10).status_code == 200


def test_accept_404_405_unknown_param(sb, api):
    r = api("tickets", headers={"Accept": "text/html"})
    assert r.status_code == 406 and r.json()["code"] == "invalid_accept_header"
    assert api("tickets", headers={"Accept": "application/json"}).status_code == 200
    r = api("no_such_thing")
    assert r.status_code == 404 and r.content == b"" and "X-Freshdesk-API-Version" not in r.headers
    r = api("skills")  # only /admin/skills exists
    assert r.status_code == 404 and r.content == b""
    assert api("admin/skills").status_code == 200
    assert api("tickets/999999").status_code == 404
    r = session(sb.api_key).post(sb.url + API + "tickets", json={}, timeout=10)
    assert r.status_code == 405 and r.headers["Allow"] == "GET" and "message" in r.json()
    r = api("companies", {"updated_since": "2020-01-01", "letter": "A", "foo": "1"})
    assert r.status_code == 400
    assert r.json() == {
        "description": "Validation failed",
        "errors": [
            {"field": "letter", "message": "Unexpected/invalid field in request", "code": "invalid_field"},
            {"field": "foo", "message": "Unexpected/invalid field in request", "code": "invalid_field"},
        ],
    }
    r = api("tickets", {"order_type": "sideways"})
    assert (
        r.status_code == 400
        and r.json()["errors"][0]["message"] == "It should be one of these values: 'asc,desc'"
    )


# --------------------------------------------------------------------------- pagination
def test_pagination_link_header(sb, api, gt):
    r = api("companies", {"per_page": 5})
    assert r.status_code == 200 and len(r.json()) == 5
    assert r.headers["Link"] == f'<{sb.url}/api/v2/companies?per_page=5&page=2>; rel="next"'
    r2 = api("companies", {"page": 2, "per_page": 5})  # the full last page (10 companies) has no Link
    assert len(r2.json()) == 5 and "Link" not in r2.headers
    assert api("companies", {"page": 3, "per_page": 5}).json() == []
    names = [c["name"].casefold() for c in r.json() + r2.json()]
    assert names == sorted(names) and len(set(c["id"] for c in r.json() + r2.json())) == 10
    # an existing page param keeps its position; other params are carried over
    r = api("contacts", {"page": 1, "per_page": 7, "state": "verified"})
    assert r.headers["Link"] == f'<{sb.url}/api/v2/contacts?page=2&per_page=7&state=verified>; rel="next"'
    # default per_page is 30; following Links returns every visible contact exactly once
    r = api("contacts")
    assert len(r.json()) == 30
    records, n = fetch_all(api, "contacts")
    expected = [c for c in gt["contacts"] if not c.get("deleted")]
    assert n >= 2 and len(records) == len({c["id"] for c in records})
    assert {c["id"] for c in records} < {c["id"] for c in expected}  # blocked ones are missing too


def test_per_page_and_page_validation(api):
    r = api("tickets", {"per_page": 101})
    assert r.status_code == 400
    assert r.json() == {
        "description": "Validation failed",
        "errors": [
            {
                "field": "per_page",
                "message": "It should be a Positive Integer less than or equal to 100",
                "code": "invalid_value",
            }
        ],
    }
    assert api("contacts", {"per_page": "abc"}).json()["errors"][0]["code"] == "datatype_mismatch"
    assert api("agents", {"page": 0}).json()["errors"][0]["code"] == "invalid_value"
    assert api("tickets", {"per_page": 100}).status_code == 200


def test_ticket_page_limit_400():
    with FreshdeskSandbox(scale="small", page_limit=5) as box:
        s = session(box.api_key)
        q = {"updated_since": "2000-01-01T00:00:00Z", "per_page": 2}
        assert s.get(box.url + API + "tickets", params={**q, "page": 5}, timeout=10).status_code == 200
        r = s.get(box.url + API + "tickets", params={**q, "page": 6}, timeout=10)
        assert r.status_code == 400
        assert r.text == (
            '{"description":"Validation failed","errors":[{"field":"page","message":"You cannot '
            'access tickets beyond the 300th page. Please provide a smaller page number.",'
            '"code":"invalid_value"}]}'
        )
        # other lists have no page cap
        assert s.get(box.url + API + "contacts", params={"page": 50}, timeout=10).json() == []


def test_unpaginated_endpoints(api, gt):
    assert len(api("ticket_fields", {"per_page": 1, "page": 3}).json()) == len(gt["ticket_fields"]) >= 15
    assert api("ticket_fields", {"type": "custom_dropdown"}).json()[0]["name"] == "cf_region"
    assert len(api("scenario_automations", {"per_page": 1}).json()) == len(gt["scenario_automations"])
    assert len(api("canned_response_folders", {"per_page": 1}).json()) == 2
    assert len(api("business_hours", {"per_page": 1}).json()) == len(gt["business_hours"])
    r = api("business_hours", {"page": 1, "per_page": 1})
    assert len(r.json()) == 1 and "Link" in r.headers
    settings = api("settings/helpdesk").json()
    assert isinstance(settings, dict) and settings["primary_language"] == "en"


# --------------------------------------------------------------------------- tickets
def test_tickets_default_window_vs_updated_since(api, gt):
    r = api("tickets", {"per_page": 100})
    assert r.status_code == 200 and "Link" not in r.headers
    default = r.json()
    now = int(time.time())
    visible = [t for t in gt["tickets"] if not t["spam"] and not t.get("deleted")]
    recent = [t for t in visible if iso_to_ts(t["created_at"]) > now - 30 * 86400 + 60]
    assert all(iso_to_ts(t["created_at"]) > now - 30 * 86400 - 60 for t in default)
    assert {t["id"] for t in recent} <= {t["id"] for t in default}
    assert 0 < len(default) < len(visible) / 2  # most tickets are older than 30 days
    created = [t["created_at"] for t in default]
    assert created == sorted(created, reverse=True)  # created_at desc
    everything, _ = fetch_all(api, "tickets", {"updated_since": "2000-01-01", "per_page": 100})
    assert sorted(t["id"] for t in everything) == sorted(t["id"] for t in visible)
    # requester_id also lifts the window
    old = min(visible, key=lambda t: t["created_at"])
    r = api("tickets", {"requester_id": old["requester_id"], "per_page": 100})
    assert old["id"] in {t["id"] for t in r.json()}


def test_tickets_updated_since_inclusive_and_order(api, gt):
    visible = [t for t in gt["tickets"] if not t["spam"] and not t.get("deleted")]
    target = sorted(visible, key=lambda t: t["updated_at"])[len(visible) // 2]
    T = target["updated_at"]
    q = {"order_by": "updated_at", "order_type": "asc", "per_page": 100}
    got, _ = fetch_all(api, "tickets", {**q, "updated_since": T})
    assert target["id"] in {t["id"] for t in got}
    assert {t["id"] for t in got} == {t["id"] for t in visible if t["updated_at"] >= T}
    keys = [(t["updated_at"], t["id"]) for t in got]
    assert keys == sorted(keys)  # asc, ties by id
    later = ts_to_iso(iso_to_ts(T) + 1)
    assert target["id"] not in {t["id"] for t in fetch_all(api, "tickets", {**q, "updated_since": later})[0]}
    # other accepted ISO shapes; an offset must be URL-encoded (requests does that)
    same = ts_to_iso(iso_to_ts(T) + 5 * 3600)
    offset = same[:-1] + "+05:00"
    assert {t["id"] for t in fetch_all(api, "tickets", {**q, "updated_since": offset})[0]} == {
        t["id"] for t in got
    }
    assert api("tickets", {"updated_since": T[:10]}).status_code == 200
    r = api("tickets", {"updated_since": "01/02/2024"})
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "updated_since",
        "code": "invalid_value",
        "message": "It should be a valid date in the 'combined date and time ISO8601' format",
    }


def test_tickets_spam_deleted_filters(api, gt):
    spam = {t["id"] for t in gt["tickets"] if t["spam"] and not t.get("deleted")}
    deleted = {t["id"] for t in gt["tickets"] if t.get("deleted")}
    assert spam and deleted
    got_spam = api("tickets", {"filter": "spam", "per_page": 100}).json()
    got_deleted = api("tickets", {"filter": "deleted", "per_page": 100}).json()
    assert {t["id"] for t in got_spam} == spam
    assert {t["id"] for t in got_deleted} == deleted
    assert all(t["deleted"] is True for t in got_deleted)
    assert all("deleted" not in t for t in got_spam)
    everything, _ = fetch_all(api, "tickets", {"updated_since": "2000-01-01", "per_page": 100})
    assert not ({t["id"] for t in everything} & (spam | deleted))
    # per-ticket time entries 404 for spam/deleted tickets; conversations 404 for a missing ticket
    assert api(f"tickets/{next(iter(deleted))}/time_entries").status_code == 404
    assert api(f"tickets/{next(iter(spam))}/time_entries").status_code == 404
    r = api("tickets/99999/conversations")
    assert r.status_code == 404 and r.content == b""


def test_tickets_include_credits_and_conversations(api, gt):
    r = api("tickets", {"include": "description,requester,stats", "per_page": 3})
    assert r.headers["X-RateLimit-Used-CurrentRequest"] == "7"
    t = r.json()[0]
    assert {"description", "description_text", "requester", "stats"} <= set(t)
    assert api("tickets").headers["X-RateLimit-Used-CurrentRequest"] == "1"
    with_convs = [t for t in gt["tickets"] if any(c["ticket_id"] == t["id"] for c in gt["conversations"])]
    tid = with_convs[0]["id"]
    convs = api(f"tickets/{tid}/conversations").json()
    assert convs and [c["created_at"] for c in convs] == sorted(c["created_at"] for c in convs)
    assert convs == [c for c in gt["conversations"] if c["ticket_id"] == tid]


# --------------------------------------------------------------------------- contacts / other lists
def test_contacts_order_and_states(api, gt):
    default, _ = fetch_all(api, "contacts", {"per_page": 100})
    keys = [(c["name"].casefold(), c["id"]) for c in default]
    assert keys == sorted(keys)
    names = [c["name"] for c in gt["contacts"]]
    assert len(names) != len(set(names))  # namesakes exist
    deleted = {c["id"] for c in gt["contacts"] if c.get("deleted")}
    got_deleted = {c["id"] for c in api("contacts", {"state": "deleted", "per_page": 100}).json()}
    assert deleted and got_deleted == deleted
    blocked = {c["id"] for c in api("contacts", {"state": "blocked", "per_page": 100}).json()}
    default_ids = {c["id"] for c in default}
    assert blocked and not blocked & default_ids and not blocked & deleted
    assert default_ids | blocked | deleted == {c["id"] for c in gt["contacts"]}
    verified = {c["id"] for c in api("contacts", {"state": "verified", "per_page": 100}).json()}
    unverified = {c["id"] for c in api("contacts", {"state": "unverified", "per_page": 100}).json()}
    assert verified | unverified == default_ids and not verified & unverified
    assert all(c["active"] for c in default if c["id"] in verified)
    assert api("contacts", {"state": "gone"}).status_code == 400


def test_contacts_both_updated_since_spellings(api, gt):
    visible = [c for c in gt["contacts"] if not c.get("deleted")]
    T = sorted(c["updated_at"] for c in visible)[len(visible) // 2]
    a = {c["id"] for c in fetch_all(api, "contacts", {"updated_since": T, "per_page": 100})[0]}
    b = {c["id"] for c in fetch_all(api, "contacts", {"_updated_since": T, "per_page": 100})[0]}
    assert a == b and a
    assert any(c["updated_at"] == T for c in gt["contacts"] if c["id"] in a)  # inclusive
    assert all(c["updated_at"] >= T for c in gt["contacts"] if c["id"] in a)
    assert api("contacts", {"_updated_since": "nope"}).status_code == 400


def test_ratings_and_time_entries_filters(api, gt):
    now = int(time.time())
    default = api("surveys/satisfaction_ratings", {"per_page": 100}).json()
    assert default and len(default) < len(gt["satisfaction_ratings"])
    assert all(iso_to_ts(r["created_at"]) > now - 31 * 86400 for r in default)
    assert [r["created_at"] for r in default] == sorted((r["created_at"] for r in default), reverse=True)
    T = sorted(r["created_at"] for r in gt["satisfaction_ratings"])[3]
    got = api("surveys/satisfaction_ratings", {"created_since": T, "per_page": 100}).json()
    assert {r["id"] for r in got} == {r["id"] for r in gt["satisfaction_ratings"] if r["created_at"] >= T}
    entries = gt["time_entries"]
    lo, hi = sorted(e["executed_at"] for e in entries)[5], sorted(e["executed_at"] for e in entries)[-5]
    got = api("time_entries", {"executed_after": lo, "executed_before": hi, "per_page": 100}).json()
    assert {e["id"] for e in got} == {e["id"] for e in entries if lo <= e["executed_at"] <= hi}
    assert [e["executed_at"] for e in got] == sorted((e["executed_at"] for e in got), reverse=True)
    assert api("time_entries", {"billable": "maybe"}).status_code == 400


def test_child_streams_match_ground_truth(api, gt):
    folders = api("canned_response_folders").json()
    responses = [r for f in folders for r in api(f"canned_response_folders/{f['id']}/responses").json()]
    assert responses == gt["canned_responses"]
    cats = api("solutions/categories").json()
    sol_folders = [f for c in cats for f in api(f"solutions/categories/{c['id']}/folders").json()]
    arts = [a for f in sol_folders for a in api(f"solutions/folders/{f['id']}/articles").json()]
    assert sol_folders == gt["solution_folders"] and arts == gt["solution_articles"]
    forums = [
        f
        for c in api("discussions/categories").json()
        for f in api(f"discussions/categories/{c['id']}/forums").json()
    ]
    topics = [t for f in forums for t in api(f"discussions/forums/{f['id']}/topics").json()]
    comments = [c for t in topics for c in api(f"discussions/topics/{t['id']}/comments").json()]
    assert forums == gt["discussion_forums"] and topics == gt["discussion_topics"]
    assert comments == gt["discussion_comments"]
    assert all(t["id"] > 2**32 for t in topics) and all(isinstance(t["id"], int) for t in topics)


# --------------------------------------------------------------------------- rate limit / faults
def test_rate_limit_429():
    with FreshdeskSandbox(rate_limit={"total": 4, "tickets_list": 2}) as box:
        s = session(box.api_key)
        seen = []
        for _ in range(12):  # a minute boundary may reset the window once; 12 calls still overflow
            r = s.get(box.url + API + "groups", timeout=10)
            seen.append(r)
            if r.status_code == 429:
                break
        first_ok, limited = seen[0], seen[-1]
        assert first_ok.status_code == 200 and first_ok.headers["X-RateLimit-Total"] == "4"
        assert int(first_ok.headers["X-RateLimit-Remaining"]) <= 3
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        assert "message" in limited.json()
        assert not [h for h in limited.headers if h.lower().startswith("x-ratelimit")]
    with FreshdeskSandbox(rate_limit={"tickets_list": 2}) as box:
        s = session(box.api_key)
        codes = [s.get(box.url + API + "tickets", timeout=10).status_code for _ in range(7)]
        assert 429 in codes
        assert s.get(box.url + API + "contacts", timeout=10).status_code == 200
    with FreshdeskSandbox() as box:  # unlimited still sends the headers, with a large Total
        r = session(box.api_key).get(box.url + API + "tickets", timeout=10)
        assert int(r.headers["X-RateLimit-Total"]) >= 100_000 and "X-RateLimit-Remaining" in r.headers


def test_fault_injection(sb, api):
    sb.reset_request_log()
    sb.faults.append(Fault(path_regex=r"/api/v2/agents", status=500, times=2))
    assert [api("agents").status_code for _ in range(3)] == [500, 500, 200]
    sb.faults.append(Fault(path_regex=r"/api/v2/groups", status=429, times=1, headers={"Retry-After": "1"}))
    r = api("groups")
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    assert api("groups").status_code == 200
    sb.faults.append(Fault(path_regex=r"/api/v2/roles", status="drop", times=1))
    with pytest.raises(requests.ConnectionError):
        requests.get(sb.url + API + "roles", auth=(sb.api_key, "X"), timeout=10)
    assert api("roles").status_code == 200
    log = sb.requests
    assert [e["status"] for e in log] == [500, 500, 200, 429, 200, "drop", 200]
    assert log[0]["path"] == "/api/v2/agents" and log[0]["method"] == "GET" and "time" in log[0]
    assert not sb.faults


# --------------------------------------------------------------------------- mutation / ground truth
def test_mutate_visible_via_api_and_ground_truth():
    with FreshdeskSandbox(scale="small", seed=7) as box:
        s = session(box.api_key)

        def get(path, **params):
            r = s.get(box.url + API + path, params=params, timeout=10)
            assert r.status_code == 200, r.text
            return r.json()

        before = int(time.time())
        m = box.mutate(seed=1)
        stamp = m["timestamp"]
        assert before - 1 <= iso_to_ts(stamp) <= int(time.time()) + 1
        assert (
            m["tickets_updated"] and m["tickets_deleted"] and m["tickets_spam"] and m["conversations_added"]
        )
        changed = get("tickets", updated_since=stamp, order_by="updated_at", order_type="asc", per_page=100)
        ids = {t["id"] for t in changed}
        assert set(m["tickets_updated"]) | set(m["conversation_ticket_ids"]) <= ids
        assert not ids & (set(m["tickets_deleted"]) | set(m["tickets_spam"]))
        assert all(t["updated_at"] == stamp for t in changed)
        deleted = get("tickets", filter="deleted", updated_since=stamp, per_page=100)
        assert {t["id"] for t in deleted} == set(m["tickets_deleted"])
        assert {t["id"] for t in get("tickets", filter="spam", updated_since=stamp)} == set(m["tickets_spam"])
        tid = m["conversation_ticket_ids"][0]
        assert m["conversations_added"][0] in {
            c["id"] for c in get(f"tickets/{tid}/conversations", per_page=100)
        }
        fresh = {c["id"] for c in get("contacts", _updated_since=stamp, per_page=100)}
        assert set(m["contacts_added"]) | set(m["contacts_updated"]) <= fresh
        assert set(m["contacts_deleted"]) <= {c["id"] for c in get("contacts", state="deleted", per_page=100)}
        assert set(m["contacts_blocked"]) <= {c["id"] for c in get("contacts", state="blocked", per_page=100)}
        assert m["time_entries_added"][0] in {e["id"] for e in get("time_entries", executed_after=stamp)}
        assert m["satisfaction_ratings_added"][0] in {
            r["id"] for r in get("surveys/satisfaction_ratings", created_since=stamp)
        }
        assert m["companies_updated"][0] in {c["id"] for c in get("companies", updated_since=stamp)}

        gt = box.ground_truth()
        by_id = {t["id"]: t for t in gt["tickets"]}
        assert all(
            by_id[i].get("deleted") is True and by_id[i]["updated_at"] == stamp for i in m["tickets_deleted"]
        )
        assert all(by_id[i]["spam"] is True for i in m["tickets_spam"])
        assert set(m["conversations_added"]) <= {c["id"] for c in gt["conversations"]}
        contacts = {c["id"]: c for c in gt["contacts"]}
        assert all(contacts[i].get("deleted") is True for i in m["contacts_deleted"])
        assert set(m["contacts_added"]) <= set(contacts)
        m2 = box.mutate(seed=2)
        assert m2["tickets_updated"] != m["tickets_updated"] or m2["contacts_added"] != m["contacts_added"]


def test_determinism():
    a = FreshdeskSandbox(scale="small", seed=42, now=ANCHOR).ground_truth()
    b = FreshdeskSandbox(scale="small", seed=42, now=ANCHOR).ground_truth()
    c = FreshdeskSandbox(scale="small", seed=43, now=ANCHOR).ground_truth()
    assert a == b
    assert a["tickets"] != c["tickets"]
    assert len(a["tickets"]) in range(100, 140) and len(a["contacts"]) in range(50, 70)
    assert len(a["companies"]) == 10 and len(a["agents"]) == 5 and len(a["groups"]) == 3
    anchor = iso_to_ts(ANCHOR)
    for t in a["tickets"]:
        assert iso_to_ts(t["created_at"]) <= iso_to_ts(t["updated_at"]) <= anchor
    old = [t for t in a["tickets"] if iso_to_ts(t["created_at"]) < anchor - 30 * 86400]
    assert len(old) > len(a["tickets"]) * 0.7
    assert any(not c["name"].isascii() for c in a["contacts"])
    # default "now" is the start of the current UTC day, so same-day sandboxes agree as well
    d1 = FreshdeskSandbox(scale="small", seed=5).ground_truth()["tickets"][:5]
    d2 = FreshdeskSandbox(scale="small", seed=5).ground_truth()["tickets"][:5]
    assert d1 == d2 or time.gmtime().tm_hour == 0


def _block_around(tickets, position):
    visible = sorted((t for t in tickets if t.visible), key=lambda t: (t.updated_at, t.id))
    stamp = visible[position].updated_at
    idx = [i for i, t in enumerate(visible) if t.updated_at == stamp]
    return visible, idx


def test_large_scale_same_second_block_straddles_30000():
    acct = Account("large", 42, iso_to_ts(ANCHOR))
    visible, idx = _block_around(acct.tickets, 29_999)
    assert len(visible) > 30_000
    assert len(idx) >= 2_000
    assert idx[0] < 29_999 and idx[-1] >= 30_000  # rows 30,000 and 30,001 (1-based) share the second
    assert idx == list(range(idx[0], idx[-1] + 1))


def test_medium_scale_same_second_block_straddles_500():
    acct = Account("medium", 42, iso_to_ts(ANCHOR))
    visible, idx = _block_around(acct.tickets, 499)
    assert len(idx) >= 120 and idx[0] < 499 and idx[-1] >= 500
    assert 650 <= len(acct.tickets) <= 750
