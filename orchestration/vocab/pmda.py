"""PMDA's list of approved new drugs (承認品目一覧（新医薬品）), the Excel workbook PMDA
publishes with one sheet per month: Japan's approvals beside the trials that led to them.

The layout, as PMDA writes it (FY2025 file 000276012.xlsx): a title in A1, the header row
(row 3) `分野 | 承認日 | No. | 販売名(会社名、法人番号) | 承認 | 成分名(下線:新有効成分) |
効能・効果等`, then one row per approved item. The 販売名 cell holds the brand names (one per
line, `同` repeating the previous name) and, on its last line, `(applicant、corporate number)`;
the 承認 cell says per brand whether it is a new approval (承認) or a partial change (一変).

Columns are found by their header text (spacing and full/half-width forms ignored), not by
position, so a reordered sheet still loads; a sheet without such a header row (a cover or notes
sheet) is skipped, a workbook with none is an error. Merged cells give every cell they cover
their value. Japanese text is kept as written (only the ends of each value are trimmed); the
applicant line is split off the brand names. Blank rows and note rows (no item number, brand or
ingredient) are skipped. Rows stream sheet by sheet; the workbook itself is small (a few
hundred rows), and openpyxl's full mode is needed to see merged cells.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from orchestration.progress import QUIET, Progress
from orchestration.vocab.errors import VocabInputError, bad_field

HEADER_SEARCH_ROWS = 10
# (column, how its normalized header starts or reads, whether the sheet must have it)
COLUMNS = (
    ("category", "分野", False),
    ("approval_date", "承認日", True),
    ("item_number", "No", False),
    ("brand_name", "販売名", True),
    ("approval_type", "承認", False),
    ("generic_name", "成分名", True),
    ("indication", "効能", True),
)
HEADER_NAMES = {column: label for column, label, _ in COLUMNS}
_APPLICANT_LINE = re.compile(r"^[(（](.*)[)）]$", re.S)
_CORPORATE_NUMBER = re.compile(r"\d{13}")
_DATE = re.compile(r"(\d{4})\s*[./\-年]\s*(\d{1,2})\s*[./\-月]\s*(\d{1,2})\s*日?")
_REIWA = re.compile(r"令和\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def normalize_header(value) -> str:
    """A header cell as compared: NFKC (full-width → half-width), no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value or "")))


def header_column(header: str) -> str | None:
    """The pmda_approvals column a normalized header text names (承認 alone is the approval
    type; 承認日 the date)."""
    if header == "承認":
        return "approval_type"
    for column, label, _ in COLUMNS:
        if column != "approval_type" and header.startswith(label):
            return column
    return None


def find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """(row index, {column: cell index}) of the first row naming the required columns."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for position, value in enumerate(row):
            column = header_column(normalize_header(value))
            if column and column not in found:
                found[column] = position
        if all(column in found for column, _, required in COLUMNS if required):
            return index, found
    return None


def cell_text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_date(value) -> date | None:
    """承認日 as PMDA writes it: `2025.5.19`, `2025/5/19`, `2025年5月19日`, `令和7年5月19日`,
    or an Excel date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if match := _DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _REIWA.fullmatch(text):
        era, month, day = match.groups()
        year, month, day = 2018 + (1 if era == "元" else int(era)), int(month), int(day)
    else:
        raise ValueError(text)
    return date(year, month, day)


