"""Lexical search for Vietnamese: BM25 (bm25s) over normalised tokens, with an accent-folded
twin index and an abbreviation table, so "ty le do thi hoa", "TP ĐBP" and "Tỉ lệ" all match.

Vietnamese writes one syllable per space, so `\\w+` tokens split words ("đô thị" -> "đô", "thị").
Two remedies are offered and compared by the retrieval benchmark: syllable unigrams + bigrams
("đô", "thị", "đô_thị"), or pyvi word segmentation ("đô_thị").
"""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np
import yaml

from assistant.errors import ConfigError
from assistant.files import atomic_write
from assistant.text.normalize import fold_diacritics, search_form
from assistant.text.tokens import TOKEN, expand_abbreviations, query_tokens, syllable_tokens

LEXICAL_VERSION = "1"


def corpus_abbreviations(corpus_dir: Path) -> dict[str, str]:
    """The administrative abbreviations shipped with the package, then the corpus's own
    (corpus/abbreviations.yaml: its documents' family), the corpus's winning on a clash."""
    from assistant.resources import package_path

    return {**load_abbreviations(package_path("abbreviations.yaml")), **load_abbreviations(Path(corpus_dir) / "abbreviations.yaml")}


def load_abbreviations(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid UTF-8 YAML ({exc})".splitlines()[0], code="abbreviations_invalid") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ConfigError(f"{path}: expected lines of the form 'ABBR: expansion'.", code="abbreviations_invalid")
    return data


def pyvi_tokens(text: str) -> list[str]:
    from pyvi import ViTokenizer

    segmented = ViTokenizer.tokenize(search_form(text))
    return [t for t in segmented.split() if TOKEN.fullmatch(t.replace("_", "a")) or "_" in t]


TOKENIZERS = {"syllable": syllable_tokens, "pyvi": pyvi_tokens}


class LexicalIndex:
    """Two BM25 indexes over the same chunks: with diacritics and accent-folded."""

    def __init__(self, tokenizer: str = "syllable", abbreviations: dict[str, str] | None = None):
        if tokenizer not in TOKENIZERS:
            raise ConfigError(f"unknown lexical tokenizer '{tokenizer}'")
        self.tokenizer = tokenizer
        self.abbreviations = abbreviations or {}
        self._accented: bm25s.BM25 | None = None
        self._folded: bm25s.BM25 | None = None
        self.size = 0

    def tokens(self, text: str) -> list[str]:
        return TOKENIZERS[self.tokenizer](expand_abbreviations(text, self.abbreviations))

    def build(self, texts: list[str]) -> "LexicalIndex":
        accented = [self.tokens(t) or ["∅"] for t in texts]
        self._accented = _bm25(accented)
        self._folded = _bm25([[fold_diacritics(t) for t in toks] for toks in accented])
        self.size = len(texts)
        return self

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(chunk position, score), best first; chunks with no matching token are left out."""
        toks = query_tokens(self.tokens(query))
        if not toks or not self.size:
            return []
        # Full score vectors from both indexes are added before ranking: taking each index's
        # top k first would halve the score of a chunk that just misses one of the two lists.
        total = _scores(self._accented, toks) + _scores(self._folded, [fold_diacritics(t) for t in toks])
        k = min(k, self.size)
        top = np.argpartition(-total, k - 1)[:k]
        ranked = sorted(((int(i), float(total[i])) for i in top if total[i] > 0), key=lambda kv: (-kv[1], kv[0]))
        return ranked

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._accented.save(str(folder / "accented"))
        self._folded.save(str(folder / "folded"))
        meta = {"version": LEXICAL_VERSION, "tokenizer": self.tokenizer, "size": self.size, "abbreviations": self.abbreviations}
        atomic_write(folder / "lexical.json", json.dumps(meta, ensure_ascii=False))

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        meta = json.loads((folder / "lexical.json").read_text(encoding="utf-8"))
        index = cls(meta["tokenizer"], meta["abbreviations"])
        index._accented = bm25s.BM25.load(str(folder / "accented"))
        index._folded = bm25s.BM25.load(str(folder / "folded"))
        index.size = meta["size"]
        return index


def _bm25(corpus_tokens: list[list[str]]) -> bm25s.BM25:
    index = bm25s.BM25()
    index.index(corpus_tokens, show_progress=False)
    return index


def _scores(index: bm25s.BM25, tokens: list[str]) -> np.ndarray:
    known = [t for t in tokens if t in index.vocab_dict]
    if not known:
        return np.zeros(index.scores["num_docs"], dtype=np.float32)
    return index.get_scores(known)
