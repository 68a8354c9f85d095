"""tokenize(): syllables, numbers, dates, symbols, URLs, e-mails, punctuation; words()."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loa.vitext import normalize, syllables, tokenize, tokenize_spans, words


def test_the_sample_sentence():
    text = "Thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020, xem https://haiphong.gov.vn."
    assert tokenize(text) == [
        "Thực", "hiện", "Quyết", "định", "số", "628/QĐ-TTg", "ngày", "11/05/2020", ",",
        "xem", "https://haiphong.gov.vn", "."]


@pytest.mark.parametrize("text, expected", [
    ("Kết luận 51-KL/TW;", ["Kết", "luận", "51-KL/TW", ";"]),
    ("Kế hoạch 130/KH-STTTT.", ["Kế", "hoạch", "130/KH-STTTT", "."]),
    ("Nghị định 15/2020/NĐ-CP và Thông tư 01/2020/TT-BTTTT",
     ["Nghị", "định", "15/2020/NĐ-CP", "và", "Thông", "tư", "01/2020/TT-BTTTT"]),
    ("OCR: 628/Qb-TTg", ["OCR", ":", "628/Qb-TTg"]),
    ("theo QĐ-TTg và NQ/TW", ["theo", "QĐ-TTg", "và", "NQ/TW"]),
    ("1.000,5 tỷ đồng, 3,14 và 1.000.000", ["1.000,5", "tỷ", "đồng", ",", "3,14", "và",
                                            "1.000.000"]),
    ("ngày 30/5/2019 đến 2019-2020 lúc 7:30", ["ngày", "30/5/2019", "đến", "2019-2020",
                                               "lúc", "7:30"]),
    ("năm 2020.", ["năm", "2020", "."]),
    ("50% số xã", ["50", "%", "số", "xã"]),
    ("mạng 5G, 7h30, F0, s6", ["mạng", "5G", ",", "7h30", ",", "F0", ",", "s6"]),
    ("gửi sotttt@haiphong.gov.vn.", ["gửi", "sotttt@haiphong.gov.vn", "."]),
    ("(xem www.baohaiphong.com.vn/tin-tuc?id=5).", ["(", "xem",
                                                     "www.baohaiphong.com.vn/tin-tuc?id=5",
                                                     ")", "."]),
    ("trang haiphong.gov.vn/van-ban, ", ["trang", "haiphong.gov.vn/van-ban", ","]),
    ("TP.HCM, Tp.HCM v.v.", ["TP.HCM", ",", "Tp.HCM", "v.v."]),
    ("COVID-19 và Covid", ["COVID-19", "và", "Covid"]),
    ("I. MỤC ĐÍCH… II. YÊU CẦU...", ["I", ".", "MỤC", "ĐÍCH", "…", "II", ".", "YÊU", "CẦU",
                                     "..."]),
    ("\"Hà Nội\" - 'xưa'", ['"', "Hà", "Nội", '"', "-", "'", "xưa", "'"]),
    ("Facebook, Zalo; Youtube!", ["Facebook", ",", "Zalo", ";", "Youtube", "!"]),
    ("Hà Nội-Hải Phòng", ["Hà", "Nội", "-", "Hải", "Phòng"]),
    ("", []),
    (" \n\t ", []),
])
def test_tokens(text, expected):
    assert tokenize(text) == expected


def test_decomposed_input_is_tokenized_as_nfc():
    import unicodedata
    assert tokenize(unicodedata.normalize("NFD", "Tiếng Việt")) == ["Tiếng", "Việt"]


def test_stray_combining_marks_stay_with_their_letters():
    assert tokenize("d\u0301 x") == ["d\u0301", "x"]
    assert tokenize("ภาษาไทย ok") == ["ภาษาไทย", "ok"]


def test_spans_and_kinds():
    spans = tokenize_spans("Số 628/QĐ-TTg, 1.000 người: a@b.vn")
    assert [(t.text, t.kind) for t in spans] == [
        ("Số", "word"), ("628/QĐ-TTg", "symbol"), (",", "punct"), ("1.000", "number"),
        ("người", "word"), (":", "punct"), ("a@b.vn", "email")]
    text = "Số 628/QĐ-TTg, 1.000 người: a@b.vn"
    assert all(text[t.start:t.end] == t.text for t in spans)


def test_syllables():
    assert syllables("Thực hiện 628/QĐ-TTg, s6 TP.HCM Zalo!") == ["Thực", "hiện", "Zalo"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_tokens_cover_the_text_without_spaces(text):
    import unicodedata
    nfc = unicodedata.normalize("NFC", text)
    spans = tokenize_spans(text)
    assert "".join(t.text for t in spans) == "".join(nfc.split())
    assert all(t.text and not any(ch.isspace() for ch in t.text) for t in spans)
    assert all(nfc[t.start:t.end] == t.text for t in spans)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_binary_garbage(data):
    assert isinstance(tokenize(data.decode("utf-8", errors="replace")), list)


def test_huge_input_is_quick():
    line = normalize("Thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020, xem "
                     "https://haiphong.gov.vn; 1.000,5 tỷ “đồng”.\n")
    text = line * (2_000_000 // len(line))
    tokens = tokenize(text)
    assert len(tokens) == 18 * text.count("\n")


# --- words -------------------------------------------------------------------------------------

def test_words_join_syllables_and_keep_symbols_whole():
    assert words("Sở Thông tin và Truyền thông thực hiện Quyết định số 628/QĐ-TTg ngày "
                 "11/05/2020.") == ["Sở", "Thông tin", "và", "Truyền thông", "thực hiện",
                                    "Quyết định", "số", "628/QĐ-TTg", "ngày", "11/05/2020", "."]
    assert words("Tuyên truyền trên Facebook, Zalo: https://haiphong.gov.vn") == [
        "Tuyên truyền", "trên", "Facebook", ",", "Zalo", ":", "https://haiphong.gov.vn"]


def test_words_keep_the_syllables_when_the_segmenter_loses_some(monkeypatch):
    import loa.vitext.tokens as tokens

    monkeypatch.setattr(tokens, "_segmenter", lambda: lambda run: [run.replace(" ", "")])
    assert words("Kế hoạch số 130/KH-STTTT") == ["Kế", "hoạch", "số", "130/KH-STTTT"]
    monkeypatch.setattr(tokens, "_segmenter", lambda: lambda run: [run])
    assert words("Kế hoạch số 130/KH-STTTT") == ["Kế hoạch số", "130/KH-STTTT"]


def test_words_work_offline_and_write_nothing(tmp_path):
    """underthesea is a dependency (Apache-2.0): words() reads its shipped CRF model, with the
    network cut and an empty home directory, and leaves nothing there."""
    import os
    import subprocess
    import sys

    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = socket.create_connection = socket.getaddrinfo = refuse\n"
        "from loa.vitext import words\n"
        "print('|'.join(words('Sở Thông tin và Truyền thông thực hiện Quyết định')))\n")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "HF_HUB_OFFLINE": "0"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Sở|Thông tin|và|Truyền thông|thực hiện|Quyết định"
    assert list(home.iterdir()) == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_words_cover_the_same_text(text):
    got = words(text)
    assert "".join(w.replace(" ", "") for w in got) == "".join(tokenize(text))
