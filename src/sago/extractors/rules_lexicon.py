"""Vocabulary of the rules extractor: cue patterns, places, standards, roles, stop words.

Patterns are matched against lower-cased text unless noted. English first; Portuguese,
Spanish, Italian, Polish, German, French and Korean get the cheap, high-yield words.
Korean has no spaces between a word and its endings, so its cues carry no `\\b`.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def wordset(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string, for readable word lists."""
    return frozenset(text.split())


# --- message-level screens --------------------------------------------------------------
INJECTION = re.compile(
    r"(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:the\s+|your\s+)?"
    r"(?:previous|prior|above|earlier|preceding|former)\s+(?:instructions|prompts?|rules|messages)"
    r"|\bsystem\s*(?:prompt)?\s*:|</?\s*(?:system|context|instructions?|prompt|assistant)\s*>"
    r"|note\s+to\s+(?:the\s+|any\s+)?(?:ai|assistant|llm|model|bot)"
    r"|\b(?:ai|llm)\s+(?:assistant|inbox|agent)s?\s+(?:processing|reading)"
    r"|\bassistant\s*[,:]\s*(?:add|record|ignore|report|output|create|log|insert|mark)"
    r"|you\s+are\s+now\s+(?:an?\s+)?(?:ai|assistant|model)"
    r"|(?:ignore|disregard|forget)\s+(?:the|all|everything)\s+(?:above|before|previous)"
    r"|\b(?:say|write|state|output|claim)\s+that\s+(?:we|the\s+company)\b"
    r"|\b(?:chat\s?gpt|gpt|claude|gemini|copilot|llm|ai|bot)\b[^.\n]{0,25}\b(?:please\s+)?"
    r"(?:log|record|add|mark|report|store|register)\s+(?:this|it|that|the\s+following)\b"
    r"|(?:record|add|log|insert|report)\s+(?:this|the\s+following)\s+(?:as\s+an?\s+)?"
    r"(?:verified\s+|new\s+|high-severity\s+)*(?:event|fact|deal|milestone)"
    r"|do\s+not\s+mention\s+this|new\s+instructions\s*:|\bjailbreak\b",
    _I,
)
SPAM = re.compile(
    r"(?:listing|placement|processing|application|entry|nomination|registration|publication|"
    r"finder'?s|award)\s+fee"
    r"|pay\s+(?:the|a|our|your)\s+[\w\s-]{0,30}fee|reply\s+(?:yes|stop|remove)\b"
    r"|link\s+expires|(?:verify|confirm)\s+your\s+(?:account|placement|identity|details|spot|award)"
    r"|click\s+(?:here|the\s+link|below)|pre-placed|act\s+now|limited[- ]time\s+offer"
    r"|gift\s+card|you\s+have\s+been\s+(?:selected|chosen)|you\s+have\s+received\s+a\s+document"
    r"|review\s+(?:and|&)\s+sign|review\s+document|wire\s+the\s+funds|crypto\s+wallet"
    r"|get\s+you\s+(?:featured|covered|listed)|guaranteed\s+(?:press|coverage|placement|feature)"
    r"|for\s+a\s+(?:small\s+)?fee|sponsored\s+(?:post|article|content|feature)|exclusive\s+offer",
    _I,
)
BULK = re.compile(
    r"unsubscribe|you\s+are\s+receiving\s+this|newsletter|\bdigest\b|this\s+week\s+in\b"
    r"|view\s+in\s+browser|manage\s+(?:your\s+)?preferences",
    _I,
)
JOKE = re.compile(
    r"(?:^|[\s.,!(])(?:jk|j/k|/s)(?=$|[\s.,!)])|\bjust\s+kidding\b|\bkidding\b|\bhaha+\b"
    r"|😂|🤣|😜|🤪|\bscherzo\b|\bbrincadeira\b|\bżart",
    _I,
)
RUMOUR = re.compile(
    r"\b(?:rumou?rs?|rumou?red|heard\s+(?:that|from|a|through|it)|hearing\s+that|word\s+is"
    r"|apparently|allegedly|reportedly|supposedly|unconfirmed|unverified|not\s+verified"
    r"|word\s+on\s+the\s+street|(?:someone|somebody|a\s+friend|a\s+source)\b[^.\n]{0,40}\b(?:said"
    r"|says|told\s+me|mentioned)|no\s+idea\s+if\s+(?:it'?s\s+)?true"
    r"|not\s+confirmed|(?:nobody|no\s+one)\s+would\s+confirm|can'?t\s+confirm|gossip"
    r"|grain\s+of\s+salt|si\s+dice|pare\s+che|dizem\s+que|ouvi\s+dizer|podobno|plotka)\b"
    r"|소문|카더라",
    _I,
)

