"""Matching the unit names a plan writes to the unit tree, and creating the plan from a parsed
document (loa.org.matching, loa.plans.importer), on the demo's Hải Phòng units."""

import datetime as dt

import pytest

from loa.documents import ParsedDocument
from loa.org.matching import UnitMatcher
from loa.org.models import Unit, UnitGroup, UnitKind
from loa.plans.importer import PlanImportError, create_plan, default_choices, propose
from loa.plans.models import Assignment, Channel, Plan, PlanItem, PlanReference, PlanStatus
from loa.vocab import channels as channel_vocab


def best(matcher, written):
    result = matcher.match(written)
    return result.status, result.best


UNIT_NAMES = [
    ("Sở Giáo dục và Đào tạo", "sogddt"),
    ("Đài Phát thanh và Truyền hình thành phố Hải Phòng", "daipt"),
    ("Báo Hải Phòng", "baohp"),
    ("Báo An ninh Hải Phòng", "baoan"),
    ("Cổng Thông tin điện tử thành phố", "cong"),
    ("Phòng Thông tin, Báo chí và Xuất bản", "ttbcxb"),
    ("Trung tâm Thông tin và Truyền thông", "tttt"),
    ("Thanh tra Sở", "thanhtra"),
    ("Sở GD&ĐT", "sogddt"),  # an alias
    ("SO GIAO DUC VA DAO TAO", "sogddt"),  # capitals, no diacritics
    ("Sé Gido duc va DPao tao", "sogddt"),  # OCR damage left by repair
    ("Bao An ninh Hai Phong", "baoan"),
]
# (The unit tree costs seconds to build: one test walks all the cases.)


def test_unit_names_as_written_find_their_unit(haiphong):
    matcher = UnitMatcher()
    for written, key in UNIT_NAMES:
        status, found = best(matcher, written)
        assert status == "matched", (written, status)
        assert (found.kind, found.id) == ("unit", haiphong.units[key].pk), (written, found)
    for written in ["Sở Tài nguyên và Môi trường", "Hội Nông dân thành phố", ""]:
        result = matcher.match(written)
        assert result.status == "unmatched" and result.best is None, written


COLLECTIVES = [
    ("Phòng Văn hóa và Thông tin các quận, huyện", "offices", 15),
    ("Đài Truyền thanh các quận, huyện, xã, phường, thị trấn", "radios", None),
    ("Các cơ quan báo chí trên địa bàn thành phố Hải Phòng", "press", None),
]


# The plan's day: the demo holds Hải Phòng's maps of 2020 and of 2025, each unit with its dates.
PLAN_DAY = dt.date(2020, 9, 8)


def test_collectives_find_their_group(haiphong):
    matcher = UnitMatcher(day=PLAN_DAY)
    for written, group, members in COLLECTIVES:
        status, found = best(matcher, written)
        assert status == "matched", written
        assert (found.kind, found.id) == ("group", haiphong.groups[group].pk), written
        expected = set(haiphong.groups[group].members(PLAN_DAY).values_list("pk", flat=True))
        assert set(found.unit_ids) == expected and expected
        if members:
            assert len(found.unit_ids) == members


def test_without_a_group_a_collective_names_the_units_it_starts_with(haiphong):
    UnitGroup.objects.all().delete()
    matcher = UnitMatcher(day=PLAN_DAY)
    status, found = best(matcher, "Phòng Văn hóa và Thông tin các quận, huyện")
    assert status == "matched" and found.kind == "units"
    offices = set(Unit.objects.filter(kind=UnitKind.DISTRICT_CULTURE_OFFICE)
                  .valid_on(PLAN_DAY).values_list("pk", flat=True))
    assert set(found.unit_ids) == offices and len(offices) == 15
    status, found = best(matcher, "Đài Truyền thanh các quận, huyện, xã, phường, thị trấn")
    stations = set(Unit.objects.filter(kind__in=[UnitKind.DISTRICT_RADIO, UnitKind.COMMUNE_RADIO])
                   .valid_on(PLAN_DAY).values_list("pk", flat=True))
    assert status == "matched" and set(found.unit_ids) == stations


def test_two_close_candidates_are_ambiguous_not_guessed(haiphong):
    Unit.objects.create(name="Báo Hải Phòng Cuối tuần", kind=UnitKind.NEWSPAPER)
    Unit.objects.create(name="Báo Hải Phòng Cuối tháng", kind=UnitKind.NEWSPAPER)
    result = UnitMatcher().match("Báo Hải Phòng Cuối tuấn")  # one letter wrong: close to both
    assert result.status in {"matched", "ambiguous"}
    names = [c.name for c in result.candidates[:2]]
    assert "Báo Hải Phòng Cuối tuần" in names


def channels_for(unit, mentions):
    return channel_vocab.channels_for_kind(unit.kind, mentions)


