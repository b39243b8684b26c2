"""Pure pieces of answering, as tables: question analysis, follow-up rewriting, claims."""

import pytest

from assistant.answer.followup import rewrite
from assistant.answer.question import analyse, place_names_in
from assistant.model import Citation
from assistant.text.normalize import proper_names
from assistant.verify.answers import unsupported_claims
from assistant.verify.claims import claims

ABBREVIATIONS = {"TP": "thành phố", "ĐBP": "Điện Biên Phủ", "UBND": "Ủy ban nhân dân"}


@pytest.mark.parametrize(
    "question, kinds",
    [
        ("Tỷ lệ đô thị hóa đạt bao nhiêu?", {"numeric"}),
        ("ty le do thi hoa nam 2025 la bao nhieu", {"numeric"}),
        ("Các huyện ủy ban hành chương trình khi nào?", {"deadline"}),
        ("Ai chủ trì tuyên truyền?", {"responsibility"}),
        ("Ai ký Kế hoạch này?", {"signer", "responsibility"}),
        ("Những đô thị mới nào đến năm 2045?", {"list"}),
        ("Cơ quan quản lý cơ sở dữ liệu đặt ở thành phố nào?", {"place"}),
        ("Những nơi nào được tính tới để hình thành đô thị mới?", {"where"}),
        ("tt doi moi sang tao dat o dia chi nao", {"address"}),  # an address: a name, except in a law
        ("Quỹ đặt trụ sở ở đâu?", {"address"}),
        # the province whose document it is: the header's issuer
        ("Tỉnh nào có chỉ thị về bảo vệ rừng?", {"place", "issuer"}),
        ("Tỉnh nào ban hành kế hoạch phát triển hạ tầng 5G?", {"issuer"}),
        # whom the document itself is sent to
        ("Chỉ thị này được gửi tới những đơn vị nào?", {"recipients"}),
        ("Nơi nhận của văn bản gồm những ai?", {"recipients"}),
        ("Which bodies is the directive sent to?", {"recipients"}),
    ],
)
def test_question_kind(question, kinds):
    assert kinds <= analyse(question).kinds


@pytest.mark.parametrize(
    "question, absent",
    [
        ("hiện chưa có thông tin cán bộ nào tiếp nhận", "who"),  # an official, not "Bộ nào?"
        ("Ai làm về trường hợp này chỉ giúp em với ạ: hồ sơ cần mẫu nào?", "who"),  # the forum's frame
        ("Tỉnh nào có tỷ lệ đô thị hóa cao nhất?", "issuer"),  # a figure, not a document
        ("Kế hoạch đặt đô thị mới ở đâu?", "place"),  # "ở đâu" may be answered by a description
        ("Nộp hồ sơ ở địa chỉ nào?", "place"),  # an address, not a province
        ("Báo cáo kết quả được gửi tới những cơ quan nào?", "recipients"),  # a report a task sends
        ("Theo kế hoạch, báo cáo được gửi tới những cơ quan nào?", "recipients"),
        ("Cho em hỏi nơi nhận hồ sơ đăng ký ở đâu?", "recipients"),  # where applications are received
    ],
)
def test_phrases_that_only_look_like_a_kind(question, absent):
    assert absent not in analyse(question).kinds


@pytest.mark.parametrize(
    "question, measured",
    [
        ("Tỷ lệ hộ nghèo ở đô thị phấn đấu giảm còn bao nhiêu?", ("ho_ngheo", "ngheo_o")),
        ("ty le do thi hoa nam 2025 la bao nhieu", ("do_thi", "thi_hoa")),  # "do" is no stop word here
        ("tỷ lệ che phủ rừng bao nhiêu", ("che_phu", "phu_rung")),
        ("tỷ lệ che phủ bao nhiêu", ("che_phu",)),  # what is measured ends at the question word
        ("Bản vẽ làm ở tỷ lệ bao nhiêu?", ()),  # names nothing: any passage's subject will do
        ("Tỷ lệ năm 2025 là bao nhiêu?", ()),  # a time, not a subject
        ("Đô thị hóa đạt bao nhiêu?", ()),  # no rate word
    ],
)
def test_what_a_rate_measures(question, measured):
    from assistant.answer.evidence import _measured_pairs

    assert _measured_pairs(analyse(question).text) == measured