# --- sentence-level cues ----------------------------------------------------------------
NEGATED = re.compile(
    r"\b(?:not(?!\s+only)|never|no\s+longer|(?:did|do|does|was|were|is|are|has|have|had|could"
    r"|would|wo|ca|should)n'?t(?!\s+wait)|cannot|fell\s+through|expired|withdr[ae]wn?|rescinded"
    r"|pulled\s+(?:it|the|their|our)\b"
    r"|(?:nothing|none|nobody|no\s+one)\s+(?:is\s+|are\s+|has\s+been\s+)?(?:signed|closed|final"
    r"|official|confirmed|committed)"
    r"|verbal\s+(?:agreement|yes|ok)\s+only|lost\s+(?:the|this|that|our|a|an"
    r"|out|them|it)\b|lost\s+to|declined|decided\s+against|pulled\s+out|walked\s+away"
    r"|called\s+off|cancel+ed|scrapped|rejected|turned\s+(?:us\s+)?down|passed\s+on|failed"
    r"|failure|rolled\s+back|backed\s+out|no\s+deal|unsuccessful|churned|não|nao|non(?!-)|nie"
    r"|nicht|nunca|niestety|annullat[oa]|cancelad[oa]|anulowan)\b"
    r"|실패|취소|못\s?했|않았|안\s?됐|무산",
    _I,
)
DELAYED = re.compile(
    r"\b(?:slipped|slips|slipping|slip\s+to|pushed\s+(?:back|out|to)|push(?:ed|ing)?\s+(?:it\s+)?"
    r"to\s+(?:q[1-4]|next)|delayed|delays?|postponed|rescheduled|moved\s+(?:to|back)\s+(?:q[1-4]"
    r"|next|later)|on\s+hold|paused|now\s+targeting|new\s+date|adiad[oa]|fica\s+para|slitta"
    r"|slittat[oa]|rinviat[oa]|posticipat[oa]|przesuwamy|przesunięt\w*|opóźni\w*|verschoben"
    r"|retrasad[oa]|pospuest[oa])\b|연기|미뤄|지연",
    _I,
)
SPECULATIVE = re.compile(
    r"\b(?:hop(?:e|es|ing|efully)|might|could|likely|probabl[ey]|possibl[ey]|perhaps|maybe"
    r"|expect(?:ed|ing|s)?|should\s+(?:close|sign|land|get|hit|be|launch)|on\s+track\s+to"
    r"|almost|nearly|just\s+shy\s+of|approaching|waiting\s+(?:on|for)|pending|awaiting|yet\s+to"
    r"|in\s+progress|underway|ongoing|under\s+review|in\s+(?:legal\s+)?review|scheduled\s+(?:for|to)"
    r"|slated|planned\s+for|set\s+to|due\s+to\s+(?:launch|close|sign|start|go)|coming\s+soon"
    r"|imagine|what\s+if|hypothetically|in\s+theory|dream\s+(?:of|is)|wishlist|in\s+my\s+dreams"
    r"|(?:sounds|seems|looks|feels)\s+like|seems\s+to|(?:a|good|some|decent|fair)\s+chance"
    r"|odds\s+are|potentially|negotiat\w*"
    r"|about\s+to|going\s+to|gonna|fingers\s+crossed|in\s+talks|in\s+discussions?|negotiating"
    r"|close\s+to\s+(?:signing|closing)|aim(?:ing)?\s+to|plan(?:s|ning|ned)?\s+to|intend"
    r"|would\s+(?:be|mean|make)|lets\s+us|let\s+us|(?:will|'ll)\s+(?:likely\s+|soon\s+)?"
    r"(?:launch|close|sign|open|expand|raise|announce|go\s+live|ship|release|be\s+(?:live"
    r"|available|launching|featured|signing|closing|certified))|forse|speriamo|probabilmente"
    r"|talvez|esperamos|quizás|może|chyba|prawdopodobnie|vielleicht|peut-être)\b"
    # Lower-case "may" only, and not the month ("in may", "for may").
    r"|(?-i:(?<!\bin\s)(?<!\bfor\s)(?<!\bof\s)(?<!\bby\s)(?<!\bend\sof\s)(?<!\bsince\s)"
    r"\bmay\s+(?!\d)[a-z])|🤞|것\s?같|듯|아마|예정|수도\s?있",
    _I,
)
CONDITIONAL = re.compile(
    r"\b(?:if|unless|once\s+(?:we|they|it'?s|the|that)|only\s+after|provided(?:\s+that)?"
    r"|assuming|depends\s+on|depending\s+on|contingent|subject\s+to|as\s+soon\s+as|se|senão"
    r"|caso|solo\s+dopo|a\s+condizione|purché|jeśli|jeżeli|o\s+ile|wenn|falls)\b|(?:으)?면\s|경우",
    _I,
)
GOAL = re.compile(
    # "Target" capitalised is as often a company ("landed Target") as a goal.
    r"\b(?:goals?|(?-i:targets?|targeting|targeted|TARGETS?)|(?-i:Target)(?=\s*(?::|is\b|for\b))"
    r"|objectives?|okrs?|ambition|roadmap|priorit(?:y|ies)"
    r"|focus(?:ing)?\s+(?:on|for|is)|plan(?:s|ning)?\s+(?:to|is|for)|the\s+plan|our\s+plan"
    r"|by\s+(?:the\s+)?end\s+of|by\s+(?:q[1-4]|eoy|eoq|year[- ]end)|next\s+(?:quarter|year)"
    r"|wishlist|meta\s+(?:é|de|para)|objetivos?|obiettiv[oi]|cel(?:em)?|celu|next\s+milestone"
    r"|north\s+star|aim(?:ing)?\s+for)\b|목표|계획",
    _I,
)
DRAFT = re.compile(
    r"\b(?:draft(?:ing|ed)?|placeholder|template|working\s+title|tbd|tbc|lorem\s+ipsum"
    r"|fill\s+in|to\s+be\s+(?:confirmed|determined)|bozza|rascunho|szkic)\b|초안"
    r"|\[[A-Z][A-Z _/-]*\]|\{\{|<insert|\bX{1,3}%|\bN{1,3}\b(?=\s+(?:clinics|customers|users))",
)
HISTORICAL = re.compile(
    r"\b(?:back\s+in|(?<!up\sfrom\s)\w+\s+years?\s+ago|(?:last|previous)\s+(?:year|decade)"
    r"|in\s+the\s+(?:late|early|mid)[- ]?(?:\d0s|'\d0s|nineties|eighties)|in\s+the\s+\d0s"
    r"|used\s+to|previously|formerly|at\s+(?:her|his|their|my)\s+(?:last|previous|old|former)"
    r"|in\s+my\s+(?:last|previous|old|former)\s+(?:job|company|role|startup|gig)"
    r"|from\s+(?:0|zero)\s+to|when\s+(?:i|we|she|he)\s+(?:was|were)\s+at|anos\s+atrás"
    r"|anni\s+fa|lat\s+temu)\b|년\s?전",
    _I,
)
# Somebody else's achievement: "she took X's team from 0 to $9M ARR".
THIRD_PERSON_FEAT = re.compile(
    r"\b(?:she|he|they)\s+(?:\w+\s+){0,2}(?:took|grew|built|scaled|led|ran)\b|\b\w+'s\s+"
    r"(?:team|company|revenue|arr|round|business)\b",
    _I,
)
FIRST_PERSON = re.compile(
    r"\b(?:we|we're|we've|we'd|we'll|our|ours|us|i|i'm|i've|my|nós|nosso|nossa|noi|nostro|nostra"
    r"|abbiamo|siamo|my|nasz|nasza|nasze|jesteśmy|mamy|wir|unser|nous|notre|nosotros"
    r"|nuestro)\b|\b\w{2,}(?:amos|emos|imos|ámos|iamo|śmy|ujemy|iemy)\b|우리|저희",
    _I,
)

