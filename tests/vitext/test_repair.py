"""repair() and needs_repair() (loa.vitext.repair): rules as pure functions, the decoder with a
tiny language model and a tiny channel model, the real models when they are present."""

import os
import subprocess
import sys

import pytest

from loa.vitext.ocr_channel import ChannelModel
from loa.vitext.repair import (
    Repairer,
    apply_rules,
    default_channel_path,
    fix_acronym,
    fix_roman_heading,
    fix_symbol,
    needs_repair,
)
from loa.vitext.training.align import align_pairs

from .test_lm_data import SENTENCES, make_tiny_lm

REF = [
    "Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020",
    "của Thủ tướng Chính phủ ban hành Kế hoạch thực hiện Kết luận",
    "số 51-KL/TW ngày 30/5/2019 của Ban Bí thư Trung ương Đảng",
]
OCR = [
    "Tuyén truyén thye hién Quyét dinh s6 628/Qb-TTg ngay 11/05/2020",
    "cia Thu twéng Chinh phi ban hanh K¢ hoach thuc hién Két luan",
    "s6 51-KL/TW ngay 30/5/2019 ciia Ban Bi thw Trung wong Péang",
]


# -- rules --------------------------------------------------------------------------------------

@pytest.mark.parametrize("ocr, fixed", [
    ("628/Qb-TTg", "628/QĐ-TTg"), ("628/QP-TTg", "628/QĐ-TTg"), ("628/QD-TTg", "628/QĐ-TTg"),
    ("628/QDb-TTg", "628/QĐ-TTg"), ("628/QĐ-TTg", "628/QĐ-TTg"),
    ("15/2020/NP-CP", "15/2020/NĐ-CP"), ("15/2020/ND-CP", "15/2020/NĐ-CP"),
    ("15/2020/Nb-CP", "15/2020/NĐ-CP"),
    ("51-KL/TW", "51-KL/TW"), ("130/KH-STTTT", "130/KH-STTTT"), ("209/KH-UBND", "209/KH-UBND"),
    ("12/ND-UBND", "12/ND-UBND"),  # "ND" is a decree only before -CP
])
def test_fix_symbol(ocr, fixed):
    assert fix_symbol(ocr) == fixed


@pytest.mark.parametrize("line, fixed", [
    ("|. MUC PICH, YEU CAU", "I. MUC PICH, YEU CAU"),
    ("I1. NOI DUNG", "II. NOI DUNG"),
    ("I11. TO CHUC", "III. TO CHUC"),
    ("Il1. TO CHUC", "III. TO CHUC"),
    ("IV. KINH PHI", "IV. KINH PHI"),
    ("V. CHE DO", "V. CHE DO"),
    ("1. Muc dich", "1. Muc dich"),
    ("11. Muc dich", "11. Muc dich"),
    ("  |. indented", "  I. indented"),
    ("text |. not at start", "text |. not at start"),
])
def test_fix_roman_heading(line, fixed):
    assert fix_roman_heading(line) == fixed


def test_acronyms_with_d_for_d_stroke_only_in_text_that_needs_repair():
    assert fix_acronym("DH") == "ĐH"
    assert fix_acronym("GD-DT") == "GD-ĐT"
    assert fix_acronym("UBND") == "UBND"
    line = "Truong DH va CD, Bo GD-DT"
    assert apply_rules(line) == line
    assert apply_rules(line, ocr=True) == "Truong ĐH va CĐ, Bo GD-ĐT"
    assert apply_rules("209/KH-UBND ngay", ocr=True) == "209/KH-UBND ngay"


def test_apply_rules_keeps_the_rest_of_the_line():
    line = "Quyét dinh s6 628/Qb-TTg ngay 11/05/2020, xem https://haiphong.gov.vn/a-b  (Zalo)"
    assert apply_rules(line) == line.replace("Qb", "QĐ")
    assert apply_rules("") == ""


# -- needs_repair -------------------------------------------------------------------------------

def test_needs_repair_low_on_correct_text():
    assert needs_repair(" ".join(SENTENCES)) < 0.1
    assert needs_repair("\n".join(REF)) < 0.1


def test_needs_repair_high_on_ocr_and_on_text_without_diacritics():
    assert needs_repair("\n".join(OCR)) > 0.5
    assert needs_repair("Thuc hien Quyet dinh so 628 cua Thu tuong Chinh phu ve viec") > 0.5


def test_needs_repair_edge_cases():
    assert needs_repair("") == 0.0
    assert needs_repair("2020 11/05/2020 628/QĐ-TTg ... !!!") == 0.0
    for garbage in ["\x00\xff\ufffd" * 20, "🙂🙂 ∑∫", "Привет мир 你好", "a" * 10000]:
        value = needs_repair(garbage)
        assert 0.0 <= value <= 1.0


# -- the decoder with tiny models ---------------------------------------------------------------

def make_tiny_repairer():
    pairs = align_pairs(REF, "\n".join(OCR))
    pairs += [(w, w) for s in SENTENCES for w in s.replace(".", " ").replace(",", " ").split()]
    channel = ChannelModel.from_pairs(pairs)
    return Repairer(make_tiny_lm(), channel)


