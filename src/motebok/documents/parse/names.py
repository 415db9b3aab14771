"""Person names, roles and organizations as they appear in attendance lists and group lists."""

from __future__ import annotations

import re

from ..schema import Person

_UP = "A-ZÆØÅÄÖÜÉÈÁÀÓÒÚ"
_LOW = "a-zæøåäöüéèáàóòúß"
_NAME_TOKEN = rf"(?:[{_UP}][{_LOW}{_UP}'\-]*\.?|[{_UP}]\.(?:[{_UP}]\.)*|[{_UP}]\.?-[{_UP}]\.?)"
_PARTICLE = r"(?:van|von|de|der|den|la|le|af|du|da|di|bin|ibn|mac|mc)"
NAME_RE = re.compile(rf"^{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|{_PARTICLE}))*$")

# Words that open a name in an attendance list but are a title or role, not part of the name.
HONORIFICS = re.compile(
    r"^(?:councillors?|cllrs?\.?|mr\.?|mrs\.?|ms\.?|miss|sir|dame|herr|fru|frk\.?)\s+",
    re.IGNORECASE,
)
ROLE_WORDS = (
    "styreleder", "styreleiar", "nestleder", "nestleiar", "leder", "leiar", "møteleder", "møteleiar",
    "ordfører", "ordførar", "varaordfører", "varaordførar", "rådmann", "kommunedirektør", "kommunedirektor",
    "daglig leder", "dagleg leiar", "sekretær", "møtesekretær", "referent", "protokollfører", "rådgiver",
    "rådgjevar", "seniorrådgiver", "seniorrådgjevar", "konsulent", "prosjektleder", "prosjektleiar",
    "styremedlem", "medlem", "varamedlem", "vara", "varamedlem", "observatør", "sekretariatsleder",
    "fylkesordfører", "fylkesordførar", "rådgiver", "kommunalsjef", "direktør", "sjef",
    "chair", "chairman", "chairwoman", "chairperson", "vice-chair", "vice-chairman", "vice chair",
    "secretary", "clerk", "treasurer", "member", "observer", "mayor", "deputy mayor", "chief executive",
)  # fmt: skip
_ROLE_ALT = "|".join(sorted({re.escape(r) for r in ROLE_WORDS}, key=len, reverse=True))
ROLE_PREFIX = re.compile(rf"^(?P<role>{_ROLE_ALT})\s+(?=[{_UP}])", re.IGNORECASE)
ROLE_ONLY = re.compile(rf"^(?:{_ROLE_ALT})$", re.IGNORECASE)
ROLE_LIKE = re.compile(
    rf"^(?:{_ROLE_ALT})\b|\b(?:member|leder|leiar|medlem|chair|secretary|representant|for\s)",
    re.IGNORECASE,
)
SIGNED = re.compile(r"^\(?s\.?\)?$", re.IGNORECASE)
BODY_WORDS = re.compile(
    r"^(?:styret|styre|utvalget|utvalet|kontrollutvalget|kontrollutvalet|komiteen|komitéen|representantskapet"
    r"|kommunestyret|formannskapet|rådet|gruppa|gruppen|board|committee|the committee|the board)$",
    re.IGNORECASE,
)
LIST_SPLIT = re.compile(r"\s*(?:,|;|\s+og\s+|\s+and\s+|\s+&\s+|\s+samt\s+)\s*")
_PARENS = re.compile(r"\s*\(([^()]*)\)")


def is_name(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > 60:
        return False
    if not NAME_RE.match(text):
        return False
    tokens = text.split()
    if len(tokens) > 6:
        return False
    # An all-caps single word is more likely an acronym (organization) than a name.
    return not (len(tokens) == 1 and text.isupper() and len(text) > 1)


def clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" .,;:-–\t")
    return text


def split_list(text: str) -> list[str]:
    """Split "A, B og C" / "A, B and C" into parts, keeping parentheses intact."""
    parts: list[str] = []
    depth = 0
    # Protect separators inside parentheses by masking them first.
    masked = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        masked.append("\x01" if depth and ch in ",;" else ch)
    masked_text = "".join(masked)
    masked_text = re.sub(
        r"\(([^()]*)\)",
        lambda m: "(" + m.group(1).replace(" og ", "\x02").replace(" and ", "\x03") + ")",
        masked_text,
    )
    for piece in LIST_SPLIT.split(masked_text):
        piece = piece.replace("\x01", ",").replace("\x02", " og ").replace("\x03", " and ").strip()
        if piece:
            parts.append(piece)
    return parts


def capitalize_org(text: str) -> str:
    """ "AUKRA KOMMUNE" -> "Aukra kommune"; other text is returned as written (first letter up)."""
    text = text.strip()
    if text.isupper() and len(text) > 4:
        words = text.lower().split()
        return " ".join([words[0].capitalize(), *words[1:]])
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def parse_person(
    text: str, *, organization: str | None = None, role: str | None = None
) -> Person | None:
    """One entry of an attendance list: "Ola Nordmann (leder)", "Rådmann Kari Hansen", "Councillor V.J. Bailey (Chairman)"."""
    text = clean_name(text)
    if not text:
        return None
    extra: list[str] = []
    for m in _PARENS.finditer(text):
        extra.append(m.group(1).strip())
    text = _PARENS.sub("", text).strip()
    # "Name - Organization" / "Name, Organization" (when called on one line of a list).
    org = organization
    m = re.match(r"^(.+?)\s+[–-]\s+(.+)$", text)
    if m and is_name(_strip_titles(m.group(1))[0]):
        text, org = m.group(1), m.group(2)
    name, found_role = _strip_titles(text)
    # Trailing role words: "Trond Eklund Johansen daglig leder".
    tail = re.match(rf"^(.*?[{_UP}][^\s]*)\s+((?:{_ROLE_ALT}))$", name, re.IGNORECASE)
    if tail and is_name(tail.group(1)) and not is_name(name):
        name, found_role = tail.group(1), tail.group(2).lower()
    if not is_name(name):
        return None
    person_role = role or found_role
    for value in extra:
        if not value or SIGNED.match(value):
            continue
        if ROLE_ONLY.match(value) or ROLE_LIKE.search(value) or value.islower():
            person_role = person_role or value
        elif org is None:
            org = value
    return Person(name=name, organization=org, role=person_role)


def _strip_titles(text: str) -> tuple[str, str | None]:
    role = None
    changed = True
    while changed:
        changed = False
        new = HONORIFICS.sub("", text)
        if new != text:
            text, changed = new, True
        m = ROLE_PREFIX.match(text)
        if m:
            role = role or m.group("role").lower()
            text = text[m.end() :]
            changed = True
    return text.strip(), role


def split_org_role(text: str) -> tuple[str | None, str | None]:
    """ "Sekretariatet (leder)" -> ("Sekretariatet", "leder")."""
    text = text.strip()
    role = None
    m = _PARENS.search(text)
    if m:
        inner = m.group(1).strip()
        rest = _PARENS.sub("", text).strip()
        if ROLE_ONLY.match(inner) or ROLE_LIKE.search(inner) or inner.islower():
            return (rest or None), inner
    return (text or None), role


def merge_people(people: list[Person]) -> list[Person]:
    """Drop repeated names, keeping the first entry and filling in what later ones add."""
    seen: dict[str, Person] = {}
    out: list[Person] = []
    for person in people:
        key = person.name.casefold()
        if key in seen:
            first = seen[key]
            if first.organization is None and person.organization:
                first.organization = person.organization
            if first.role is None and person.role:
                first.role = person.role
            continue
        seen[key] = person
        out.append(person)
    return out
