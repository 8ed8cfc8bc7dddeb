"""A newer copy of endoflife.date's catalogue: read it safely, check it, say what changed and
put it in place of the old one atomically.

The source is a file, or an ``https://`` address (fetched with a time limit and a size limit);
it has the shape of the shipped ``core/data/endoflife/products.json``. It is read through
``formats.safety.read_json`` (size, nesting depth, duplicate keys, number sizes), then its shape
is checked by ``core.endoflife.parse_catalogue`` (every product has an id and a list of
releases, every date is YYYY-MM-DD or true/false), whose message names the product and field.
Only then is it written: to a temporary file in the target's folder, then renamed over the
target, so a reader sees the old file or the new one, never half of one, and a refused file
leaves the old one untouched. The MIT licence is copied beside it.

No database here: the command ``inventory_eol_refresh`` passes the target (the data folder's
``endoflife/products.json``, never the installed package).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from gettext import gettext as _
from pathlib import Path

from civicshift.core import endoflife
from civicshift.core.endoflife import Catalogue, CatalogueError, parse_catalogue

from . import safety

#: The shipped file is 1.5 MB; ten times that leaves room for growth and refuses anything else.
MAX_CATALOGUE_BYTES = 16 * 1024 * 1024
#: Products → releases → fields: the real data nests 4 deep.
MAX_CATALOGUE_DEPTH = 8
FETCH_TIMEOUT_SECONDS = 30
LICENCE_NAME = "LICENSE.endoflife-date-MIT.txt"
DATE_FIELDS = ("eoas", "eol", "eoes")


class RefreshError(ValueError):
    """Refused: the message names the file (and the product and field) and nothing changed."""


@dataclass
class RefreshReport:
    source: str
    target: Path
    products_before: int
    products_after: int
    cycles_after: int
    products_added: list[str] = field(default_factory=list)
    products_removed: list[str] = field(default_factory=list)
    cycles_added: list[tuple[str, str]] = field(default_factory=list)
    #: (product, cycle, field, old, new): a date (or true/false) that changed.
    dates_changed: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    written: bool = False

    def lines(self) -> list[str]:
        out = [
            _("%(source)s: %(products)d products, %(cycles)d release cycles (was %(before)d).")
            % {
                "source": self.source,
                "products": self.products_after,
                "cycles": self.cycles_after,
                "before": self.products_before,
            }
        ]
        if self.products_added:
            out.append(_("Products added: %s.") % ", ".join(self.products_added))
        if self.products_removed:
            out.append(_("Products no longer listed: %s.") % ", ".join(self.products_removed))
        if self.cycles_added:
            out.append(
                _("Release cycles added: %s.") % ", ".join(f"{p} {c}" for p, c in self.cycles_added)
            )
        if self.dates_changed:
            out.append(_("Release cycles whose dates changed:"))
            out.extend(f"  {p} {c}: {f} {old} → {new}" for p, c, f, old, new in self.dates_changed)
        if not (self.products_added or self.cycles_added or self.dates_changed):
            out.append(_("No dates changed."))
        out.append(
            _("Written to %s.") % self.target if self.written else _("Nothing written (dry run).")
        )
        return out


def fetch(
    url: str, *, max_bytes: int = MAX_CATALOGUE_BYTES, timeout: float = FETCH_TIMEOUT_SECONDS
):
    """The bytes at an https address, at most ``max_bytes``, within ``timeout`` seconds."""
    if not url.lower().startswith("https://"):
        raise RefreshError(_("%s: only https:// addresses are fetched.") % url)
    agent = {"User-Agent": "CivicShift endoflife refresh"}
    request = urllib.request.Request(url, headers=agent)  # noqa: S310 (https checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (https only)
            final = response.geturl()
            if not final.lower().startswith("https://"):
                raise RefreshError(
                    _("%(url)s: redirected to %(final)s, which is not https.")
                    % {"url": url, "final": final}
                )
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise RefreshError(
                    _("%(url)s: %(size)s bytes is more than the %(max)s allowed.")
                    % {"url": url, "size": declared, "max": max_bytes}
                )
            return safety.read_bounded(response, max_bytes=max_bytes, name=url)
    except safety.UnsafeFileError as error:
        raise RefreshError(str(error)) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise RefreshError(
            _("%(url)s: could not be fetched (%(reason)s).") % {"url": url, "reason": reason}
        ) from None


def read_catalogue(data: bytes | str | Path, *, name: str) -> Catalogue:
    """Parse and check a catalogue; ``RefreshError`` names the file, product and field."""
    try:
        raw = safety.read_json(
            data, name=name, max_bytes=MAX_CATALOGUE_BYTES, max_depth=MAX_CATALOGUE_DEPTH
        )
    except safety.UnsafeFileError as error:
        raise RefreshError(str(error)) from None
    try:
        cat = parse_catalogue(raw)
    except CatalogueError as error:
        raise RefreshError(f"{name}: {error}") from None
    if not cat.products:
        raise RefreshError(_("%s: the catalogue lists no products.") % name)
    return cat


def _show(value) -> str:
    if value is True:
        return "true (ended, no date)"
    if value is False:
        return "false (no end announced)"
    return "—" if value is None else value.isoformat()


def compare(old: Catalogue, new: Catalogue, report: RefreshReport) -> None:
    report.products_added = sorted(set(new.products) - set(old.products))
    report.products_removed = sorted(set(old.products) - set(new.products))
    for pid in sorted(set(new.products) & set(old.products)):
        before = {r.cycle: r for r in old.products[pid].releases}
        for r in new.products[pid].releases:
            was = before.get(r.cycle)
            if was is None:
                report.cycles_added.append((pid, r.cycle))
                continue
            for name in DATE_FIELDS:
                a, b = getattr(was, name), getattr(r, name)
                if a != b or type(a) is not type(b):
                    report.dates_changed.append((pid, r.cycle, name, _show(a), _show(b)))


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (renamed below, not closed by a with)
        dir=target.parent, prefix=".products.", suffix=".json", delete=False
    )
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def refresh(source: str, target: Path, *, dry_run: bool = False) -> RefreshReport:
    """Check ``source`` (a path or an https address) and, unless ``dry_run``, put it at
    ``target``. The old file is compared with the new, and untouched when ``source`` is
    refused."""
    target = Path(target)
    if source.lower().startswith(("http://", "ftp://", "file://")):
        raise RefreshError(_("%s: only https:// addresses are fetched.") % source)
    if source.lower().startswith("https://"):
        data = fetch(source)
    else:
        try:
            data = safety.read_bounded(Path(source), max_bytes=MAX_CATALOGUE_BYTES, name=source)
        except safety.UnsafeFileError as error:
            raise RefreshError(str(error)) from None
    new = read_catalogue(data, name=source)
    old = endoflife.catalogue(target)
    report = RefreshReport(
        source=source,
        target=target,
        products_before=len(old.products),
        products_after=len(new.products),
        cycles_after=new.release_count,
    )
    compare(old, new, report)
    if not dry_run:
        _write_atomically(target, data)
        licence = target.parent / LICENCE_NAME
        if not licence.exists():
            shutil.copyfile(endoflife.packaged_path().parent / LICENCE_NAME, licence)
        report.written = True
    return report
