"""Messy inventory spreadsheets as real towns keep them, built by code (no binary blobs).

* ``town_workbook``: a small-town IT manager's xlsx: a title row and a blank row above the
  headers, a department merged over two rows, a section heading row, a repeated header row,
  date cells, dates typed as text in three formats and an Excel serial, "$12,500" and "12.5k",
  a total column computed by a formula (with its cached result, as Excel saves it), an unknown
  category, a negative cost, a duplicate system and a column nobody maps.
* ``script_workbook``: an xlsx written by a script (openpyxl): a formula with no cached result.
* ``access_csv``: an Access export in Windows-1252: capital headers, values padded with
  trailing spaces, dates as "10/13/2026 0:00:00", an en dash and an "é".
* ``as400_csv``: an AS/400 query output: semicolons, cryptic fixed headers, CYYMMDD and
  YYYYMMDD dates, 0 for "no date", columns no one needs (RRN, CRTUSR).
* ``excel_utf8_csv``: Excel's "CSV UTF-8" (with a byte-order mark): synonyms in the headers
  and values ("Cloud (SaaS)", "On-prem", "PII; PCI").
* ``encrypted_workbook`` / ``legacy_xls``: OLE2 compound files, as Excel writes a workbook with
  a password (an ``EncryptionInfo`` and an ``EncryptedPackage`` stream) and a 97-2003 .xls.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import openpyxl
import xlsxwriter

TOWN_HEADERS = [
    "Sys ID", "System Name", "Category", "Dept", "Vendor", "Version", "Hosted", "Go-Live",
    "Annual Maint", "License", "Total $", "EOS date", "Contract Expires", "# Users",
    "Criticality", "MFA?", "Backup", "Server OS", "Owner", "Vendor Contact",
]  # fmt: skip


def town_workbook(path: Path) -> Path:
    """Rows (Excel numbering): 1 title, 2 blank, 3 headers, 4-14 data as commented."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Inventory 2026")
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "mm/dd/yyyy"})
    sheet.write(0, 0, "Town of Millbrook - IT Systems Inventory (updated March 2026)", bold)
    for column, header in enumerate(TOWN_HEADERS):
        sheet.write_string(2, column, header, bold)

    def row(r: int, values: dict[int, object]) -> None:
        for column, value in values.items():
            if isinstance(value, dt.date):
                sheet.write_datetime(r, column, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, int | float):
                sheet.write_number(r, column, value)
            else:
                sheet.write_string(r, column, value)

    # Row 4: dates as date cells, plain numbers; the total is a formula with its cached value.
    row(
        3,
        {
            0: "FIN-01",
            1: "Financial System ",
            2: "Finance / ERP",
            3: "Finance",
            4: "Tyler",
            5: "V7R3",
            6: "On-prem",
            7: 1998,
            8: 48000,
            9: 0,
            12: dt.date(2027, 6, 30),
            13: 35,
            14: "Mission Critical",
            15: "No",
            16: "Yes - untested",
            17: "IBM i 7.3",
            18: "jsmith@millbrook.example",
            19: "Bob at Tyler",
        },
    )
    sheet.write_formula(3, 10, "=I4+J4", None, 48000)
    row(3, {11: dt.date(2028, 9, 30)})
    # Rows 5-6: a department merged over two rows (the second row's cell is empty).
    sheet.merge_range(4, 3, 5, 3, "Police", None)
    row(
        4,
        {
            0: "PS-01",
            1: "CAD/RMS",
            2: "public safety",
            4: "Central Square",
            5: "2019.1",
            6: "Vendor hosted",
            7: "2012",
            8: "$12,500",
            9: "12.5k",
            11: "10/13/2026",
            13: "120",
            14: "high",
            15: "enforced",
            16: "tested",
            17: "Windows Server 2012 R2",
        },
    )
    sheet.write_formula(4, 10, "=I5+J5", None, 25000)
    row(
        5,
        {
            0: "PS-02",
            1: "Body cameras",
            2: "Public Safety",
            4: "Axon",
            6: "SaaS",
            7: "2021",
            8: "1.2k",
            11: "13-Oct-2026",
            13: 45,
            14: "High",
            15: "Yes",
        },
    )
    # Row 7: blank. Row 8: a section heading. Row 9: the header row repeated (a page break).
    row(7, {0: "COMMUNITY DEVELOPMENT"})
    for column, header in enumerate(TOWN_HEADERS):
        sheet.write_string(8, column, header, bold)
    # Row 10: an Excel serial typed as a number in a date column, "USD" amounts.
    row(
        9,
        {
            0: "CD-01",
            1: "Permit Tracker",
            2: "Permitting",
            3: "Building; Planning",
            4: "In-house (Access)",
            6: "on premises",
            7: 2004,
            8: "USD 1,000",
            11: 45000,
            13: 8,
            14: "medium",
            15: "none",
            16: "none",
            17: "Windows 10",
            18: "Pat Lee",
        },
    )
    # Row 11: an unknown category and a negative cost (a credit).
    row(
        10,
        {
            0: "IT-07",
            1: "Phone system",
            2: "Telecom",
            3: "IT",
            4: "Mitel",
            6: "On-prem",
            8: "(500)",
            11: "2025-12-31",
        },
    )
    # Row 12: the same system as row 4 (same name and vendor, in other capitals, another id).
    row(11, {0: "FIN-02", 1: "FINANCIAL SYSTEM", 4: "tyler", 8: "$48,000"})
    # Row 13: a bad date and an impossible one.
    row(
        12, {0: "GIS-01", 1: "ArcGIS", 2: "GIS", 4: "Esri", 6: "SaaS", 11: "soon", 12: "02/30/2027"}
    )
    # Row 14: fine, with a licence in millions and percent-free text.
    row(
        13,
        {
            0: "ERP-NEXT",
            1: "New ERP (planned)",
            2: "finance",
            3: "Finance/HR",
            4: "Workday",
            6: "Cloud (SaaS)",
            9: "1.2M",
            11: "Dec 31, 2030",
        },
    )
    book.close()
    return path


