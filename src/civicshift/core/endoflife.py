"""Vendor support dates from the endoflife.date catalogue: match what a town typed, read the
milestones of a release cycle, and say where a system stands on a date.

The catalogue (``core/data/endoflife/products.json``, MIT licence beside it) is every product of
endoflife.date with its release cycles. Each cycle has up to three dates, which map onto the
inventory's three vendor milestones:

==========  ==================================================  =========================
catalogue   endoflife.date's meaning                             here
==========  ==================================================  =========================
``eoas``    end of active (mainstream) support                  ``mainstream_end``
``eol``     end of support, or of security support              ``extended_end``
``eoes``    end of extended or paid support (ESU, ELS, …)       ``esu_end``
==========  ==================================================  =========================

A field may be ``true`` (it has ended, no date published) or ``false`` (no end announced)
instead of a date; both are kept as such (``True``/``False``), never turned into a date or
dropped, and ``None`` means the product does not publish that milestone at all.

**Matching** (:func:`match`). Inventories spell products every way: "Win Srv 2012R2", "AS/400
IBM i V7R1", "SQL Server 2014". The catalogue is indexed once, lazily, into *names* per product
(its id, title, aliases, the title without a vendor word shared by three or more titles, and a
short list of municipal spellings in ``core/data/endoflife_synonyms.json``), each a set of
tokens (lower-case words and numbers; "2012R2" is 2012, r, 2). A product is a candidate when
one of its names shares a distinctive token with the text (not a vendor word such as
"Microsoft", nor a generic one such as "server"), or all of a name's tokens are present. Its
name score is the weighted share of that name's tokens found, times the square root of the
weighted share of the text's words explained, weights being inverse document frequencies over
the catalogue's names (so "exchange" counts more than "server"). The tokens the name used are
removed and what remains (or the version field) is compared with each release cycle's id,
label and codename: exact (1.0), a patch level within the cycle ("9.6.24" is in 9.6, 0.95), the
latest service pack of a bare version ("SQL Server 2014" is 12.0-sp3: vendors' lifecycles for
"2014" assume the latest service pack, and the RTM cycle's support ended years before, 0.9),
another cycle that starts with the version ("Oracle 11g" is 11.2, with 11.1 offered too,
0.75). A version that matches no cycle leaves the product without a cycle (0.4); no version
at all, 0.5. Confidence is the name score times that factor, and ``why`` says each step.
Results are cached per input: inventories repeat the same few products.

**Status** (:func:`status`): the state on a date (supported, extended_only, past_support,
past_esu, unknown), the next milestone and the days left, and a phrase whose words follow what
the product calls its milestones: Microsoft's ESU are "paid extended security updates"; IBM's
Extended Life Cycle Support is "extended support".
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

#: Where each product's page is, for citing the source beside the dates.
PRODUCT_URL = "https://endoflife.date/{id}"

MILESTONE_FIELDS = {"mainstream_end": "eoas", "extended_end": "eol", "esu_end": "eoes"}
#: endoflife.date's column names when a product does not name its own.
DEFAULT_COLUMN_LABELS = {
    "mainstream_end": "Active Support",
    "extended_end": "Security Support",
    "esu_end": "Extended Support",
}
_COLUMN_KEYS = {
    "mainstream_end": "eoasColumn",
    "extended_end": "eolColumn",
    "esu_end": "eoesColumn",
}

Milestone = date | bool | None

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)*")
_TAG = re.compile(r"<[^>]*>")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words a version string carries that are not part of any release cycle's name.
_EDITION_WORDS = _wordset(
    "standard std enterprise ent datacenter datacentre edition essentials foundation "
    "professional pro workgroup express web x bit bits build rtm version ver v "
)
#: Words inside version strings: service pack, cumulative update, update, long-term support.
_QUALIFIERS = _wordset("sp cu su ur lts ltsc update patch hotfix fix ")
_SP_ONLY = re.compile(r"^sp \d+(?: [a-z])?(?: sp \d+(?: [a-z])?)*$")
#: Words too common in product names to identify one on their own.
_GENERIC = _wordset(
    "server database linux enterprise os system software platform edition app apps cloud "
    "support manager the for of and data service services web community open source "
    "engine runtime framework sdk api client agent core suite desktop pack mobile "
    "standard tools kit by on in a an cms backup replication online hosted portal management "
    "center centre studio business monitoring gateway mail "
)


class CatalogueError(ValueError):
    """The catalogue's content is not what endoflife.date publishes (names what and where)."""

    def __init__(self, message: str, *, product: str = "", field: str = "") -> None:
        self.product = product
        self.field = field
        where = ", ".join(
            p for p in (f"product “{product}”" if product else "", field and f"field {field}") if p
        )
        super().__init__(f"{where}: {message}" if where else message)


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    cycle: str
    label: str
    codename: str
    release_date: date | None
    eoas: Milestone
    eol: Milestone
    eoes: Milestone


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    category: str
    aliases: tuple[str, ...]
    #: What the product calls each milestone (the column names on its endoflife.date page).
    labels: Mapping[str, str]
    #: Which milestones the product publishes at all.
    publishes: frozenset[str]
    releases: tuple[Release, ...]

    @property
    def url(self) -> str:
        return PRODUCT_URL.format(id=self.id)

    def release(self, cycle: str) -> Release | None:
        for r in self.releases:
            if r.cycle == cycle:
                return r
        return None