_SHARED = []


def shared_tiny_repairer():
    """One tiny repairer for the property tests (its caches only make them faster)."""
    if not _SHARED:
        _SHARED.append(make_tiny_repairer())
    return _SHARED[0]


def test_tiny_decoder_repairs_the_sample_line():
    repairer = make_tiny_repairer()
    assert repairer.repair("Tuyén truyén thye hién Quyét dinh s6 628/Qb-TTg") == \
        "Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg"


def test_tiny_decoder_keeps_correct_text_and_structure():
    repairer = make_tiny_repairer()
    for sentence in SENTENCES[:6]:
        assert repairer.repair(sentence) == sentence
    text = "\n\nThực hiện Quyết định số 628/QĐ-TTg\n  \n"
    assert repairer.repair(text) == text
    assert repairer.repair("") == ""


def test_tiny_decoder_keeps_protected_words_numbers_urls_and_spacing():
    repairer = make_tiny_repairer()
    line = ("I1.  Facebook, Zalo, Youtube, YouTube, Fanpage: https://haiphong.gov.vn  a@b.vn "
            "11/05/2020")
    out = repairer.repair(line)
    assert out == line.replace("I1.", "II.")


def test_tiny_decoder_no_crash_on_garbage():
    repairer = make_tiny_repairer()
    for garbage in ["\x00\xff\ufffd", "🙂 ∑∫ Привет 你好", "s6 s6 s6", "-", "x" * 500]:
        out = repairer.repair(garbage)
        assert out.count("\n") == garbage.count("\n")


def test_channel_file_missing_says_what_to_do(tmp_path, monkeypatch, unload):
    import importlib

    module = importlib.import_module("loa.vitext.repair")
    monkeypatch.setenv("LOA_VITEXT_CHANNEL", str(tmp_path / "missing.json.gz"))
    unload("vitext.repairer")
    assert default_channel_path() == tmp_path / "missing.json.gz"
    with pytest.raises(FileNotFoundError, match="make model") as info:
        module.get_repairer()
    assert "OCR channel model not found" in str(info.value)
    assert "missing.json.gz" in str(info.value) and "LOA_VITEXT_CHANNEL" in str(info.value)


# -- the real models ----------------------------------------------------------------------------

def _real_models_present():
    from loa.vitext.restorer import default_model_path

    return default_model_path().exists() and default_channel_path().exists()


@pytest.mark.skipif(not _real_models_present(),
                    reason="needs the language model (make model) and the OCR channel model "
                           "(loa/vitext/data/channel.json.gz)")
def test_real_models_repair_the_sample():
    from loa.vitext import repair

    out = repair("\n".join(OCR)).split("\n")
    assert out[0] == REF[0]
    right = sum(a == b for o, r in zip(out, REF) for a, b in zip(o.split(), r.split()))
    total = sum(len(r.split()) for r in REF)
    assert right / total > 0.85
    for sentence in SENTENCES:
        assert repair(sentence) == sentence


@pytest.mark.skipif(not _real_models_present(), reason="needs the real models (make model)")
def test_loa_text_repair_command(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text(OCR[0] + "\n\n" + OCR[1] + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "loa", "text", "repair", str(path)], check=False,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == REF[0] and lines[1] == "" and len(lines) == 4


def test_loa_text_repair_without_a_channel_says_what_to_do(tmp_path):
    env = {**os.environ, "LOA_VITEXT_CHANNEL": str(tmp_path / "missing.json.gz"),
           "LOA_VITEXT_MODEL": str(tmp_path / "missing.npz")}
    result = subprocess.run([sys.executable, "-m", "loa", "text", "repair"], input="s6\n",
                            check=False, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert "make model" in result.stderr


# -- decoder units, case, robustness (tiny models) ------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from loa.vitext.repair.case import restore_case  # noqa: E402
from loa.vitext.repair.units import line_units  # noqa: E402


def test_junk_inside_a_word_makes_one_unit():
    repairer = make_tiny_repairer()
    sentences, _open = line_units("ngu@i 16i t& nghi¢p 800mm trong'va", repairer.generator,
                                  0.0, 0.0, True)
    units = [u[2] for s in sentences for u in s if u[1] is not None]
    assert "ngu@i" in units and "16i" in units and "t&" in units and "nghi¢p" in units
    assert "800mm" in units  # the tokenizer's "80" + "0mm" are one word again
    assert "trong" in units and "va" in units  # a quote mark separates


def test_digit_alone_may_be_a_word_in_ocr_text_only():
    pairs = [("ở", "6")] * 30 + [("6", "6")] * 10 + [("lại", "lại")] * 5
    repairer = Repairer(make_tiny_repairer().lm, ChannelModel.from_pairs(pairs))
    alternatives = [c[0] for c in repairer.generator.alternatives("6")]
    assert alternatives[0] == "6" and "ở" in alternatives
    units, _open = line_units("6 lại", repairer.generator, -0.01, -5.0, False)
    assert all(len(u[0]) == 1 for s in units for u in s if u[2] == "6")  # clean text: a number


@pytest.mark.parametrize("word, original, context, expected", [
    ("thực", "THUC", True, "THỰC"),
    ("bộ", "BO", False, "Bộ"),  # a short word read in capitals, no capitals around it
    ("bộ", "BO", True, "BỘ"),
    ("quyết", "QUYET", False, "QUYẾT"),
    ("lên", "Ién", False, "lên"),  # "l" read as "I"
    ("lên", "Lén", False, "Lên"),
    ("đảng", "Pang", False, "Đảng"),
    ("số", "s6", False, "số"),
])
def test_restore_case(word, original, context, expected):
    assert restore_case(word, original, context) == expected


def test_mixed_scripts_and_symbols_survive():
    repairer = make_tiny_repairer()
    for text in ["Привет мир 你好 Tuyén truyén", "😀 s6 628/Qb-TTg 😀", "ε = 0,5 và α",
                 "a@b.vn http://x.vn/a?b=1 &amp; R&D", "\t\u00a0\u200b s6 \r"]:
        out = repairer.repair(text)
        assert out.count("\n") == text.count("\n")
        for keep in ("Привет", "你好", "😀", "a@b.vn", "http://x.vn/a?b=1", "R&D", "ε", "α"):
            if keep in text:
                assert keep in out


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_property_line_structure_kept_and_never_crashes(text):
    repairer = shared_tiny_repairer()
    out = repairer.repair(text)
    assert out.count("\n") == text.count("\n")
    assert repairer.repair(out) is not None
    assert 0.0 <= needs_repair(text) <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(REF + OCR + SENTENCES + ["", "  ", "6", "&", "|. MUC PICH"]),
                max_size=8))