def script_workbook(path: Path) -> Path:
    """A workbook written by a script: the "Total" formula has no cached result."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Systems"
    sheet.append(["System name", "Vendor", "Annual maintenance cost", "Annual licence cost"])
    sheet.append(["Utility Billing", "Harris", 30000, 5000])
    sheet.append(["Email", "Microsoft", "=C2*1.1", 1200])
    book.save(path)
    return path


ACCESS_ROWS = [
    ("ID", "SYSTEM_NAME   ", "VENDOR_NAME   ", "DEPARTMENT    ", "CATEGORY      ",
     "ANNUAL_MAINT  ", "SUPPORT_END          ", "NOTES                         "),
    ("1", "PERMITS       ", "IN-HOUSE      ", "COMMUNITY DEV ", "PERMITTING    ",
     "0             ", "1/14/2020 0:00:00    ", "Built 2003 – Access 2003 mdb  "),
    ("2", "COURT CASE    ", "JUSTICE SYS   ", "MUNICIPAL CRT ", "COURTS        ",
     "8500          ", "10/13/2026 0:00:00   ", "Café server in basement       "),
    ("3", "FLEET         ", "FLEETIO       ", "PUBLIC WORKS  ", "WORK ORDERS   ",
     "$3,600.00     ", "                     ", "                              "),
]  # fmt: skip


def access_csv(path: Path) -> Path:
    lines = [",".join(f'"{v}"' if "," in v else v for v in row) for row in ACCESS_ROWS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


AS400_LINES = [
    "SYSNAM    ;VNDNAM    ;DEPTNM    ;MNTCST    ;EOSDT  ;INSTYR;CRTUSR    ;RRN",
    "GL/AP/AR  ;TYLER     ;FINANCE   ;48000.00  ;1280930;1998  ;QSECOFR   ;1",
    "PAYROLL   ;TYLER     ;HR        ;12000.00  ;1240430;1998  ;QSECOFR   ;2",
    "UB LEGACY ;IN-HOUSE  ;UTILITIES ;0.00      ;0      ;1991  ;JDOE      ;3",
    "TAX BILL  ;IN-HOUSE  ;FINANCE   ;0.00      ;0991231;1989  ;JDOE      ;4",
    "OLDQUERY  ;IBM       ;IT        ;1500.00   ;20240430;2001 ;JDOE      ;5",
]


def as400_csv(path: Path) -> Path:
    path.write_bytes(("\r\n".join(AS400_LINES) + "\r\n").encode("ascii"))
    return path


AS400_MAPPING = {
    "SYSNAM": "name",
    "VNDNAM": "vendor",
    "DEPTNM": "departments",
    "MNTCST": "cost_maintenance",
    "EOSDT": "support_extended_end",
    "INSTYR": "year_deployed",
}

EXCEL_UTF8_TEXT = (
    "Application,Vendor,Department(s),Hosting,Maint $,EOS Date,MFA,SSO,Regulated Data,"
    "Data Classification,RTO,FTE\r\n"
    'Utility Billing,Harris Computer,Utilities; Finance,Vendor-hosted,"$30,000",2029-03-31,'
    "available,Yes,PII; PCI,Confidential,24h,50%\r\n"
    'Microsoft 365,Microsoft,All departments,Cloud (SaaS),"$18,400",,Enforced,yes,PII,'
    "internal,4,0.25\r\n"
    "Zoning map,Esri,Planning / GIS,On-prem,2.5k,6/30/27,No,no,None,Public,2 days,0.1\r\n"
    "Señor Dispatch,Motorola Solutions,Police,on-prem,,01/31/2031,Required,Unknown,CJIS,"
    "Restricted,1,1\r\n"
)


def excel_utf8_csv(path: Path) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + EXCEL_UTF8_TEXT.encode("utf-8"))
    return path


def _compound_file(stream_names: list[str]) -> bytes:
    """A minimal OLE2 compound file (MS-CFB version 3): a header, one FAT sector and one
    directory sector with the root entry and one empty stream per name."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end)
    struct.pack_into("<I", header, 68, 0)  # no DIFAT sectors
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int, child: int = free, right: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        raw = bytearray(128)
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, free, right, child)
        struct.pack_into("<II", raw, 116, end, 0)
        return bytes(raw)

    entries = [entry("Root Entry", 5, child=1)]
    for n, name in enumerate(stream_names, 1):
        entries.append(entry(name, 2, right=n + 1 if n < len(stream_names) else free))
    directory = b"".join(entries).ljust(512, b"\0")
    return bytes(header) + fat + directory