def _milestone(value: Any, product: str, where: str) -> Milestone:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # shaped like a date but not one (2024-02-30): the error below names it
    raise CatalogueError(
        f"“{str(value)[:40]}” is neither a date (YYYY-MM-DD) nor true/false.",
        product=product,
        field=where,
    )


def _text(value: Any, product: str, where: str, *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or (required and not value.strip()):
        raise CatalogueError("must be a non-empty text.", product=product, field=where)
    return value


def _label(column: Any, default: str) -> str:
    if isinstance(column, str) and column.strip():
        return _TAG.sub("", column).strip()
    return default


def parse_catalogue(raw: Any) -> Catalogue:
    """Check the shape of endoflife.date's data and build the catalogue.

    Every product needs an ``id`` and a list of ``releases``; each release a ``releaseCycle``;
    every date is ``YYYY-MM-DD`` or ``true``/``false``. The first problem raises
    :class:`CatalogueError` naming the product and the field."""
    if not isinstance(raw, dict) or not isinstance(raw.get("products"), list):
        raise CatalogueError("expected an object with a list of “products”.", field="products")
    products: dict[str, Product] = {}
    for i, p in enumerate(raw["products"]):
        if not isinstance(p, dict):
            raise CatalogueError("each product must be an object.", field=f"products[{i}]")
        pid = p.get("id")
        if not isinstance(pid, str) or not pid.strip():
            raise CatalogueError("a product has no id.", field=f"products[{i}].id")
        if pid in products:
            raise CatalogueError("appears twice.", product=pid, field="id")
        releases_raw = p.get("releases")
        if not isinstance(releases_raw, list):
            raise CatalogueError("must be a list.", product=pid, field="releases")
        columns = p.get("columns") or {}
        if not isinstance(columns, dict):
            raise CatalogueError("must be an object.", product=pid, field="columns")
        aliases = p.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CatalogueError("must be a list of names.", product=pid, field="aliases")
        releases = []
        seen: set[str] = set()
        for j, r in enumerate(releases_raw):
            if not isinstance(r, dict):
                raise CatalogueError("must be an object.", product=pid, field=f"releases[{j}]")
            cycle = _text(r.get("releaseCycle"), pid, f"releases[{j}].releaseCycle", required=True)
            where = f"release {cycle}"
            if cycle in seen:
                raise CatalogueError("appears twice.", product=pid, field=where)
            seen.add(cycle)
            rd = _milestone(r.get("releaseDate"), pid, f"{where} releaseDate")
            releases.append(
                Release(
                    cycle=cycle,
                    label=_text(r.get("releaseLabel"), pid, f"{where} releaseLabel"),
                    codename=_text(r.get("codename"), pid, f"{where} codename"),
                    release_date=rd if isinstance(rd, date) else None,
                    eoas=_milestone(r.get("eoas"), pid, f"{where} eoas"),
                    eol=_milestone(r.get("eol"), pid, f"{where} eol"),
                    eoes=_milestone(r.get("eoes"), pid, f"{where} eoes"),
                )
            )
        publishes = {"extended_end"}
        if columns.get("eoasColumn") or any(r.eoas is not None for r in releases):
            publishes.add("mainstream_end")
        if columns.get("eoesColumn") or any(r.eoes is not None for r in releases):
            publishes.add("esu_end")
        products[pid] = Product(
            id=pid,
            title=_text(p.get("title"), pid, "title") or pid,
            category=_text(p.get("category"), pid, "category"),
            aliases=tuple(aliases),
            labels={
                k: _label(columns.get(col), DEFAULT_COLUMN_LABELS[k])
                for k, col in _COLUMN_KEYS.items()
            },
            publishes=frozenset(publishes),
            releases=tuple(releases),
        )
    return Catalogue(
        products=products,
        source=str(raw.get("source", "")),
        commit=str(raw.get("commit", "")),
        commit_date=str(raw.get("commit_date", "")),
    )


@dataclass
class Catalogue:
    products: dict[str, Product]
    source: str = ""
    commit: str = ""
    commit_date: str = ""
    _index: _Index | None = field(default=None, repr=False)

    @property
    def release_count(self) -> int:
        return sum(len(p.releases) for p in self.products.values())

    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = _Index(self)
        return self._index


def packaged_path() -> Path:
    return Path(str(resources.files("civicshift.core").joinpath("data/endoflife/products.json")))


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int, _size: int) -> Catalogue:
    with open(path, encoding="utf-8") as handle:
        return parse_catalogue(json.load(handle))


