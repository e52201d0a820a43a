"""The speaker registry: per-article speakers (`ArticleSpeaker`) merged into entities
(`SpeakerEntity`) across an output folder, each merge with its reason (docs/speakers.md):
the same name, a spelling/transliteration variant, a surname alone, a role an article ties
to a name, or `speakers.toml` (`AliasRules`)."""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from toolkit.batch.speaker_names import fold, is_proper_name, is_specific_role, name_tokens, role_key, skeleton, split_role_and_name, strip_determiner
from toolkit.errors import ConfigError
from toolkit.lang.fr.names import PRONOUNS

ALIASES_FILE = "speakers.toml"


@dataclass(frozen=True)
class ArticleSpeaker:
    """One speaker as one article lists it (`speakers[]` of the article JSON)."""

    article: str
    id: str
    name: str
    mentions: tuple[str, ...] = ()
    description: Optional[str] = None

    @property
    def ref(self) -> str:
        return f"{self.article}#{self.id}"


@dataclass(frozen=True)
class SpeakerEntity:
    id: str
    name: str
    role: Optional[str]
    members: tuple[ArticleSpeaker, ...]
    aliases: tuple[str, ...]
    reasons: tuple[tuple[str, str], ...]  # (member ref, why it belongs here)


@dataclass(frozen=True)
class AliasRules:
    """`speakers.toml`: `same = [["A", "B"], …]` merges, `different = [["A", "B"], …]`
    keeps apart. An entry is a name or alias (`Peskov`), or `ARTICLE#spN` for one article's speaker."""

    same: tuple[tuple[str, ...], ...] = ()
    different: tuple[tuple[str, ...], ...] = ()


