"""Shared test data (no tests here): a tiny language model trained on a few real sentences, so
the tests need neither ../shared nor the shipped model."""

import functools

SENTENCES = [
    "Thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020 của Thủ tướng Chính phủ.",
    "Ủy ban nhân dân thành phố Hải Phòng ban hành kế hoạch tuyên truyền năm 2024.",
    "Các cơ quan, đơn vị tổ chức tuyên truyền trên trang thông tin điện tử https://haiphong.gov.vn.",
    "Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành liên quan.",
    "Người dân được hướng dẫn cài đặt ứng dụng trên điện thoại di động.",
    "Báo cáo kết quả thực hiện gửi về Sở trước ngày 15 tháng 12 hằng năm.",
    "Đài Phát thanh và Truyền hình Hải Phòng đưa tin về hoạt động của các quận, huyện.",
    "Tôi đi học ở trường gần nhà, còn em tôi học ở trường trong xã.",
    "Mưa lớn kéo dài làm nhiều tuyến đường bị ngập sâu.",
    "Hội nghị đánh giá công tác phòng chống dịch bệnh trong sáu tháng đầu năm.",
    "Chính quyền địa phương cần nắm bắt tâm tư, nguyện vọng của nhân dân.",
    "Lực lượng công an phối hợp với dân quân tuần tra bảo vệ an ninh trật tự.",
    "Đoàn thanh niên tổ chức chiến dịch tình nguyện mùa hè xanh tại các xã khó khăn.",
    "Giá xăng dầu trong nước tăng nhẹ từ 15 giờ chiều nay.",
    "Bệnh viện đa khoa tỉnh tiếp nhận hơn 300 bệnh nhân mỗi ngày.",
    "Học sinh được nghỉ học để tránh bão số 3 đổ bộ vào đất liền.",
]


@functools.cache
def make_tiny_lm():
    from loa.vitext.lm import train

    return train(SENTENCES * 2, order=3, min_count=1, min_word_count=1, log=lambda *_a: None)


@functools.cache
def make_tiny_restorer():
    from loa.vitext.restorer import Restorer

    return Restorer(make_tiny_lm())
