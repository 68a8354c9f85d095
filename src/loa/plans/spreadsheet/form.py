"""The activity form as a spreadsheet: its sheets, columns (Vietnamese headers and the other
names people give them), how an assignment is written, channel names, and the results of reading
an upload (per row and for the whole file).

The template is a Vietnamese reporting form: its sheet names, column headers and channel names
are Vietnamese whatever the interface language (a file filled in by one person is read for
another). The reader also accepts the English headers, and channel names with or without
diacritics (:func:`loa.vocab.channels.from_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from loa.vitext import fold
from loa.vocab import channels as channel_vocab

from ..models import Activity, Channel, ReportingPeriod

ACTIVITY_SHEET = "Hoạt động"
ASSIGNMENT_SHEET = "Nhiệm vụ"
LISTS_SHEET = "Danh mục"
HELP_SHEET = "Hướng dẫn"
DATE_FORMAT = "dd/mm/yyyy"
SAMPLE_PREFIX = "Ví dụ"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in the template (Vietnamese)
    required: bool
    aliases: tuple[str, ...] = ()
    width: int = 16
    label: str = ""  # in messages, when shorter than the header

    @property
    def name(self) -> str:
        return self.label or self.header

    def keys(self) -> set[str]:
        names = {self.header, *self.aliases}
        keys = {fold(n) for n in names}
        keys |= {strip_parenthesis(k) for k in keys}
        return keys


def strip_parenthesis(key: str) -> str:
    """A folded header without what it says in parentheses:
    "ngay dang (dd/mm/yyyy)" → "ngay dang"."""
    return re.sub(r"\s*\(.*?\)\s*", " ", key).strip(" :*")


COLUMNS: tuple[Column, ...] = (
    Column("assignment", "Mã nhiệm vụ", True,
           ("Mã NV", "Nhiệm vụ", "Assignment", "Assignment code"), 14),
    Column("channel", "Kênh", True,
           ("Kênh tuyên truyền", "Kênh đăng tải", "Loại hình", "Channel"), 22),
    Column("title", "Tiêu đề", True,
           ("Tên tin bài", "Tiêu đề tin bài", "Tên hoạt động", "Title"), 50),
    Column("published_on", "Ngày đăng (dd/mm/yyyy)", True,
           ("Ngày đăng", "Ngày đăng phát", "Ngày phát sóng", "Ngày", "Date", "Date published"), 14,
           "Ngày đăng"),
    Column("url", "Đường dẫn", False, ("Link", "Đường link", "Liên kết", "URL"), 36),
    Column("airtime_minutes", "Thời lượng (phút)", False,
           ("Thời lượng", "Số phút", "Airtime", "Airtime (minutes)"), 12),
    Column("reach", "Lượt tiếp cận", False,
           ("Lượt xem", "Số lượt tiếp cận", "Reach"), 14),
    Column("theme", "Chủ đề", False, ("Chủ đề tuyên truyền", "Nội dung tuyên truyền", "Theme"), 30),
    Column("note", "Ghi chú", False, ("Note",), 30),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

PERIOD_VI = {
    ReportingPeriod.WEEK: "hằng tuần",
    ReportingPeriod.MONTH: "hằng tháng",
    ReportingPeriod.QUARTER: "hằng quý",
    ReportingPeriod.YEAR: "hằng năm",
}


ASSIGNMENT_CODE = re.compile(r"^\s*(?:nv)?\s*[-_.:#/ ]?\s*(\d{1,12})\b")


def assignment_code(pk) -> str:
    """How an assignment is written in spreadsheets: "NV-12"."""
    return f"NV-{pk}"


LABEL_LIMIT = 160


def assignment_label(assignment) -> str:
    """The code with what the task is, as the template's drop-down lists it: "NV-12 — 2. Báo
    Hải Phòng: Tăng cường tin, bài …". The reader takes the code at its start."""
    unit = assignment.lead_unit.short_name or assignment.lead_unit.name
    task = (assignment.tasks or [assignment.item.title])[0]
    label = f"{assignment_code(assignment.pk)} — {assignment.item.number}. {unit}: {task}"
    return label if len(label) <= LABEL_LIMIT else label[:LABEL_LIMIT - 1].rstrip() + "…"


def channel_name_vi(code) -> str:
    """The Vietnamese name of a channel (the template is Vietnamese whatever the language)."""
    return channel_vocab.name_vi(str(code))


def channel_name(code) -> str:
    """The channel's name in the active language."""
    return str(Channel(code).label)




def clean_text(value):
    """A cell value without the characters a workbook may not hold."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


# --- Results -------------------------------------------------------------------------------------


@dataclass
class Problem:
    """One thing wrong with the file or a row: a code for programs, a message for people."""

    code: str
    message: str
    column: str | None = None  # a key of COLUMN_BY_KEY

    def __str__(self):
        if self.column:
            return f"{COLUMN_BY_KEY[self.column].name}: {self.message}"
        return self.message


@dataclass
class RowResult:
    number: int  # the row number Excel shows
    values: dict[str, str]  # column key → the value as written, for display
    errors: list[Problem] = field(default_factory=list)
    activity: Activity | None = None  # unsaved; set when the row is valid

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_columns(self) -> set[str]:
        return {p.column for p in self.errors if p.column}

    def add(self, code, message, column=None):
        self.errors.append(Problem(code, str(message), column))


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # about the whole file: nothing is read
    notes: list[str] = field(default_factory=list)  # harmless remarks (ignored columns …)
    sheet: str = ""

    @property
    def valid_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid_rows(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    @property
    def ok(self) -> bool:
        """The file can be imported as a whole."""
        return not self.errors and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def columns(self):
        return COLUMNS

    def file_error(self, code, message):
        self.errors.append(Problem(code, str(message)))
        return self


class ImportRefused(Exception):
    """Nothing was imported; ``message`` says why (for people), ``code`` for programs."""

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = str(message)