def test_property_correct_lines_unchanged_and_rules_idempotent(lines):
    repairer = shared_tiny_repairer()
    text = "\n".join(lines)
    out = repairer.repair(text)
    assert len(out.split("\n")) == len(lines) or (not lines and out == "")
    for line in lines:
        assert apply_rules(apply_rules(line, True), True) == apply_rules(line, True)
    if all(line in REF or line in SENTENCES or not line.strip() for line in lines):
        assert out == text


def test_binary_garbage_and_huge_input_stream_with_bounded_memory():
    import io
    import random
    import tracemalloc

    from loa.vitext.cli import stream_lines

    repairer = make_tiny_repairer()
    rng = random.Random(3)
    garbage = bytes(rng.randrange(256) for _ in range(4000)).decode("utf-8", "replace")
    assert repairer.repair(garbage).count("\n") == garbage.count("\n")

    def lines(n):
        for i in range(n):
            yield (OCR[i % 3] if i % 2 else REF[i % 3]) + "\n"

    class Sink(io.StringIO):
        def write(self, s):  # keep nothing: measure the repairer, not the output
            return len(s)

    stream_lines(repairer.repair, lines(400), Sink())  # warm the caches
    tracemalloc.start()
    count = stream_lines(repairer.repair, lines(3000), Sink())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 3000
    assert peak < 30_000_000


# -- the sample plan (real models) ----------------------------------------------------------

SAMPLE = __import__("pathlib").Path(__file__).resolve().parents[2] / "src/loa/documents/samples"


@pytest.mark.skipif(not _real_models_present() or not (SAMPLE / "130-KH-STTTT.ocr.txt").exists(),
                    reason="needs the real models (make model) and the sample plan")
def test_real_models_sample_plan_units_and_titles():
    from loa.vitext import repair

    out = repair((SAMPLE / "130-KH-STTTT.ocr.txt").read_text(encoding="utf-8"))
    for expected in ["Sở Giáo dục và Đào tạo", "Thanh tra Sở",
                     "Trung tâm Thông tin và Truyền thông", "Báo chí và Xuất bản",
                     "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG TUYÊN TRUYỀN", "Đài Phát thanh",
                     "Đề nghị", "628/QĐ-TTg", "51-KL/TW", "209/KH-UBND",
                     "(Facebook, Zalo, Youtube)",
                     "Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg"]:
        assert expected in out, expected
    assert "Qb" not in out and "QP-" not in out


def test_a_line_left_open_goes_on_in_the_next():
    repairer = shared_tiny_repairer()
    _sentences, open_end = line_units(OCR[0], repairer.generator, -0.01, -5.0, True)
    assert open_end
    sentences, open_end = line_units("Thực hiện. Kế hoạch.", repairer.generator, -0.01, -5.0,
                                     True)
    assert not open_end and len(sentences) == 2


def test_threads_share_one_repairer():
    """Repairing in several threads at once gives what repairing one text at a time gives (the
    decoder keeps no state of a call on the shared repairer)."""
    import threading

    repairer = make_tiny_repairer()
    texts = ["\n".join(OCR), OCR[1] + "\n" + OCR[2], "\n\n".join(REF), OCR[0] + ".\n" + OCR[2]]
    expected = [make_tiny_repairer().repair(t) for t in texts]
    results: dict[int, list[str]] = {k: [] for k in range(len(texts))}

    def work(k):
        for _ in range(5):
            results[k].append(repairer.repair(texts[k]))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(results[k] == [expected[k]] * 5 for k in range(len(texts)))
