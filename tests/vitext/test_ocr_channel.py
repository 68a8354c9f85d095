"""OCR channel model: character edits (loa.vitext.ocr_edits), the channel
(loa.vitext.ocr_channel), and its training: alignment, render + tesseract round trip
(loa.vitext.training.align, loa.vitext.training.render_pages)."""

import difflib
import shutil

import pytest

from loa.vitext import fold
from loa.vitext.ocr_channel import ChannelModel, VocabularyIndex, apply_case
from loa.vitext.ocr_edits import char_edits
from loa.vitext.training.align import align_pairs, split_ocr_line
from loa.vitext.training.corpus import is_heldout
from loa.vitext.training.render_pages import (
    TesseractError,
    find_fonts,
    ocr_image,
    page_settings,
    render_page,
    wrap_text,
)

# From ../shared/samples/130-KH-STTTT.ocr.txt, with the reference typed by hand.
REF = [
    "Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020",
    "của Thủ tướng Chính phủ ban hành Kế hoạch thực hiện Kết luận",
    "số 51-KL/TW ngày 30/5/2019 của Ban Bí thư Trung ương Đảng",
]
OCR = (
    "Tuyén truyén thye hién Quyét dinh s6 628/Qb-TTg ngay 11/05/2020\n"
    "cia Thu twéng Chinh phi ban hanh K¢ hoach thuc hién Két luan\n"
    "s6 51-KL/TW ngay 30/5/2019 ciia Ban Bi thw Trung wong Péang\n"
)


def test_alignment_of_the_sample_gives_token_pairs():
    pairs = align_pairs(REF, OCR)
    assert pairs[:8] == [
        ("Tuyên", "Tuyén"), ("truyền", "truyén"), ("thực", "thye"), ("hiện", "hién"),
        ("Quyết", "Quyét"), ("định", "dinh"), ("số", "s6"), ("628/QĐ-TTg", "628/Qb-TTg"),
    ]
    for expected in [("tướng", "twéng"), ("của", "ciia"), ("thư", "thw"), ("ương", "wong"),
                     ("Đảng", "Péang"), ("Kế", "K¢"), ("phủ", "phi"), ("11/05/2020", "11/05/2020")]:
        assert expected in pairs
    assert len([p for p in pairs if p[0] == "số"]) == 2


def test_alignment_takes_a_string_and_keeps_order():
    assert align_pairs("Tuyên truyền thực hiện", "Tuyén truyén thye hién") == [
        ("Tuyên", "Tuyén"), ("truyền", "truyén"), ("thực", "thye"), ("hiện", "hién")]


def test_split_merged_lost_and_extra_tokens():
    assert ("Nhà nước", "Nhanude") in align_pairs(["chính sách của Nhà nước về"],
                                                  "chinh sach cua Nhanude vé")
    pairs = align_pairs(["Nhà nước ta"], "N ha nude ta .")
    assert pairs == [("Nhà", "N ha"), ("nước", "nude"), ("ta", "ta"), ("", ".")]
    pairs = align_pairs(["một hai ba bốn"], "mot ba bén")
    assert ("hai", "") in pairs and ("bốn", "bén") in pairs


def test_ocr_junk_inside_a_word_stays_in_the_word():
    assert split_ocr_line("ngu@i 16n c& nhan, t&” s6 628/Qb-TTg a@b.com") == [
        "ngu@i", "16n", "c&", "nhan", ",", "t&", "”", "s6", "628/Qb-TTg", "a@b.com"]
    assert align_pairs(["người lớn ở cá nhân tế”"], "ngu@i 16n & c& nhan t&”") == [
        ("người", "ngu@i"), ("lớn", "16n"), ("ở", "&"), ("cá", "c&"), ("nhân", "nhan"),
        ("tế", "t&"), ("”", "”")]


def test_alignment_of_empty_and_unrelated_text():
    assert align_pairs([], "") == []
    assert align_pairs(["Hà Nội"], "") == [("Hà", ""), ("Nội", "")]
    assert align_pairs([], "xyz") == [("", "xyz")]


def test_character_edits():
    assert char_edits("số", "s6") == [("s", "s"), ("ố", "6")]
    assert char_edits("thực", "thye") == [("t", "t"), ("h", "h"), ("ự", "y"), ("c", "e")]
    assert ("ứ", "ir") in char_edits("chức", "chirc")
    assert char_edits("Đảng", "Péang")[0] == ("Đ", "Pé")