def read_alias_rules(path: Path) -> AliasRules:
    """Read `speakers.toml`; a missing file means no rules. Raises ConfigError when malformed."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AliasRules()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read speaker aliases: {exc}") from exc
    unknown = set(data) - {"same", "different"}
    if unknown:
        raise ConfigError(f"{path}: unknown keys {sorted(unknown)}; expected `same` and `different`")
    groups = {}
    for key in ("same", "different"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(n, str) and n.strip() for n in g) for g in value
        ):
            raise ConfigError(f'{path}: `{key}` must be a list of lists of two names or more, e.g. {key} = [["A", "B"]]')
        groups[key] = tuple(tuple(g) for g in value)
    return AliasRules(**groups)


class _Groups:
    """Union-find over article speakers, with `different` groups as cannot-link constraints."""

    def __init__(self, count: int):
        self.parent = list(range(count))
        self.apart: list[dict[int, set[int]]] = [dict() for _ in range(count)]  # rule -> sides in this group
        self.reason: dict[int, tuple[int, str]] = {}  # old root -> (the speaker that joined, why)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, child: int, target: int, reason: str) -> bool:
        a, b = self.find(child), self.find(target)
        if a == b:
            return True
        for rule, sides in self.apart[a].items():
            other = self.apart[b].get(rule)
            if other and other != sides:
                return False
        self.parent[a] = b
        for rule, sides in self.apart[a].items():
            self.apart[b].setdefault(rule, set()).update(sides)
        self.reason[a] = (child, reason)
        return True


def _labels(speaker: ArticleSpeaker) -> set[str]:
    """What a speakers.toml entry may call this speaker."""
    names = [speaker.name, *speaker.mentions]
    return {speaker.ref} | {fold(strip_determiner(n)) for n in names if fold(n) not in PRONOUNS}


def merge_speakers(speakers: Sequence[ArticleSpeaker], rules: AliasRules = AliasRules()) -> tuple[list[SpeakerEntity], list[str]]:
    """Merge per-article speakers into entities; return (entities, notes about the rules).

    Linear in the number of speakers (hash lookups only). See docs/speakers.md for the rules.
    """
    groups = _Groups(len(speakers))
    notes: list[str] = []
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, sp in enumerate(speakers):
        for label in _labels(sp):
            by_label[label].append(i)

    def matching(entry: str) -> list[int]:
        found = by_label.get(entry.strip()) or by_label.get(fold(strip_determiner(entry)), [])
        if not found:
            notes.append(f"{ALIASES_FILE}: no speaker is called {entry!r}")
        return found

    for rule, names in enumerate(rules.different):
        for side, entry in enumerate(names):
            for i in matching(entry):
                groups.apart[groups.find(i)].setdefault(rule, set()).add(side)
    for names in rules.same:
        members = [i for entry in names for i in matching(entry)]
        for i in members[1:]:
            if not groups.union(i, members[0], f"{ALIASES_FILE}: same = {list(names)}"):
                notes.append(f"{ALIASES_FILE}: same = {list(names)} contradicts a `different` entry; kept apart")

    def join(i: int, j: int, reason: str) -> None:
        if not groups.union(i, j, reason):
            notes.append(f"{speakers[i].ref} ({speakers[i].name}) kept apart from {speakers[j].name} by {ALIASES_FILE}")

    # 1. Full names (two words or more): the same name, or a spelling variant of it.
    names: dict[int, tuple[str, ...]] = {}
    roles: dict[int, Optional[str]] = {}
    for i, sp in enumerate(speakers):
        role, name = split_role_and_name(sp.name)
        roles[i] = role_key(role) if role else (role_key(sp.description) if sp.description else None)
        if is_proper_name(name):
            names[i] = tuple(skeleton(t) for t in name_tokens(strip_determiner(name)))
    exact: dict[str, int] = {}
    spelled: dict[tuple[str, ...], int] = {}
    variants: dict[tuple[str, ...], int] = {}
    for i, key in names.items():
        if len(key) < 2:
            continue
        words = _words(speakers[i])
        folded = " ".join(words)
        first, last = key[0], key[-1]
        if folded in exact:
            join(i, exact[folded], f"same name as {speakers[exact[folded]].ref}")
        elif (first, last) in spelled:
            j = spelled[(first, last)]
            other = _words(speakers[j])
            how = "same first and last name as" if (other[0], other[-1]) == (words[0], words[-1]) else "spelling variant of"
            join(i, j, f"{how} {speakers[j].name} ({speakers[j].ref})")
        else:
            # One letter replaced in one of the two words (Mohammad / Mohammed), long words only.
            wild = [(w, p) for w, p in ((first, 0), (last, 1)) if len(w) >= 6]
            keys = [("*", p, w[:k] + "?" + w[k + 1:], (last, first)[p]) for w, p in wild for k in range(len(w))]
            hit = next((variants[k] for k in keys if k in variants), None)
            if hit is not None:
                join(i, hit, f"spelling variant of {speakers[hit].name} ({speakers[hit].ref})")
            for k in keys:
                variants.setdefault(k, i)
        exact.setdefault(folded, i)
        spelled.setdefault((first, last), i)

    # 2. One word (`Peskov`, `Kremlin`): the surname of a full name in the same article,
    #    else of the only full name in the folder with that surname, else the same word.
    surnames: dict[str, set[int]] = defaultdict(set)
    in_article: dict[tuple[str, str], int] = {}
    for i, key in names.items():
        if len(key) >= 2:
            surnames[key[-1]].add(groups.find(i))
            in_article.setdefault((speakers[i].article, key[-1]), i)
    single: dict[str, int] = {}
    for i, key in names.items():
        if len(key) != 1:
            continue
        word = key[0]
        local = in_article.get((speakers[i].article, word))
        roots = {groups.find(r) for r in surnames.get(word, ())}
        if local is not None:
            join(i, local, f"surname of {speakers[local].name} in the same article")
        elif len(roots) == 1:
            target = next(iter(roots))
            join(i, target, f"surname only, and {speakers[target].name} is the only one of that name")
        elif len(roots) > 1:
            notes.append(f"{speakers[i].ref}: {speakers[i].name!r} may be any of "
                         + ", ".join(sorted(speakers[r].name for r in roots)) + "; kept apart")
            if word in single:
                join(i, single[word], f"same name as {speakers[single[word]].ref}")
            single.setdefault(word, i)
        elif word in single:
            join(i, single[word], f"same name as {speakers[single[word]].ref}")
        else:
            single[word] = i

    # 3. Descriptions (`le porte-parole du Kremlin`): the name an article ties the role to,
    #    in the same article first, else the only one in the folder (specific roles only).
    tied: dict[str, dict[int, int]] = defaultdict(dict)  # role -> {entity root: a member tied to it}
    tied_here: dict[tuple[str, str], int] = {}
    for i in names:
        if roles[i]:
            tied[roles[i]].setdefault(groups.find(i), i)
            tied_here.setdefault((speakers[i].article, roles[i]), i)
    for i, sp in enumerate(speakers):
        if i in names:
            continue
        written = next((m for m in sp.mentions if fold(m) not in PRONOUNS), sp.name)
        role = role_key(written)
        if role is None:
            continue
        here = tied_here.get((sp.article, role))
        holders = {groups.find(r): j for r, j in tied.get(role, {}).items()}
        if here is not None:
            join(i, here, f"role '{role}' tied to {speakers[here].name} in the same article")
        elif len(holders) == 1 and is_specific_role(role):
            [(target, holder)] = holders.items()
            join(i, target, f"role '{role}' tied to {speakers[holder].name} in {speakers[holder].article}")

    return _entities(speakers, groups), notes


def _entities(speakers: Sequence[ArticleSpeaker], groups: _Groups) -> list[SpeakerEntity]:
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(speakers)):
        members[groups.find(i)].append(i)
    entities = []
    for root, idx in members.items():
        group = sorted((speakers[i] for i in idx), key=lambda s: (s.article, _id_order(s.id)))
        names = Counter(split_role_and_name(s.name)[1] for s in group)
        proper = [n for n in names if is_proper_name(n)] or list(names)
        name = max(proper, key=lambda n: (len(name_tokens(n)), names[n], -proper.index(n)))
        roles = Counter(s.description for s in group if s.description)
        role = roles.most_common(1)[0][0] if roles else None
        # Ties broken by the text itself: spellings that fold alike (a no-break space, an
        # accent) would otherwise keep set order, which changes with the hash seed.
        aliases = sorted({a for s in group for a in (s.name, *s.mentions) if fold(a) not in PRONOUNS}, key=lambda a: (fold(a), a))
        reasons = tuple((speakers[i].ref, _why(i, root, len(idx), groups, speakers))
                        for i in sorted(idx, key=lambda i: (speakers[i].article, _id_order(speakers[i].id))))
        entities.append(SpeakerEntity("", name, role, tuple(group), tuple(aliases), reasons))
    entities.sort(key=lambda e: (fold(e.name), e.members[0].article, _id_order(e.members[0].id)))
    taken: Counter = Counter()
    out = []
    for e in entities:
        slug = re.sub(r"[^a-z0-9]+", "-", fold(e.name)).strip("-")[:60] or "speaker"
        taken[slug] += 1
        out.append(SpeakerEntity(slug if taken[slug] == 1 else f"{slug}-{taken[slug]}", e.name, e.role, e.members, e.aliases, e.reasons))
    return out


def _words(speaker: ArticleSpeaker) -> tuple[str, ...]:
    return name_tokens(strip_determiner(split_role_and_name(speaker.name)[1]))


def _why(i: int, root: int, size: int, groups: _Groups, speakers: Sequence[ArticleSpeaker]) -> str:
    if i == root:
        return "the speaker the others joined" if size > 1 else "no other speaker matched"
    child, reason = groups.reason[i]
    return reason if child == i else f"{reason} (joined through {speakers[child].ref})"


def _id_order(speaker_id: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", speaker_id)
    return (int(digits) if digits else 0, speaker_id)