# Headings that open a section of plans, not facts ("Focus for July", "Q4 priorities").
GOAL_HEADING = re.compile(
    r"\b(?:focus|goals?|priorit(?:y|ies)|plans?|objectives?|targets?|okrs?|next\s+(?:steps|month"
    r"|quarter|year)|looking\s+ahead|what'?s\s+next|coming\s+up|roadmap|asks?|outlook|upcoming"
    r"|metas?|objetivos?|prioridades|obiettivi|priorità|cele|plany|priorytety)\b|목표|계획",
    _I,
)

# --- vocabulary for keys ----------------------------------------------------------------
# Tokens that never identify a company, product or outlet on their own.
GENERIC_NAME_TOKENS = wordset(
    """
    the a an our their its his her my this that new il la le lo gli i o os as de da do di del
    della z w na group gruppo grupo grupa company co corp corporation inc inc. ltd ltd. llc
    gmbh ag sa s.a. spa s.p.a. srl plc bv nv team app ai platform product tool feature module
    beta v1 v2 v3 2.0 version all every first official officially just today yesterday
    consorzio network rede sieć sieci
    """
)

ROUND = re.compile(
    r"\b(?:pre[- ]?seed|seed(?:\s+(?:round|extension))?|series\s+[a-z](?:[- ]?\d|\+)?(?![a-z])"
    r"|bridge\s+round|convertible\s+note|safe\s+round|angel\s+round|growth\s+round)\b"
    r"|시리즈\s?[a-z]|rodada\s+(?:seed|semente|série\s+[a-z])|round\s+(?:seed|serie\s+[a-z])",
    _I,
)
# "close the A" / "the series A": a bare letter after "the" only counts with "series".
COMPLIANCE_STANDARDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("soc2-type2", re.compile(r"\bsoc\s?(?:2|ii)\s*(?:type\s*(?:ii|2)|t2)\b", _I)),
    ("soc2-type1", re.compile(r"\bsoc\s?(?:2|ii)\s*(?:type\s*(?:i|1)|t1)\b", _I)),
    ("soc2", re.compile(r"\bsoc\s?2\b", _I)),
    ("soc1", re.compile(r"\bsoc\s?1\b", _I)),
    ("iso27001", re.compile(r"\biso(?:/iec)?\s?27001\b", _I)),
    ("iso27701", re.compile(r"\biso(?:/iec)?\s?27701\b", _I)),
    ("iso9001", re.compile(r"\biso\s?9001\b", _I)),
    ("iso13485", re.compile(r"\biso\s?13485\b", _I)),
    ("hipaa", re.compile(r"\bhipaa\b", _I)),
    ("gdpr", re.compile(r"\bgdpr\b|\brgpd\b", _I)),
    ("pci-dss", re.compile(r"\bpci(?:[- ]dss)?\b", _I)),
    ("hitrust", re.compile(r"\bhitrust\b", _I)),
    ("fedramp", re.compile(r"\bfedramp\b", _I)),
    ("ce-mark", re.compile(r"\bce\s?(?:mark|marking|certification)\b", _I)),
    ("fda", re.compile(r"\bfda\b|\b510\(k\)", _I)),
    ("cyber-essentials", re.compile(r"\bcyber\s+essentials\b", _I)),
    ("tisax", re.compile(r"\btisax\b", _I)),
    ("csa-star", re.compile(r"\bcsa\s+star\b", _I)),
    ("mdr", re.compile(r"\bmdr\b", _I)),
)