@pytest.mark.parametrize(
    "question, unit, share",
    [
        ("Dân số tỉnh năm 2025 là bao nhiêu người?", ("nguoi",), False),
        ("Tổng vốn đầu tư là bao nhiêu tỷ đồng?", ("ti dong", "dong"), False),
        ("Cáp quang phủ bao nhiêu hộ gia đình?", ("ho",), True),
        ("Tỷ lệ đô thị hóa đạt bao nhiêu?", (), True),
        # a sum of money wherever "bao nhiêu" stands
        ("Mức phạt tiền đối với hành vi lấn chiếm đất là bao nhiêu?", ("dong",), True),
        ("Lệ phí đăng ký doanh nghiệp là bao nhiêu?", ("dong",), True),
        ("Kế hoạch ưu tiên phát triển bao nhiêu đô thị?", (), True),  # "ưu tiên phát" is no "tiền phạt"
    ],
)
def test_unit_a_figure_must_carry(question, unit, share):
    info = analyse(question)
    assert info.required_unit == unit and info.share_allowed is share


def test_names_years_roles_and_abbreviations():
    info = analyse("TP ĐBP và Tuần Giáo năm 2030: Chủ tịch UBND tỉnh giao gì?", ABBREVIATIONS)
    assert info.years == {"2030"}
    assert "Điện Biên Phủ" in info.names and "Tuần Giáo" in info.names
    assert info.roles == ("chu tich",)
    assert "thanh_pho" in info.tokens and "tp" not in info.tokens


@pytest.mark.parametrize(
    "question, english",
    [("Who leads the propaganda work for the plan?", True), ("What is the target by 2030?", True),
     ("Ai chủ trì tuyên truyền?", False), ("ty le do thi hoa la bao nhieu", False)],
)
def test_english_detection(question, english):
    assert analyse(question).english is english


@pytest.mark.parametrize(
    "text, names",
    [("tỉnh Sơn La và Mường Nhà", ["Sơn La", "Mường Nhà"]), ("Mùa A Sơn", ["Mùa A Sơn"]),
     ("phấn đấu đạt loại II", []), ("UBND tỉnh Điện Biên", ["Điện Biên"]), ("Đô thị mới Bản Phủ", ["Đô", "Bản Phủ"][1:])],
)
def test_proper_names(text, names):
    assert proper_names(text) == names


HISTORY = [{"role": "user", "content": "Đến năm 2025, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?"},
           {"role": "assistant", "content": "Trên 26%."}]


@pytest.mark.parametrize(
    "question, standalone",
    [
        ("Còn năm 2030 thì sao?", "Đến năm 2030, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?"),
        ("còn 2030?", "Đến năm 2030, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?"),
        ("Thế còn diện tích cây xanh?", "Diện tích cây xanh phấn đấu đạt bao nhiêu?"),
        ("Còn diện tích cây xanh năm 2030 thì sao?", "Diện tích cây xanh năm 2030 phấn đấu đạt bao nhiêu?"),
        ("Ai chủ trì tuyên truyền Nghị quyết 06?", "Ai chủ trì tuyên truyền Nghị quyết 06?"),  # not a follow-up
        ("Thế hệ trẻ được hỗ trợ gì?", "Thế hệ trẻ được hỗ trợ gì?"),  # "Thế" opens no follow-up here
        ("Vậy ai ký kế hoạch?", "Vậy ai ký kế hoạch?"),  # carries its own question word
    ],
)
def test_follow_up_rewriting(question, standalone):
    assert rewrite(question, HISTORY) == standalone


def test_follow_up_with_tuple_history_and_place_swap():
    history = [("Thị trấn Tuần Giáo đạt đô thị loại mấy?", "Loại IV.")]
    assert rewrite("Còn Bản Phủ thì sao?", history) == "Thị trấn Bản Phủ đạt đô thị loại mấy?"
    assert rewrite("Còn thị trấn Mường Chà năm 2030?", [("Thành phố Điện Biên Phủ đạt đô thị loại mấy năm 2025?", "")]) == \
        "Thị trấn Mường Chà đạt đô thị loại mấy năm 2030?"