def catalogue(path: str | Path | None = None) -> Catalogue:
    """The catalogue, loaded once and cached: ``path`` when that file exists (a refreshed copy
    in the data folder), else the one shipped with CivicShift. A refreshed file (another
    modification time or size) is read again."""
    chosen = Path(path) if path is not None and Path(path).is_file() else packaged_path()
    stat = chosen.stat()
    return _load(str(chosen), stat.st_mtime_ns, stat.st_size)


# --- matching --------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("&", " and ")
    # IBM's VxRyMz is version x.y.z; "11gR2" is 11g release 2.
    text = re.sub(r"\bv(\d+)\s*r(\d+)(?:\s*m(\d+))?\b", _vrm, text)
    out = []
    for t in _TOKEN.findall(text):
        if t == "release":
            t = "r"
        out.append(t)
    return out


def _vrm(m: re.Match) -> str:
    return ".".join(g for g in m.groups() if g is not None)


def _version_parts(tokens: Iterable[str]) -> tuple[str, ...]:
    """Numbers split at their dots: "7.1" → 7, 1, so "7.1.0" starts with cycle 7.1."""
    out: list[str] = []
    for t in tokens:
        out.extend(t.split(".") if t[0].isdigit() else [t])
    return tuple(out)


@lru_cache(maxsize=1)
def _synonyms() -> dict:
    text = resources.files("civicshift.core").joinpath("data/endoflife_synonyms.json").read_text()
    return json.loads(text)


def _expand(tokens: list[str], abbreviations: Mapping[str, str]) -> list[str]:
    return [abbreviations.get(t, t) for t in tokens]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: fast as a set member
class _Name:
    product: str
    tokens: frozenset[str]
    why: str
    penalty: float = 1.0
    #: From the municipal spellings list: may be a single vendor word ("oracle").
    curated: bool = False
    #: Its tokens that identify a product on their own (filled in by the index).
    distinctive: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Cycle:
    release: Release
    keys: tuple[tuple[str, ...], ...]
    codename: tuple[str, ...]