GROWTH_NOUNS = {
    "users": "users",
    "user": "users",
    "customers": "customers",
    "clients": "customers",
    "clinics": "clinics",
    "clinic": "clinics",
    "clínicas": "clinics",
    "cliniche": "clinics",
    "klinik": "clinics",
    "practices": "practices",
    "studi": "practices",
    "accounts": "accounts",
    "signups": "signups",
    "sign-ups": "signups",
    "downloads": "downloads",
    "installs": "installs",
    "subscribers": "subscribers",
    "members": "members",
    "patients": "patients",
    "pacientes": "patients",
    "pazienti": "patients",
    "pacjentów": "patients",
    "dau": "dau",
    "mau": "mau",
    "wau": "wau",
    "teams": "teams",
    "companies": "companies",
    "merchants": "merchants",
    "stores": "stores",
    "sellers": "sellers",
    "drivers": "drivers",
    "riders": "riders",
    "businesses": "businesses",
    "developers": "developers",
    "devs": "developers",
    "brands": "brands",
    "restaurants": "restaurants",
    "schools": "schools",
    "students": "students",
    "hospitals": "hospitals",
    "pharmacies": "pharmacies",
    "workspaces": "workspaces",
    "organizations": "organizations",
    "organisations": "organizations",
    "orgs": "organizations",
    "creators": "creators",
    "visitors": "visitors",
    "listeners": "listeners",
    "readers": "readers",
    "learners": "learners",
    "shoppers": "shoppers",
    "buyers": "buyers",
    "hosts": "hosts",
    "guests": "guests",
    "utenti": "users",
    "utilizadores": "users",
    "usuarios": "users",
    "nutzer": "users",
    "utilisateurs": "users",
    "kunden": "customers",
    "usuários": "users",
    "użytkowników": "users",
    "clientes": "customers",
    "clienti": "customers",
    "klientów": "customers",
    "명": "users",
}

