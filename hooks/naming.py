"""Service naming rules (SPEC section 2) and a suggested valid name for a rejected one."""

import re

MAX_LENGTH = 30
GENERIC_CONTEXTS = frozenset({"data", "service", "system", "app", "api"})
ABBREVIATIONS = {"mgmt": "management", "svc": "service", "fin": "finance"}
AMBIGUOUS_DOMAINS = frozenset(
    {
        "fleet", "analytics", "data", "communication", "warehouse", "delivery", "content",
        "user", "document", "event", "monitoring", "network", "asset", "inventory", "customer",
    }
)  # fmt: skip
SERVICE_TYPES = {"business-api": "api", "data-api": "api", "worker": "worker", "bot": "bot"}
_SHAPE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
_VERSION = re.compile(r"v\d+")


def naming_errors(name: str, template: str) -> list[str]:
    """Return every naming rule ``name`` breaks for ``template`` (empty when valid)."""
    kind = SERVICE_TYPES[template]
    if not _SHAPE.fullmatch(name):
        return [
            "use only lowercase ASCII letters, digits and single underscores, "
            "starting with a letter"
        ]
    errors = []
    parts = name.split("_")
    if len(name) > MAX_LENGTH:
        errors.append(f"use at most {MAX_LENGTH} characters (this one has {len(name)})")
    if len(parts) < 3:
        errors.append("use three parts {context}_{domain}_{type}, not two")
    elif len(parts) > 4:
        errors.append("use at most four parts {context}_{domain}_{function}_{type}")
    if parts[-1] != kind:
        errors.append(f"end with the type of a {template}: _{kind}")
    if parts[0] == "template":
        errors.append("do not start with the template_ prefix")
    if parts[0] in GENERIC_CONTEXTS:
        errors.append(f"'{parts[0]}' is too generic for a context; name the business context")
    versions = [part for part in parts if _VERSION.fullmatch(part)]
    if versions:
        errors.append(f"do not add a version suffix (_{versions[0]}); versions go in the API path")
    unclear = [part for part in parts if part in ABBREVIATIONS]
    if unclear:
        errors.append(f"spell out the abbreviation '{unclear[0]}' ({ABBREVIATIONS[unclear[0]]})")
    if len(parts) == 3 and parts[1] in AMBIGUOUS_DOMAINS:
        errors.append(
            f"the domain '{parts[1]}' is ambiguous alone; add a function part "
            f"({parts[0]}_{parts[1]}_<function>_{parts[2]})"
        )
    is_data_service = name.endswith("_data_api") or (
        len(parts) == 4 and parts[1:] == ["data", "postgres", "api"]
    )
    if template == "data-api" and not is_data_service:
        errors.append("name a data service {context}_{domain}_data_api")
    if template == "business-api" and is_data_service:
        errors.append("_data_api names a data service; use the data-api template for it")
    return errors


def suggest(name: str, template: str) -> str:
    """Derive a valid name from a rejected one, keeping as much of it as possible."""
    kind = SERVICE_TYPES[template]
    words = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_").split("_")
    words = [ABBREVIATIONS.get(word, word) for word in words if word]
    words = [w for w in words if not _VERSION.fullmatch(w) and w not in {"template", kind}]
    if template == "data-api":
        words = [w for w in words if w != "data"]
    while words and (words[0] in GENERIC_CONTEXTS or not words[0][0].isalpha()):
        words.pop(0)
    if template == "data-api":
        suffix = ["data", "api"]
        head = words[:2] if len(words) >= 2 else [*words, "core"][:2]
        if len(head) < 2:
            head = ["company", "core"]
    else:
        suffix = [kind]
        head = words[:3] if len(words) >= 2 and words[1] in AMBIGUOUS_DOMAINS else words[:2]
        while len(head) < 2:
            head.append("core" if head else "company")
        if len(head) == 2 and head[1] in AMBIGUOUS_DOMAINS:
            head.append("profile")
    candidate = "_".join([*head, *suffix])
    while len(candidate) > MAX_LENGTH:
        longest = max(range(len(head)), key=lambda i: len(head[i]))
        head[longest] = head[longest][: max(3, len(head[longest]) - 1)]
        candidate = "_".join([*head, *suffix])
    return candidate
