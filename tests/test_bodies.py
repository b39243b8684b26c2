"""Responsible bodies found in assignments, whatever the spelling of their names."""

import pytest

from assistant.text.bodies import body_of_other_levels, find_bodies, levels_named, place_levels


@pytest.mark.parametrize("text, names", [
    ("Ban Tuyên giáo Tỉnh uỷ chủ trì, phối hợp với các cơ quan liên quan",
     ["Ban Tuyên giáo Tỉnh ủy", "Các cơ quan liên quan"]),
    ("Đảng đoàn HĐND tỉnh lãnh đạo HĐND tỉnh chỉ đạo", ["Đảng đoàn HĐND tỉnh", "HĐND tỉnh"]),
    ("Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo UBND tỉnh", ["Ban cán sự đảng UBND tỉnh", "UBND tỉnh"]),
    ("Các huyện ủy, thị ủy, thành ủy xây dựng", ["Các huyện ủy, thị ủy, thành ủy"]),
    ("Các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tỉnh",
     ["Các cấp ủy", "Các tổ chức đảng", "Chính quyền", "Mặt trận Tổ quốc", "Các đoàn thể chính trị - xã hội"]),
    ("Ủy ban nhân dân thành phố Điện Biên Phủ lập kế hoạch", ["UBND thành phố Điện Biên Phủ"]),
    ("UBND huyện chủ trì", []),  # no name, no particular body
    ("Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính, Sở Kế hoạch và Đầu tư",
     ["Sở Xây dựng", "Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
    ("Tăng cường tổ chức quán triệt", []),  # "tổ chức" as a verb is not "tổ chức đảng"
])
def test_bodies_are_found_with_canonical_names(text, names):
    assert [b.name for b in find_bodies(text)] == names


@pytest.mark.parametrize("text, names", [
    ("Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính", ["Sở Nông nghiệp và Môi trường", "Sở Tài chính"]),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì", ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]),
    ("Bộ Xây dựng chủ trì, phối hợp với Bộ Khoa học và Công nghệ, Bộ Văn hóa, Thể thao và Du lịch xây dựng đề án",
     ["Bộ Xây dựng", "Bộ Khoa học và Công nghệ", "Bộ Văn hóa, Thể thao và Du lịch"]),
    ("Thành ủy Hà Nội lãnh đạo", ["Thành ủy Hà Nội"]),
    ("Đảng đoàn Quốc hội lãnh đạo, chỉ đạo rà soát", ["Đảng đoàn Quốc hội"]),
    ("Ban cán sự đảng Chính phủ lãnh đạo", ["Ban cán sự đảng Chính phủ"]),
    ("Văn phòng Trung ương Đảng phối hợp với Ban Kinh tế Trung ương theo dõi", ["Văn phòng Trung ương Đảng", "Ban Kinh tế Trung ương"]),
    ("Bộ Tài chính bố trí kinh phí", ["Bộ Tài chính"]),
    ("Sở Tài chính tỉnh Đồng Nai tham mưu", ["Sở Tài chính tỉnh Đồng Nai"]),
    ("Chính phủ, Thủ tướng Chính phủ chỉ đạo", ["Chính phủ", "Thủ tướng Chính phủ"]),
])
def test_bodies_of_any_level_are_read_by_how_names_are_built(text, names):
    """National, provincial and post-2025 names outside the provincial lexicon."""
    assert [b.name for b in find_bodies(text)] == names


def test_the_ministry_of_public_security_is_a_body():
    from assistant.text.bodies import find_bodies

    assert [m.name for m in find_bodies("Bộ Công an là cơ quan đầu mối chịu trách nhiệm trước Chính phủ")] == [
        "Bộ Công an", "Chính phủ"]


@pytest.mark.parametrize("name, bare, levels", [
    ("Công an tỉnh", "Công an", ("tỉnh",)),
    ("Ủy ban nhân dân xã, phường", "Ủy ban nhân dân", ("phường", "xã")),
    ("Sở Tài chính", "Sở Tài chính", ()),
    ("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", ()),  # a Party committee is no place level
    ("UBND cấp xã", "UBND", ("cấp xã",)),
    ("Công an xã, phường, thị trấn", "Công an", ("thị trấn", "phường", "xã")),
])
def test_a_bodys_administrative_level_is_read_apart(name, bare, levels):
    assert place_levels(name) == (bare, levels)


@pytest.mark.parametrize("text, levels", [
    ("BTV TU giao Ban cán sự đảng UBND tỉnh những việc gì?", {"tinh"}),
    ("ubnd tinh co nhiem vu gi", {"tinh"}),  # typed without accents: the same level
    ("UBND xã, phường làm gì?", {"xa", "phuong"}),
    ("Các sở, ngành thành phố", {"thanh pho"}),
    ("Sở Tài chính chủ trì những việc gì?", set()),
    ("UBND cấp xã làm gì?", {"xa"}),
])
def test_the_administrative_levels_a_question_names(text, levels):
    assert levels_named(text) == levels


@pytest.mark.parametrize("heading, asked, other", [
    ("9. Ủy ban nhân dân xã, phường", {"tinh"}, True),  # a commune's body, a province's asked
    ("4. Công an tỉnh", {"tinh"}, False),
    ("Ủy ban nhân dân xã, phường", {"xa"}, False),  # one of its levels asked
    ("Ủy ban nhân dân xã, phường", set(), False),  # no level asked
    ("Mục tiêu cụ thể", {"tinh"}, False),  # no body
    ("Sở Tài chính", {"tinh"}, False),  # a body with no level in its name
    ("UBND cấp xã", {"xa"}, False),  # "cấp xã" is the commune level
])
def test_a_heading_naming_a_body_of_other_levels(heading, asked, other):
    assert body_of_other_levels(heading, frozenset(asked)) is other
