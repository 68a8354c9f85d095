"""loa.documents — read official documents (.docx, PDF, scans, text) and parse the Decree 30
layout of a plan into plain dataclasses. No Django import (see docs/architecture.md)."""

from .model import DocumentError, Line, Page, SourceDocument, Span

__all__ = ["DocumentError", "Line", "Page", "SourceDocument", "Span"]