@pytest.mark.parametrize(
    "history, question, standalone",
    [
        ([("Ban Tuyên giáo Tỉnh ủy có nhiệm vụ gì?", "")], "Còn Sở Xây dựng thì sao?", "Sở Xây dựng có nhiệm vụ gì?"),
        ([("Quy hoạch tỉnh thời kỳ 2021-2030 có tầm nhìn đến năm nào?", "")], "Còn năm 2045?",
         "Quy hoạch tỉnh thời kỳ 2021-2045 có tầm nhìn đến năm nào?"),
        ([("Đến năm 2025, tỷ lệ đô thị hóa đạt bao nhiêu?", ""), ("Còn năm 2030 thì sao?", "")], "Thế còn năm 2045?",
         "Đến năm 2045, tỷ lệ đô thị hóa đạt bao nhiêu?"),  # the third turn builds on the second, rewritten
    ],
)
def test_follow_up_cases_from_review(history, question, standalone):
    assert rewrite(question, history) == standalone


def test_no_history_means_no_rewrite():
    assert rewrite("Còn năm 2030 thì sao?", []) == "Còn năm 2030 thì sao?"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tỷ lệ đô thị hóa đạt trên 26%.", ["26%"]),
        ("Theo Nghị quyết số 06-NQ/TW ngày 24/01/2022.", ["06-NQ/TW", "24/01/2022", "Nghị"]),
        ("Đất xây dựng khoảng 1,5- 1,9%.", ["1,5- 1,9%"]),
        ("Theo Mục V.5: Ban Tuyên giáo Tỉnh uỷ chủ trì.", ["5", "Ban Tuyên", "Tỉnh"]),
        ("Tỷ lệ đạt hai mươi sáu phần trăm.", ["hai mươi sáu phần trăm"]),
        ("Đồng chí NGUYỄN VĂN HÙNG và ông Hùng.", ["NGUYỄN", "VĂN", "HÙNG", "Hùng"]),
        ("Đô thị mới Búng Lao, huyện Mường Ảng.", ["Búng Lao", "Mường Ảng"]),
    ],
)
def test_claims_are_figures_dates_document_numbers_and_names(text, expected):
    assert claims(text) == expected


def test_unsupported_claims_are_caught_whatever_the_spacing_or_tone_marks():
    cite = Citation("kh", "II.2.1", "2.1. Đến năm 2025", "Tỷ lệ đô thị hóa phấn đấu đạt trên 26 %.", 0, 10)
    assert unsupported_claims("Tỷ lệ đô thị hoá đạt trên 26%.", [cite], {}) == []
    assert unsupported_claims("Tỷ lệ đạt trên 45% ở Sơn La.", [cite], {}) == ["45%", "Sơn La"]
    assert unsupported_claims("Đến năm 2025 đạt 26%.", [cite], {}) == []  # the year is in the cited heading
    assert unsupported_claims("Tỷ lệ đạt trên 6%.", [cite], {}) == ["6%"]  # not inside "26 %"


@pytest.mark.parametrize("claim, evidence, found", [
    ("2025", "| Quý IV/2025- Quý II/2026 |", True),  # a table cell's time: the quote states its year
    ("2026", "| Quý IV/2025- Quý II/2026 |", True),
    ("2025", "trước ngày 30/12/2025", False),  # part of a date, not a year on its own
    ("6%", "đạt 26%", False),
])
def test_a_claim_is_found_on_its_own_boundaries(claim, evidence, found):
    from assistant.verify.claims import claim_key, supported

    assert supported(claim, claim_key(evidence)) is found


@pytest.mark.parametrize(
    "question, glossed, known",
    [
        ("Who is responsible for propaganda about this plan?", "ai chủ trì tuyên truyền kế hoạch?", 1.0),
        ("By when must the district party committees issue their action programmes?",
         "khi nào huyện ủy ban hành chương trình hành động?", 1.0),
        ("What share of urban households should have fibre broadband by 2025?",
         "tỷ lệ đô thị hộ gia đình cáp quang băng rộng đến năm 2025?", 1.0),
        # a name as typed stays and does not count; "'s" and "People's" agree
        ("What must Quang Tri's People's Committee report?", "Quang Tri ủy ban nhân dân báo cáo?", 1.0),
        # words the glossary does not know keep the English question on the meaning-based path
        ("How many metro lines does the plan foresee?", "bao nhiêu metro lines kế hoạch?", 0.5),
        ("How Many Metro Lines Does The Plan Foresee?", "bao nhiêu Metro Lines kế hoạch?", 0.5),  # Title Case
        ("WHO IS RESPONSIBLE FOR METRO LINES?", "ai chủ trì METRO LINES?", 1 / 3),
        ("Who signed plan 310/KH-UBND?", "ai ký kế hoạch 310/KH-UBND?", 1.0),  # a code stays whole
        # the wider vocabulary of the documents (each term in two documents or more)
        ("Which fund is for scientists and laboratories?", "quỹ nhà khoa học phòng thí nghiệm?", 1.0),
        ("Who heads the steering committee?", "ai đứng đầu ban chỉ đạo?", 1.0),
        ("Who is responſible for propaganda?", "ai chủ trì tuyên truyền?", 1.0),  # no KeyError on "ſ"
    ],
)
def test_english_questions_are_glossed_in_the_documents_words(question, glossed, known):
    from assistant.text.english import gloss

    assert gloss(question) == (glossed, known)