ROLE = re.compile(
    r"(?:(?:senior|sr\.?|junior|jr\.?|staff|principal|founding|first|new|interim|global"
    r"|regional)\s+)*"
    r"(?:(?:s|e)?vp|vice[- ]president|head|director|general\s+counsel|chief\s+[a-z]+(?:\s+[a-z]+)?"
    r"\s+officer|c[eotfmrpi]o|ciso|(?:engineering|product|sales|marketing|design|data|ml"
    r"|customer\s+success|support|finance|operations|people|growth|security|partnerships?)\s+"
    r"(?:manager|lead|director)|(?:software|backend|frontend|full[- ]stack|ml|data|devops"
    r"|platform|sales|solutions|customer\s+success|support|qa|security|site\s+reliability"
    r"|mobile|ios|android)\s+(?:engineers?|managers?|scientists?)|engineers?|designers?"
    r"|scientists?|account\s+executives?|sdrs?|bdrs?|recruiters?|product\s+managers?"
    r"|controller|head\s+of\s+\w+)"
    r"(?:\s+(?:of|for)\s+(?:[a-z]+(?:\s+(?!(?:role|position|job|team|offer|at|in|on)\b)[a-z]+)?)"
    r"|\s+(?:sales|marketing|engineering|product"
    r"|design|growth|operations|finance|people|partnerships|customer\s+success|data|ai|ml"
    r"|emea|europe|americas|apac))?\b",
    _I,
)
ROLE_ABBREVIATIONS = {
    "vice president": "vp",
    "vice-president": "vp",
    "chief executive officer": "ceo",
    "chief technology officer": "cto",
    "chief technical officer": "cto",
    "chief financial officer": "cfo",
    "chief operating officer": "coo",
    "chief marketing officer": "cmo",
    "chief revenue officer": "cro",
    "chief product officer": "cpo",
    "chief information security officer": "ciso",
    "head of": "head",
}
