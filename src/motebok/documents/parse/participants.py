"""Attendance: who was present, who sent apologies, and in what role or for which organization."""

from __future__ import annotations

import re

from ..schema import Person
from .header import FROM_RE, LABEL_RE, Label
from .names import (
    BODY_WORDS,
    capitalize_org,
    is_name,
    merge_people,
    parse_person,
    split_list,
    split_org_role,
)

PARTY = re.compile(
    r"(?:^|\s)(?:For|Fra|Frå)\s+(?P<org>[A-ZÆØÅ][\wæøåÆØÅ\-]*(?:\s+[a-zæøå][\wæøå\-]*){0,3})\s*:\s*"
)
HEADER_WORDS = {
    "fornavn": "first", "first name": "first", "forename": "first", "etternavn": "last", "last name": "last",
    "surname": "last", "navn": "name", "name": "name", "namn": "name", "organisasjon": "org", "organization": "org",
    "organisation": "org", "representerer": "org", "kommune": "org", "region": "org", "parti": "org",
    "virksomhet": "org", "verksemd": "org", "rolle": "role", "role": "role", "funksjon": "role", "tittel": "role",
    "title": "role", "stilling": "role",
}  # fmt: skip
MARK = re.compile(r"^(?:x|✓|✔|√|ja|yes|\*|1)$", re.IGNORECASE)


def parse_attendance(
    lines: list[str], labels: list[Label], raw_text: str, warnings: list[str]
) -> tuple[list[Person], list[Person]]:
    present: list[Person] = []
    absent: list[Person] = []
    deputies: list[Person] = []
    roles: list[tuple[str, Person]] = []
    for label in labels:
        if label.key not in {"present", "absent", "deputy", "secretary", "chair"}:
            continue
        entries = _entries(lines, label)
        org = None
        if label.org:
            org = None if BODY_WORDS.match(label.org) else capitalize_org(label.org)
        people: list[Person] = []
        for entry, party in entries:
            people.extend(_people(entry, org=party or org))
        if label.key in {"secretary", "chair"}:
            role = label.name
            for person in people[:1]:
                roles.append((role, person))
            continue
        target = {"present": present, "absent": absent, "deputy": deputies}[label.key]
        target.extend(people)
    if not present and not absent:
        p, a = _vertical_table(raw_text, warnings)
        present.extend(p)
        absent.extend(a)
    present = merge_people(present)
    names = {p.name.casefold(): p for p in present}
    for deputy in deputies:
        known = names.get(deputy.name.casefold())
        if known:
            known.role = known.role or "varamedlem"
            known.organization = known.organization or deputy.organization
        else:
            deputy.role = deputy.role or "varamedlem"
            present.append(deputy)
            names[deputy.name.casefold()] = deputy
    for role, person in roles:
        known = names.get(person.name.casefold())
        if known:
            known.role = known.role or role
        else:
            person.role = person.role or role
            present.append(person)
            names[person.name.casefold()] = person
    absent = [p for p in merge_people(absent) if p.name.casefold() not in names]
    signature_roles(present, raw_text)
    return present, absent


_SIGNED_ROLE = re.compile(
    r"\s*(?:\(s\.?\)\s*)?(?P<role>styreleder|styreleiar|daglig leder|dagleg leiar|nestleder|nestleiar|møteleder|møteleiar"
    r"|ordfører|ordførar|sekretær|referent|rådmann|kommunedirektør|sekretariatsleder|leder|leiar|chairman|chair|secretary)"
    r"(?=\s*$|\s*[,.;]|\s+[A-ZÆØÅ])",
    re.IGNORECASE,
)


def signature_roles(people: list[Person], text: str) -> None:
    """Roles written after a name in a signature: "Kåre Haugli (s.) styreleder"."""
    for person in people:
        if person.role:
            continue
        start = text.find(person.name)
        while start >= 0:
            m = _SIGNED_ROLE.match(text, start + len(person.name))
            if m and (
                m.group(0).lstrip().startswith("(") or m["role"].lower() not in {"leder", "leiar"}
            ):
                person.role = (
                    m["role"].lower()
                    if not m["role"][0].isupper() or m["role"].isupper()
                    else m["role"]
                )
                break
            start = text.find(person.name, start + 1)


def _entries(lines: list[str], label: Label) -> list[tuple[str, str | None]]:
    """The list entries of one label: inline values and/or the lines that follow it."""
    out: list[tuple[str, str | None]] = []
    if label.value:
        text = label.value
        j = label.index + 1
        while text.rstrip().endswith((",", " og", " and")) and j < len(lines) and lines[j].strip():
            text += " " + lines[j].strip()
            j += 1
        if label.key in {"secretary", "chair"}:
            return [(text, None)]
        return _split_parties(text)
    j = label.index + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    rows: list[str] = []
    while j < len(lines):
        line = lines[j]
        if not line.strip():
            if (
                rows
                and j + 1 < len(lines)
                and _looks_like_entry(lines[j + 1])
                and "\t" not in rows[0]
            ):
                j += 1
                continue
            break
        if LABEL_RE.match(line) or FROM_RE.match(line) or not _looks_like_entry(line):
            break
        rows.append(line)
        j += 1
        if label.key in {"secretary", "chair"}:
            break
    if not rows:
        return out
    if any("\t" in r or re.search(r"\S {2,}\S", r) for r in rows):
        return [(r, None) for r in _table_rows(rows)]
    for row in rows:
        out.extend(_split_parties(row))
    return out