@pytest.mark.parametrize("question, parts", [
    ("Khi nào tổ chức phải cung cấp dữ liệu, và cơ quan nhận dữ liệu có trách nhiệm gì?",
     ["Khi nào tổ chức phải cung cấp dữ liệu", "cơ quan nhận dữ liệu có trách nhiệm gì"]),
    ("Tỷ lệ đô thị hóa là bao nhiêu? Ai chủ trì tuyên truyền?", ["Tỷ lệ đô thị hóa là bao nhiêu", "Ai chủ trì tuyên truyền"]),
    ("Sở Tài chính làm những việc gì, còn chủ rừng phải làm gì?", ["Sở Tài chính làm những việc gì", "chủ rừng phải làm gì"]),
    ("Ai chủ trì và phối hợp thực hiện?", []),  # one question: its second half has no question word
    ("Kết luận nêu những kết quả và những hạn chế nào?", []),
    ("Các nhà máy điện, và cơ sở sản xuất phải làm gì?", []),  # "máy" is no "mấy"
    ("Đối với hộ không có đất, còn hộ có đất thì hỗ trợ bao nhiêu?", []),  # the negation asks nothing
    ("Kế hoạch có áp dụng cho Lào không? Ai ký kế hoạch?", ["Kế hoạch có áp dụng cho Lào không", "Ai ký kế hoạch"]),
])
def test_a_compound_question_is_cut_into_the_questions_it_asks(question, parts):
    from assistant.answer.question import question_parts

    assert question_parts(question) == parts


@pytest.mark.parametrize("question, asked", [
    ("Kế hoạch có bao nhiêu nhóm giải pháp chủ yếu?", ("bao nhiêu", "nhóm giải pháp chủ yếu")),
    ("Luật có mấy chương?", None),  # a chapter's children may be sections, not articles: not counted
    ("Kế hoạch có bao nhiêu nhóm giải pháp và ai chủ trì?", ("bao nhiêu", "nhóm giải pháp")),
    ("ke hoach co bao nhieu nhom giai phap", ("bao nhieu", "nhom giai phap")),
    ("Tỉnh chi bao nhiêu chi tiêu thường xuyên?", None),  # "chi tiêu" is spending, not "chỉ tiêu"
    ("Lộ trình chia thành mấy giai đoạn, mỗi giai đoạn từ năm nào?", ("mấy", "giai đoạn")),
    ("Đạt bao nhiêu phần trăm?", None),  # a figure's unit, not a part of the document
    ("Tỷ lệ đô thị hóa đạt bao nhiêu?", None),
])
def test_a_question_that_counts_parts_of_the_document(question, asked):
    from assistant.answer.question import counted

    assert counted(question) == asked


def test_a_count_is_a_claim_unless_the_structure_gives_it():
    cite = Citation("kh", "IV.1", "1. Tăng cường", "Tăng cường sự lãnh đạo", 0, 10)
    assert unsupported_claims("6 nhóm giải pháp.", [cite], {}) == ["6"]
    assert unsupported_claims("6 nhóm giải pháp.", [cite], {}, derived=("6",)) == []


@pytest.mark.parametrize("text, places", [
    ("Phấn đấu xây dựng đô thị mới như Búng Lao, huyện Mường Ảng", ("Búng Lao", "Mường Ảng")),
    ("Phối hợp với Ban Chỉ đạo tỉnh và Sở Khoa học và Công nghệ.", ()),  # bodies are no places
])
def test_what_can_name_a_place(text, places):
    assert place_names_in(text) == places
