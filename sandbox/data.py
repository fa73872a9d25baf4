"""Deterministic fake Freshdesk account: generation, rendering, mutation, ground truth.

Design notes
------------
* Everything is derived from ``(scale, seed, anchor)``. ``anchor`` is the "now" of the data set: no
  generated timestamp is later than it (``due_by`` deadlines excepted). By default the sandbox uses the
  start of the current UTC day, so two sandboxes built on the same day hold identical data.
* Tickets are kept as compact ``TicketCore`` objects (the fields the API filters/sorts on and the
  mutable ones). Their cosmetic fields (subject, description, tags, custom fields, stats...) and their
  generated conversations are re-derived on demand from a per-ticket seeded RNG, so even the "large"
  account (34,000 tickets) builds in a fraction of a second and stays small in memory.
* Every other resource is small and held as ready-to-serve dicts.
* Nothing in here is thread-safe; the HTTP layer holds one lock around every use.
"""

from __future__ import annotations

import copy
import hashlib
import html
import random
import re

from . import pools
from .timeutil import DAY, iso, iso_date

HOUR = 3600

_SCALE_FIELDS = (
    "tickets contacts companies agents groups ratings time_entries max_conv spam deleted recent block span_days"
).split()
SCALES = {
    name: dict(zip(_SCALE_FIELDS, row, strict=True))
    for name, row in {
        "small": (124, 60, 10, 5, 3, 20, 30, 4, 4, 4, 0.18, (40, 46), 730),
        "medium": (720, 250, 40, 10, 5, 100, 150, 3, 15, 15, 0.15, (430, 580), 300),
        "large": (34000, 3000, 200, 25, 10, 1500, 2000, 1, 700, 700, 0.12, (28900, 31100), 300),
    }.items()
}
# ``block=(lo, hi)``: the visible tickets at positions lo..hi (0-based, inclusive) of the
# updated_at-ascending order all share one updated_at second. For "large" this straddles position 30,000
# (the page-300 boundary at per_page=100); for "medium" it straddles 500 (page 5 at per_page=100).
# ``span_days``: how far back tickets were created (default 730). Medium and large fit within one
# year, so a connector reading yearly slices meets the block inside a single slice.

ID_BASES = {
    "user": 67_000_000_000,
    "company": 67_001_000_000,
    "group": 67_002_000_000,
    "role": 67_003_000_000,
    "skill": 67_004_000_000,
    "survey": 67_005_000_000,
    "rating": 67_006_000_000,
    "time_entry": 67_007_000_000,
    "business_hour": 67_008_000_000,
    "canned_folder": 67_009_000_000,
    "canned_response": 67_010_000_000,
    "forum_category": 67_011_000_000,
    "forum": 67_012_000_000,
    "topic": 67_013_000_000,
    "post": 67_014_000_000,
    "email_config": 67_015_000_000,
    "mailbox": 67_016_000_000,
    "product": 67_017_000_000,
    "scenario": 67_018_000_000,
    "sla": 67_019_000_000,
    "sol_category": 67_020_000_000,
    "sol_folder": 67_021_000_000,
    "article": 67_022_000_000,
    "ticket_field": 67_023_000_000,
    "contact_field": 67_024_000_000,
    "company_field": 67_025_000_000,
    "question": 67_026_000_000,
    "attachment": 67_027_000_000,
    "new_conversation": 67_200_000_000,
}
# Generated conversations get ids CONV_BASE + ticket_id * 100 + k (derivable without enumeration);
# conversations added by mutate() come from the "new_conversation" counter (monotonic over time).
CONV_BASE = 67_100_000_000

HELPDESK_DOMAIN = "acme-sandbox.freshdesk.com"
STREAMS = [
    "agents",
    "companies",
    "contacts",
    "conversations",
    "groups",
    "roles",
    "satisfaction_ratings",
    "skills",
    "surveys",
    "tickets",
    "time_entries",
    "business_hours",
    "canned_response_folders",
    "canned_responses",
    "discussion_categories",
    "discussion_forums",
    "discussion_topics",
    "discussion_comments",
    "email_configs",
    "email_mailboxes",
    "products",
    "scenario_automations",
    "settings",
    "sla_policies",
    "solution_categories",
    "solution_folders",
    "solution_articles",
    "ticket_fields",
    "contact_fields",
    "company_fields",
]

_TAG_RE = re.compile(r"<[^>]+>")


def _mix(*parts) -> int:
    return int.from_bytes(hashlib.sha256(repr(parts).encode()).digest()[:8], "big")


def html_to_text(fragment: str) -> str:
    text = fragment.replace("<br>", "\n").replace("</div>", "\n").replace("</p>", "\n")
    text = html.unescape(_TAG_RE.sub("", text)).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


class TicketCore:
    """The filterable / sortable / mutable part of a ticket. Everything else is derived on render."""

    __slots__ = (
        "id",
        "created_at",
        "updated_at",
        "conv_bound",
        "status",
        "priority",
        "source",
        "type",
        "requester_id",
        "responder_id",
        "group_id",
        "company_id",
        "product_id",
        "email_config_id",
        "spam",
        "deleted",
        "due_by",
        "fr_due_by",
        "is_escalated",
        "fr_escalated",
        "n_conv",
        "extra_convs",
        "overrides",
    )

    def __init__(self):
        self.extra_convs = None
        self.overrides = None

    @property
    def visible(self) -> bool:
        return not self.spam and not self.deleted