def encrypted_workbook(path: Path) -> Path:
    path.write_bytes(_compound_file(["EncryptionInfo", "EncryptedPackage"]))
    return path


def legacy_xls(path: Path) -> Path:
    path.write_bytes(_compound_file(["Workbook", "\x05SummaryInformation"]))
    return path


def wide_workbook(path: Path, columns: int = 16_000) -> Path:
    """A sheet whose first row has a value in each of 16,000 columns (constant memory)."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    for column in range(columns):
        sheet.write_string(0, column, f"Column {column}")
    book.close()
    return path


def inventory_workbook(
    path: Path, rows: int, *, formulas: bool = False, notes: str = "Imported by the benchmark"
) -> Path:
    """A tidy ``rows``-system workbook (the benchmark's): 20 columns of every kind, text in
    the shared-strings table as Excel saves it (XlsxWriter's constant-memory mode would write
    inline strings instead, which openpyxl reads three times slower). Another ``notes``
    makes a re-import change every system."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Systems")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    headers = [
        "ID", "System Name", "Category", "Department", "Vendor", "Product", "Version",
        "Hosting", "Year deployed", "Annual licence", "Annual Maint", "Users", "EOS date",
        "Contract end", "Criticality", "MFA", "SSO", "Backup", "Operating system", "Notes",
    ]  # fmt: skip
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header)
    categories = ["Finance / ERP", "GIS", "utility billing", "Public safety", "Courts", "Other"]
    hosting = ["On-prem", "SaaS", "Vendor hosted", "Cloud infrastructure"]
    for r in range(1, rows + 1):
        sheet.write_string(r, 0, f"SYS-{r:05d}")
        sheet.write_string(r, 1, f"System {r}")
        sheet.write_string(r, 2, categories[r % len(categories)])
        sheet.write_string(r, 3, "Finance; Public Works" if r % 3 else "Police")
        sheet.write_string(r, 4, f"Vendor {r % 97}")
        sheet.write_string(r, 5, f"Product {r % 13}")
        sheet.write_string(r, 6, f"{r % 9}.{r % 4}")
        sheet.write_string(r, 7, hosting[r % len(hosting)])
        sheet.write_number(r, 8, 1990 + r % 35)
        sheet.write_string(r, 9, f"${(r % 50) * 1000:,}")
        if formulas:
            sheet.write_formula(r, 10, f"=J{r + 1}*0", None, (r % 40) * 250)
        else:
            sheet.write_number(r, 10, (r % 40) * 250)
        sheet.write_number(r, 11, r % 500)
        sheet.write_datetime(r, 12, dt.datetime(2024 + r % 8, 1 + r % 12, 1 + r % 28), date)
        sheet.write_string(r, 13, f"{1 + r % 12}/{1 + r % 28}/{2026 + r % 5}")
        sheet.write_string(r, 14, ["Low", "Medium", "High", "Mission critical"][r % 4])
        sheet.write_string(r, 15, ["Enforced", "Available", "None", "Unknown"][r % 4])
        sheet.write_string(r, 16, ["Yes", "No"][r % 2])
        sheet.write_string(r, 17, ["Tested", "Untested", "None"][r % 3])
        sheet.write_string(r, 18, "Windows Server 2019")
        sheet.write_string(r, 19, notes)
    book.close()
    return path
