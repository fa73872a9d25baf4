"""Static vocabulary for the fake Freshdesk account (names, subjects, bodies...).

Everything here is constant; all randomness lives in ``data.py`` and is seeded.
"""

# (display name, email local part). Unicode names on purpose; "李雷" and "John Smith" repeat.
SPECIAL_PEOPLE = [
    ("Zoë Ångström", "zoe.angstrom"),
    ("李雷", "li.lei"),
    ("José Núñez", "jose.nunez"),
    ("Hanna Müller", "hanna.mueller"),
    ("John Smith", "john.smith"),
    ("Søren Kjær", "soren.kjaer"),
    ("Αλέξης Παπαδόπουλος", "alexis.papadopoulos"),
    ("Иван Петров", "ivan.petrov"),
    ("Siobhán O'Connor", "siobhan.oconnor"),
    ("François Lefèvre", "francois.lefevre"),
    ("John Smith", "jsmith"),
    ("Ólafur Jónsson", "olafur.jonsson"),
    ("Łukasz Żółć", "lukasz.zolc"),
    ("محمد الأحمد", "mohammed.alahmad"),
    ("佐藤 花子", "sato.hanako"),
    ("李雷", "lei.li"),
    ("Nguyễn Văn An", "nguyen.van.an"),
    ("Priya Raghunathan", "priya.r"),
    ("zoë ångström", "zoe.a"),
    ("Émile Zola-Durand", "emile.zd"),
]

FIRST_NAMES = [
    "Alice",
    "Bob",
    "Carla",
    "Dev",
    "Emma",
    "Farid",
    "Grace",
    "Hiro",
    "Inès",
    "Jonas",
    "Kofi",
    "Lena",
    "Marco",
    "Nadia",
    "Omar",
    "Paula",
    "Quentin",
    "Rosa",
    "Sam",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zane",
    "Björn",
    "Chiara",
    "Dmitri",
    "Eun-ji",
]
LAST_NAMES = [
    "Smith",
    "García",
    "Okafor",
    "Tanaka",
    "Novak",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Silva",
    "Andersson",
    "Patel",
    "Kim",
    "Haddad",
    "Jensen",
    "Murphy",
    "Schmidt",
    "Nakamura",
    "O'Brien",
]

AGENT_PEOPLE = [
    ("Ingrid Bergström", "ingrid"),
    ("Rahul Mehta", "rahul"),
    ("Chloé Martin", "chloe"),
    ("王芳", "wang.fang"),
    ("Tom O'Neil", "tom"),
    ("Amara Nwosu", "amara"),
    ("Lukas Weber", "lukas"),
    ("Sofía Herrera", "sofia"),
    ("Kenji Watanabe", "kenji"),
    ("Fatima Zahra", "fatima"),
    ("Pieter de Vries", "pieter"),
    ("Aisha Khan", "aisha"),
    ("Mateo Rossi", "mateo"),
    ("Hélène Dupont", "helene"),
    ("Oskar Nilsson", "oskar"),
    ("Yuki Sato", "yuki"),
    ("Grace Hopper", "grace"),
    ("Ravi Iyer", "ravi"),
    ("Nora Lindqvist", "nora"),
    ("Diego Alves", "diego"),
    ("Mei Chen", "mei"),
    ("Jakub Dvořák", "jakub"),
    ("Leila Farahani", "leila"),
    ("Sean Byrne", "sean"),
    ("Anya Volkova", "anya"),
    ("Thabo Mokoena", "thabo"),
    ("Camille Roux", "camille"),
    ("Felix Braun", "felix"),
    ("Isla MacLeod", "isla"),
    ("Arjun Rao", "arjun"),
]

