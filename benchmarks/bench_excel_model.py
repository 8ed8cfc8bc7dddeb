"""The live-formula Excel model of a 1,000-line case (issue 7, item 7): write it, read it back.

A case of one option with 1,000 lines over 20 years (a one-time cost, then recurring costs and
benefits with PERT ranges, escalation and ramp-up), written as the model the web and
``civicshift case workbook`` give (``formats.cases.workbook.write_case_model``: Summary,
Assumptions, a Schedule and Scenarios, every figure an Excel formula with its cached value),
then read back as an upload is (``formats.cases.model_reader.read_model_workbook``: bounded
read, formulas checked, the whole case).

Baselines from the same run: writing is set against ``analyze`` of the same case (what the
figures cost in the core alone); reading against openpyxl opening the same bytes and visiting
every cell of every sheet (a naive full load, formulas kept, as the reader must). Each figure
is the median of ``REPEAT`` runs.
"""

from __future__ import annotations

import io
import statistics
import time

LINES = 1_000
HORIZON = 20
REPEAT = 5


def build_case():
    """The 1,000-line case (seeded by the line index: the same case at every run)."""
    from civicshift.core.cases import Case, Estimate, Line

    lines = [
        Line(
            "Implementation",
            "cost",
            Estimate(200_000.0, 250_000.0, 400_000.0, "triangular"),
            (0,),
            category="implementation",
        )
    ]
    for i in range(1, LINES):
        cost = i % 2 == 1
        lines.append(
            Line(
                f"{'Cost' if cost else 'Benefit'} line {i}",
                "cost" if cost else "benefit",
                Estimate(8_000.0 + i, 10_000.0 + i, 15_000.0 + i, "pert"),
                tuple(range(1, HORIZON + 1)),
                escalation=0.02,
                ramp=() if cost else (0.5, 0.8),
                category="subscription" if cost else "cashable_savings",
            )
        )
    return Case("A thousand lines", 2027, HORIZON, 0.03, tuple(lines))


def _median_s(fn) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _full_load(data: bytes) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=False)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                _ = cell.value
    book.close()


def main() -> None:
    from civicshift.core.cases import analyze
    from civicshift.formats.cases.model_reader import read_model_workbook
    from civicshift.formats.cases.workbook import write_case_model

    case = build_case()
    data = write_case_model(case)
    contents = read_model_workbook(data)
    assert contents is not None and not contents.problems, contents and contents.problems[:3]
    assert len(contents.options[0].case.lines) == LINES

    bare = _median_s(lambda: analyze(case))
    write = _median_s(lambda: write_case_model(case))
    read = _median_s(lambda: read_model_workbook(data))
    naive = _median_s(lambda: _full_load(data))
    print(
        f"bench excel_model_write_1000_lines: {write:.2f} s "
        f"({write / bare:.0f}x vs one analyze() of the case, {bare * 1000:.1f} ms; "
        f"{len(data) / 1e6:.1f} MB; median of {REPEAT})"
    )
    print(
        f"bench excel_model_read_1000_lines: {read:.2f} s "
        f"({read / naive:.2f}x vs openpyxl loading it and visiting every cell, {naive:.2f} s; "
        f"median of {REPEAT})"
    )


if __name__ == "__main__":
    main()