class _Index:
    """Names per product, an inverted index of their tokens, token weights and cycle keys."""

    def __init__(self, cat: Catalogue) -> None:
        syn = _synonyms()
        self.abbreviations: dict[str, str] = syn["abbreviations"]
        names: list[_Name] = []
        titles = {pid: _tokens(p.title) for pid, p in cat.products.items()}
        leading: dict[str, int] = defaultdict(int)
        for t in titles.values():
            if len(t) > 1:
                leading[t[0]] += 1
        self.vendor_words = frozenset(w for w, n in leading.items() if n >= 3)
        for pid, p in cat.products.items():
            names.append(_Name(pid, frozenset(_tokens(pid.replace("-", " "))), f"id “{pid}”"))
            names.append(_Name(pid, frozenset(titles[pid]), f"title “{p.title}”"))
            title = titles[pid]
            if len(title) > 1 and title[0] in self.vendor_words:
                names.append(
                    _Name(
                        pid,
                        frozenset(title[1:]),
                        f"title “{p.title}” without “{title[0]}”",
                        penalty=0.95,
                    )
                )
            for alias in p.aliases:
                names.append(
                    _Name(pid, frozenset(_tokens(alias.replace("-", " "))), f"alias “{alias}”")
                )
        for pid, spellings in syn["names"].items():
            if pid in cat.products:
                for s in spellings:
                    tokens = frozenset(_tokens(s))
                    vendor_only = tokens <= self.vendor_words
                    names.append(
                        _Name(
                            pid,
                            tokens,
                            f"common name “{s}”",
                            penalty=0.8 if vendor_only else 1.0,
                            curated=True,
                        )
                    )
        self.names = [
            replace(n, distinctive=frozenset(t for t in n.tokens if self.distinctive(t)))
            for n in names
            if n.tokens and (n.curated or self._usable(n.tokens))
        ]
        df: dict[str, set[str]] = defaultdict(set)
        for n in self.names:
            for t in n.tokens:
                df[t].add(n.product)
        total = len(cat.products)
        self.weight = {t: math.log(1 + total / len(ps)) for t, ps in df.items()}
        self.by_token: dict[str, list[_Name]] = defaultdict(list)
        for n in self.names:
            for t in n.tokens:
                self.by_token[t].append(n)
        words: dict[str, set[str]] = defaultdict(set)
        for n in self.names:
            words[n.product] |= n.tokens
        self.name_words = {pid: frozenset(words[pid]) for pid in cat.products}
        self.cycles = {
            pid: tuple(self._cycle(p, r) for r in p.releases) for pid, p in cat.products.items()
        }
        self.products = cat.products
        self._cycle_memo: dict[tuple[str, tuple[str, ...]], list] = {}

    def cycle_matches(self, pid: str, version: tuple[str, ...]):
        key = (pid, version)
        found = self._cycle_memo.get(key)
        if found is None:
            if len(self._cycle_memo) > 50_000:
                self._cycle_memo.clear()
            found = self._cycle_memo[key] = _cycle_matches(self.cycles[pid], version)
        return found

    def _usable(self, tokens: frozenset[str]) -> bool:
        return any(self.distinctive(t) for t in tokens) or len(tokens) > 1

    def distinctive(self, token: str) -> bool:
        return token not in _GENERIC and token not in self.vendor_words and not token.isdigit()

    def _cycle(self, p: Product, r: Release) -> _Cycle:
        own = set(_tokens(p.title)) | set(_tokens(p.id.replace("-", " ")))
        keys = [_version_parts(_tokens(r.cycle.replace("-", " ")))]
        if r.label:
            label = r.label.replace("__CODENAME__", "").replace("'", " ")
            tokens = _tokens(label)
            while tokens and tokens[0] in own:
                tokens.pop(0)
            if tokens:
                keys.append(_version_parts(tokens))
        codename = tuple(_tokens(r.codename)) if r.codename else ()
        return _Cycle(r, tuple(dict.fromkeys(keys)), codename)


@dataclass(frozen=True)
class Match:
    product_id: str
    title: str
    #: The release cycle's id in the catalogue ("" when the version matched none).
    cycle: str
    cycle_label: str
    #: 0 to 1: how sure the match is (see the module docstring for how it is computed).
    confidence: float
    why: tuple[str, ...]

    @property
    def url(self) -> str:
        return PRODUCT_URL.format(id=self.product_id)