def _looks_like_entry(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > 200:
        return False
    if re.match(r"^\d+[.)]\s", text) or text.endswith((".", "?")) and len(text.split()) > 8:
        return False
    return bool(re.match(r"^[-–•*]?\s*[A-ZÆØÅÄÖÜ]", text))


def _split_parties(text: str) -> list[tuple[str, str | None]]:
    matches = list(PARTY.finditer(text))
    if not matches:
        return [(text, None)]
    out = []
    if matches[0].start() > 0 and text[: matches[0].start()].strip():
        out.append((text[: matches[0].start()], None))
    for k, m in enumerate(matches):
        stop = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        out.append((text[m.end() : stop], m.group("org")))
    return out


def _table_rows(rows: list[str]) -> list[str]:
    """Turn table rows into "Name (role), Org"-free entries encoded as "name\\x1forg\\x1frole"."""
    cells_rows = [[c.strip() for c in re.split(r"\t+| {2,}", r.strip())] for r in rows]
    columns: list[str] | None = None
    first = [c.lower() for c in cells_rows[0]]
    if all(c in HEADER_WORDS for c in first if c):
        columns = [HEADER_WORDS.get(c, "") for c in first]
        cells_rows = cells_rows[1:]
    out = []
    for cells in cells_rows:
        cols = columns or (
            ["name", "org", "role"][: len(cells)]
            if len(cells) <= 3
            else ["first", "last", "org", "role"]
        )
        data: dict[str, str] = {}
        for key, value in zip(cols, cells, strict=False):
            if key and value:
                data[key] = data.get(key, "") and data[key] + " " + value or value
        name = data.get("name") or " ".join(x for x in (data.get("first"), data.get("last")) if x)
        org, role = split_org_role(data["org"]) if data.get("org") else (None, None)
        role = data.get("role") or role
        out.append("\x1f".join([name, org or "", role or ""]))
    return out


def _people(entry: str, *, org: str | None) -> list[Person]:
    if "\x1f" in entry:
        name, e_org, e_role = entry.split("\x1f")
        person = parse_person(name)
        if person is None:
            return []
        person.organization = e_org or person.organization or org
        person.role = e_role or person.role
        return [person]
    entry = entry.strip().lstrip("-–•* ").rstrip(".")
    if not entry:
        return []
    # "Name, Organization" on one line of a list of one person per line.
    parts = split_list(entry)
    people: list[Person] = []
    if len(parts) == 2 and is_name(_simple(parts[0])) and not is_name(_simple(parts[1])):
        person = parse_person(parts[0], organization=org)
        if person:
            person.organization = (
                person.organization
                if person.organization and person.organization != org
                else parts[1].strip()
            )
            return [person]
    for part in parts:
        person = parse_person(part, organization=org)
        if person:
            people.append(person)
    return people


def _simple(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip(" .")


def _vertical_table(raw_text: str, warnings: list[str]) -> tuple[list[Person], list[Person]]:
    """A table flattened to one cell per line: "Navn", "Tilstede", "Forfall", then name and X cells."""
    raw = raw_text.replace("\r\n", "\n").replace("\u00a0", " ").split("\n")
    cells = [(i, line) for i, line in enumerate(raw) if line != ""]
    for k, (_, line) in enumerate(cells[:200]):
        if not re.match(r"^\s*(?:navn|name|namn)\b", line.strip(), re.IGNORECASE):
            continue
        columns: list[str] = []
        m = k + 1
        while m < len(cells) and len(columns) < 4:
            word = cells[m][1].strip().lower()
            if word in {"tilstede", "til stede", "present", "møtt", "til stades"}:
                columns.append("present")
            elif word in {"forfall", "absent", "ikke møtt", "ikkje møtt", "apologies", "fravær"}:
                columns.append("absent")
            else:
                break
            m += 1
        if not columns:
            continue
        present: list[Person] = []
        absent: list[Person] = []
        while m < len(cells):
            text = cells[m][1].strip()
            if not is_name(text):
                break
            marks: list[str] = []
            m += 1
            while m < len(cells) and (not cells[m][1].strip() or MARK.match(cells[m][1].strip())):
                marks.append(cells[m][1].strip())
                m += 1
            person = parse_person(text)
            if person is None:
                continue
            if not marks:
                break
            position = next((n for n, mark in enumerate(marks) if mark), None)
            if position is None or position >= len(columns):
                warnings.append(f"Attendance of {person.name} is not marked; listed as present.")
                present.append(person)
            elif columns[position] == "present":
                present.append(person)
            else:
                absent.append(person)
        if present or absent:
            return present, absent
    return [], []
