"""Drafting benchmark.

    python evals/bench_drafts.py                 # the shipped plan: every kind on 8 topics (README table)
    python evals/bench_drafts.py --library       # documents of every kind: drafts on each one's own subject
    python evals/bench_drafts.py --thresholds    # the meaning threshold: chosen on a dev half, held-out half reported

The default run uses the real index under ASSISTANT_INDEX_DIR (built first if missing); a topic
the documents do not cover must be declined, every other draft must verify with no problem.
`--library` and `--thresholds` index one folder of evals/corpora/library, the Luật Doanh nghiệp
and the shipped plan (assembled under evals/out/, indexed once: about half an hour on 2 cores,
reused afterwards), or the folder given with --corpus.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.drafting.pipeline import KINDS  # noqa: E402
from assistant.verify.drafts import verify_draft  # noqa: E402

TOPICS = [
    "Kế hoạch thực hiện Nghị quyết 06",
    "phát triển nhà ở đô thị",
    "tỷ lệ đô thị hóa",
    "hạ tầng số",
    "tuyên truyền",
    "giao thông",
    "huy động nguồn lực từ đất đai",
    "Mục tiêu phát triển đô thị tỉnh Điện Biên đến năm 2030",
    "Nghị quyết 06-NQ/TW về phát triển đô thị",
    "giải bóng đá vô địch quốc gia",  # not in the documents: must be declined
]
# Documents of every kind: the shared library, the Luật Doanh nghiệp and the shipped plan.
SOURCES = (ROOT / "evals" / "corpora" / "library", ROOT / "evals" / "corpora" / "luat-doanh-nghiep", ROOT / "corpus")
OUT = ROOT / "evals" / "out"

# A paraphrase of each document's subject, in other words than its trích yếu (written for this
# benchmark): what a user who does not quote the title asks for.
PARAPHRASES = {
    "nq57-tw": "bước tiến vượt bậc về khoa học, đổi mới sáng tạo và số hóa đất nước",
    "nq03-cp": "chương trình hành động của Chính phủ về khoa học công nghệ và chuyển đổi số",
    "kh3260-ddqh": "kế hoạch của Đảng đoàn Quốc hội triển khai Nghị quyết 57",
    "cv402-vpdu": "báo cáo kết quả thực hiện Nghị quyết 57 của Đảng ủy Chính phủ",
    "kl69-tw": "tiếp tục phát triển khoa học và công nghệ phục vụ công nghiệp hóa, hiện đại hóa",
    "qd2629-ttg": "xây dựng chính phủ số",
    "kh179-ubnd-dongnai": "kinh tế số, xã hội số ở Đồng Nai",
    "kh552-ubnd-dongthap": "đổi mới công nghệ trong các ngành kinh tế mũi nhọn của Đồng Tháp",
    "kh310-ubnd-hanoi": "mạng 5G và Internet vạn vật ở các khu công nghiệp Hà Nội",
    "hd45-btctw": "phân cấp quản lý, bổ nhiệm, luân chuyển cán bộ",
    "ct06-ubnd-quangtri": "xử lý lấn chiếm đất rừng ở Quảng Trị",
    "luat60-2024-qh15": "luật về dữ liệu số",
    "nd172-2025-cp": "kỷ luật cán bộ, công chức vi phạm",
    "qd72-2025-ubnd-bacninh": "dùng chung cột ăng ten, cống bể cáp viễn thông ở Bắc Ninh",
    "kh-dienbien-nq06": "phát triển đô thị bền vững ở Điện Biên",
    "luat-59-2020-qh14": "thành lập, tổ chức và hoạt động của doanh nghiệp",
}
# Topics no document covers: a draft on them must be declined.
OFF_CORPUS = [
    "giải bóng đá vô địch quốc gia", "công thức nấu phở bò", "lịch thi đấu World Cup 2026", "giá vàng hôm nay",
    "bí quyết giảm cân sau Tết", "cuộc thi hoa hậu Việt Nam", "truyện cổ tích Tấm Cám", "cách chơi cờ vua cho người mới",
    "du lịch biển Nha Trang mùa hè", "âm nhạc K-pop và thần tượng", "chăm sóc da mùa đông", "kỹ thuật nuôi chó cảnh",
    "phim hoạt hình cho thiếu nhi", "trang điểm cô dâu ngày cưới", "mẹo giặt quần áo trắng", "thời tiết cuối tuần ở Sa Pa",
    "lễ hội hóa trang Halloween", "bài hát ru con", "sửa xe máy bị chết máy", "trồng hoa hồng trong chậu",
]


def assemble(folder: Path) -> Path:
    """One corpus folder of the documents of every kind (copies, so the sources stay as they are)."""
    import shutil

    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for source in SOURCES:
        for entry in yaml.safe_load((source / "manifest.yaml").read_text(encoding="utf-8"))["documents"]:
            shutil.copy2(source / entry["file"], folder / entry["file"])
            entries.append(entry)
    if (ROOT / "corpus" / "abbreviations.yaml").exists():
        shutil.copy2(ROOT / "corpus" / "abbreviations.yaml", folder / "abbreviations.yaml")
    text = yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=False)
    if not (folder / "manifest.yaml").exists() or (folder / "manifest.yaml").read_text(encoding="utf-8") != text:
        (folder / "manifest.yaml").write_text(text, encoding="utf-8")
    return folder


def plan_table(assistant: Assistant) -> None:
    assistant.ingest()
    assistant.draft("talking-points", TOPICS[1])  # load model and statistics outside the timings
    titles = {p.doc_id: p.document.title for p in assistant.corpus()}
    print(f"{'topic':<34} " + " ".join(f"{k:>22}" for k in KINDS))
    timings, failures = [], 0
    for topic in TOPICS:
        cells = []
        for kind in KINDS:
            started = time.perf_counter()
            draft = assistant.draft(kind, topic)
            ms = (time.perf_counter() - started) * 1000
            timings.append(ms)
            problems = verify_draft(draft, titles)
            failures += bool(problems)
            cell = "declined" if draft.refused else f"{len(draft.text):>5}ch {len(draft.footnotes):>2}fn"
            cells.append(f"{cell} {ms:>5.0f}ms{' !' if problems else ''}")
        print(f"{topic[:34]:<34} " + " ".join(f"{c:>22}" for c in cells))
    print(f"\ndrafts: {len(timings)}  p50 {statistics.median(timings):.0f} ms  "
          f"p95 {statistics.quantiles(timings, n=20)[-1]:.0f} ms  failing verification: {failures}")
    for name, fn in (("targets", assistant.targets), ("timeline", assistant.timeline),
                     ("responsibilities", assistant.responsibilities)):
        started = time.perf_counter()
        rows = fn()
        print(f"{name:<17} {len(rows):>3} rows  {(time.perf_counter() - started) * 1000:.0f} ms")


def _subject(parsed) -> str:
    from assistant.ingest.header import read_header

    return read_header(parsed.document.text).subject or parsed.document.title


def library_table(assistant: Assistant) -> None:
    """Per document, every kind on its own subject with no document selected: footnotes, and
    whether any comes from another document (it must not) or the draft fails verification."""
    report = assistant.ingest()
    print(f"index: {report.documents} documents, {report.chunks} chunks", file=sys.stderr)
    titles = {p.doc_id: p.document.title for p in assistant.corpus()}
    print(f"{'document':24} " + " ".join(f"{k:>16}" for k in KINDS))
    ok = total = 0
    for parsed in assistant.corpus():
        cells = []
        for kind in KINDS:
            draft = assistant.draft(kind, _subject(parsed))
            total += 1
            other = sum(f.doc_id != parsed.doc_id for f in draft.footnotes)
            if draft.refused:
                cells.append("declined")
            elif other or verify_draft(draft, titles):
                cells.append(f"{other}/{len(draft.footnotes)} other{' !' if verify_draft(draft, titles) else ''}")
            else:
                ok += 1
                cells.append(f"{len(draft.footnotes)}fn")
        print(f"{parsed.doc_id:24} " + " ".join(f"{c:>16}" for c in cells))
    print(f"\ndrafts on a document's own subject, verified and quoting only it: {ok}/{total}")


def _halves(items: list) -> tuple[list, list]:
    """Dev = items 0, 2, 4, ...; held-out = 1, 3, 5, ...: the split is fixed, not drawn."""
    return items[0::2], items[1::2]


def threshold_report(assistant: Assistant) -> None:
    """The cosine above which a topic means a document's subject: chosen on the dev half of the
    labelled topics (subjects, paraphrases -> their document; off-corpus -> none), reported on
    the held-out half, then every topic drafted end to end."""
    from assistant.drafting.scope import SUBJECT_COSINE, Meaning

    assistant.ingest()
    corpus = sorted(assistant.corpus(), key=lambda p: p.doc_id)  # the halves do not depend on folder order
    drafter_subjects = {p.doc_id: _header_subject(p) for p in corpus}
    positives = [(_subject(p), p.doc_id) for p in corpus] + [(PARAPHRASES[p.doc_id], p.doc_id) for p in corpus if p.doc_id in PARAPHRASES]
    negatives = [(t, None) for t in OFF_CORPUS]
    dev = _halves(positives)[0] + _halves(negatives)[0]
    held = _halves(positives)[1] + _halves(negatives)[1]
    meaning = Meaning(assistant.embeddings, assistant.settings.index_dir / "embeddings-cache.sqlite3",
                      assistant.index.lexical.abbreviations)
    scored = {}
    for topic, _ in dev + held:
        cosines = meaning.subjects(topic, corpus, drafter_subjects)
        best = max(cosines, key=lambda d: cosines[d])
        scored[topic] = (best, cosines[best])

    def accuracy(items, threshold) -> tuple[int, int]:
        right = sum(1 for topic, want in items
                    if (scored[topic][1] >= threshold and scored[topic][0] == want) or (scored[topic][1] < threshold and want is None))
        return right, len(items)

    values = sorted({round(s, 4) for _, s in scored.values()})
    cuts = [(a + b) / 2 for a, b in zip(values, values[1:])]
    best_acc = max(accuracy(dev, c)[0] for c in cuts)
    optimal = [c for c in cuts if accuracy(dev, c)[0] == best_acc]
    chosen = round(statistics.median(optimal), 3)
    for name, items in (("dev", dev), ("held-out", held)):
        pos = [s for t, w in items if w for s in [scored[t][1]]]
        neg = [s for t, w in items if not w for s in [scored[t][1]]]
        print(f"{name:9} {len(items):>2} topics: subjects/paraphrases cos {min(pos):.3f}..{max(pos):.3f}, "
              f"off-corpus {min(neg):.3f}..{max(neg):.3f}")
    print(f"dev-optimal thresholds {min(optimal):.3f}..{max(optimal):.3f} -> {chosen}; in the code: {SUBJECT_COSINE}")
    for threshold in sorted({chosen, SUBJECT_COSINE}):
        d, h = accuracy(dev, threshold), accuracy(held, threshold)
        print(f"  threshold {threshold}: dev {d[0]}/{d[1]}, held-out {h[0]}/{h[1]} (right document, or declined when off-corpus)")
    for half, topic, want in [("dev", t, w) for t, w in dev] + [("held-out", t, w) for t, w in held]:
        doc, cos = scored[topic]
        if (cos >= SUBJECT_COSINE and doc != want) or (cos < SUBJECT_COSINE and want is not None):
            print(f"  {half} miss: {topic[:60]!r} -> {doc if cos >= SUBJECT_COSINE else 'none'} ({cos:.3f}), expected {want}")
    print("\nEnd to end (lexical naming first, then retrieval, then meaning), de-cuong:")
    right = 0
    for topic, want in positives + negatives:
        draft = assistant.draft("de-cuong", topic)
        docs = sorted({f.doc_id for f in draft.footnotes})
        good = (draft.refused and want is None) or (not draft.refused and docs == [want])
        right += good
        if not good:
            print(f"  {topic[:60]!r}: {'declined' if draft.refused else docs}, expected {want or 'declined'}")
    print(f"  {right}/{len(positives) + len(negatives)} right (drafted from its document only, or declined when off-corpus)")


def _header_subject(parsed):
    from assistant.ingest.header import read_header

    return read_header(parsed.document.text).subject


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", action="store_true", help="drafts on each library document's own subject")
    parser.add_argument("--thresholds", action="store_true", help="the meaning threshold, dev and held-out")
    parser.add_argument("--corpus", type=Path, help="a corpus folder (default: the documents of every kind, assembled)")
    parser.add_argument("--index", type=Path, default=OUT / "bench-drafts-index")
    args = parser.parse_args()
    if not (args.library or args.thresholds):
        plan_table(Assistant())
        return
    assistant = Assistant(Settings(corpus_dir=args.corpus or assemble(OUT / "bench-drafts-corpus"), index_dir=args.index))
    if args.library:
        library_table(assistant)
    if args.thresholds:
        threshold_report(assistant)


if __name__ == "__main__":
    main()