def _show(tokens: Iterable[str]) -> str:
    return " ".join(tokens)


def _cycle_matches(cycles: tuple[_Cycle, ...], version: tuple[str, ...]):
    """[(factor, cycle, reason)] best first, for version parts ``version``."""
    if not version:
        return []
    shown = _show(version)
    exact = [c for c in cycles if version in c.keys]
    family = []  # cycles whose key starts with the version
    for c in cycles:
        for key in c.keys:
            if len(key) > len(version) and key[: len(version)] == version:
                family.append((c, key[len(version) :]))
                break
    has_sp = "sp" in version

    def recency(c: _Cycle) -> int:
        return (c.release.release_date or date.min).toordinal()

    if exact:
        best = exact[0]
        sp_family = [c for c, extra in family if _SP_ONLY.match(_show(extra))]
        if sp_family and not has_sp:
            latest = max([best, *sp_family], key=recency)
            if latest is not best:
                return [
                    (
                        0.9,
                        latest,
                        f"version {shown} → cycle {latest.release.cycle}, its latest service "
                        f"pack (cycle {best.release.cycle} is the release without one)",
                    ),
                    (0.7, best, f"version {shown} → cycle {best.release.cycle}"),
                ]
        return [(1.0, best, f"version {shown} → cycle {best.release.cycle}")]
    within = [
        c for c in cycles if any(len(k) < len(version) and version[: len(k)] == k for k in c.keys)
    ]
    if within:
        best = max(within, key=lambda c: max(len(k) for k in c.keys if version[: len(k)] == k))
        return [(0.95, best, f"version {shown} is within cycle {best.release.cycle}")]
    if family:
        ranked = sorted(
            family,
            key=lambda ce: (not _SP_ONLY.match(_show(ce[1])), -recency(ce[0]), len(ce[1])),
        )
        top = ranked[0][0]
        factor = 0.9 if _SP_ONLY.match(_show(ranked[0][1])) else 0.75
        out = [
            (
                factor,
                top,
                f"version {shown} → cycle {top.release.cycle}, the latest that starts with it",
            )
        ]
        for c, _extra in ranked[1:3]:
            out.append(
                (
                    factor * 0.8,
                    c,
                    f"version {shown} → cycle {c.release.cycle}, another that starts with it",
                )
            )
        return out
    named = [c for c in cycles if c.codename and set(c.codename) <= set(version)]
    if named:
        c = named[0]
        return [(0.9, c, f"codename “{c.release.codename}” → cycle {c.release.cycle}")]
    sp = re.match(r"^(\d+) sp (\d+)$", shown)
    if sp:  # SUSE writes "12 SP5" for its cycle 12.5
        return _retag(_cycle_matches(cycles, (sp.group(1), sp.group(2))), shown, 0.85)
    return []


def _retag(found, shown: str, factor: float):
    return [
        (factor * f, c, f"version {shown} read as {c.release.cycle}: {why}")
        for f, c, why in found[:1]
    ]


def match(
    product: str,
    version: str = "",
    vendor: str = "",
    *,
    cat: Catalogue | None = None,
    limit: int = 5,
) -> list[Match]:
    """Ranked catalogue entries for what a town typed (see the module docstring)."""
    cat = cat or catalogue()
    return list(_match(cat.index, product or "", version or "", vendor or "", limit))