class Account:
    def __init__(self, scale: str = "small", seed: int = 42, anchor: int = 0):
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}; expected one of {sorted(SCALES)}")
        self.scale = scale
        self.seed = seed
        self.anchor = int(anchor)
        self.cfg = SCALES[scale]
        self.version = 0  # bumped by every mutation (invalidates caches in the HTTP layer)
        self._counters = dict(ID_BASES)
        self._mutation_round = 0
        self._build()

    # ------------------------------------------------------------------ helpers
    def _rng(self, area: str) -> random.Random:
        return random.Random(_mix(self.seed, self.scale, area))

    def _new_id(self, kind: str, rng: random.Random | None = None) -> int:
        step = 1
        if rng is not None and rng.random() < 0.3:
            step += rng.randint(1, 25)  # ids are account-global in Freshdesk, so gaps are normal
        self._counters[kind] += step
        return self._counters[kind]

    def _ts_between(self, rng: random.Random, lo: int, hi: int) -> int:
        return lo if hi <= lo else rng.randint(lo, hi)

    # ------------------------------------------------------------------ build
    def _build(self):
        a = self.anchor
        self.account_created = a - 760 * DAY
        self._build_products()
        self._build_business_hours()
        self._build_roles()
        self._build_agents_and_groups()
        self._build_companies()
        self._build_contacts()
        self._build_email()
        self._build_tickets()
        self._build_time_entries()
        self._build_surveys_and_ratings()
        self._build_skills()
        self._build_canned()
        self._build_discussions()
        self._build_solutions()
        self._build_misc()
        self._build_fields()

    def _named_row(self, rows: list, kind: str, rng, age_days, name: str, of: str, **extra) -> int:
        """Append a category-like row {id, name, description, ..., created_at, updated_at}; return its id."""
        created, updated = self._setup_ts(rng, *age_days)
        row_id = self._new_id(kind, rng)
        rows.append(
            {
                "id": row_id,
                "name": name,
                "description": f"{name} {of}",
                **extra,
                "created_at": created,
                "updated_at": updated,
            }
        )
        return row_id

    def _setup_ts(self, rng, days_lo=700, days_hi=760):
        created = self.anchor - rng.randint(days_lo * DAY, days_hi * DAY)
        updated = self._ts_between(rng, created, self.anchor - rng.randint(1, 300) * DAY)
        return iso(created), iso(max(created, updated))

    def _build_products(self):
        rng = self._rng("products")
        self.products = []
        for name, desc in [
            ("Acme Cloud", "Hosted SaaS edition"),
            ("Acme Mobile", "iOS & Android apps — “beta”"),
        ]:
            c, u = self._setup_ts(rng)
            self.products.append(
                {
                    "id": self._new_id("product", rng),
                    "name": name,
                    "description": desc,
                    "primary_email": None,
                    "default": False,
                    "created_at": c,
                    "updated_at": u,
                }
            )
        self.products[0]["primary_email"] = f"cloud@{HELPDESK_DOMAIN}"

    def _build_business_hours(self):
        rng = self._rng("business_hours")
        days = ["monday", "tuesday", "wednesday", "thursday", "friday"]
        specs = [
            (
                "Default",
                "Default Business Calendar",
                "Eastern Time (US & Canada)",
                True,
                {d: {"start_time": "08:00:00 am", "end_time": "05:00:00 pm"} for d in days},
            ),
            (
                "EMEA Support",
                "Berlin office hours",
                "Berlin",
                False,
                {d: {"start_time": "09:00:00 am", "end_time": "06:00:00 pm"} for d in days},
            ),
            (
                "24×7 Premium",
                None,
                "UTC",
                False,
                {
                    d: {"start_time": "12:00:00 am", "end_time": "11:59:59 pm"}
                    for d in days + ["saturday", "sunday"]
                },
            ),
        ]
        self.business_hours = []
        for name, desc, tz, default, hours in specs:
            c, u = self._setup_ts(rng)
            self.business_hours.append(
                {
                    "id": self._new_id("business_hour", rng),
                    "name": name,
                    "description": desc,
                    "time_zone": tz,
                    "is_default": default,
                    "business_hours": hours,
                    "created_at": c,
                    "updated_at": u,
                }
            )

    def _build_roles(self):
        rng = self._rng("roles")
        self.roles = []
        for name, desc, default in [
            (
                "Account Administrator",
                "Has complete control over the help desk including access to "
                "Account or Billing related information.",
                True,
            ),
            (
                "Administrator",
                "Can configure all features through the Admin tab, but is restricted from "
                "viewing Account or Billing related information.",
                True,
            ),
            ("Supervisor", "Can perform all agent related activities and access reports.", True),
            ("Agent", "Can log, view, reply, update and resolve tickets and manage contacts.", True),
            ("Billing Specialist", "Custom role: billing queue + refunds", False),
        ]:
            c, u = self._setup_ts(rng, 740, 760)
            self.roles.append(
                {
                    "id": self._new_id("role", rng),
                    "name": name,
                    "description": desc,
                    "default": default,
                    "created_at": c,
                    "updated_at": u,
                }
            )

    def _build_agents_and_groups(self):
        rng = self._rng("agents")
        n = self.cfg["agents"]
        self.agents = []
        for i in range(n):
            name, local = pools.AGENT_PEOPLE[i % len(pools.AGENT_PEOPLE)]
            if i >= len(pools.AGENT_PEOPLE):
                name, local = f"{name} {i}", f"{local}{i}"
            created = self.anchor - rng.randint(200 * DAY, 750 * DAY)
            updated = self._ts_between(rng, created, self.anchor - rng.randint(0, 60) * DAY)
            occasional = i > 0 and rng.random() < 0.2
            agent_type = "support_agent" if i < 2 or rng.random() < 0.85 else "collaborator"
            last_active = self._ts_between(rng, updated, self.anchor) if rng.random() < 0.9 else None
            role = (
                self.roles[0]["id"]
                if i == 0
                else (self.roles[1]["id"] if i == 1 else self.roles[3 if rng.random() < 0.8 else 2]["id"])
            )
            self.agents.append(
                {
                    "available": rng.random() < 0.6,
                    "occasional": occasional,
                    "id": self._new_id("user", rng),
                    "ticket_scope": 1 if i < 2 else rng.choice([1, 2, 3]),
                    "signature": None
                    if rng.random() < 0.4
                    else f'<div dir="ltr">— {html.escape(name)}<br>Acme Support</div>',
                    "group_ids": [],
                    "role_ids": [role],
                    "skill_ids": [],
                    "created_at": iso(created),
                    "updated_at": iso(updated),
                    "available_since": iso(last_active) if last_active and rng.random() < 0.5 else None,
                    "type": agent_type,
                    "last_active_at": iso(last_active),
                    "focus_mode": rng.random() < 0.7,
                    "deactivated": False,
                    "contact": {
                        "active": True,
                        "email": f"{local}@acme-support.example",
                        "job_title": rng.choice(["Support Engineer", "Team Lead", "Billing Agent", None]),
                        "language": rng.choice(["en", "en", "de", "fr"]),
                        "last_login_at": iso(last_active),
                        "mobile": None if rng.random() < 0.5 else f"+1 555 01{rng.randint(10, 99)}",
                        "name": name,
                        "phone": None if rng.random() < 0.6 else f"+1 555 02{rng.randint(10, 99)}",
                        "time_zone": rng.choice(pools.TIME_ZONES),
                        "created_at": iso(created),
                        "updated_at": iso(updated),
                    },
                }
            )
        self.agent_ids = [ag["id"] for ag in self.agents]
        self.admin_agent_id = self.agents[0]["id"]
        self.plain_agent_id = self.agents[1 if n > 1 else 0]["id"]

        rng = self._rng("groups")
        group_names = [
            "Billing",
            "Technical Support",
            "Escalations",
            "Returns & Refunds",
            "VIP Desk",
            "Tier 2 – EMEA",
            "Tier 2 – APAC",
            "Onboarding",
            "Partners",
            "Social Media",
            "Logistics",
            "Security",
        ]
        self.groups = []
        for i in range(self.cfg["groups"]):
            c, u = self._setup_ts(rng, 300, 740)
            gid = self._new_id("group", rng)
            self.groups.append(
                {
                    "id": gid,
                    "name": group_names[i % len(group_names)],
                    "description": None
                    if rng.random() < 0.3
                    else f"Queue for {group_names[i % len(group_names)]}",
                    "escalate_to": rng.choice(self.agent_ids) if rng.random() < 0.5 else None,
                    "unassigned_for": rng.choice(["30m", "1h", "2h", None]),
                    "business_hour_id": rng.choice([bh["id"] for bh in self.business_hours]),
                    "group_type": "support_agent_group",
                    "auto_ticket_assign": rng.random() < 0.3,
                    "created_at": c,
                    "updated_at": u,
                }
            )
        self.group_ids = [g["id"] for g in self.groups]
        for ag in self.agents:
            ag["group_ids"] = sorted(rng.sample(self.group_ids, rng.randint(1, min(2, len(self.group_ids)))))

    def _company_name(self, i: int, rng: random.Random) -> tuple[str, str]:
        if i < len(pools.COMPANY_NAMES):
            return pools.COMPANY_NAMES[i]
        adj, noun = rng.choice(pools.COMPANY_ADJ), rng.choice(pools.COMPANY_NOUN)
        suffix = rng.choice(pools.COMPANY_SUFFIX)
        return f"{adj} {noun} {suffix} #{i}", f"{adj}{noun}{i}".lower()

    def _build_companies(self):
        rng = self._rng("companies")
        self.companies = []
        self.company_domains = {}
        for i in range(self.cfg["companies"]):
            name, slug = self._company_name(i, rng)
            created = self.anchor - rng.randint(40 * DAY, 740 * DAY)
            updated = self._ts_between(rng, created, self.anchor - rng.randint(0, 20) * DAY)
            cid = self._new_id("company", rng)
            domain = f"{slug}.example"
            self.company_domains[cid] = domain
            renewal = (
                None
                if rng.random() < 0.5
                else iso(self.anchor + rng.randint(10, 300) * DAY - (self.anchor % DAY))
            )
            self.companies.append(
                {
                    "id": cid,
                    "name": name,
                    "description": None if rng.random() < 0.4 else f"Customer since {iso_date(created)[:4]}",
                    "note": None if rng.random() < 0.6 else "Key account – handle with care 🙂",
                    "domains": [domain] + ([f"{slug}.test"] if rng.random() < 0.2 else []),
                    "created_at": iso(created),
                    "updated_at": iso(updated),
                    "custom_fields": {
                        "cf_contract_value": None if rng.random() < 0.3 else rng.randint(1, 250) * 1000,
                        "cf_region": rng.choice(pools.REGIONS),
                    },
                    "health_score": rng.choice(pools.HEALTH),
                    "account_tier": rng.choice(pools.TIERS),
                    "renewal_date": renewal,
                    "industry": rng.choice(pools.INDUSTRIES),
                }
            )
        self.company_by_id = {c["id"]: c for c in self.companies}

    def _make_contact(self, rng, idx, name, local, created, updated, used_emails):
        company_id = None
        if self.companies and rng.random() < 0.7:
            company_id = self.companies[
                min(int(len(self.companies) * rng.random() ** 1.3), len(self.companies) - 1)
            ]["id"]
        domain = self.company_domains[company_id] if company_id else rng.choice(pools.FREE_MAIL_DOMAINS)
        email = f"{local}@{domain}"
        n = 2
        while email in used_emails:
            email = f"{local}{n}@{domain}"
            n += 1
        has_email = rng.random() > 0.05
        if has_email:
            used_emails.add(email)
        phone = None if has_email and rng.random() < 0.6 else f"+44 20 7946 {rng.randint(0, 9999):04d}"
        other_companies = []
        if company_id and rng.random() < 0.08:
            other = rng.choice(self.companies)["id"]
            if other != company_id:
                other_companies = [{"company_id": other, "view_all_tickets": False}]
        return {
            "active": rng.random() < 0.85,
            "address": None
            if rng.random() < 0.7
            else rng.choice(
                [
                    "Storgata 1, 0155 Oslo",
                    "1 Infinite Loop, Cupertino",
                    "Königsallee 12, Düsseldorf",
                    "北京市海淀区中关村大街1号",
                ]
            ),
            "company_id": company_id,
            "description": None if rng.random() < 0.8 else "Prefers e-mail.\nDo not call before 10:00.",
            "email": email if has_email else None,
            "id": self._new_id("user", rng),
            "job_title": rng.choice(pools.JOB_TITLES),
            "language": rng.choice(pools.LANGUAGES),
            "mobile": None if rng.random() < 0.7 else f"+49 151 {rng.randint(1000000, 9999999)}",
            "name": name,
            "phone": phone,
            "time_zone": rng.choice(pools.TIME_ZONES),
            "twitter_id": None if rng.random() < 0.9 else f"@{local.replace('.', '_')}",
            "custom_fields": {
                "cf_loyalty_tier": rng.choice(["Bronze", "Silver", "Gold", None]),
                "cf_birthday": None
                if rng.random() < 0.7
                else f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "cf_newsletter": rng.random() < 0.4,
            },
            "facebook_id": None,
            "created_at": iso(created),
            "updated_at": iso(updated),
            "csat_rating": None if rng.random() < 0.7 else rng.choice([103, 102, 101, 100, -101, -102, -103]),
            "preferred_source": rng.choice(["email", "phone", None]),
            "contact_type": "contact" if rng.random() < 0.95 else "visitor",
            "social_handler": [],
            "other_companies": other_companies,
            "unique_external_id": None if rng.random() < 0.8 else f"crm-{idx:06d}",
            "view_all_tickets": bool(company_id) and rng.random() < 0.2,
            "other_emails": []
            if rng.random() < 0.9
            else [f"{local}.alt@{rng.choice(pools.FREE_MAIL_DOMAINS)}"],
            "tags": [] if rng.random() < 0.7 else rng.sample(["vip", "beta", "newsletter", "partner"], 1),
            "avatar": None,
        }

    def _person(self, rng, i):
        if i < len(pools.SPECIAL_PEOPLE):
            return pools.SPECIAL_PEOPLE[i]
        first, last = rng.choice(pools.FIRST_NAMES), rng.choice(pools.LAST_NAMES)
        local = f"{first}.{last}".lower().replace("'", "")
        local = local.encode("ascii", "ignore").decode() or f"user{i}"
        return f"{first} {last}", local

    def _build_contacts(self):
        rng = self._rng("contacts")
        self.contacts = []
        self.blocked_contacts: set[int] = set()
        self._used_emails: set[str] = set()
        n = self.cfg["contacts"]
        for i in range(n):
            name, local = self._person(rng, i)
            created = self.anchor - rng.randint(5 * DAY, 750 * DAY)
            if rng.random() < 0.5:
                updated = created
            else:
                updated = self._ts_between(rng, created, self.anchor - rng.randint(0, 3 * DAY))
            self.contacts.append(self._make_contact(rng, i, name, local, created, updated, self._used_emails))
        # some deleted, some blocked (disjoint), never the first few (they own many tickets)
        pick = rng.sample(range(5, n), max(2, n // 20) + max(1, n // 30))
        n_del = max(2, n // 20)
        for j in pick[:n_del]:
            self.contacts[j]["deleted"] = True
        for j in pick[n_del:]:
            self.blocked_contacts.add(self.contacts[j]["id"])
        self.contact_by_id = {c["id"]: c for c in self.contacts}

    def _build_email(self):
        rng = self._rng("email")
        self.email_configs = []
        self.mailboxes = []
        cloud, mobile = self.products[0]["id"], self.products[1]["id"]
        specs = [
            ("Acme Support", f"support@{HELPDESK_DOMAIN}", "support@acme.example", None, True, True),
            ("Acme Cloud", f"cloud@{HELPDESK_DOMAIN}", "cloud@acme.example", cloud, True, True),
            ("Billing", f"billing@{HELPDESK_DOMAIN}", "billing@acme.example", None, False, True),
            ("Mobile (legacy)", f"mobile@{HELPDESK_DOMAIN}", "mobile@acme.example", mobile, True, False),
        ]
        for name, to_email, reply, product_id, primary, active in specs:
            c, u = self._setup_ts(rng)
            group_id = rng.choice(self.group_ids) if rng.random() < 0.5 else None
            self.email_configs.append(
                {
                    "id": self._new_id("email_config", rng),
                    "name": name,
                    "product_id": product_id,
                    "to_email": to_email,
                    "reply_email": reply,
                    "group_id": group_id,
                    "primary_role": primary,
                    "active": active,
                    "created_at": c,
                    "updated_at": u,
                }
            )
            self.mailboxes.append(
                {
                    "id": self._new_id("mailbox", rng),
                    "name": name,
                    "support_email": reply,
                    "group_id": group_id,
                    "default_reply_email": primary,
                    "active": active,
                    "mailbox_type": "freshdesk_mailbox",
                    "product_id": product_id,
                    "freshdesk_mailbox": {"forward_email": to_email},
                    "custom_mailbox": None,
                    "failure_code": None,
                    "created_at": c,
                    "updated_at": u,
                }
            )
        self.email_configs.sort(key=lambda e: (not e["primary_role"], e["id"]))
        self.email_config_by_product = {}
        for ec in self.email_configs:
            if ec["primary_role"]:
                self.email_config_by_product.setdefault(ec["product_id"], ec["id"])

    # ------------------------------------------------------------------ tickets
    def _build_tickets(self):
        cfg = self.cfg
        rng = self._rng("tickets")
        n = cfg["tickets"]
        a = self.anchor
        old_lo, old_hi, recent_lo = a - cfg["span_days"] * DAY, a - 30 * DAY, a - 30 * DAY + 1
        n_recent = int(n * cfg["recent"])
        randint, rand = rng.randint, rng.random
        created = [randint(old_lo, old_hi) for _ in range(n - n_recent)]
        created += [randint(recent_lo, a - 60) for _ in range(n_recent)]
        created.sort()
        contacts = [c for c in self.contacts]
        n_contacts = len(contacts)
        agent_ids, group_ids = self.agent_ids, self.group_ids
        products = [p["id"] for p in self.products]
        primary_cfg = self.email_configs[0]["id"]
        max_conv = cfg["max_conv"]
        sla_hours = {1: 72, 2: 24, 3: 8, 4: 4}
        self.tickets: list[TicketCore] = []
        append = self.tickets.append
        for i, c in enumerate(created):
            t = TicketCore()
            t.id = i + 1
            t.created_at = c
            r = rand()
            if r < 0.3:
                delta = randint(60, 8 * HOUR)
            elif r < 0.8:
                delta = randint(HOUR, 30 * DAY)
            else:
                delta = randint(DAY, 200 * DAY)
            u = c + delta
            if u > a:
                u = a - randint(0, 600) if a - c > 600 else a
                if u < c:
                    u = c
            t.updated_at = u
            r = rand()
            if a - u > 14 * DAY:
                t.status = 5 if r < 0.65 else 4 if r < 0.9 else 2 if r < 0.95 else 3
            else:
                t.status = (
                    2
                    if r < 0.33
                    else 3
                    if r < 0.53
                    else 4
                    if r < 0.76
                    else 5
                    if r < 0.96
                    else 6
                    if r < 0.98
                    else 7
                )
            r = rand()
            t.priority = 1 if r < 0.4 else 2 if r < 0.75 else 3 if r < 0.93 else 4
            r = rand()
            t.source = (
                1
                if r < 0.45
                else 2
                if r < 0.7
                else 3
                if r < 0.82
                else 7
                if r < 0.92
                else 9
                if r < 0.97
                else 10
            )
            r = rand()
            t.type = None if r < 0.2 else pools.TICKET_TYPES[int((r - 0.2) / 0.8 * 5) % 5]
            contact = contacts[min(int(n_contacts * rand() ** 1.6), n_contacts - 1)]
            t.requester_id = contact["id"]
            t.company_id = contact["company_id"]
            t.responder_id = (
                None
                if (t.status == 2 and rand() < 0.4) or rand() < 0.05
                else agent_ids[randint(0, len(agent_ids) - 1)]
            )
            t.group_id = None if rand() < 0.15 else group_ids[randint(0, len(group_ids) - 1)]
            r = rand()
            t.product_id = products[0] if r < 0.3 else products[1] if r < 0.5 else None
            if t.source in (1, 10):
                t.email_config_id = self.email_config_by_product.get(t.product_id, primary_cfg)
            elif t.source == 2:
                t.email_config_id = primary_cfg
            else:
                t.email_config_id = None
            if rand() < 0.08:
                t.due_by = t.fr_due_by = None
            else:
                t.due_by = c + sla_hours[t.priority] * HOUR
                t.fr_due_by = c + sla_hours[t.priority] * HOUR // 2
            t.is_escalated = rand() < 0.1
            t.fr_escalated = rand() < 0.08
            t.spam = False
            t.deleted = False
            t.n_conv = randint(0, max_conv) if max_conv > 1 else (1 if rand() < 0.5 else 0)
            append(t)
        # spam / deleted (one ticket both)
        picks = rng.sample(range(n), cfg["spam"] + cfg["deleted"] - 1)
        for j in picks[: cfg["spam"]]:
            self.tickets[j].spam = True
        for j in picks[cfg["spam"] - 1 :]:
            self.tickets[j].deleted = True
        # a bulk update: every visible ticket at positions lo..hi of the updated_at-asc order gets the
        # updated_at of position hi (only ever moved forward, so updated_at >= created_at holds)
        lo, hi = cfg["block"]
        visible = sorted((t for t in self.tickets if t.visible), key=lambda t: (t.updated_at, t.id))
        if len(visible) > hi:
            stamp = visible[hi].updated_at
            for t in visible[lo : hi + 1]:
                t.updated_at = stamp
            self.bulk_update_at = stamp
        else:
            self.bulk_update_at = None
        for t in self.tickets:
            t.conv_bound = t.updated_at
        self.watched_ticket_ids = {t.id for t in self.tickets if t.id % 11 == 0}

    def _ticket_rng(self, t: TicketCore, salt: int = 0) -> random.Random:
        return random.Random((self.seed * 1_000_003 + t.id) * 8 + salt)

    def render_ticket(self, t: TicketCore, includes=()) -> dict:
        r = self._ticket_rng(t)
        ref = r.randint(10000, 99999)
        subject = r.choice(pools.TICKET_SUBJECTS).format(n=ref)
        cc = [] if r.random() < 0.85 else [f"cc{r.randint(1, 99)}@{r.choice(pools.FREE_MAIL_DOMAINS)}"]
        fwd = [] if r.random() < 0.95 else [f"partner@{r.choice(pools.FREE_MAIL_DOMAINS)}"]
        tags = [] if r.random() < 0.6 else sorted(r.sample(pools.TAGS, r.randint(1, 3)))
        cat = r.choice([None, "Billing", "Technical", "Shipping"])
        custom = {
            "cf_order_number": None if r.random() < 0.5 else f"ORD-{ref}",
            "cf_refund_amount": None if r.random() < 0.8 else round(r.randint(100, 50000) / 100, 2),
            "cf_is_vip": r.random() < 0.1,
            "cf_region": r.choice(pools.REGIONS),
            "cf_due_date": None if r.random() < 0.8 else iso_date(t.created_at + r.randint(1, 30) * DAY),
            "cf_category": cat,
            "cf_subcategory": r.choice(pools.CATEGORIES[cat]) if cat else None,
        }
        assoc = None if r.random() < 0.97 else r.choice([1, 2, 3, 4])
        to_emails = [f"support@{HELPDESK_DOMAIN}"] if t.source == 1 else None
        d = {
            "cc_emails": cc,
            "fwd_emails": fwd,
            "reply_cc_emails": list(cc),
            "ticket_cc_emails": list(cc),
            "fr_escalated": t.fr_escalated,
            "spam": t.spam,
            "email_config_id": t.email_config_id,
            "group_id": t.group_id,
            "priority": t.priority,
            "requester_id": t.requester_id,
            "responder_id": t.responder_id,
            "source": t.source,
            "company_id": t.company_id,
            "status": t.status,
            "subject": subject,
            "association_type": assoc,
            "support_email": f"support@{HELPDESK_DOMAIN}" if t.source in (1, 10) else None,
            "to_emails": to_emails,
            "product_id": t.product_id,
            "id": t.id,
            "type": t.type,
            "due_by": iso(t.due_by),
            "fr_due_by": iso(t.fr_due_by),
            "is_escalated": t.is_escalated,
            "custom_fields": custom,
            "created_at": iso(t.created_at),
            "updated_at": iso(t.updated_at),
            "associated_tickets_count": (r.randint(1, 4) if assoc in (1, 3) else None),
            "tags": tags,
            "nr_due_by": None,
            "nr_escalated": False,
        }
        if t.overrides:
            for k, v in t.overrides.items():
                if k == "custom_fields":
                    d["custom_fields"] = {**d["custom_fields"], **v}
                else:
                    d[k] = copy.deepcopy(v)
        if t.deleted:
            d["deleted"] = True
        for inc in includes:
            if inc == "description":
                line = r.choice(pools.TICKET_LINES)
                who = self.contact_by_id.get(t.requester_id, {}).get("name") or "Customer"
                body = (
                    f"<div>Hello,</div><div><br></div><div>{line}</div>"
                    f"<div>Reference: <b>{ref}</b></div><div><br></div>"
                    f"<div>Regards,<br>{html.escape(who)}</div>"
                )
                d["description"] = body
                d["description_text"] = html_to_text(body)
            elif inc == "requester":
                c = self.contact_by_id.get(t.requester_id)
                d["requester"] = (
                    None
                    if c is None
                    else {
                        "email": c["email"],
                        "id": c["id"],
                        "mobile": c["mobile"],
                        "name": c["name"],
                        "phone": c["phone"],
                    }
                )
            elif inc == "company":
                comp = self.company_by_id.get(t.company_id)
                d["company"] = {"id": comp["id"], "name": comp["name"]} if comp else None
            elif inc == "stats":
                d["stats"] = self._ticket_stats(t)
        return d

    def _ticket_stats(self, t: TicketCore) -> dict:
        r = self._ticket_rng(t, 1)
        c, u = t.created_at, t.updated_at
        responded = None
        if t.responder_id and (t.n_conv or t.extra_convs or t.status != 2):
            responded = self._ts_between(r, c, min(u, c + 2 * DAY))
        resolved = u if t.status in (4, 5) else None
        return {
            "agent_responded_at": iso(responded),
            "requester_responded_at": iso(self._ts_between(r, c, u)) if r.random() < 0.5 else None,
            "first_responded_at": iso(responded),
            "status_updated_at": iso(u if t.status != 2 else c),
            "reopened_at": None if r.random() < 0.95 else iso(self._ts_between(r, c, u)),
            "resolved_at": iso(resolved),
            "closed_at": iso(u) if t.status == 5 else None,
            "pending_since": iso(u) if t.status == 3 else None,
        }

    def conversations(self, t: TicketCore) -> list[dict]:
        out = []
        if t.n_conv:
            r = self._ticket_rng(t, 2)
            times = sorted(self._ts_between(r, t.created_at + 1, t.conv_bound) for _ in range(t.n_conv))
            agent = t.responder_id or self.agent_ids[t.id % len(self.agent_ids)]
            for k, ts in enumerate(times):
                kind = r.random()
                note = kind < 0.15
                incoming = not note and k % 2 == 1 and kind < 0.85
                line = r.choice(pools.REPLY_LINES if not incoming else pools.TICKET_LINES)
                body = f'<div dir="ltr">{line}</div>'
                if r.random() < 0.3:
                    body += (
                        '<div><br></div><blockquote class="freshdesk_quote">On earlier date, '
                        "someone wrote:<br>&gt; previous message</blockquote>"
                    )
                out.append(
                    self._conversation_dict(
                        conv_id=CONV_BASE + t.id * 100 + k,
                        t=t,
                        ts=ts,
                        body=body,
                        incoming=incoming,
                        private=note,
                        agent=agent,
                        attach=r.random() < 0.1,
                        edited=r.random() < 0.05,
                        rng=r,
                    )
                )
        if t.extra_convs:
            out.extend(copy.deepcopy(t.extra_convs))
        return out

    def _conversation_dict(
        self,
        conv_id,
        t,
        ts,
        body,
        incoming,
        private,
        agent,
        attach=False,
        edited=False,
        rng=None,
    ):
        # an incoming message comes from the requester to the helpdesk; a reply goes the other way
        requester_email = self.contact_by_id.get(t.requester_id, {}).get("email")
        support_email = f"support@{HELPDESK_DOMAIN}"
        user_id = t.requester_id if incoming else agent
        from_email, to_email = (
            (requester_email, support_email) if incoming else (support_email, requester_email)
        )
        attachments = []
        if attach:
            att_id = ID_BASES["attachment"] + conv_id % 10_000_000
            attachments = [
                {
                    "id": att_id,
                    "name": "screenshot (1).png",
                    "content_type": "image/png",
                    "size": 48213,
                    "created_at": iso(ts),
                    "updated_at": iso(ts),
                    "attachment_url": f"https://attachments.sandbox.invalid/{att_id}/screenshot.png",
                }
            ]
        updated = ts + 120 if edited else ts
        return {
            "body": body,
            "body_text": html_to_text(body),
            "id": conv_id,
            "incoming": incoming,
            "private": private,
            "user_id": user_id,
            "support_email": None if private else f"support@{HELPDESK_DOMAIN}",
            "source": 2 if private else 0,
            "category": 2 if private else (3 if incoming else 2),
            "to_emails": [] if private or not to_email else [to_email],
            "from_email": None if private else from_email,
            "cc_emails": [],
            "bcc_emails": [],
            "email_failure_count": None,
            "outgoing_failures": None,
            "thread_id": None,
            "thread_message_id": None,
            "created_at": iso(ts),
            "updated_at": iso(updated),
            "last_edited_at": iso(updated) if edited else None,
            "last_edited_user_id": user_id if edited else None,
            "attachments": attachments,
            "automation_id": None,
            "automation_type_id": None,
            "auto_response": False,
            "ticket_id": t.id,
            "source_additional_info": None,
        }

    # ------------------------------------------------------------------ time entries & ratings
    def _build_time_entries(self):
        rng = self._rng("time_entries")
        self.time_entries = []
        n = self.cfg["time_entries"]
        candidates = [t for t in self.tickets if t.responder_id]
        chosen = [
            candidates[min(int(len(candidates) * rng.random() ** 0.7), len(candidates) - 1)] for _ in range(n)
        ]
        for t in chosen:
            executed = self._ts_between(rng, t.created_at, t.conv_bound)
            self.time_entries.append(self._time_entry(rng, t, executed, running=False))
        # one timer still running on a recent open ticket
        recent_open = [t for t in self.tickets if t.visible and t.status == 2 and t.responder_id]
        if recent_open:
            t = recent_open[-1]
            self.time_entries.append(
                self._time_entry(rng, t, max(t.created_at, self.anchor - HOUR), running=True)
            )

    def _time_entry(self, rng, t, executed, running, now=None):
        minutes = rng.choice([5, 10, 15, 30, 45, 60, 90, 120, 240])
        created = executed if now is None else now
        return {
            "id": self._new_id("time_entry", rng),
            "billable": rng.random() < 0.6,
            "note": rng.choice(
                [
                    "Investigated logs",
                    "Called customer ☎",
                    "Refund processing",
                    "",
                    "Reproduced on staging — see JIRA-4711",
                ]
            ),
            "timer_running": running,
            "agent_id": t.responder_id or self.agent_ids[0],
            "ticket_id": t.id,
            "company_id": t.company_id,
            "time_spent": f"{minutes // 60:02d}:{minutes % 60:02d}",
            "executed_at": iso(executed),
            "start_time": iso(executed),
            "created_at": iso(created),
            "updated_at": iso(
                created
                if now is not None
                else self._ts_between(rng, created, min(self.anchor, created + 2 * DAY))
            ),
        }

    def _build_surveys_and_ratings(self):
        rng = self._rng("surveys")
        q2 = self._new_id("question", rng)
        self.custom_question_key = f"question_{q2}"
        c1, u1 = self._setup_ts(rng, 720, 750)
        c2, u2 = self._setup_ts(rng, 400, 500)
        self.surveys = [
            {
                "id": self._new_id("survey", rng),
                "title": "Default Survey",
                "active": False,
                "questions": [
                    {
                        "id": "default_question",
                        "label": "How would you rate your overall satisfaction for the resolution provided "
                        "by the agent?",
                        "accepted_ratings": [1, 2, 3],
                    }
                ],
                "created_at": c1,
                "updated_at": u1,
            },
            {
                "id": self._new_id("survey", rng),
                "title": "Customer Satisfaction 2.0 – “Kundenzufriedenheit”",
                "active": True,
                "questions": [
                    {
                        "id": "default_question",
                        "label": "How would you rate your overall satisfaction?",
                        "accepted_ratings": [103, 102, 101, 100, -101, -102, -103],
                    },
                    {
                        "id": self.custom_question_key,
                        "label": "How would you rate the response time?",
                        "accepted_ratings": [103, 100, -103],
                    },
                ],
                "created_at": c2,
                "updated_at": u2,
            },
        ]
        switch = self.anchor - 450 * DAY
        self.ratings = []
        resolved = [t for t in self.tickets if t.status in (4, 5) and not t.spam]
        n = self.cfg["ratings"]
        recent = [t for t in resolved if t.created_at > self.anchor - 25 * DAY]
        picks = rng.sample(resolved, min(n - n // 3, len(resolved)))
        picks += rng.sample(recent, min(n // 3, len(recent)))
        seen = set()
        for t in picks:
            if t.id in seen:
                continue
            seen.add(t.id)
            # a rating follows its ticket's last update; one that would land after "now" is given
            # a random earlier moment instead of piling up on the same second
            created = t.updated_at + rng.randint(60, 3 * DAY)
            if created >= self.anchor:
                created = self.anchor - rng.randint(60, DAY)
            self.ratings.append(self._rating(rng, t, created, switch))
        self.ratings.sort(key=lambda x: x["id"])

    def _rating(self, rng, t, created, switch):
        classic = created < switch
        survey = self.surveys[0] if classic else self.surveys[1]
        if classic:
            ratings = {"default_question": rng.choice([1, 2, 3])}
        else:
            ratings = {"default_question": rng.choice([103, 102, 101, 100, -101, -102, -103])}
            if rng.random() < 0.7:
                ratings[self.custom_question_key] = rng.choice([103, 100, -103])
        return {
            "id": self._new_id("rating", rng),
            "survey_id": survey["id"],
            "user_id": t.requester_id,
            "agent_id": t.responder_id,
            "feedback": rng.choice([None, None, "Great help, thanks!", "Très rapide 👍", "Still waiting…"]),
            "group_id": t.group_id,
            "ticket_id": t.id,
            "ratings": ratings,
            "created_at": iso(created),
            "updated_at": iso(created),
        }

    # ------------------------------------------------------------------ admin / config resources
    def _build_skills(self):
        rng = self._rng("skills")
        self.skills = []
        for rank, (name, field, values) in enumerate(
            [
                ("Billing disputes", "ticket_type", ["Refund"]),
                ("German speakers", "language", ["de"]),
                ("VIP handling", "priority", [3, 4]),
            ],
            start=1,
        ):
            c, u = self._setup_ts(rng, 100, 300)
            agents = sorted(rng.sample(self.agent_ids, min(2, len(self.agent_ids))))
            sid = self._new_id("skill", rng)
            for ag in self.agents:
                if ag["id"] in agents:
                    ag["skill_ids"].append(sid)
            self.skills.append(
                {
                    "id": sid,
                    "name": name,
                    "rank": rank,
                    "created_at": c,
                    "updated_at": u,
                    "agents": [{"id": a} for a in agents],
                    "match_type": "any" if rank == 3 else "all",
                    "conditions": [
                        {
                            "resource_type": "ticket" if field != "language" else "contact",
                            "field_name": field,
                            "operator": "in",
                            "value": values,
                        }
                    ],
                }
            )

    def _build_canned(self):
        rng = self._rng("canned")
        self.canned_folders = []
        self.canned_responses: dict[int, list[dict]] = {}
        self._canned_folder_type = {}
        for name, personal, ftype, titles in [
            ("General", False, 2, ["Greeting", "Refund approved", "Need more info"]),
            ("Personal", True, 3, ["My sign-off — Ingrid", "Escalation template"]),
        ]:
            c, u = self._setup_ts(rng, 300, 600)
            fid = self._new_id("canned_folder", rng)
            self._canned_folder_type[fid] = ftype
            responses = []
            for title in titles:
                rc, ru = self._setup_ts(rng, 100, 290)
                html_body = (
                    f"<p>Hi {{{{ticket.requester.name}}}},</p><p>{html.escape(title)} – "
                    f"thanks for your patience.</p><p>Ünïcødé ✓</p>"
                )
                responses.append(
                    {
                        "id": self._new_id("canned_response", rng),
                        "title": title,
                        "folder_id": fid,
                        "content": html_to_text(html_body),
                        "content_html": html_body,
                        "attachments": [],
                        "created_at": rc,
                        "updated_at": ru,
                    }
                )
            self.canned_responses[fid] = responses
            self.canned_folders.append(
                {
                    "id": fid,
                    "name": name,
                    "personal": personal,
                    "responses_count": len(responses),
                    "created_at": c,
                    "updated_at": u,
                }
            )
        self.canned_folders.sort(key=lambda f: (self._canned_folder_type[f["id"]], f["name"]))

    def _build_discussions(self):
        rng = self._rng("discussions")
        self.forum_categories, self.forums, self.topics, self.posts = [], {}, {}, {}
        contact_ids = [c["id"] for c in self.contacts[:20]]
        for cname in ["Community", "Product Feedback – Ideas"]:
            cat_id = self._named_row(
                self.forum_categories, "forum_category", rng, (500, 700), cname, "forums"
            )
            forums = []
            for pos, (fname, ftype) in enumerate(
                [("How-to questions", 1), ("Announcements 📣", 4)]
                if cname == "Community"
                else [("Feature ideas", 2), ("Bug reports", 3)],
                start=1,
            ):
                fid = self._new_id("forum", rng)
                topics = []
                for _ in range(rng.randint(2, 3)):
                    tc = self.anchor - rng.randint(10 * DAY, 400 * DAY)
                    tid = self._new_id("topic", rng)
                    posts = []
                    pts = tc
                    for k in range(rng.randint(1, 3)):
                        pts = self._ts_between(rng, pts, min(self.anchor, pts + 5 * DAY))
                        posts.append(
                            {
                                "id": self._new_id("post", rng),
                                "body": "<p>Thanks — this worked for me! 🎉</p>"
                                if k
                                else "<p>How do I connect <b>two</b> mailboxes?</p>",
                                "user_id": rng.choice(contact_ids + self.agent_ids),
                                "topic_id": tid,
                                "forum_id": fid,
                                "answer": k == 1,
                                "published": True,
                                "spam": False,
                                "trash": False,
                                "created_at": iso(pts),
                                "updated_at": iso(pts),
                            }
                        )
                    self.posts[tid] = posts
                    topics.append(
                        {
                            "id": tid,
                            "title": rng.choice(
                                [
                                    "Connecting two mailboxes",
                                    "Dark mode when?",
                                    "Export to CSV",
                                    "Übersetzung fehlt",
                                    "Release notes v2",
                                ]
                            ),
                            "forum_id": fid,
                            "user_id": posts[0]["user_id"],
                            "locked": False,
                            "sticky": rng.random() < 0.2,
                            "hits": rng.randint(0, 900),
                            "posts_count": len(posts),
                            "replied_by": posts[-1]["user_id"],
                            "stamp_type": rng.choice([None, 1, 2, 3]),
                            "merged_topic_id": None,
                            "user_votes": rng.randint(0, 40),
                            "message": posts[0]["body"],
                            "created_at": iso(tc),
                            "updated_at": posts[-1]["updated_at"],
                        }
                    )
                topics.sort(key=lambda x: (x["created_at"], x["id"]), reverse=True)
                self.topics[fid] = topics
                forums.append(
                    {
                        "id": fid,
                        "name": fname,
                        "description": f"{fname} ({cname})",
                        "position": pos,
                        "forum_category_id": cat_id,
                        "forum_type": ftype,
                        "forum_visibility": 1,
                        "topics_count": len(topics),
                        "posts_count": sum(len(self.posts[t["id"]]) for t in topics),
                        "company_ids": None,
                    }
                )
            self.forums[cat_id] = forums
        self.forum_categories.sort(key=lambda x: x["name"])

    def _build_solutions(self):
        rng = self._rng("solutions")
        self.sol_categories, self.sol_folders, self.articles = [], {}, {}
        portal_id = 67_030_000_001
        for cname, folders in [
            ("Getting Started", ["Account setup", "Integrations"]),
            ("Billing & Payments", ["Invoices", "Refunds & Credits"]),
        ]:
            cat_id = self._named_row(
                self.sol_categories,
                "sol_category",
                rng,
                (400, 700),
                cname,
                "articles",
                visible_in_portals=[portal_id],
            )
            flist = []
            for pos, fname in enumerate(folders, start=1):
                fc, fu = self._setup_ts(rng, 300, 390)
                fid = self._new_id("sol_folder", rng)
                hierarchy = [
                    {"level": 0, "type": "category", "data": {"id": cat_id, "name": cname, "language": "en"}},
                    {"level": 1, "type": "folder", "data": {"id": fid, "name": fname, "language": "en"}},
                ]
                arts = []
                for k in range(rng.randint(2, 4)):
                    ac = self.anchor - rng.randint(20 * DAY, 290 * DAY)
                    au = self._ts_between(rng, ac, self.anchor - DAY)
                    title = f"{fname}: how-to #{k + 1}" + (" – FAQ ✓" if k == 0 else "")
                    body = f"<h2>{html.escape(title)}</h2><p>Step 1 → open <em>Settings</em>.</p>"
                    arts.append(
                        {
                            "id": self._new_id("article", rng),
                            "type": 1 if k else 2,
                            "category_id": cat_id,
                            "folder_id": fid,
                            "hierarchy": hierarchy,
                            "title": title,
                            "description": body,
                            "description_text": html_to_text(body),
                            "status": 2 if rng.random() < 0.8 else 1,
                            "agent_id": rng.choice(self.agent_ids),
                            "hits": rng.randint(0, 5000),
                            "thumbs_up": rng.randint(0, 50),
                            "thumbs_down": rng.randint(0, 10),
                            "feedback_count": 0,
                            "tags": [] if k else ["faq"],
                            "seo_data": {
                                "meta_title": title,
                                "meta_description": None,
                                "meta_keywords": None,
                            },
                            "created_at": iso(ac),
                            "updated_at": iso(au),
                        }
                    )
                self.articles[fid] = arts
                flist.append(
                    {
                        "id": fid,
                        "name": fname,
                        "description": None if pos == 2 else f"All about {fname}",
                        "visibility": 1 if pos == 1 else 2,
                        "company_ids": None,
                        "contact_segment_ids": None,
                        "company_segment_ids": None,
                        "parent_folder_id": None,
                        "sub_folders_count": 0,
                        "articles_count": len(arts),
                        "hierarchy": hierarchy,
                        "created_at": fc,
                        "updated_at": fu,
                    }
                )
            self.sol_folders[cat_id] = flist

    def _build_misc(self):
        rng = self._rng("misc")
        self.scenarios = []
        for name, desc, actions, private in [
            (
                "Close as spam",
                "Mark spam & close",
                [{"name": "status", "value": 5}, {"name": "add_tag", "value": ["spam"]}],
                False,
            ),
            (
                "Escalate to Tier 2",
                None,
                [{"name": "priority", "value": 4}, {"name": "group_id", "value": self.group_ids[0]}],
                False,
            ),
            ("Mein Makro ☕", "personal", [{"name": "add_note", "value": "Checked – ok"}], True),
        ]:
            c, u = self._setup_ts(rng, 100, 600)
            self.scenarios.append(
                {
                    "id": self._new_id("scenario", rng),
                    "name": name,
                    "description": desc,
                    "actions": actions,
                    "private": private,
                    "created_at": c,
                    "updated_at": u,
                }
            )
        self.settings = {
            "primary_language": "en",
            "supported_languages": ["de", "fr", "ja-JP", "zh-CN"],
            "portal_languages": ["de", "fr"],
        }
        self.sla_policies = []
        for pos, (name, default, mult, companies) in enumerate(
            [
                ("Default SLA Policy", True, 1, None),
                ("VIP customers", False, 0.5, [self.companies[0]["id"]] if self.companies else None),
            ],
            start=1,
        ):
            c, u = self._setup_ts(rng, 300, 700)
            target = {}
            for prio, secs in ((4, 3600), (3, 14400), (2, 86400), (1, 172800)):
                target[f"priority_{prio}"] = {
                    "respond_within": int(secs * mult / 2),
                    "resolve_within": int(secs * mult),
                    "business_hours": prio < 4,
                    "escalation_enabled": True,
                }
            self.sla_policies.append(
                {
                    "id": self._new_id("sla", rng),
                    "name": name,
                    "description": "default policy" if default else "Faster targets for key accounts",
                    "active": True,
                    "is_default": default,
                    "position": pos if not default else 1,
                    "sla_target": target,
                    "applicable_to": {} if default else {"company_ids": companies},
                    "escalation": {}
                    if default
                    else {
                        "response": {"escalation_time": 0, "agent_ids": [self.agent_ids[0]]},
                        "resolution": {"level1": {"escalation_time": 1800, "agent_ids": [-1]}},
                    },
                    "created_at": c,
                    "updated_at": u,
                }
            )
        self.sla_policies[1]["position"] = 2

    def _field_ts(self, rng):
        return self._setup_ts(rng, 720, 755)

    def _build_fields(self):
        rng = self._rng("fields")
        statuses = {
            "2": ["Open", "Being Processed"],
            "3": ["Pending", "Awaiting your Reply"],
            "4": ["Resolved", "This ticket has been Resolved"],
            "5": ["Closed", "This ticket has been Closed"],
            "6": ["Waiting on Customer", "Awaiting your Reply"],
            "7": ["Waiting on Third Party", "Being Processed"],
        }
        tf = [
            ("requester", "Search a requester", "default_requester", True, None),
            ("subject", "Subject", "default_subject", True, None),
            ("ticket_type", "Type", "default_ticket_type", False, pools.TICKET_TYPES),
            (
                "source",
                "Source",
                "default_source",
                False,
                {"Email": 1, "Portal": 2, "Phone": 3, "Chat": 7, "Feedback Widget": 9, "Outbound Email": 10},
            ),
            ("status", "Status", "default_status", True, statuses),
            (
                "priority",
                "Priority",
                "default_priority",
                True,
                {"Low": 1, "Medium": 2, "High": 3, "Urgent": 4},
            ),
            ("group", "Group", "default_group", False, {g["name"]: g["id"] for g in self.groups}),
            ("agent", "Agent", "default_agent", False, {a["contact"]["name"]: a["id"] for a in self.agents}),
            ("product", "Product", "default_product", False, {p["name"]: p["id"] for p in self.products}),
            ("company", "Company", "default_company", False, None),
            ("description", "Description", "default_description", True, None),
            ("cf_order_number", "Order number", "custom_text", False, None),
            ("cf_refund_amount", "Refund amount (€)", "custom_decimal", False, None),
            ("cf_is_vip", "VIP?", "custom_checkbox", False, None),
            ("cf_region", "Region", "custom_dropdown", False, ["EMEA", "APAC", "AMER"]),
            ("cf_due_date", "Promised date", "custom_date", False, None),
            ("cf_category", "Category", "nested_field", False, pools.CATEGORIES),
        ]
        self.ticket_fields = []
        for pos, (name, label, ftype, req_closure, choices) in enumerate(tf, start=1):
            c, u = self._field_ts(rng)
            fid = self._new_id("ticket_field", rng)
            field = {
                "id": fid,
                "name": name,
                "label": label,
                "description": None if ftype.startswith("default") else f"{label} (custom)",
                "position": pos,
                "default": ftype.startswith("default"),
                "type": ftype,
                "required_for_closure": req_closure and ftype == "custom_dropdown",
                "required_for_agents": name in ("requester", "subject", "status", "priority"),
                "required_for_customers": name in ("requester", "subject"),
                "customers_can_edit": name in ("requester", "subject", "description", "cf_order_number"),
                "label_for_customers": label if name != "requester" else "Requester",
                "displayed_to_customers": not name.startswith("cf_is"),
                "portal_cc": False if name != "requester" else True,
                "portal_cc_to": "company" if name == "requester" else None,
                "created_at": c,
                "updated_at": u,
            }
            if choices is not None:
                field["choices"] = choices
            if ftype == "nested_field":
                field["nested_ticket_fields"] = [
                    {
                        "name": "cf_subcategory",
                        "id": self._new_id("ticket_field", rng),
                        "label": "Subcategory",
                        "label_in_portal": "Subcategory",
                        "level": 2,
                        "ticket_field_id": fid,
                        "created_at": c,
                        "updated_at": u,
                    }
                ]
            self.ticket_fields.append(field)

        def simple_fields(kind, specs):
            out = []
            for pos, (name, label, ftype, choices) in enumerate(specs, start=1):
                c, u = self._field_ts(rng)
                f = {
                    "id": self._new_id(kind, rng),
                    "name": name,
                    "label": label,
                    "position": pos,
                    "required_for_agents": name in ("name",),
                    "type": ftype,
                    "default": ftype.startswith("default"),
                    "created_at": c,
                    "updated_at": u,
                }
                if kind == "contact_field":
                    f.update(
                        {
                            "editable_in_signup": name in ("name", "email"),
                            "customers_can_edit": name not in ("company_name", "tag_names"),
                            "label_for_customers": label,
                            "required_for_customers": name == "name",
                            "displayed_for_customers": name != "description",
                        }
                    )
                if choices is not None:
                    f["choices"] = choices
                out.append(f)
            return out

        def defaults(labels: dict) -> list:
            """Default fields: their type is `default_<name>` and they have no choices."""
            return [(name, label, f"default_{name}", None) for name, label in labels.items()]

        self.contact_fields = simple_fields(
            "contact_field",
            defaults(
                {"name": "Full name", "job_title": "Title", "email": "Email", "phone": "Work phone"}
                | {"mobile": "Mobile phone", "twitter_id": "Twitter", "company_name": "Company"}
                | {"address": "Address", "time_zone": "Time zone", "language": "Language"}
                | {"tag_names": "Tags", "description": "About"}
            )
            + [
                ("cf_loyalty_tier", "Loyalty tier", "custom_dropdown", ["Bronze", "Silver", "Gold"]),
                ("cf_birthday", "Birthday", "custom_date", None),
                ("cf_newsletter", "Newsletter opt-in", "custom_checkbox", None),
            ],
        )
        self.company_fields = simple_fields(
            "company_field",
            defaults(
                {"name": "Company Name", "description": "Description", "note": "Notes", "domains": "Domains"}
            )
            + [
                ("health_score", "Health score", "default_health_score", ["At risk", "Doing okay", "Happy"]),
                ("account_tier", "Account tier", "default_account_tier", ["Basic", "Premium", "Enterprise"]),
                ("renewal_date", "Contract renewal date", "default_renewal_date", None),
                ("industry", "Industry", "default_industry", [i for i in pools.INDUSTRIES if i]),
                ("cf_contract_value", "Contract value", "custom_number", None),
                ("cf_region", "Region", "custom_dropdown", ["EMEA", "APAC", "AMER"]),
            ],
        )

    # ------------------------------------------------------------------ lookups
    def ticket(self, tid: int) -> TicketCore | None:
        if 1 <= tid <= len(self.tickets):
            return self.tickets[tid - 1]
        return None

    def agent_by_id(self, aid: int):
        for a in self.agents:
            if a["id"] == aid:
                return a
        return None

    def contact_state_ok(self, c: dict, state: str | None) -> bool:
        deleted = bool(c.get("deleted"))
        blocked = c["id"] in self.blocked_contacts
        if state is None:
            return not deleted and not blocked
        if state == "deleted":
            return deleted
        if state == "blocked":
            return blocked and not deleted
        if state == "verified":
            return c["active"] and not deleted and not blocked
        if state == "unverified":
            return not c["active"] and not deleted and not blocked
        return False

    def visible_time_entries(self):
        return [te for te in self.time_entries if not self.tickets[te["ticket_id"] - 1].deleted]

    # ------------------------------------------------------------------ mutation
    def mutate(self, seed: int, now: int) -> dict:
        self._mutation_round += 1
        rng = random.Random(_mix(self.seed, self.scale, "mutate", seed, self._mutation_round))
        summary = {
            "timestamp": iso(now),
            "tickets_updated": [],
            "tickets_deleted": [],
            "tickets_spam": [],
            "conversations_added": [],
            "conversation_ticket_ids": [],
            "contacts_updated": [],
            "contacts_added": [],
            "contacts_deleted": [],
            "contacts_blocked": [],
            "companies_updated": [],
            "time_entries_added": [],
            "satisfaction_ratings_added": [],
        }
        visible = [t for t in self.tickets if t.visible]
        picks = rng.sample(visible, min(len(visible), 12))
        upd, conv, dele, spam = picks[:5], picks[5:9], picks[9:11], picks[11:12]
        for t in upd:
            old = t.status
            t.status = rng.choice([s for s in (2, 3, 4, 5) if s != old])
            if rng.random() < 0.5:
                t.priority = rng.choice([1, 2, 3, 4])
            if rng.random() < 0.3:
                t.overrides = {**(t.overrides or {}), "tags": sorted(rng.sample(pools.TAGS, 2))}
            if t.status == 2 and t.responder_id is None:
                t.responder_id = rng.choice(self.agent_ids)
            t.updated_at = now
            summary["tickets_updated"].append(t.id)
        for i, t in enumerate(conv):
            incoming = i % 2 == 1
            cid = self._new_id("new_conversation")
            body = f"<div>{rng.choice(pools.TICKET_LINES if incoming else pools.REPLY_LINES)}</div>"
            agent = t.responder_id or self.agent_ids[0]
            conv_d = self._conversation_dict(cid, t, now, body, incoming, private=False, agent=agent)
            t.extra_convs = (t.extra_convs or []) + [conv_d]
            t.updated_at = now
            summary["conversations_added"].append(cid)
            summary["conversation_ticket_ids"].append(t.id)
        for t in dele:
            t.deleted = True
            t.updated_at = now
            summary["tickets_deleted"].append(t.id)
        for t in spam:
            t.spam = True
            t.updated_at = now
            summary["tickets_spam"].append(t.id)

        live = [c for c in self.contacts if not c.get("deleted") and c["id"] not in self.blocked_contacts]
        cpicks = rng.sample(live, min(len(live), 5))
        for c in cpicks[:3]:
            c["job_title"] = rng.choice(["Head of Ops", "Buyer", "Geschäftsführerin", "CTO"])
            c["phone"] = f"+1 555 03{rng.randint(10, 99)}"
            c["updated_at"] = iso(now)
            summary["contacts_updated"].append(c["id"])
        if len(cpicks) > 3:
            cpicks[3]["deleted"] = True
            cpicks[3]["updated_at"] = iso(now)
            summary["contacts_deleted"].append(cpicks[3]["id"])
        if len(cpicks) > 4:
            self.blocked_contacts.add(cpicks[4]["id"])
            cpicks[4]["updated_at"] = iso(now)
            summary["contacts_blocked"].append(cpicks[4]["id"])
        for k in range(2):
            if k == 0 and self.contacts:
                name = rng.choice(self.contacts)["name"]  # a namesake of an existing contact
                local = f"namesake{self._mutation_round}"
            else:
                name, local = self._person(rng, len(pools.SPECIAL_PEOPLE) + rng.randint(0, 10_000))
                local = f"{local}.r{self._mutation_round}"
            c = self._make_contact(rng, len(self.contacts), name, local, now, now, self._used_emails)
            self.contacts.append(c)
            self.contact_by_id[c["id"]] = c
            summary["contacts_added"].append(c["id"])

        if self.companies:
            comp = rng.choice(self.companies)
            comp["health_score"] = rng.choice([h for h in pools.HEALTH if h != comp["health_score"]])
            comp["description"] = f"Updated in round {self._mutation_round}"
            comp["updated_at"] = iso(now)
            summary["companies_updated"].append(comp["id"])

        targets = [t for t in self.tickets if t.visible]
        if targets:
            t = rng.choice(targets)
            te = self._time_entry(rng, t, now, running=False, now=now)
            self.time_entries.append(te)
            summary["time_entries_added"].append(te["id"])
            resolved = [x for x in targets if x.status in (4, 5)] or targets
            t = rng.choice(resolved)
            rating = self._rating(rng, t, now, switch=0)
            self.ratings.append(rating)
            summary["satisfaction_ratings_added"].append(rating["id"])
        self.version += 1
        return summary

    # ------------------------------------------------------------------ ground truth
    def ground_truth(self, ticket_include=()) -> dict[str, list[dict]]:
        """Fresh copies: tickets and conversations are rendered anew, everything else deep-copied."""
        gt = {
            "agents": sorted(self.agents, key=lambda x: x["id"]),
            "companies": sorted(self.companies, key=lambda x: x["id"]),
            "contacts": sorted(self.contacts, key=lambda x: x["id"]),
            "conversations": [c for t in self.tickets for c in self.conversations(t)],
            "groups": sorted(self.groups, key=lambda x: x["id"]),
            "roles": list(self.roles),
            "satisfaction_ratings": sorted(self.ratings, key=lambda x: x["id"]),
            "skills": list(self.skills),
            "surveys": list(self.surveys),
            "tickets": [self.render_ticket(t, ticket_include) for t in self.tickets],
            "time_entries": sorted(self.visible_time_entries(), key=lambda x: x["id"]),
            "business_hours": list(self.business_hours),
            "canned_response_folders": list(self.canned_folders),
            "canned_responses": [r for f in self.canned_folders for r in self.canned_responses[f["id"]]],
            "discussion_categories": list(self.forum_categories),
            "discussion_forums": [f for c in self.forum_categories for f in self.forums[c["id"]]],
            "discussion_topics": [
                t for c in self.forum_categories for f in self.forums[c["id"]] for t in self.topics[f["id"]]
            ],
            "discussion_comments": [
                p
                for c in self.forum_categories
                for f in self.forums[c["id"]]
                for t in self.topics[f["id"]]
                for p in self.posts[t["id"]]
            ],
            "email_configs": list(self.email_configs),
            "email_mailboxes": list(self.mailboxes),
            "products": list(self.products),
            "scenario_automations": list(self.scenarios),
            "settings": [dict(self.settings)],
            "sla_policies": list(self.sla_policies),
            "solution_categories": list(self.sol_categories),
            "solution_folders": [f for c in self.sol_categories for f in self.sol_folders[c["id"]]],
            "solution_articles": [
                a
                for c in self.sol_categories
                for f in self.sol_folders[c["id"]]
                for a in self.articles[f["id"]]
            ],
            "ticket_fields": list(self.ticket_fields),
            "contact_fields": list(self.contact_fields),
            "company_fields": list(self.company_fields),
        }
        assert set(gt) == set(STREAMS)
        fresh = {"tickets", "conversations"}
        return {k: (v if k in fresh else copy.deepcopy(v)) for k, v in gt.items()}
