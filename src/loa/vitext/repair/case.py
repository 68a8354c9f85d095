"""Letter case of a repaired word: the case the OCR read, with two corrections for what an
English OCR model does to Vietnamese ("BO" for "Bộ", "Ién" for "lên")."""

from __future__ import annotations

from ..ocr_channel import apply_case

__all__ = ["all_upper", "restore_case"]


def all_upper(text: str) -> bool:
    """At least two letters, all of them capitals."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def restore_case(word: str, original: str, upper_context: bool) -> str:
    """``word`` (lower case) in the case of the OCR'd ``original``: upper case when the OCR'd
    word is, unless it is a short word (<= 3 letters) with no upper-case word next to it (the
    OCR reads "Bộ" as "BO", "Mỹ" as "MY"); a leading "I" for "l" stays a small letter (the OCR
    reads "lên" as "Ién")."""
    letters = [c for c in original if c.isalpha()]
    if all_upper(original):
        if upper_context or len(letters) > 3:
            return word.upper()
        return word[:1].upper() + word[1:]
    if original[:1] == "I" and word[:1] == "l" and len(letters) > 1 and \
            not any(c.isupper() for c in letters[1:]):
        return word
    return apply_case(word, original)
