"""Does a text address a model rather than a colleague? The screen every extractor and the
email writer share.

Business messages talk about the business; a message that tells an AI what to record,
asks for its instructions, forges the prompt's delimiters or carries the extractor's own
output schema is an injection attempt, and nothing it says is evidence. Attackers hide the
words, so the text is also screened as a reader would see it: Unicode-normalised (fullwidth
letters, zero-width and bidi controls, Cyrillic/Greek look-alikes), letters un-spaced and
digits un-leeted, and base64 payloads decoded.

Tuned against tests/data/injection_set.json (what must be caught) and the generated and
hand-labelled business traffic (what must not): see tests/unit/test_injection_screen.py.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterator
from functools import cache

# Who an injection addresses: words for an AI, not for a person or a team.
_AI = (
    r"(?:ai|a\.i\.|llms?|gpt|chat\s?gpt|claude|gemini|(?:ai\s+|language\s+)models?|bots?"
    r"|(?:ai\s+)?assistants?|extractors?|extraction\s+(?:model|system)|summari[sz]ers?"
    r"|(?:investor\s+)?(?:update|email)\s+writers?|ai\s+writers?|automated\s+readers?)"
)
_TYPES = (
    r"user_growth|revenue_milestone|enterprise_deal|product_launch|market_expansion"
    r"|media_coverage|investor_interest|customer_success|technical_achievement"
)
# Phrases that start at a word: one leading \b for all of them lets the regex engine skip
# every position inside a word at once (3x faster than a \b per alternative).
_WORDS = rf"""
    # overriding the rules
    (?:ignore|disregard|forget|override|bypass)\b[^.\n]{{0,40}}
        \b(?:instructions?|prompts?|rules|guidelines|directives|polic(?:y|ies)
           |everything\s+(?:above|before))\b
    | (?:rules|instructions|guidelines)\s+(?:are|is)\s+(?:suspended|void|lifted|disabled)\b
    | (?:rules|instructions)\s+no\s+longer\s+appl(?:y|ies)\b
    | (?:admin|developer|god|dan)\s+(?:mode|override)\b | developer\s+message\b | jailbreak
    | new\s+instructions\b | new\s+task\s*:
    # speaking to a model
    | (?:dear|hey|hi|attention|note\s+(?:to|for)|instructions?\s+(?:to|for)|message\s+(?:to|for))
        \s+(?:the\s+|any\s+|all\s+|this\s+)?{_AI}\b
    | (?:for\s+)?whoever\s+(?:drafts|writes|compiles)\s+the\s+(?:investor\s+)?(?:update|email)
    | (?:{_AI}|models?)\s*(?:,|:|\)\s*:)\s*(?:please\s+)?(?:add|record|report|log|ignore|disregard
        |output|emit|mark|insert|treat|classify|include|mention|say|write|override|confirm)\b
    | (?:ai|llm|automated)\s+(?:assistants?|readers?|agents?|systems?|models?|writers?|tools?)\s+
        (?:processing\s+(?:this|these|the)|reading\s+(?:this|these|the)
        |(?:must|should|shall)\s+(?:report|record|add|log|ignore|include|mention|treat|output))\b
    | as\s+(?:the|an?)\s+(?:ai\s+)?(?:assistant|language\s+model|llm|extractor|model)\b
    | you\s+are\s+(?:now|an?\s+obedient|the\s+\w+\s+extractor)\b
    | you\s+are\s+\w+,?\s+an?\s+(?:model|assistant|bot|ai)\b
    | pretend\s+(?:to\s+be|you\s+are|you're|that\s+you) | imagine\s+(?:you\s+are|you're)\b
    | role-?\s?play | in\s+character\b | let'?s\s+play\s+a\s+game\b | unfiltered\b
    | with\s+no\s+(?:rules|restrictions)\b
    | act\s+as\s+(?:an?\s+|the\s+)?(?:ai|assistant|model|bot|system|admin|developer|dan)\b
    # telling it what to record or write
    | (?:record|log|report|add|register|emit|insert|mark|treat|classify)\s+(?:this|it|that
        |the\s+following|the\s+next\s+sentence|every\s+\w+|all\s+\w+)\s+as\s+(?:an?\s+)?
        (?:verified|confirmed|high-severity|fact|events?|milestones?|funding|\w+_\w+)\b
    | (?:record|log)\s+the\s+following\b
    | (?:emit|output|insert)\s+(?:an?\s+|one\s+|this\s+)?(?:\w+\s+)?events?\b
    | add\s+(?:an?\s+|this\s+)?event\s*(?:[.:>\-]|$)
    | add\s+(?:this|it)\s+to\s+the\s+(?:record|investor\s+update|events?)\b
    | (?:{_TYPES})\b | confidence\s*=\s*1(?:\.0)?\b
    | when\s+you\s+(?:write|draft|compose|summari[sz]e|generate|prepare)\b
    | (?:insert|add)\s+(?:the\s+|a\s+)?(?:sentence|highlight|paragraph)\b
    # leaking the prompt, changing the output
    | (?:print|reveal|show|repeat|output|display|tell\s+me|dump|leak|recite|what\s+(?:are|were))
        \b[^.\n]{{0,40}}\b(?:system\s+prompt|(?:initial|original|hidden)\s+(?:instructions|rules)
        |your\s+(?:instructions|prompt|rules|configuration)|the\s+(?:text|instructions)\s+above)
    | system\s+prompt\b | hidden\s+rules\b
    | repeat\s+(?:the\s+)?(?:text|words|everything)\s+above\b
    | (?:output|response)\s+format\s+(?:override|change)
    | (?:change|override)\s+(?:your|the)\s+(?:output|response)\b
    | (?:stop|don't|do\s+not)\s+(?:returning|return|outputting|output)\s+json\b
    | (?:respond|reply|answer)\s+only\s+in\b
    | from\s+now\s+on,?\s+(?:you\s+)?(?:respond|reply|output|classify|answer|treat)\b
    | system\s+notice\b | (?:BEGIN|END)-MESSAGE\b | (?:BEGIN|END)\s+(?:INSTRUCTIONS|SYSTEM|PROMPT)\b
    # "ignore the previous instructions" and "system prompt" in other Latin-script languages
    | ignor(?:ez|er|e|a|ar|iere|ieren)\b[^.\n]{{0,30}}\b(?:instructions|instrucciones|instruções
        |instrucoes|istruzioni|anweisungen|instruktionen|consignes)\b
    | (?:oublie[zr]?|olvida|esqueça|esqueca|dimentica|vergiss|vergessen\s+sie)\b[^.\n]{{0,30}}
        \b(?:instructions|instrucciones|instruções|instrucoes|istruzioni|anweisungen)\b
    | zignoruj\b[^.\n]{{0,30}}\b(?:instrukcj|polece) | zapomnij\b[^.\n]{{0,30}}\binstrukcj
    | invite\s+syst[eè]me\b | systemanweisung | systemprompt
"""
# The extractor's own output, chat templates, forged delimiters, role labels on a line.
_MARKERS = r"""
    "(?:events|event_type|source_message_ids)"\s*: | \\"(?:events|event_type)\\"\s*:
    | <\|[a-z_]+\|> | \[/?INST\] | <<\s*/?\s*SYS\s*>>
    | </?\s*(?:system|assistant|instructions?|messages?|context|prompt)\s*>
    | ---\s*END\s+OF\s+(?:MESSAGES|INPUT|DATA)\b
    | ^\s*(?:\#{2,}\s*(?:instruction|system|response)\b|(?:system|assistant|operator)\s*:
        |\[system\]|syst[eè]me\s*:)
"""
# Other scripts, only searched when a text has non-ASCII characters.
_SCRIPTS = r"""
    игнорируй(?:те)?\b[^.\n]{0,30}(?:инструкци|указани)
    | забудь(?:те)?\b[^.\n]{0,30}инструкци | системн\w+\s+(?:промпт|подсказк)
    | 忽略.{0,8}(?:指令|指示|说明|提示) | 系统提示 | 指示.{0,10}無視 | 無視.{0,10}指示
    | システムプロンプト | (?:지시|지침|명령|프롬프트).{0,12}무시 | 시스템\s*프롬프트
"""
_FLAGS = re.I | re.M | re.X
WORDS = re.compile(rf"\b(?:{_WORDS})", _FLAGS)
MARKERS = re.compile(_MARKERS, _FLAGS)
SCRIPTS = re.compile(_SCRIPTS, _FLAGS)


def _search(text: str) -> re.Match[str] | None:
    found = WORDS.search(text) or MARKERS.search(text)
    if found is None and not text.isascii():
        found = SCRIPTS.search(text)
    return found


# Look-alike letters (Cyrillic, Greek) and the Latin ones they imitate.
_HOMOGLYPHS = str.maketrans(
    {
        **dict(zip("аеорсухіјѕһԁӏ", "aeopcyxijshdl", strict=True)),
        **dict(zip("АВЕКМНОРСТХІЈЅ", "ABEKMHOPCTXIJS", strict=True)),
        **dict(zip("αεικνορτυχ", "aeiknoptux", strict=True)),
        **dict(zip("ΑΒΕΗΙΚΜΝΟΡΤΥΧ", "ABEHIKMNOPTYX", strict=True)),
    }
)
_LEET = str.maketrans("013457@$", "oieastas")
_SPACED = re.compile(r"\b\w(?:[ .\-_*]\w\b){3,}")
_LEET_WORD = re.compile(r"\b[a-z]*[0-9@$][a-z0-9@$]*[a-z][a-z0-9@$]*\b", re.I)
_LEET_HINT = re.compile(r"[a-z][0-9@$][a-z]", re.I)  # "1gn0r3": a digit between letters
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{20,}={0,2}")


def _strip_format(text: str) -> str:
    """Zero-width, bidi and other format characters removed (they hide words)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _decoded(text: str) -> Iterator[str]:
    """Readable text hidden as base64 in `text`."""
    for token in _BASE64.findall(text):
        core = token.rstrip("=")
        padded = core + "=" * (-len(core) % 4)
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                words = decode(padded).decode("utf-8")
            except (binascii.Error, ValueError):
                continue
            readable = all(ch.isprintable() or ch in "\n\r\t" for ch in words)
            if readable and sum(ch.isalpha() for ch in words) > len(words) // 2:
                yield words
                break


def _views(text: str) -> Iterator[str]:
    """The text as written, then as a reader sees it once each disguise is undone."""
    yield text
    seen = unicodedata.normalize("NFKC", _strip_format(text))
    if not seen.isascii():
        seen = seen.translate(_HOMOGLYPHS)
    if seen != text:
        yield seen
    if _SPACED.search(seen):
        yield _SPACED.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group()), seen)
    if _LEET_HINT.search(seen):
        yield _LEET_WORD.sub(lambda m: m.group().translate(_LEET), seen)
    if _BASE64.search(seen):
        yield from _decoded(seen)


def injection_match(text: str) -> str | None:
    """The phrase that makes `text` read as instructions to a model, or None."""
    for view in _views(text):
        match = _search(view)
        if match is not None:
            return " ".join(match.group().split())[:80]
    return None


def looks_like_injection(text: str) -> bool:
    return injection_match(text) is not None


@cache
def _shingles(instructions: str, size: int = 8) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", instructions.lower())
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def repeats_instructions(text: str, instructions: str, size: int = 8) -> bool:
    """True when `text` quotes `size` consecutive words of a model's instructions: a leak."""
    words = re.findall(r"\w+", text.lower())
    known = _shingles(instructions, size)
    return any(tuple(words[i : i + size]) in known for i in range(len(words) - size + 1))
