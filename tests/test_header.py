"""Header and closing blocks read from real documents of nine kinds (evals/corpora/library, as
published: website banners, converted tables, wrapped lines) and from probes in the shapes of
Nghị định 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.config import PROJECT_ROOT, Settings
from assistant.ingest.header import proper_case, read_header
from assistant.ingest.loader import load_document

LIBRARY = PROJECT_ROOT / "evals" / "corpora" / "library"
LAW = PROJECT_ROOT / "evals" / "corpora" / "luat-doanh-nghiep" / "luat-59-2020-qh14.txt"
FIELDS = ("number", "issued", "issuer", "kind", "signer")


def _entries():
    return yaml.safe_load((LIBRARY / "manifest.yaml").read_text(encoding="utf-8"))["documents"]


def _same(expected, got) -> bool:
    """The manifest writes 'UBND tỉnh Đồng Nai' where the header prints 'ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI'."""
    def key(v):
        return None if v is None else " ".join(str(v).lower().replace("ủy ban nhân dân", "ubnd").replace("uỷ", "ủy").split())
    return key(expected) == key(got)


def _text(path: Path) -> str:
    return load_document(path, None, Settings()).text


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["doc_id"])
def test_header_fields_match_the_hand_checked_manifest(entry):
    fields = read_header(_text(LIBRARY / entry["file"]))
    wrong = {f: (entry.get(f), getattr(fields, f)) for f in FIELDS if not _same(entry.get(f), getattr(fields, f))}
    assert not wrong, f"(expected, read) per field: {wrong}"


def test_the_shipped_plan_has_no_number_or_date_and_the_resolutions_date_is_not_taken():
    fields = read_header((PROJECT_ROOT / "corpus" / "kh-dienbien-nq06.txt").read_text(encoding="utf-8"))
    assert fields.number is None and fields.issued is None  # 06-NQ/TW of 24/01/2022 is the resolution it implements
    assert fields.kind == "Kế hoạch"
    assert fields.subject.startswith("thực hiện Nghị quyết số 06-NQ/TW")
    assert (fields.authority, fields.signer_title, fields.signer) == ("T/M BAN THƯỜNG VỤ", "Phó Bí thư", "Mùa A Sơn")
    assert fields.recipients[0] == "Ban Bí thư Trung ương Đảng" and len(fields.recipients) == 7


def test_a_law_is_dated_by_its_passing_and_signed_at_its_end():
    fields = read_header(_text(LAW))
    assert (fields.number, fields.issued, fields.issuer) == ("59/2020/QH14", date(2020, 6, 17), "Quốc hội")
    assert (fields.signer_title, fields.signer) == ("Chủ tịch Quốc hội", "Nguyễn Thị Kim Ngân")
    assert fields.short_title == "Luật Doanh nghiệp 2020"


def test_a_government_resolution_whose_closing_sits_near_the_start():
    fields = read_header(_text(LIBRARY / "nq03-cp.md"))
    assert fields.authority == "TM. CHÍNH PHỦ" and fields.signer_title == "Phó Thủ tướng"
    assert fields.title.startswith("Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ ban hành Chương trình hành động")
    assert "Văn phòng Quốc hội" in fields.recipients


PROVINCIAL_PLAN = """TỈNH ỦY LAI CHÂU
*
Số 45-KH/TU

ĐẢNG CỘNG SẢN VIỆT NAM
Lai Châu, ngày 05 tháng 3 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị
về đột phá phát triển khoa học, công nghệ

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Quán triệt sâu sắc nội dung Nghị quyết.

Nơi nhận:
- Ban Bí thư Trung ương Đảng (b/c),
- Lưu Văn phòng Tỉnh ủy.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Giàng Páo Mỷ
"""


def test_a_provincial_party_plan_in_the_shape_of_hd36():
    fields = read_header(PROVINCIAL_PLAN)
    assert fields.issuer == "Tỉnh ủy Lai Châu" and fields.number == "45-KH/TU"
    assert (fields.place, fields.issued, fields.kind) == ("Lai Châu", date(2025, 3, 5), "Kế hoạch")
    assert fields.subject == "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ"
    assert fields.title.startswith("Kế hoạch số 45-KH/TU ngày 05/03/2025 của Tỉnh ủy Lai Châu thực hiện")
    assert not fields.title.startswith("TỈNH ỦY")
    assert (fields.signer_title, fields.signer) == ("Bí thư", "Giàng Páo Mỷ")


DECISION_WITH_BANNER = """Trang chủ | Văn bản pháp luật | Đăng nhập
Trân trọng giới thiệu toàn văn Quyết định của Ủy ban nhân dân tỉnh.
ỦY BAN NHÂN DÂN
TỈNH ĐIỆN BIÊN
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 12/2025/QĐ-UBND
Điện Biên, ngày 3 tháng 4 năm 2025

QUYẾT ĐỊNH
BAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ CỤM CÔNG NGHIỆP

ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN

Căn cứ Luật Tổ chức chính quyền địa phương;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Lò Văn Tiến
"""


def test_banner_lines_and_lead_ins_are_never_the_title():
    fields = read_header(DECISION_WITH_BANNER)
    assert fields.issuer == "Ủy ban nhân dân tỉnh Điện Biên"
    assert (fields.number, fields.issued, fields.kind) == ("12/2025/QĐ-UBND", date(2025, 4, 3), "Quyết định")
    assert fields.subject == "Ban hành quy chế phối hợp quản lý cụm công nghiệp"
    assert "Trân trọng" not in fields.title and "Trang chủ" not in fields.title
    assert (fields.authority, fields.signer_title, fields.signer) == ("TM. ỦY BAN NHÂN DÂN", "Phó Chủ tịch", "Lò Văn Tiến")


def test_a_text_without_header_or_closing_guesses_nothing():
    fields = read_header("Phát triển đô thị bền vững là nhiệm vụ quan trọng.\n\nCăn cứ Nghị quyết số 06-NQ/TW ngày 24/01/2022, các cấp triển khai.")
    assert all(getattr(fields, f) is None for f in ("issuer", "number", "issued", "kind", "subject", "signer", "authority"))
    assert fields.title is None and fields.short_title is None


@pytest.mark.parametrize("caps, cased", [
    ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "Ủy ban nhân dân tỉnh Đồng Nai"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "Bộ Khoa học và Công nghệ"),
    ("BAN TỔ CHỨC", "Ban Tổ chức"),
    ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
    ("ĐẢNG ĐOÀN QUỐC HỘI", "Đảng đoàn Quốc hội"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"),
    ("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy"),  # mixed case is kept as written
])
def test_capitals_become_the_case_of_running_text(caps, cased):
    assert proper_case(caps) == cased
