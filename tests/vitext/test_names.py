"""Personal names in signature blocks: marks put right only when the name is certain."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loa.vitext.names import fix_person_name


@pytest.mark.parametrize("written, expected", [
    ("Lê Văn Kiện", "Lê Văn Kiên"),  # the word "kiện" restored where the name "Kiên" was
    ("Le Van Kien", "Lê Văn Kiên"),
    ("Nguyen Thi Lan", "Nguyễn Thị Lan"),
    ("Phạm Quang Huy", "Phạm Quang Huy"),  # already right: unchanged
    ("Lê Khắc Nam", "Lê Khắc Nam"),
    ("Tran Van Hoa", "Trần Văn Hoa"),  # "Hoa" and "Hòa" are both names: left as written
    ("Vũ Thị Thanh", "Vũ Thị Thanh"),
    ("LÊ VĂN KIÊN", "LÊ VĂN KIÊN"),  # capitals kept as written
])
def test_names_spelled_as_names(written, expected):
    assert fix_person_name(written) == expected


@pytest.mark.parametrize("text", ["Kiên", "Sở Giáo dục và Đào tạo", "kt. giám đốc", ""])
def test_what_is_not_a_name_is_left_alone(text):
    assert fix_person_name(text) == text


@given(st.text(max_size=60))
def test_never_raises_and_is_idempotent(text):
    once = fix_person_name(text)
    assert fix_person_name(once) == once