def parse_item_number(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.isdigit():
        return int(text)
    raise ValueError(text)


def split_brand_cell(value) -> tuple[str | None, str | None, str | None]:
    """(brand names, applicant(s), corporate number(s)) of a 販売名 cell: the last line, when
    it is parenthesized, names the applicant and its 13-digit corporate number (several are
    numbered ①②… and kept in the file's order, joined by `、`)."""
    text = cell_text(value)
    if text is None:
        return None, None, None
    lines = text.split("\n")
    found = _APPLICANT_LINE.match(lines[-1].strip())
    if not found or len(lines) == 1:
        return text, None, None
    parts = [p.strip() for p in re.split(r"[、,，]", found.group(1)) if p.strip()]
    names = [p for p in parts if not _CORPORATE_NUMBER.fullmatch(p)]
    numbers = [p for p in parts if _CORPORATE_NUMBER.fullmatch(p)]
    brands = "\n".join(lines[:-1]).strip() or None
    return brands, "、".join(names) or None, "、".join(numbers) or None


def merged_values(sheet) -> dict[tuple[int, int], object]:
    """{(row, column) (1-based): value} for every cell a merged range covers."""
    values = {}
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                values[(row, column)] = value
    return values


def approval_row(origin: str, sheet: str, row_number: int, cells: dict[str, object]) -> dict:
    """One pmda_approvals row from a data row's cells by column."""
    where = f"sheet {sheet!r}, row {row_number}"
    try:
        approval_date = parse_date(cells.get("approval_date"))
    except ValueError:
        name = f"approval_date ({HEADER_NAMES['approval_date']})"
        raise bad_field(origin, where, name, cells.get("approval_date"), "a date") from None
    try:
        item_number = parse_item_number(cells.get("item_number"))
    except ValueError:
        name = f"item_number ({HEADER_NAMES['item_number']})"
        raise bad_field(origin, where, name, cells.get("item_number"), "a whole number") from None
    brand_name, applicant, corporate_number = split_brand_cell(cells.get("brand_name"))
    return {
        "sheet": sheet,
        "row_number": row_number,
        "item_number": item_number,
        "category": cell_text(cells.get("category")),
        "approval_date": approval_date,
        "brand_name": brand_name,
        "applicant": applicant,
        "corporate_number": corporate_number,
        "approval_type": cell_text(cells.get("approval_type")),
        "generic_name": cell_text(cells.get("generic_name")),
        "indication": cell_text(cells.get("indication")),
    }


def sheet_values(sheet) -> list[tuple]:
    """The sheet's cell values by row, merged cells filled in."""
    merged = merged_values(sheet)
    return [
        tuple(merged.get((r, c), v) for c, v in enumerate(values, start=1))
        for r, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]


def data_rows(
    origin: str, sheet: str, rows: list[tuple], header: tuple[int, dict[str, int]]
) -> Iterator[dict]:
    """The approval rows under a sheet's header row."""
    header_index, positions = header
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        cells = {c: row[p] if p < len(row) else None for c, p in positions.items()}
        if not any(cell_text(cells.get(c)) for c in ("item_number", "brand_name", "generic_name")):
            continue  # blank, or a note under the list
        yield approval_row(origin, sheet, index + 1, cells)


def read_pmda(path: Path, progress: Progress = QUIET) -> Iterator[dict]:
    """Every approval row of every monthly sheet of the workbook, sheet by sheet (the sheets
    read are a step of `progress`)."""
    origin = str(path)
    if not path.exists():
        raise VocabInputError(f"PMDA file not found: {path} does not exist")
    # imported here: openpyxl adds 0.2 s to every start of a build that reads no PMDA file
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on styles it does not read
            workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        raise VocabInputError(
            f"{origin}: not an Excel .xlsx workbook ({exc}); save PMDA's list as .xlsx"
        ) from None
    try:
        headed = 0
        with progress.step("PMDA", total=len(workbook.worksheets), unit="sheets") as step:
            for sheet in workbook.worksheets:
                rows = sheet_values(sheet)
                header = find_header(rows)
                step.advance(detail=sheet.title)
                if header is None:
                    continue
                headed += 1
                yield from data_rows(origin, sheet.title, rows, header)
        if not headed:
            required = ", ".join(label for _, label, needed in COLUMNS if needed)
            raise VocabInputError(
                f"{origin}: no sheet has a header row naming {required} in its first "
                f"{HEADER_SEARCH_ROWS} rows (sheets: {', '.join(workbook.sheetnames)})"
            )
    finally:
        workbook.close()
