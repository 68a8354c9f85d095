"""What every format reader shares: the progress callback, the page-limit refusal and sizes in
messages. No Django import.

A format reader is ``read(data, *, max_pages, progress) -> SourceDocument``; it raises
:class:`~loa.documents.model.DocumentError` for what it refuses.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import DocumentError

__all__ = ["Progress", "report", "size_text", "too_many_pages"]

#: ``progress(done_pages, total_pages, message)``
Progress = Callable[[int, int, str], None]


def too_many_pages(pages: int, limit: int) -> DocumentError:
    return DocumentError(f"The document has {pages} pages; at most {limit} can be imported.",
                         code="too_many_pages", pages=pages, limit=limit)


def report(progress: Progress | None, done: int, total: int, message: str) -> None:
    if progress is not None:
        progress(done, total, message)


def size_text(n: int) -> str:
    """A byte count for a message: "20 MB", "512 bytes"."""
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"
