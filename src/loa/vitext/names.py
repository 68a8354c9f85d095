"""Vietnamese personal names: put right a name whose marks OCR or repair got wrong.

A signature block ends with the signer's name ("Lê Văn Kiên"); read with the wrong OCR language
it comes out as "Lé Van Kién", and the language model, which knows words rather than names, may
restore the last syllable as the common word "kiện". :func:`fix_person_name` knows the usual
spellings of surnames, middle names and given names: a syllable whose accent-free form is one
of them, written with other marks, takes the name's spelling — but only when that form has
exactly one spelling among names ("kien" → "Kiên"), never when it has several ("hoa" may be
"Hoa" or "Hòa", "thanh" "Thanh" or "Thành"), and never when the syllable already is a name.
No Django import.
"""

from __future__ import annotations

from .text import fold

SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương "
    "Trịnh Trương Lâm Mai Cao Tô Hà Lương Đinh Tạ Lưu Văn Chu Quách Thái Phùng Kiều Khúc "
    "Triệu Tăng Nông Lại Mạc Giáp Hoàng Đàm Thân Tống Từ Vi Doãn Ninh Âu"
).split()

MIDDLE = (
    "Văn Thị Hữu Đình Quốc Bá Trọng Khắc Công Minh Đức Ngọc Xuân Thanh Hồng Kim Thế Duy Viết "
    "Mạnh Quang Như Phương Bảo Gia Thu Diệu Tuấn Anh Đăng Tiến Trung Hải Thúy Mỹ Quỳnh"
).split()

GIVEN = (
    "An Anh Bảo Bình Chi Chính Cường Dũng Dương Đạt Điệp Định Đông Giang Hà Hải Hạnh Hào "
    "Hằng Hiền Hiếu Hòa Hoa Hoàn Học Hồng Huệ Hùng Hưng Hương Hường Huy Huyền Khải Khang "
    "Khánh Khoa Kiên Kiệt Lâm Lan Liên Linh Loan Lộc Long Luân Mai My Nam Nga Ngân Nghĩa "
    "Nguyên Nhân Nhung Phong Phú Phúc Quân Quế Quý Quyết Quỳnh Sơn Tài Tâm Tân Thái Thắng "
    "Thành Thảo Thịnh Thông Thư Thủy Tiến Toàn Trang Trí Trinh Trung Trường Tú Tùng Tuyết "
    "Uyên Vân Việt Vinh Vĩnh Xuân Yến Hiển Lợi Lực Nhất Phát Sáng Thuận Thúy Tuệ Tuyên Vượng"
).split()


def _spellings(words) -> dict[str, str]:
    """fold -> the one spelling, for forms that have exactly one spelling in ``words``."""
    forms: dict[str, set[str]] = {}
    for word in words:
        forms.setdefault(fold(word), set()).add(word)
    return {key: next(iter(values)) for key, values in forms.items() if len(values) == 1}


_SURNAME = _spellings(SURNAMES)
_MIDDLE = _spellings(MIDDLE)
_GIVEN = _spellings(GIVEN)
_KNOWN = set(SURNAMES) | set(MIDDLE) | set(GIVEN)


def _fix(syllable: str, table: dict[str, str]) -> str:
    if syllable in _KNOWN or syllable.upper() == syllable and len(syllable) > 1:
        return syllable  # already a name, or written in capitals (keep as written)
    spelling = table.get(fold(syllable))
    return spelling if spelling else syllable


def fix_person_name(name: str) -> str:
    """``name`` with each syllable spelled as names usually are, when that is certain:
    "Lê Văn Kiện" -> "Lê Văn Kiên", "Nguyen Thi Lan" -> "Nguyễn Thị Lan"; a name already
    spelled as a name, or one it does not know, is returned unchanged."""
    parts = name.split()
    if not 2 <= len(parts) <= 5 or not all(p[:1].isupper() for p in parts):
        return name
    fixed = [_fix(parts[0], _SURNAME)] + [_fix(p, _MIDDLE) for p in parts[1:-1]] + \
        [_fix(parts[-1], _GIVEN)]
    return " ".join(fixed)