COMPANY_NAMES = [
    ("Acme Corporation", "acme"),
    ("Globex", "globex"),
    ("Initech", "initech"),
    ("Umbrella Health", "umbrella-health"),
    ("Nordlys AS", "nordlys"),
    ("Société Générale de Café", "sgcafe"),
    ("株式会社サクラ", "sakura"),
    ("Müller & Söhne GmbH", "mueller-soehne"),
    ("Wayne Enterprises", "wayne"),
    ("Stark Industries", "stark"),
    ("Hooli", "hooli"),
    ("Vandelay Imports", "vandelay"),
]
COMPANY_ADJ = ["Blue", "Northern", "Quantum", "Silver", "Rapid", "Golden", "Bright", "Green", "Iron", "Lunar"]
COMPANY_NOUN = ["Harbor", "Peak", "Forge", "Leaf", "Bridge", "Signal", "Orbit", "Stone", "River", "Field"]
COMPANY_SUFFIX = ["Ltd", "Inc.", "GmbH", "AB", "S.A.", "LLC", "Co.", "Pty Ltd"]

INDUSTRIES = ["Software", "Retail", "Healthcare", "Manufacturing", "Finance", "Education", None]
HEALTH = ["Happy", "Doing okay", "At risk", None]
TIERS = ["Basic", "Premium", "Enterprise", None]
REGIONS = ["EMEA", "APAC", "AMER", None]
LANGUAGES = ["en", "en", "en", "de", "fr", "es", "zh-CN", "ja-JP", "nb-NO"]
TIME_ZONES = [
    "Eastern Time (US & Canada)",
    "Pacific Time (US & Canada)",
    "London",
    "Berlin",
    "Paris",
    "Beijing",
    "Tokyo",
    "Chennai",
    "Oslo",
    "UTC",
]
JOB_TITLES = [
    "CTO",
    "Office Manager",
    "Purchasing Lead",
    "Developer",
    "Head of Support",
    "Accountant",
    "Chef de projet",
    "Einkäuferin",
    None,
    None,
]
FREE_MAIL_DOMAINS = ["mail.example", "post.example", "inbox.example"]

TICKET_SUBJECTS = [
    "Order #{n} has not arrived",
    "Unable to log in to the customer portal",
    "Refund request for invoice INV-{n}",
    "Problème de facturation sur la commande {n}",
    "请帮忙：账户被锁定",
    "Größe falsch geliefert – Bestellung {n}",
    "App crashes on startup 🚀",
    "Question about pricing tiers",
    "Password reset email never arrives",
    "Feature request: dark mode",
    "Cancel my subscription",
    "Wrong item received (SKU {n})",
    "Invoice shows a duplicate charge",
    "How do I export my data?",
    "API returns 500 on /v1/orders?page={n}",
    'Ticket with "quotes" & <angle> brackets',
    "Shipping address change — urgent",
    "Доставка задерживается",
    "配送状況について",
    "Zugangsdaten vergessen",
    "Re: Re: Fwd: contract renewal {n}",
    "",  # Freshdesk allows an empty-looking subject on some channels
]
TICKET_LINES = [
    "It&#39;s been 3 days &amp; the package still hasn&#39;t shipped.",
    "I can&#39;t sign in since this morning; the page just reloads.",
    "Bitte erstatten Sie den doppelt abgebuchten Betrag (€ 49,90).",
    "Merci de corriger l&#39;adresse de facturation.",
    "订单号码在附件里，请尽快处理。",
    "The export button returns an error: <code>ERR_42 &lt;timeout&gt;</code>.",
    "Could you explain the difference between the Pro and Enterprise plans?",
    "Zoë from our team said you&#39;d call back — nobody did. 😕",
]
REPLY_LINES = [
    "Thanks for reaching out! I&#39;ve escalated this to our logistics team.",
    "Could you please share a screenshot of the error?",
    "We&#39;ve issued the refund; it should appear within 5–7 business days.",
    "Je vous remercie, c&#39;est corrigé.",
    "Danke für Ihre Geduld – das Problem ist behoben.",
    "Following up: is this still an issue on your side?",
    "Internal: customer is on the Enterprise plan, prioritise. ⚠️",
    "我们已经重置了您的密码。",
]
TAGS = [
    "billing",
    "vip",
    "bug",
    "urgent",
    "feature-request",
    "refund",
    "日本",
    "réclamation",
    "api",
    "onboarding",
]
TICKET_TYPES = ["Question", "Incident", "Problem", "Feature Request", "Refund"]
CATEGORIES = {
    "Billing": ["Invoice", "Refund"],
    "Technical": ["Login", "API", "Mobile app"],
    "Shipping": ["Delay", "Damage"],
}
