"""Responsible bodies found in assignments, whatever the spelling of their names."""

import pytest

from assistant.text.bodies import find_bodies


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