def test_channels_follow_the_task_text_and_the_unit_kind(haiphong):
    u = haiphong.units
    station = Unit.objects.filter(kind=UnitKind.COMMUNE_RADIO).first()
    assert channels_for(u["daipt"], ["broadcast"]) == [Channel.TELEVISION, Channel.RADIO]
    # a commune station's loudspeakers come first: they are what its record form proposes
    assert channels_for(station, ["broadcast"]) == [Channel.LOUDSPEAKER, Channel.RADIO]
    # an item that asks the radio-TV station and a newspaper for airtime and news items: the
    # newspaper takes the press from it, not radio
    assert channels_for(u["baohp"], ["broadcast", "news"]) == [Channel.PRESS]
    assert channels_for(u["daipt"], ["broadcast", "news"]) == [Channel.TELEVISION, Channel.RADIO]
    # an office with no channel of its own: "phát sóng" means radio, social networks Facebook
    assert channels_for(u["sogddt"], ["broadcast", "social"]) == [Channel.RADIO, Channel.FACEBOOK]
    assert channels_for(u["baohp"], ["facebook", "zalo"]) == [Channel.FACEBOOK, Channel.ZALO]
    assert channels_for(u["baohp"], []) == [Channel.PRESS]  # a newspaper publishes in the press
    assert channels_for(u["cong"], ["news"]) == [Channel.E_PORTAL]
    assert channels_for(u["cong"], ["press"]) == [Channel.E_PORTAL]  # as older imports wrote it
    assert channels_for(u["cong"], ["tiktok"]) == [Channel.TIKTOK]
    assert channels_for(u["sogddt"], []) == []


