"""The demo world: Hải Phòng as it was in 2020 and its plan 130/KH-STTTT, running now.

``load_demo()`` builds, in the current database and in one transaction:

- the city-level units named in the plan (people's committee, Party propaganda board, the
  Department of Information and Communications with its offices, the Department of Education,
  the radio-TV station, newspapers, the city e-portal, a few other press agencies);
- the 15 districts of 2020 with their culture-information offices and radio stations, and their
  communes with radio stations: Hải Phòng's administrative map of 2020, which plan 130 was given
  to, built from the ``vietnamadminunits`` package (via :mod:`loa.org.adminunits`) and the
  corrections in :data:`COMMUNES_2020`; beside it, with their validity dates, the units of the
  arrangement of 1 January 2025 and the communes of the reform of 1 July 2025 (so the
  directory's current units are today's, and a plan of 2020 still finds the units of 2020);
- plan 130/KH-STTTT of 8 September 2020, imported as a person would import it: the scan as a
  wrong-language OCR left it (``documents/samples/130-KH-STTTT.ocr.txt``) is read, repaired
  (``loa.vitext``), parsed (``loa.documents``), its units matched and the plan created
  (``loa.plans.importer``), with its legal bases, purposes, requirements, content themes, items
  and one assignment per unit;
- a few weeks of activities (deterministic for a given ``seed`` and ``today``), so the dashboard
  shows all four deadline states;
- five accounts, all with password ``demo``.

The plan keeps its real number and date, but its work is made to start about six weeks before
``today`` so that the pages look like a campaign in progress.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loa.org import adminunits
from loa.org.models import Membership, Role, Unit, UnitAlias, UnitGroup, UnitKind
from loa.plans import activities, importer
from loa.plans import status as deadline
from loa.plans.models import (
    ActivitySource,
    Assignment,
    Channel,
    Plan,
    PlanStatus,
    ReportingPeriod,
)
from loa.vitext import fold

PLAN_CODE = "130/KH-STTTT"
_DEFAULT_CHANNELS = ["e_portal"]
PASSWORD = "demo"
PROVINCE = "Hải Phòng"
# --- the administrative map of 2020 -----------------------------------------------------------
# The package lists Hải Phòng's districts and communes as they stood on 1 January 2025, after
# the arrangement of Resolution 1232/NQ-UBTVQH15: Thủy Nguyên became a city and An Dương an urban
# district, and wards were merged in the inner districts (Đại Bản, An Hưng and An Hồng, communes
# of An Dương, became wards of Hồng Bàng). The plan of 2020 is given to the map of 2020, so:
# - the districts and communes of 2020 end on 30 June 2025 (the districts were abolished on
#   1 July 2025), those abolished on 1 January 2025 end on 31 December 2024;
# - the units the 1 January 2025 arrangement created start then (and end on 30 June 2025);
# - the communes of the reform of 1 July 2025 (directly under the city) start on 1 July 2025.
# The communes of 2020 below are those of the districts the 2025 arrangement changed; the other
# districts keep the package's list.
NAMES_IN_2020 = {"311": "Huyện Thủy Nguyên", "312": "Huyện An Dương"}
END_OF_2024 = dt.date(2024, 12, 31)
START_OF_2025 = dt.date(2025, 1, 1)
COMMUNES_2020 = {
    "303": ["Phường Quán Toan", "Phường Hùng Vương", "Phường Sở Dầu", "Phường Thượng Lý",
            "Phường Hạ Lý", "Phường Trại Chuối", "Phường Minh Khai", "Phường Hoàng Văn Thụ",
            "Phường Phan Bội Châu", "Phường Quang Trung", "Phường Phạm Hồng Thái"],
    "304": ["Phường Máy Chai", "Phường Máy Tơ", "Phường Vạn Mỹ", "Phường Cầu Tre",
            "Phường Lạc Viên", "Phường Gia Viên", "Phường Đông Khê", "Phường Cầu Đất",
            "Phường Lê Lợi", "Phường Đằng Giang", "Phường Lạch Tray", "Phường Đổng Quốc Bình",
            "Phường Lương Khánh Thiện"],
    "305": ["Phường Cát Dài", "Phường An Biên", "Phường Lam Sơn", "Phường An Dương",
            "Phường Trần Nguyên Hãn", "Phường Hồ Nam", "Phường Trại Cau", "Phường Dư Hàng",
            "Phường Hàng Kênh", "Phường Đông Hải", "Phường Niệm Nghĩa", "Phường Nghĩa Xá",
            "Phường Dư Hàng Kênh", "Phường Kênh Dương", "Phường Vĩnh Niệm"],
    "307": ["Phường Quán Trữ", "Phường Lãm Hà", "Phường Đồng Hòa", "Phường Bắc Sơn",
            "Phường Nam Sơn", "Phường Ngọc Sơn", "Phường Trần Thành Ngọ", "Phường Văn Đẩu",
            "Phường Phù Liễn", "Phường Tràng Minh"],
    "308": ["Phường Ngọc Xuyên", "Phường Ngọc Hải", "Phường Vạn Hương", "Phường Vạn Sơn",
            "Phường Minh Đức", "Phường Bàng La", "Phường Hợp Đức"],
    "311": ["Thị trấn Núi Đèo", "Thị trấn Minh Đức", "Xã Lại Xuân", "Xã An Sơn", "Xã Kỳ Sơn",
            "Xã Liên Khê", "Xã Lưu Kiếm", "Xã Lưu Kỳ", "Xã Gia Minh", "Xã Gia Đức",
            "Xã Minh Tân", "Xã Phù Ninh", "Xã Quảng Thanh", "Xã Chính Mỹ", "Xã Kênh Giang",
            "Xã Hợp Thành", "Xã Cao Nhân", "Xã Mỹ Đồng", "Xã Đông Sơn", "Xã Hòa Bình",
            "Xã Trung Hà", "Xã An Lư", "Xã Thủy Triều", "Xã Ngũ Lão", "Xã Phục Lễ",
            "Xã Tam Hưng", "Xã Phả Lễ", "Xã Lập Lễ", "Xã Kiền Bái", "Xã Thiên Hương",
            "Xã Thủy Sơn", "Xã Thủy Đường", "Xã Hoàng Động", "Xã Lâm Động", "Xã Hoa Động",
            "Xã Tân Dương", "Xã Dương Quan"],
    "312": ["Thị trấn An Dương", "Xã Lê Thiện", "Xã Đại Bản", "Xã An Hòa", "Xã Hồng Phong",
            "Xã Tân Tiến", "Xã An Hưng", "Xã An Hồng", "Xã Bắc Sơn", "Xã Nam Sơn", "Xã Lê Lợi",
            "Xã Đặng Cương", "Xã Đồng Thái", "Xã Quốc Tuấn", "Xã An Đồng", "Xã Hồng Thái"],
}


class DemoError(Exception):
    """The demo cannot be loaded here (e.g. it is already loaded)."""


# --- units ---------------------------------------------------------------------------------------
# key: (name, short name, kind, parent key, aliases, web domain)
CITY_UNITS = {
    "ubnd": ("Ủy ban nhân dân thành phố Hải Phòng", "UBND thành phố", UnitKind.GOVERNING_BODY,
             None, ["UBNDTP", "UBND thành phố Hải Phòng", "UBND TP Hải Phòng"],
             "haiphong.gov.vn"),
    "btgtu": ("Ban Tuyên giáo Thành ủy Hải Phòng", "Ban Tuyên giáo Thành ủy", UnitKind.PARTY_BODY,
              None, ["BTGTU", "Ban Tuyên giáo Thành ủy"], "haiphong.org.vn"),
    "sotttt": ("Sở Thông tin và Truyền thông", "Sở TTTT", UnitKind.DEPARTMENT, None,
               ["Sở TTTT", "STTTT", "Sở TT&TT", "Sở Thông tin và Truyền thông Hải Phòng"],
               "stttt.haiphong.gov.vn"),
    "ttbcxb": ("Phòng Thông tin, Báo chí và Xuất bản", "P.TTBCXB", UnitKind.DEPARTMENT_OFFICE,
               "sotttt", ["P.TTBCXB", "Phòng TTBCXB", "Phòng Thông tin - Báo chí - Xuất bản"],
               "stttt.haiphong.gov.vn"),
    "tttt": ("Trung tâm Thông tin và Truyền thông", "Trung tâm TTTT",
             UnitKind.DEPARTMENT_OFFICE, "sotttt",
             ["Trung tâm TTTT", "Trung tâm TT&TT", "Trung tâm Thông tin và Truyền thông Hải Phòng"],
             "tintuc.haiphong.gov.vn"),
    "thanhtra": ("Thanh tra Sở", "Thanh tra Sở", UnitKind.DEPARTMENT_OFFICE, "sotttt",
                 ["Thanh tra Sở TTTT", "Thanh tra Sở Thông tin và Truyền thông"],
                 "stttt.haiphong.gov.vn"),
    "sogddt": ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", UnitKind.DEPARTMENT, None,
               ["Sở GD&ĐT", "Sở GDĐT", "Sở Giáo dục và Đào tạo Hải Phòng"], "haiphong.edu.vn"),
    "daipt": ("Đài Phát thanh và Truyền hình Hải Phòng", "Đài PT&TH", UnitKind.RADIO_TV, None,
              ["Đài PT&TH", "Đài PT&TH Hải Phòng", "Đài PTTH Hải Phòng",
               "Đài Phát thanh và Truyền hình thành phố Hải Phòng"], "thhp.vn"),
    "baohp": ("Báo Hải Phòng", "Báo HP", UnitKind.NEWSPAPER, None, ["Báo HP"],
              "baohaiphong.vn"),
    "baoan": ("Báo An ninh Hải Phòng", "Báo An ninh HP", UnitKind.NEWSPAPER, None,
              ["Báo ANHP", "Báo An ninh HP"], "anhp.vn"),
    "cong": ("Cổng Thông tin điện tử thành phố Hải Phòng", "Cổng TTĐT", UnitKind.E_PORTAL, None,
             ["Cổng TTĐT", "Cổng TTĐT thành phố", "Cổng Thông tin điện tử thành phố"],
             "haiphong.gov.vn"),
    "ttxvn": ("Cơ quan thường trú Thông tấn xã Việt Nam tại Hải Phòng", "TTXVN tại Hải Phòng",
              UnitKind.PRESS_AGENCY, None, ["TTXVN tại Hải Phòng"], "baotintuc.vn"),
    "nhandan": ("Cơ quan thường trú Báo Nhân Dân tại Hải Phòng", "Báo Nhân Dân tại Hải Phòng",
                UnitKind.PRESS_AGENCY, None, ["Báo Nhân Dân tại Hải Phòng"], "nhandan.vn"),
    "cuabien": ("Tạp chí Cửa Biển", "Tạp chí Cửa Biển", UnitKind.PRESS_AGENCY, None, [],
                "tapchicuabien.vn"),
}

GROUPS = {
    "offices": ("Phòng Văn hóa và Thông tin các quận, huyện",
                [UnitKind.DISTRICT_CULTURE_OFFICE]),
    "radios": ("Đài Truyền thanh các quận, huyện, xã, phường, thị trấn",
               [UnitKind.DISTRICT_RADIO, UnitKind.COMMUNE_RADIO]),
    # The e-portal is not a press agency under the Press Law; it is named in item 2 instead.
    "press": ("Các cơ quan báo chí trên địa bàn thành phố",
              [UnitKind.NEWSPAPER, UnitKind.RADIO_TV, UnitKind.PRESS_AGENCY]),
}

# username: (role, unit key, họ và tên đệm (last_name), tên (first_name), superuser)
ACCOUNTS = {
    "demo-admin": (Role.ADMINISTRATOR, "sotttt", "Phạm Quang", "Huy", True),
    "demo-sotttt": (Role.DEPARTMENT_STAFF, "sotttt", "Nguyễn Thị Thu", "Hà", False),
    "demo-baohp": (Role.UNIT_OFFICER, "baohp", "Trần Minh", "Đức", False),
    "demo-vhtt-lechan": (Role.UNIT_OFFICER, "lechan_office", "Vũ Thị", "Lan", False),
    "demo-thanhtra": (Role.INSPECTOR, "thanhtra", "Đỗ Văn", "Hùng", False),
}

# --- the plan: imported from the scan as OCR left it -------------------------------------------
SAMPLES = Path(__file__).resolve().parent / "documents" / "samples"
SAMPLE_FILE = SAMPLES / "130-KH-STTTT.ocr.txt"


# --- activities ---------------------------------------------------------------------------------
TITLES = {
    "article": [
        "Hải Phòng đẩy mạnh đổi mới căn bản, toàn diện giáo dục và đào tạo",
        "Triển khai Chương trình giáo dục phổ thông 2018: những chuyển biến tích cực ở {place}",
        "Luật Giáo dục 2019: những điểm mới cần biết",
        "Xây dựng xã hội học tập ở {place}",
        "Nâng cao chất lượng phổ cập giáo dục, xóa mù chữ tại {place}",
        "Phân luồng học sinh sau trung học cơ sở: hướng đi phù hợp",
        "Tăng cường xã hội hóa giáo dục, huy động nguồn lực cho nhà trường",
        "Gương sáng nhà giáo {place} tận tụy với học trò",
        "Đào tạo nguồn nhân lực chất lượng cao đáp ứng yêu cầu hội nhập quốc tế",
        "Giáo dục lý tưởng cách mạng, đạo đức, lối sống cho học sinh",
        "Đổi mới kiểm tra, đánh giá kết quả học tập của học sinh",
        "Ứng dụng công nghệ thông tin trong dạy và học tại {place}",
        "“Đầu tư cho giáo dục là đầu tư cho sự phát triển”",
        "Kỹ năng sống cho học sinh: trang bị từ mái trường",
        "Nâng cao chất lượng đội ngũ nhà giáo và cán bộ quản lý giáo dục",
        "Biểu dương điển hình đổi mới, sáng tạo trong giáo dục ở {place}",
        "Quyết định số 628/QĐ-TTg: đưa Kết luận số 51-KL/TW vào cuộc sống",
        "Bác bỏ thông tin sai sự thật về các khoản thu đầu năm học",
        "Thông tin chưa được kiểm chứng về sáp nhập trường học: cơ quan chức năng lên tiếng",
        "Ý thức công dân trong nhà trường: từ bài học đến hành động",
    ],
    "broadcast": [
        "Chuyên mục “Giáo dục và Đào tạo” số {n}: {topic}",
        "Phóng sự: {topic}",
        "Tọa đàm: {topic}",
        "Bản tin thời sự: {topic}",
        "Chương trình “Vì học sinh thân yêu” số {n}",
    ],
    "loudspeaker": [
        "Tin: {place} tổ chức Ngày hội khuyến học",
        "Bài tuyên truyền về Luật Giáo dục 2019",
        "Tuyên truyền xây dựng xã hội học tập ở {place}",
        "Tin về công tác phổ cập giáo dục, xóa mù chữ tại {place}",
        "Bài: Đổi mới căn bản, toàn diện giáo dục và đào tạo",
        "Tuyên truyền Chương trình giáo dục phổ thông 2018 tới phụ huynh học sinh",
        "Tin: Hội Khuyến học {place} trao học bổng cho học sinh nghèo vượt khó",
        "Tuyên truyền phân luồng học sinh sau trung học cơ sở",
    ],
    "social": [
        "Infographic: 5 điểm mới của Luật Giáo dục 2019",
        "Video: Chương trình giáo dục phổ thông 2018 có gì mới?",
        "Chia sẻ: {place} chung tay xây dựng xã hội học tập",
        "Hỏi - đáp về đổi mới căn bản, toàn diện giáo dục và đào tạo",
        "Cảnh giác với thông tin sai sự thật về giáo dục trên mạng xã hội",
        "Video: Gương sáng học sinh nghèo vượt khó ở {place}",
    ],
    "event": [
        "Hội nghị phổ biến Kế hoạch số 130/KH-STTTT",
        "Tập huấn kỹ năng tuyên truyền về đổi mới giáo dục cho cán bộ thông tin cơ sở",
        "Tọa đàm “Xây dựng xã hội học tập” tại {place}",
        "Hội nghị giao ban báo chí tháng {month}",
    ],
    "guidance": [
        "Văn bản hướng dẫn tuyên truyền thực hiện Quyết định số 628/QĐ-TTg",
        "Cung cấp thông tin định hướng tuyên truyền về đổi mới giáo dục cho các cơ quan báo chí",
        "Báo cáo tổng hợp tình hình thông tin trên báo chí, mạng xã hội tháng {month}",
    ],
    "inspection": [
        "Rà soát thông tin sai sự thật về giáo dục trên mạng xã hội",
        "Phối hợp xử lý tài khoản đăng tin sai sự thật về thu chi tại trường học",
    ],
}
TOPICS = [
    "Đổi mới căn bản, toàn diện giáo dục và đào tạo", "Chương trình giáo dục phổ thông 2018",
    "Xây dựng xã hội học tập", "Phân luồng học sinh sau trung học cơ sở",
    "Luật Giáo dục 2019 đi vào cuộc sống", "Xã hội hóa giáo dục", "Đào tạo nguồn nhân lực",
    "Nhà giáo tâm huyết", "Phổ cập giáo dục, xóa mù chữ",
]
# Airtime ranges (minutes) and reach ranges per channel.
AIRTIME = {Channel.TELEVISION: (3, 25), Channel.RADIO: (3, 15), Channel.LOUDSPEAKER: (10, 30)}
REACH = {
    Channel.PRESS: (800, 25000), Channel.E_PORTAL: (300, 8000), Channel.FACEBOOK: (1000, 30000),
    Channel.ZALO: (200, 5000), Channel.YOUTUBE: (300, 15000), Channel.EVENT: (30, 300),
    Channel.TELEVISION: (5000, 60000), Channel.RADIO: (1000, 20000),
}
# Activities per assignment, by kind of the lead unit (low, high).
VOLUME = {
    UnitKind.RADIO_TV: (24, 30), UnitKind.NEWSPAPER: (14, 26), UnitKind.E_PORTAL: (12, 16),
    UnitKind.DEPARTMENT: (5, 8), UnitKind.DEPARTMENT_OFFICE: (3, 12),
    UnitKind.PRESS_AGENCY: (3, 6), UnitKind.DISTRICT_CULTURE_OFFICE: (4, 9),
    UnitKind.DISTRICT_RADIO: (3, 6), UnitKind.COMMUNE_RADIO: (0, 3),
}
# ... except where the item itself says how much there is to report.
ITEM_VOLUME = {"5": (2, 5), "6.1": (3, 5), "6.2": (8, 12), "6.3": (2, 4)}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def stable_key(assignment):
    """An order of assignments that does not depend on primary keys (which differ between
    databases), so the same seed gives the same activities everywhere."""
    unit = assignment.lead_unit
    parent = unit.parent
    return (assignment.item.order, unit.kind, parent.code if parent else "",
            parent.name if parent else "", unit.code, unit.name)


def start_of_campaign(today: dt.date) -> dt.date:
    """About six weeks ago, and no later than the first day of the previous month, so that the
    monthly reporting of regular tasks already has one full period behind it."""
    previous_start, _end = deadline.previous_period(ReportingPeriod.MONTH, today)
    return min(today - dt.timedelta(weeks=6), previous_start)


def _unit(parent, kind, name, short, aliases, *, code="", valid_from=None, valid_to=None):
    unit = Unit.objects.create(parent=parent, kind=kind, name=name, short_name=short, code=code,
                               valid_from=valid_from, valid_to=valid_to)
    for alias in dict.fromkeys(aliases):
        if fold(alias) != unit.name_key:
            UnitAlias.objects.create(unit=unit, name=alias)
    return unit


def _set_validity(unit, valid_from, valid_to):
    """Give ``unit`` and its stations (the units below it that are not communes) these dates."""
    for each in [unit, *unit.children.exclude(kind=UnitKind.COMMUNE)]:
        each.valid_from, each.valid_to = valid_from, valid_to
        each.save(update_fields=["valid_from", "valid_to"])


class _Builder:
    def __init__(self, today, seed, progress):
        self.today = today
        self.rng = random.Random(seed)
        self.progress = progress or (lambda message: None)
        self.units: dict[str, Unit] = {}
        self.domains: dict[int, str] = {}
        self.users: dict[str, object] = {}

    # --- units ----------------------------------------------------------------------------------
    def build_units(self):
        self.progress("units")
        result = adminunits.load(
            adminunits.LEGACY, province=PROVINCE, valid_from=None,
            valid_to=adminunits.LEGACY_END, with_stations=True, rename=NAMES_IN_2020,
            province_valid_from=None, province_valid_to=None,
        )
        city = result.provinces[0]
        self.units["city"] = city
        self.map_of_2020(city)
        # The communes of 1 July 2025, directly under the city (Hải Phòng continues).
        adminunits.load(adminunits.CURRENT, province=PROVINCE, with_stations=True,
                        province_valid_from=None, province_valid_to=None)
        for key, (name, short, kind, parent, aliases, domain) in CITY_UNITS.items():
            unit = Unit.objects.create(name=name, short_name=short, kind=kind,
                                       parent=self.units[parent] if parent else city)
            for alias in aliases:
                if fold(alias) != unit.name_key:
                    UnitAlias.objects.create(unit=unit, name=alias)
            self.units[key] = unit
            self.domains[unit.pk] = domain
        districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT, parent=city))
        communes = Unit.objects.filter(kind=UnitKind.COMMUNE, parent=city)
        for unit in Unit.objects.filter(pk__in=communes.values("pk")) | Unit.objects.filter(
                parent__in=communes):
            self.domains[unit.pk] = "haiphong.gov.vn"
        for district in districts:
            host = slug(district.short_name).replace("-", "")
            for unit in Unit.objects.filter(path__startswith=district.path):
                self.domains[unit.pk] = f"{host}.haiphong.gov.vn"
        self.units["lechan_office"] = Unit.objects.get(
            kind=UnitKind.DISTRICT_CULTURE_OFFICE, parent__parent=city,
            parent__code="305",
        )
        self.groups = {
            key: UnitGroup.objects.create(name=name, kinds=list(kinds), within=city)
            for key, (name, kinds) in GROUPS.items()
        }
        return result

    def map_of_2020(self, city):
        """Turn the package's map of 1 January 2025 into the map of 2020 with validity dates
        (see :data:`COMMUNES_2020`)."""
        for code, names_2020 in COMMUNES_2020.items():
            district = Unit.objects.get(parent=city, kind=UnitKind.DISTRICT, code=code)
            listed = {unit.name: unit for unit in
                      Unit.objects.filter(parent=district, kind=UnitKind.COMMUNE)}
            successor = None
            if code in NAMES_IN_2020:
                # The district itself changed: "Huyện Thủy Nguyên" until 2024, then the city
                # "Thành phố Thủy Nguyên" with the package's wards.
                _set_validity(district, district.valid_from, END_OF_2024)
                name = next(a.name for a in adminunits.read_structure(
                    adminunits.LEGACY, PROVINCE)[0].children.values() if a.code == code)
                successor = self._area(city, UnitKind.DISTRICT, name, code=code,
                                       valid_from=START_OF_2025)
            for name, unit in listed.items():
                if successor is not None or name not in names_2020:
                    _set_validity(unit, START_OF_2025, adminunits.LEGACY_END)
                    if successor is not None:
                        unit.parent = successor
                        unit.save()
            for name in names_2020:
                if name not in listed:
                    self._area(district, UnitKind.COMMUNE, name, valid_to=END_OF_2024)

    def _area(self, parent, kind, name, *, code="", valid_from=None,
              valid_to=adminunits.LEGACY_END):
        """A district or commune with its culture office and radio station (named as
        :mod:`loa.org.adminunits` names them)."""
        short = adminunits.split_type(name)[1]
        area = _unit(parent, kind, name, short, adminunits.area_aliases(name), code=code,
                     valid_from=valid_from, valid_to=valid_to)
        if kind == UnitKind.DISTRICT:
            office, office_short, aliases = adminunits.culture_office_names(name)
            _unit(area, UnitKind.DISTRICT_CULTURE_OFFICE, office, office_short, aliases,
                  valid_from=valid_from, valid_to=valid_to)
        radio, radio_short, aliases = adminunits.radio_names(name)
        if Unit.objects.filter(name=radio).exists():  # "Xã Hòa Bình" in two districts
            radio_short = f"{radio_short} ({parent.short_name or parent.name})"
        _unit(area, UnitKind.DISTRICT_RADIO if kind == UnitKind.DISTRICT
              else UnitKind.COMMUNE_RADIO, radio, radio_short, aliases,
              valid_from=valid_from, valid_to=valid_to)
        return area

    # --- accounts -------------------------------------------------------------------------------
    def build_accounts(self):
        self.progress("accounts")
        User = get_user_model()
        for username, (role, unit_key, last_name, first_name, superuser) in ACCOUNTS.items():
            user = User(username=username, first_name=first_name, last_name=last_name,
                        email=f"{username}@example.invalid", is_staff=superuser,
                        is_superuser=superuser)
            user.set_password(PASSWORD)
            user.save()
            Membership.objects.create(user=user, unit=self.units[unit_key], role=role)
            self.users[username] = user

    # --- plan -----------------------------------------------------------------------------------
    def build_plan(self):
        """Import the sample plan as a person would: read the OCR'd scan (repaired by the text
        engine), parse it, match its units, create the plan; then give the assignments the
        schedule of a campaign in progress (the document sets no deadlines)."""
        self.progress("plan")
        self.starts_on = start_of_campaign(self.today)
        try:
            plan, _proposal = importer.import_file(SAMPLE_FILE, status=PlanStatus.ACTIVE,
                                                   starts_on=self.starts_on, all_units_known=True)
        except importer.PlanImportError as error:
            raise DemoError("the sample plan cannot be imported: "
                            + "; ".join(error.messages)) from None
        self.plan = plan
        self.themes = list(plan.themes.all())
        self.items = {item.number: item for item in plan.items.all()}
        self.build_assignments()

    def _schedule(self, number, *, due_in_days=None, supporting=(), channels=None):
        assignments = list(Assignment.objects.filter(item=self.items[number])
                           .select_related("lead_unit__parent", "item"))
        for assignment in assignments:
            if due_in_days is not None:
                assignment.is_regular, assignment.reporting_period = False, ""
                assignment.due_date = self.today + dt.timedelta(days=due_in_days)
            if channels and not assignment.channels:
                assignment.channels = list(channels)
            assignment.save()
            if supporting:
                assignment.supporting_units.set([self.units[k] for k in supporting])
        return sorted(assignments, key=stable_key)

    def build_assignments(self):
        u = self.units
        self.progress("assignments")
        C = Channel
        self._schedule("1", supporting=["sotttt"], channels=[C.E_PORTAL, C.EVENT])
        self._schedule("2")
        # Culture offices: a deadline three weeks ahead; a few have already finished.
        offices = self._schedule("3", due_in_days=21)
        early = [a for a in offices if a.lead_unit_id != u["lechan_office"].pk]
        for assignment in self.rng.sample(early, 3):
            self._complete(assignment, self.today - dt.timedelta(days=self.rng.randint(1, 6)))
        self._schedule("4")
        # Press agencies: a deadline two weeks ago; finished on time, late, or not at all.
        for index, assignment in enumerate(self._schedule("5", due_in_days=-14)):
            due = assignment.due_date
            if index % 3 == 0:
                self._complete(assignment, due - dt.timedelta(days=2))
            elif index % 3 == 1:
                self._complete(assignment, due + dt.timedelta(days=4))
        (guidance,) = self._schedule("6.1", due_in_days=-20, channels=[C.E_PORTAL, C.EVENT])
        self._complete(guidance, guidance.due_date - dt.timedelta(days=1))
        self._schedule("6.2", channels=[C.E_PORTAL, C.FACEBOOK])
        self._schedule("6.3", due_in_days=30, supporting=["ttbcxb", "tttt"],
                       channels=[C.E_PORTAL, C.FACEBOOK])
        for assignment in Assignment.objects.filter(plan=self.plan, channels=[]):
            assignment.channels = _DEFAULT_CHANNELS
            assignment.save(update_fields=["channels"])

    def _complete(self, assignment, day):
        when = dt.datetime.combine(day, dt.time(16, 30))
        assignment.completed_at = timezone.make_aware(when)
        assignment.completion_note = (
            "Đã hoàn thành các nội dung được giao; báo cáo kết quả gửi Sở Thông tin và Truyền "
            "thông (qua Phòng Thông tin, Báo chí và Xuất bản)."
        )
        assignment.save(update_fields=["completed_at", "completion_note"])

    # --- activities -----------------------------------------------------------------------------
    def build_activities(self):
        self.progress("activities")
        rng = self.rng
        officers = {self.units["baohp"].pk: self.users["demo-baohp"],
                    self.units["lechan_office"].pk: self.users["demo-vhtt-lechan"]}
        previous = deadline.previous_period(ReportingPeriod.MONTH, self.today)
        current_start = previous[1] + dt.timedelta(days=1)
        serial = 100000
        count = 0
        seen, batches = set(), {}
        assignments = sorted(Assignment.objects.filter(plan=self.plan)
                             .select_related("lead_unit__parent", "item"), key=stable_key)
        for assignment in assignments:
            unit = assignment.lead_unit
            low, high = VOLUME.get(unit.kind, (2, 5))
            low, high = ITEM_VOLUME.get(assignment.item.number, (low, high))
            n = rng.randint(low, high)
            last = self.today
            if assignment.completed_at:
                last = min(last, timezone.localdate(assignment.completed_at))
            span = max((last - self.starts_on).days, 0)
            days = sorted(self.starts_on + dt.timedelta(days=rng.randint(0, span))
                          for _ in range(n))
            if assignment.is_regular:
                # Most units reported last month; about one in six did not (overdue).
                reporter = unit.pk not in {self.units["cong"].pk} and rng.random() > 0.17
                if unit.pk in officers:
                    reporter = True
                in_previous = [d for d in days if previous[0] <= d <= previous[1]]
                if reporter and not in_previous:
                    days.append(previous[0] + dt.timedelta(days=rng.randint(0, 27)))
                if not reporter:  # nothing last month: drop or postpone what fell in it
                    days = [d if not previous[0] <= d <= previous[1] else
                            current_start + dt.timedelta(days=rng.randint(
                                0, (self.today - current_start).days))
                            for d in days if rng.random() < 0.5 or not previous[0] <= d]
            recorder = officers.get(unit.pk, activities.SYSTEM)
            for day in sorted(days):
                serial += rng.randint(3, 400)
                source = rng.choices(
                    [ActivitySource.FORM, ActivitySource.SPREADSHEET, ActivitySource.API],
                    weights=[80, 15, 5])[0]
                activity = activities.build(recorder, assignment, source=source,
                                            **self._activity(assignment, unit, day, serial))
                key = activities.duplicate_key(activity)
                if key not in seen:  # two random titles alike on the same day: keep one
                    seen.add(key)
                    batches.setdefault(recorder, []).append(activity)
        for recorder, batch in batches.items():
            count += len(activities.record_many(recorder, batch))
        return count

    def _place(self, unit):
        if unit.kind == UnitKind.COMMUNE_RADIO or unit.kind in (UnitKind.DISTRICT_RADIO,
                                                                 UnitKind.DISTRICT_CULTURE_OFFICE):
            return adminunits.in_sentence(unit.parent.name)
        return "Hải Phòng"

    def _activity(self, assignment, unit, day, serial) -> dict:
        """The fields of one sample activity."""
        rng = self.rng
        channel = Channel(rng.choice(assignment.channels))
        place = self._place(unit)
        values = {"place": place, "n": rng.randint(12, 48), "topic": rng.choice(TOPICS),
                  "month": day.month}
        number = assignment.item.number
        if number == "6.1":
            kind = "guidance" if channel == Channel.E_PORTAL else "event"
        elif number == "6.3":
            kind = "inspection"
        elif channel in (Channel.TELEVISION, Channel.RADIO) and unit.kind == UnitKind.RADIO_TV:
            kind = "broadcast"
        elif channel in (Channel.RADIO, Channel.LOUDSPEAKER):
            kind = "loudspeaker"
        elif channel in (Channel.FACEBOOK, Channel.ZALO, Channel.YOUTUBE):
            kind = "social"
        elif channel == Channel.EVENT:
            kind = "event"
        else:
            kind = "article"
        title = rng.choice(TITLES[kind]).format(**values)
        title = title[0].upper() + title[1:]
        domain = self.domains.get(unit.pk, "haiphong.gov.vn")
        url = ""
        if channel in (Channel.PRESS, Channel.E_PORTAL):
            url = f"https://{domain}/{slug(title)}-{serial}.html"
        elif channel == Channel.FACEBOOK:
            page = domain.split(".")[0]
            url = f"https://www.facebook.com/{page}/posts/{10**15 + serial * 7919}"
        elif channel == Channel.ZALO:
            url = f"https://zalo.me/{4 * 10**17 + serial * 104729}"
        elif channel == Channel.YOUTUBE:
            alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            url = "https://www.youtube.com/watch?v=" + "".join(rng.choice(alphabet)
                                                               for _ in range(11))
        elif channel in (Channel.TELEVISION, Channel.RADIO) and unit.kind == UnitKind.RADIO_TV:
            url = f"https://{domain}/video/{slug(title)}-{serial}.html"
        airtime = None
        if channel in AIRTIME:
            low, high = AIRTIME[channel]
            airtime = Decimal(rng.randint(low * 2, high * 2)) / 2
        reach = None
        if channel in REACH and unit.kind != UnitKind.COMMUNE_RADIO and rng.random() < 0.8:
            low, high = REACH[channel]
            reach = rng.randint(low, high)
        note = ""
        if channel == Channel.LOUDSPEAKER:
            note = f"Phát {rng.randint(2, 3)} lần/ngày trên hệ thống loa truyền thanh cơ sở."
        theme = rng.choices(self.themes + [None], weights=[45, 45, 10])[0]
        return {"channel": channel, "title": title[:500], "published_on": day, "url": url,
                "airtime_minutes": airtime, "reach": reach, "theme": theme, "note": note}


def load_demo(today: dt.date | None = None, seed: int = 2020, progress=None) -> dict:
    """Build the demo world in the current database. Returns counts for printing.

    ``today`` (default: the local date) anchors the campaign's dates; ``seed`` makes the sample
    activities reproducible. ``progress(stage)`` is called as each stage begins.
    """
    today = today or timezone.localdate()
    if Plan.objects.filter(code=PLAN_CODE).exists() or UnitGroup.objects.filter(
            name__in=[name for name, _kinds in GROUPS.values()]).exists():
        raise DemoError("the demo is already loaded in this database")
    builder = _Builder(today, seed, progress)
    with transaction.atomic():
        builder.build_units()
        builder.build_accounts()
        builder.build_plan()
        activities = builder.build_activities()
        plan = builder.plan
        assignments = list(Assignment.objects.filter(plan=plan).with_period_activity(today)
                           .select_related("plan"))
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
        states = Counter(a.status(now) for a in assignments)
        city = builder.units["city"]
        # The map the plan was given to (the demo also holds the maps of 2025).
        subtree = Unit.objects.filter(path__startswith=city.path).valid_on(plan.issued_on)
        kinds = Counter(subtree.values_list("kind", flat=True))
    return {
        "plan": plan,
        "units": sum(kinds.values()),
        "districts": kinds[UnitKind.DISTRICT],
        "communes": kinds[UnitKind.COMMUNE],
        "stations": kinds[UnitKind.DISTRICT_RADIO] + kinds[UnitKind.COMMUNE_RADIO],
        "groups": len(builder.groups),
        "items": plan.items.count(),
        "assignments": len(assignments),
        "activities": activities,
        "accounts": list(ACCOUNTS),
        "account_units": {name: builder.units[key].name
                          for name, (_role, key, *_rest) in ACCOUNTS.items()},
        "states": states,
    }