@lru_cache(maxsize=20_000)
def _match(index: _Index, product: str, version: str, vendor: str, limit: int) -> tuple[Match, ...]:
    abbreviations = index.abbreviations
    text = _expand(_tokens(product), abbreviations)
    vendor_tokens = set(_expand(_tokens(vendor), abbreviations))
    words = {
        t
        for t in text
        if not t[0].isdigit() and len(t) > 1 and t not in _EDITION_WORDS and t not in _QUALIFIERS
    }
    present = set(text) | vendor_tokens
    words_weight = sum(index.weight.get(t, 2.0) for t in words) or 1.0
    best: dict[str, tuple[float, _Name]] = {}
    union: dict[str, set[str]] = defaultdict(set)
    seen: set[_Name] = set()
    for t in present:
        for name in index.by_token.get(t, ()):
            if name in seen:
                continue
            seen.add(name)
            found = name.tokens & present
            complete = found == name.tokens
            if not (found & name.distinctive or (complete and (len(found) > 1 or name.curated))):
                continue
            coverage = sum(index.weight[x] for x in found) / sum(
                index.weight[x] for x in name.tokens
            )
            union[name.product] |= found
            score = coverage * name.penalty
            if name.product not in best or score > best[name.product][0]:
                best[name.product] = (score, name)
    scored = []
    for pid, (coverage, name) in best.items():
        if words:
            explained = sum(index.weight.get(x, 2.0) for x in union[pid] & words) / words_weight
        else:
            explained = 1.0
        scored.append((pid, coverage * math.sqrt(min(explained, 1.0)), name))
    results: list[Match] = []
    # Only the few best names go on to the versions (the rest could not reach the list).
    scored.sort(key=lambda item: -item[1])
    for pid, score, name in scored[: limit + 3]:
        if score <= 0:
            continue
        p = index.products[pid]
        used = index.name_words[pid] & set(text)
        if version.strip():
            raw_version = [t for t in _tokens(version) if t not in _EDITION_WORDS]
            tries = [raw_version]
        else:
            # What the name did not use; failing that, what follows the name (a host name such
            # as "FS01" before it is not a version).
            raw_version = [t for t in text if t not in used and t not in _EDITION_WORDS]
            last = max((i for i, t in enumerate(text) if t in used), default=-1)
            after = [t for t in text[last + 1 :] if t not in _EDITION_WORDS]
            tries = [raw_version, after] + [raw_version[i:] for i in range(1, len(raw_version))]
        parts = _version_parts(raw_version)
        reasons = [name.why]
        cycles = []
        for attempt in dict.fromkeys(tuple(t) for t in tries if t):
            cycles = index.cycle_matches(pid, _version_parts(attempt))
            if cycles:
                break
        if cycles:
            for factor, c, why in cycles:
                results.append(
                    Match(
                        pid,
                        p.title,
                        c.release.cycle,
                        c.release.label or c.release.cycle,
                        round(score * factor, 3),
                        (*reasons, why),
                    )
                )
        else:
            factor = 0.4 if parts else 0.5
            why = (
                f"version {_show(parts)} matches none of its {len(p.releases)} release cycles"
                if parts
                else "no version given"
            )
            results.append(Match(pid, p.title, "", "", round(score * factor, 3), (*reasons, why)))
    results.sort(key=lambda m: (-m.confidence, m.product_id, m.cycle))
    return tuple(m for m in results if m.confidence >= 0.15)[:limit]


# --- milestones and status -------------------------------------------------------------------


@dataclass(frozen=True)
class SupportMilestones:
    """One release cycle's milestones: a date, ``True`` (ended, no date published),
    ``False`` (no end announced) or ``None`` (the product publishes no such milestone)."""

    mainstream_end: Milestone = None
    extended_end: Milestone = None
    esu_end: Milestone = None
    #: What the product calls each milestone, e.g. {"esu_end": "Extended Security Updates"}.
    labels: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMN_LABELS))
    product_id: str = ""
    cycle: str = ""

    def items(self) -> list[tuple[str, Milestone]]:
        return [(k, getattr(self, k)) for k in MILESTONE_FIELDS]

    def dates(self) -> dict[str, date | None]:
        """The three dates as a date field stores them (``True``/``False`` become ``None``)."""
        return {k: (v if isinstance(v, date) else None) for k, v in self.items()}

    @property
    def url(self) -> str:
        return PRODUCT_URL.format(id=self.product_id) if self.product_id else ""


