"""Vietnamese text engine (no Django import). Issue 3 grows this into the full engine;
for now it offers the two functions the campaign model needs for search and matching."""

import re
import unicodedata

__all__ = ["normalize", "fold"]

_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC form with runs of white space collapsed to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str) -> str:
    """Accent-insensitive, lower-case key: "Sở GD&ĐT" -> "so gd&dt"."""
    text = normalize(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