def test_channel_model_ranks_the_right_candidate_for_seen_damage(tmp_path):
    model = ChannelModel.from_pairs(align_pairs(REF, OCR) + align_pairs(
        ["thực hiện số 5", "của Thủ tướng"], "thye hién s6 5\ncia Thu twéng"))
    vocab = VocabularyIndex({"thực": 50, "thức": 30, "thuế": 20, "số": 90, "sở": 60, "so": 10,
                             "tướng": 10, "tương": 40, "trường": 30, "của": 100, "cửa": 10,
                             "cua": 3, "hiện": 40, "hiến": 5, "đảng": 20, "đang": 60})
    for ocr, true in [("thye", "thực"), ("s6", "số"), ("twéng", "tướng"), ("cia", "của"),
                      ("hién", "hiện"), ("S6", "Số")]:
        cands = model.candidates(ocr, vocab, k=5)
        assert cands[0][0] == true, (ocr, cands)
        assert all(lp <= 0 for _t, lp in cands)
    # unseen token, seen character damage: ư -> w, ớ -> é
    assert model.candidates("trwéng", vocab, k=3)[0][0] == "trường"
    # saved and loaded, the model says the same
    path = tmp_path / "channel.json.gz"
    model.save(path)
    again = ChannelModel.load(path)
    assert again.candidates("thye", vocab) == model.candidates("thye", vocab)
    assert model.logp("s6", "số") > model.logp("s6", "sở")


def test_scan_prior_proposes_dj_for_p():
    """Renders hardly ever read Đ as P, scans do (issue 3): the prior keeps Đ a candidate."""
    model = ChannelModel.from_pairs([("Đảng", "Dang")] * 50 + [("đang", "dang")] * 50)
    vocab = VocabularyIndex({"đảng": 10, "đang": 50, "pha": 5, "bằng": 20})
    assert "Đảng" in [t for t, _ in model.candidates("Pang", vocab, k=5)]
    assert all(lp < 0 for _t, lp in model.candidates("Pang", vocab, k=5))


def test_channel_model_without_an_index_uses_its_table():
    model = ChannelModel.from_pairs([("số", "s6"), ("số", "s6"), ("sở", "s6"), ("số", "số")])
    assert [t for t, _ in model.candidates("s6")] == ["số", "sở"]
    assert model.top_substitutions(1)[0][:2] == ("ố", "6")


def test_apply_case():
    assert apply_case("đề", "Pé") == "Đề"
    assert apply_case("quyết", "QUYET") == "QUYẾT"
    assert apply_case("số", "s6") == "số"


def test_held_out_split_is_stable():
    """The channel model holds out the language model's articles (one rule, in train.py)."""
    ids = [f"Train_Full/x/{i}.txt" for i in range(2000)]
    held = [i for i in ids if is_heldout(i)]
    assert 20 <= len(held) <= 60
    assert held == [i for i in ids if is_heldout(i)]


def test_page_settings_are_seeded():
    fonts = {"tinos": "a", "dejavu-serif": "b"}
    assert page_settings(3, 1, fonts) == page_settings(3, 1, fonts)
    assert page_settings(3, 1, fonts) != page_settings(4, 1, fonts)


def _font():
    fonts = find_fonts(["tinos", "dejavu-serif"])
    if not fonts:
        pytest.skip("neither Tinos (fonts-croscore) nor DejaVu Serif (fonts-dejavu-core) is "
                    "installed")
    return next(iter(fonts.values()))


def test_render_page_is_deterministic():
    font = _font()
    lines = wrap_text("Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg " * 4, font, 12, 150)
    assert len(lines) > 1
    a = render_page(lines, font, 12, 150, blur=0.6, speckle=0.002, seed=7)
    b = render_page(lines, font, 12, 150, blur=0.6, speckle=0.002, seed=7)
    c = render_page(lines, font, 12, 150, blur=0.6, speckle=0.002, seed=8)
    assert a.mode == "L" and a.size[0] == round(8.27 * 150)
    assert a.tobytes() == b.tobytes() != c.tobytes()
    assert a.getextrema() == (0, 255)


def test_render_and_ocr_round_trip():
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    font = _font()
    line = "Tuyên truyền thực hiện Quyết định của Thủ tướng Chính phủ"
    image = render_page([line], font, size_pt=14, dpi=300, seed=0)
    try:
        text = ocr_image(image)
    except TesseractError as exc:
        pytest.skip(f"tesseract cannot read English here: {exc}")
    similarity = difflib.SequenceMatcher(None, fold(line), fold(text)).ratio()
    assert similarity >= 0.8, text
    assert [p[0] for p in align_pairs([line], text) if p[0]] == line.split()


def test_ocr_without_tesseract_says_so(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    from PIL import Image
    with pytest.raises(TesseractError, match="tesseract-ocr"):
        ocr_image(Image.new("L", (10, 10), 255))


def test_channel_from_pairs_file_aligns_again(tmp_path):
    import json

    from loa.vitext.training.render_pages import channel_from_pairs, main
    path = tmp_path / "pairs.jsonl"
    page = {"ref": REF, "ocr": OCR, "pairs": [], "error": None}
    path.write_text(json.dumps(page, ensure_ascii=False) + "\n", encoding="utf-8")
    model = channel_from_pairs([path])
    assert model.pairs["s6"]["số"] == 2
    assert main(["--from-pairs", str(path), "--out", str(tmp_path), "--report", "0"]) == 0
    assert ChannelModel.load(tmp_path / "channel.json.gz").pairs["s6"]["số"] == 2
    from loa.vitext.training.render_pages import candidate_recall
    vocab = VocabularyIndex([w.lower() for line in REF for w in line.split()])
    stats = candidate_recall(model, [path], vocab)
    assert stats["damaged"] > 10 and stats["top20_share"] > 0.9