def parsed_plan(**extra):
    """A parsed document as loa.documents.parse_document gives it, written as the JSON an
    import keeps (the keys the importer reads) and read back as the parser's dataclasses."""
    return ParsedDocument.from_json({
        "code": "45/KH-STTTT", "number": "45", "symbol": "KH-STTTT", "doc_type": "KH",
        "issuer": "Sở Thông tin và Truyền thông", "place": "Hải Phòng", "date": "2021-03-02",
        "summary": "Tuyên truyền kỷ niệm 91 năm Ngày thành lập Đảng",
        "references": [
            {"code": "12-KH/TU", "type": "Kế hoạch", "date": "2021-01-15",
             "issuer": "Thành ủy Hải Phòng", "legal_basis": True},
            {"code": "", "type": "Luật"},
        ],
        "sections": [
            {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "text": "", "children": [
                {"number": "1", "title": "Mục đích", "text": "- Tuyên truyền sâu rộng.",
                 "children": []},
                {"number": "2", "title": "Yêu cầu", "text": "- Thiết thực, hiệu quả.",
                 "children": []}]},
            {"number": "II", "title": "NỘI DUNG TUYÊN TRUYỀN", "text": "", "children": [
                {"number": "1", "title": "Lịch sử vẻ vang của Đảng", "text": "", "children": []}]},
            {"number": "III", "title": "TỔ CHỨC THỰC HIỆN", "text": "", "children": []},
        ],
        "assignments": [
            {"item": "1", "title": "Báo Hải Phòng, Báo An ninh Hải Phòng",
             "units": ["Báo Hải Phòng", "Báo An ninh Hải Phòng"],
             "tasks": ["Mở chuyên mục", "Phản bác thông tin sai sự thật"],
             "channels": ["press", "facebook"], "refutation": True},
            {"item": "2.1", "title": "Phòng Văn hóa và Thông tin các quận, huyện",
             "units": ["Phòng Văn hóa và Thông tin các quận, huyện"],
             "tasks": ["Treo băng rôn"], "channels": ["grassroots"], "refutation": False},
            {"item": "2.2", "title": "Sở Tài nguyên và Môi trường",
             "units": ["Sở Tài nguyên và Môi trường"], "tasks": ["Phối hợp"], "channels": [],
             "partners": ["Sở Thông tin và Truyền thông", "các cơ quan liên quan"],
             "deadline": "2021-04-30"},
        ],
        "reporting": {"text": "báo cáo kết quả về Sở trước ngày 15/3/2021"},
        "signer": {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Lê Văn Kiên"},
        "text": "…", "warnings": [], **extra,
    })


def test_propose_flags_what_it_could_not_match(haiphong):
    proposal = propose(parsed_plan())
    assert proposal["unmatched"] == 1
    first, offices, unknown = proposal["assignments"]
    assert [m["status"] for m in first["matches"]] == ["matched", "matched"]
    assert offices["matches"][0]["best"]["kind"] == "group"
    assert unknown["matches"][0]["status"] == "unmatched"
    assert proposal["issuer"]["best"]["id"] == haiphong.units["sotttt"].pk
    choices = default_choices(proposal)
    assert choices[0]["units"] == [haiphong.units["baohp"].pk, haiphong.units["baoan"].pk]
    assert choices[1]["groups"] == [haiphong.groups["offices"].pk]
    assert choices[2] == {"item": "2.2", "units": [], "groups": [],
                          "supporting": [haiphong.units["sotttt"].pk]}


def test_create_plan_builds_items_assignments_and_references(haiphong):
    parsed = parsed_plan()
    proposal = propose(parsed)
    choices = default_choices(proposal)
    choices[2]["units"] = [haiphong.units["sogddt"].pk]  # the reviewer's choice
    plan = create_plan(parsed, choices, status=PlanStatus.ACTIVE, proposal=proposal)
    assert plan.status == PlanStatus.ACTIVE and plan.issuer == haiphong.units["sotttt"]
    assert plan.issued_on == dt.date(2021, 3, 2) and plan.signer_name == "Lê Văn Kiên"
    assert plan.reporting.startswith("báo cáo kết quả")
    assert "Tuyên truyền sâu rộng" in plan.purposes and "Thiết thực" in plan.requirements
    assert list(plan.themes.values_list("title", flat=True)) == ["Lịch sử vẻ vang của Đảng"]
    assert list(PlanReference.objects.filter(plan=plan).values_list("code", flat=True)) == \
        ["12-KH/TU"]
    numbers = list(PlanItem.objects.filter(plan=plan).values_list("number", "parent__number"))
    assert numbers == [("1", None), ("2", None), ("2.1", "2"), ("2.2", "2")]
    by_item = {}
    for a in Assignment.objects.filter(plan=plan).select_related("item", "lead_unit"):
        by_item.setdefault(a.item.number, []).append(a)
    assert {a.lead_unit.name for a in by_item["1"]} == {"Báo Hải Phòng", "Báo An ninh Hải Phòng"}
    assert all(a.refutation and a.channels == [Channel.PRESS, Channel.FACEBOOK]
               for a in by_item["1"])
    assert by_item["1"][0].task == "Mở chuyên mục\nPhản bác thông tin sai sự thật"
    assert len(by_item["2.1"]) == 15 and all(a.group == haiphong.groups["offices"]
                                             for a in by_item["2.1"])
    assert all(a.channels == [Channel.LOUDSPEAKER] for a in by_item["2.1"])
    (education,) = by_item["2.2"]
    assert education.lead_unit == haiphong.units["sogddt"]
    assert list(education.supporting_units.all()) == [haiphong.units["sotttt"]]
    assert education.due_date == dt.date(2021, 4, 30) and not education.is_regular
    assert all(a.is_regular and a.reporting_period == "month" for a in by_item["1"])


def test_nothing_is_created_when_a_choice_is_wrong(haiphong):
    parsed = parsed_plan()
    choices = default_choices(propose(parsed))
    choices[2]["units"] = [10**8]  # a unit that does not exist
    with pytest.raises(PlanImportError):
        create_plan(parsed, choices)
    assert not Plan.objects.filter(code="45/KH-STTTT").exists()
    assert not PlanItem.objects.exists() and not Assignment.objects.exists()


def test_refused_documents_create_nothing(haiphong):
    """No number and symbol, no summary, or the same plan a second time."""
    for change in [{"code": ""}, {"summary": ""}]:
        with pytest.raises(PlanImportError):
            create_plan(parsed_plan(**change))
    assert not Plan.objects.exists()
    create_plan(parsed_plan())
    with pytest.raises(PlanImportError):
        create_plan(parsed_plan())
    assert Plan.objects.filter(code="45/KH-STTTT").count() == 1


def test_the_implementation_period_is_read_never_invented():
    from loa.plans.importer import implementation_period, parse_day

    assert implementation_period("IV. THỜI GIAN THỰC HIỆN\nTừ ngày 01/10/2020 đến ngày "
                                 "31/12/2020.") == (dt.date(2020, 10, 1), dt.date(2020, 12, 31))
    assert implementation_period("Thời gian thực hiện: từ ngày 15 tháng 3 năm 2021") == \
        (dt.date(2021, 3, 15), None)
    # a date far from the words, or no such words: nothing
    assert implementation_period("Thời gian thực hiện: thường xuyên, liên tục trong năm; "
                                 "báo cáo trước ngày 15/12/2020 " + "x" * 40) == (None, None)
    assert implementation_period("Hải Phòng, ngày 08 tháng 9 năm 2020") == (None, None)
    assert parse_day("08/09/2020") == parse_day("2020-09-08") == dt.date(2020, 9, 8)
    for bad in ["31/02/2021", "2020-13-01", "8 tháng 9", ""]:
        with pytest.raises(ValueError):
            parse_day(bad)
