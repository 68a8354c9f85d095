"""The plain data that flows through loa.documents (no Django): a read document and its lines.

Reading (:mod:`.read`) turns a file into a :class:`SourceDocument` — pages of :class:`Line`
with their position — and parsing (:mod:`.parse`) turns that into a :class:`ParsedDocument`
whose fields point back to the lines they came from (:class:`Span`), so the review page can
show where a field was read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Span:
    """Where a field was read: pages and lines are 1-based; the last line is included.

    JSON: ``{"page", "first_line", "last_line"}`` (:meth:`to_json`, :meth:`from_json`)."""

    page: int
    first_line: int
    last_line: int

    def to_json(self) -> dict:
        return {"page": self.page, "first_line": self.first_line, "last_line": self.last_line}

    @classmethod
    def from_json(cls, data: dict | None) -> Span | None:
        """The span :meth:`to_json` wrote; None for None (a field read nowhere). A missing
        first or last line is the other one, a missing page 1."""
        if data is None:
            return None
        first = data.get("first_line", data.get("last_line", 1))
        return cls(data.get("page", 1), first, data.get("last_line", first))


@dataclass
class Line:
    """One line of text as read (repaired when the reader repaired it).

    ``bbox`` is (x0, y0, x1, y1) as fractions of the page's width and height, top-left origin,
    when the source has a geometry (PDF, image); None for .docx and plain text.
    ``raw`` is the text before repair (equal to ``text`` when nothing was repaired).
    """

    text: str
    page: int
    number: int
    bbox: tuple[float, float, float, float] | None = None
    raw: str | None = None
    confidence: float | None = None  # OCR word confidence, 0–100, when OCR'd

    @property
    def span(self) -> Span:
        return Span(self.page, self.number, self.number)


@dataclass
class Page:
    number: int
    lines: list[Line] = field(default_factory=list)
    width: float | None = None  # points (PDF) or pixels (image)
    height: float | None = None
    ocr: bool = False  # the text came from Tesseract


@dataclass
class SourceDocument:
    """A document as read: ``kind`` is "docx", "pdf" (text layer), "pdf-scan", "image" or "text"."""

    kind: str
    pages: list[Page] = field(default_factory=list)
    filename: str = ""
    warnings: list[str] = field(default_factory=list)
    repaired: bool = False  # vitext.repair was applied to (some of) the text

    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines())

    def to_dict(self) -> dict:
        return asdict(self)


class DocumentError(Exception):
    """A file that cannot be read as a document. ``code`` is stable (the web layer translates
    it); ``message`` is English for the command line and logs; ``params`` fill the message."""

    code = "unreadable"

    def __init__(self, message: str, *, code: str | None = None, **params):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.params = params


# The codes a reader raises (the web layer has a Vietnamese message for each):
#   "empty"        the file is empty or holds no text at all (an image with no text included)
#   "encrypted"    password-protected / encrypted PDF or .docx
#   "corrupt"      not a valid file of the type its content claims
#   "unsupported"  a type Loa does not read (params: kind)
#   "too_large"    more bytes or uncompressed bytes than allowed (zip bomb included; params: limit)
#   "too_many_pages"  more pages than LOA_MAX_DOCUMENT_PAGES (params: pages, limit)
#   "ocr_unavailable" the tesseract command or its Vietnamese data is missing
