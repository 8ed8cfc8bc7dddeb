"""CSV and xlsx files of a survey's results and of its anonymised answers. Both respect k: they
are built from ``selectors.survey_results`` (already under the k rule) and, for the answers,
from the same group plan, so a department the results page hides is in no file either.

Anonymised answers: one row per response in the random order of their keys, the department
only where the k rule shows it by name ("other groups" where it was merged, empty where it is
in no breakdown), no key, no linking word, no time (there is none)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from civicshift.core.survey import plan_groups
from civicshift.core.survey.anonymity import OTHER_GROUPS
from civicshift.formats.xlsx_tables import SheetTable, write_tables

from . import selectors

#: Above this many answers, the page starts a background job instead of answering at once.
LARGE = 2000
KINDS = ("results", "responses")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def result_tables(survey, data: dict) -> list[SheetTable]:
    if not data.get("enough"):
        return [
            SheetTable(
                _("Summary"),
                [_("Survey"), _("Answers"), _("Smallest group shown (k)"), _("Note")],
                [[survey.title, data["n"], data["k"], _("Too few answers to show results.")]],
            )
        ]
    subscales = data["subscales"]
    summary = SheetTable(
        _("Subscales"),
        [
            _("Subscale"),
            _("Questions"),
            _("Answers"),
            _("Mean"),
            _("95% CI low"),
            _("95% CI high"),
            _("Cronbach's alpha"),
            _("Alpha CI low"),
            _("Alpha CI high"),
        ],
        [
            [
                s["label"],
                s["items"],
                (s["interval"] or {}).get("n"),
                (s["interval"] or {}).get("mean"),
                (s["interval"] or {}).get("low"),
                (s["interval"] or {}).get("high"),
                (s["alpha"] or {}).get("value"),
                (s["alpha"] or {}).get("low"),
                (s["alpha"] or {}).get("high"),
            ]
            for s in subscales
        ],
    )
    items = SheetTable(
        _("Questions"),
        [
            _("Question"),
            _("Scale points"),
            _("Answered"),
            _("Skipped"),
            _("Mean"),
            _("Median"),
            _("Disagree share"),
            _("Neutral share"),
            _("Agree share"),
            _("Counts per point"),
        ],
        [
            [
                i["text"],
                i["points"],
                i["n"],
                i["missing"],
                i["mean"],
                i["median"],
                i["disagree"],
                i["neutral"],
                i["agree"],
                " / ".join(str(c) for c in i["counts"]),
            ]
            for i in data["items"]
        ],
    )
    deps = data["departments"]
    rows = list(deps["groups"])
    for extra in (deps["other"], deps["not_said"]):
        if extra:
            rows.append(extra)
    heat = SheetTable(
        _("Departments"),
        [_("Group"), _("Answers")]
        + [f"{s['label']} ({_('mean, shown where rwg(j) ≥ 0.70')})" for s in subscales]
        + [f"{s['label']} rwg(j)" for s in subscales],
        [
            [group_label(r["name"]), r["n"]]
            + [r["cells"][s["key"]]["mean"] for s in subscales]
            + [r["cells"][s["key"]]["rwg"] for s in subscales]
            for r in rows
        ],
    )
    free = SheetTable(
        _("Free text"),
        [_("Question"), _("Group"), _("Answer")],
        [
            [f["text"], group_label(a["group"]) if a["group"] is not None else "", a["text"]]
            for f in data["free_text"]
            for a in f["answers"]
        ],
    )
    return [summary, items, heat, free]


def group_label(name: str) -> str:
    if name == "":
        return _("Preferred not to say")
    if name == OTHER_GROUPS:
        return _("Other departments together")
    return name


def response_table(survey) -> SheetTable:
    specs = selectors.item_specs(survey)
    rows = selectors.response_rows(survey)
    counts: dict[str, int] = {}
    for group, _answers, _link in rows:
        counts[group] = counts.get(group, 0) + 1
    plan = plan_groups(counts, k=survey.k) if len(rows) >= survey.k else None
    shown = set(plan.shown) if plan else set()
    merged = set(plan.merged) if plan else set()

    def department(group: str) -> str:
        if group in shown:
            return group_label(group)
        if group in merged:
            return group_label(OTHER_GROUPS)
        return ""

    body = []
    if plan is not None:  # fewer than k answers: no rows at all
        for group, answers, _link in rows:
            body.append([department(group)] + [answers.get(spec.id) for spec in specs])
    headers = [_("Department (where at least k answered)")] + [s.text for s in specs]
    return SheetTable(_("Answers"), headers, body)


def _safe_csv(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text  # never a formula in the reader's spreadsheet
    return text


def tables_csv(tables: list[SheetTable]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                writer.writerow([])
            writer.writerow([table.title])
        writer.writerow([_safe_csv(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([_safe_csv(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def build(survey, what: str, fmt: str, *, progress=None) -> tuple[bytes, str, str]:
    if what not in KINDS or fmt not in FORMATS:
        raise ValueError(f"unknown export {what}.{fmt}")
    if what == "results":
        tables = result_tables(survey, selectors.survey_results(survey))
    else:
        tables = [response_table(survey)]
    if progress is not None:
        progress(0.7, _("Writing the file."))
    if fmt == "csv":
        content = tables_csv(tables)
    else:
        buffer = io.BytesIO()
        write_tables(tables, buffer)
        content = buffer.getvalue()
    filename = f"survey-{survey.pk}-{what}.{fmt}"
    return content, filename, CONTENT_TYPES[fmt]