def milestones(product_id: str, cycle: str, *, cat: Catalogue | None = None) -> SupportMilestones:
    """The milestones of ``cycle`` of ``product_id``; ``KeyError`` if either is unknown."""
    cat = cat or catalogue()
    product = cat.products[product_id]
    release = product.release(cycle)
    if release is None:
        raise KeyError(f"{product_id} has no release cycle {cycle!r}")

    def keep(key: str, value: Milestone) -> Milestone:
        return value if key in product.publishes or value is not None else None

    return SupportMilestones(
        mainstream_end=keep("mainstream_end", release.eoas),
        extended_end=keep("extended_end", release.eol),
        esu_end=keep("esu_end", release.eoes),
        labels=dict(product.labels),
        product_id=product_id,
        cycle=cycle,
    )


class State:
    SUPPORTED = "supported"
    EXTENDED_ONLY = "extended_only"  # past mainstream support, extended support running
    PAST_SUPPORT = "past_support"  # past end of support; paid updates still available, or none
    PAST_ESU = "past_esu"  # past the paid extended updates too
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SupportStatus:
    state: str
    phrase: str
    #: The next milestone still ahead ("mainstream_end", …), its date and the days left.
    next_milestone: str | None = None
    next_on: date | None = None
    days_left: int | None = None


def _words(m: SupportMilestones) -> dict[str, str]:
    """Plain names for the three periods, following what the product calls them."""
    esu = m.labels.get("esu_end", "").lower()
    ext = m.labels.get("extended_end", "").lower()
    has_mainstream = m.mainstream_end is not None
    return {
        "mainstream_end": "mainstream support",
        "extended_end": (
            "maintenance support"
            if "maintenance" in ext
            else "extended support"
            if has_mainstream
            else "support"
        ),
        "esu_end": "paid extended security updates"
        if "security update" in esu
        else "extended support",
    }


def _passed(value: Milestone, on: date) -> bool:
    return value is True or (isinstance(value, date) and value < on)


def status(m: SupportMilestones, on: date) -> SupportStatus:
    """Where a release stands on ``on``. The phrase for people, e.g. "past paid extended
    security updates (2026-10-13)" or "on extended support only, until 2028-09-30"."""
    words = _words(m)
    ahead = [(k, v) for k, v in m.items() if isinstance(v, date) and v >= on]
    nxt = min(ahead, key=lambda kv: kv[1]) if ahead else None
    extra = {
        "next_milestone": nxt[0] if nxt else None,
        "next_on": nxt[1] if nxt else None,
        "days_left": (nxt[1] - on).days if nxt else None,
    }
    if all(v is None for _k, v in m.items()):
        return SupportStatus(State.UNKNOWN, "support dates not known", **extra)

    def past(key: str, value: Milestone) -> str:
        name = words[key]
        if name == "support":
            name = "end of support"
        return (
            f"past {name} ({value.isoformat()})"
            if isinstance(value, date)
            else (f"past {name} (no date published)")
        )

    if _passed(m.esu_end, on):
        return SupportStatus(State.PAST_ESU, past("esu_end", m.esu_end), **extra)
    if _passed(m.extended_end, on):
        if isinstance(m.esu_end, date):
            phrase = f"on {words['esu_end']} only, until {m.esu_end.isoformat()}"
        elif m.esu_end is False:
            phrase = f"on {words['esu_end']} only, no end announced"
        else:
            phrase = past("extended_end", m.extended_end)
        return SupportStatus(State.PAST_SUPPORT, phrase, **extra)
    if _passed(m.mainstream_end, on):
        if isinstance(m.extended_end, date):
            phrase = f"on {words['extended_end']} only, until {m.extended_end.isoformat()}"
        elif m.extended_end is False:
            phrase = f"on {words['extended_end']} only, no end announced"
        else:
            phrase = past("mainstream_end", m.mainstream_end)
        return SupportStatus(State.EXTENDED_ONLY, phrase, **extra)
    if nxt is not None:
        name = words[nxt[0]]
        phrase = (
            f"supported until {nxt[1].isoformat()}"
            if name == "support"
            else f"supported; {name} until {nxt[1].isoformat()}"
        )
        return SupportStatus(State.SUPPORTED, phrase, **extra)
    if any(v is False for _k, v in m.items()):
        return SupportStatus(State.SUPPORTED, "supported; no end of support announced", **extra)
    return SupportStatus(State.UNKNOWN, "support dates not known", **extra)
