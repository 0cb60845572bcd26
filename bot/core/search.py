"""Finding the guide a free-text question is about, in the person's language and in Russian.

Character trigrams of normalised words (TF-IDF, cosine) tolerate case, endings ("паспорт",
"паспорта", "паспортымды"), typos and the Tajik/Uzbek letters people cannot type; Uzbek in
Cyrillic is read as Latin first. Titles and editors' keywords weigh more than body text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from bot.core.languages import normalise
from bot.core.transliterate import cyrillic_to_latin

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
TITLE_WEIGHT = 3
KEYWORD_WEIGHT = 4
MIN_SCORE = 0.12  # below this a "match" is noise; tuned on tests/unit/test_search.py


@dataclass(frozen=True)
class Document:
    topic: str
    language: str
    title: str
    keywords: tuple[str, ...]
    body: str


def _words(text: str, language: str) -> list[str]:
    text = normalise(text)
    if language.startswith("uz"):
        text = cyrillic_to_latin(text)
    return [word for word in _WORD.findall(text) if len(word) > 1]


def _grams(words: list[str]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in words:
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


class SearchIndex:
    def __init__(self, documents: list[Document]) -> None:
        self._vectors: list[tuple[Document, dict[str, float]]] = []
        counts: list[Counter[str]] = []
        for doc in documents:
            grams = _grams(_words(doc.body, doc.language))
            for _ in range(TITLE_WEIGHT):
                grams.update(_grams(_words(doc.title, doc.language)))
            for _ in range(KEYWORD_WEIGHT):
                grams.update(_grams(_words(" ".join(doc.keywords), doc.language)))
            counts.append(grams)
        frequency: Counter[str] = Counter()
        for grams in counts:
            frequency.update(set(grams))
        total = max(len(counts), 1)
        self._idf = {g: math.log((1 + total) / (1 + n)) + 1 for g, n in frequency.items()}
        for doc, grams in zip(documents, counts, strict=True):
            self._vectors.append((doc, self._weigh(grams)))

    def _weigh(self, grams: Counter[str]) -> dict[str, float]:
        weighted: dict[str, float] = {}
        for gram, count in grams.items():
            if gram in self._idf:
                weighted[gram] = (1 + math.log(count)) * self._idf[gram]
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        return {g: v / norm for g, v in weighted.items()}

    def search(
        self, query: str, languages: list[str], topics: set[str], limit: int = 3
    ) -> list[str]:
        """The best topics among `topics` for the query, best first; empty if nothing fits."""
        best: dict[str, float] = {}
        for language in dict.fromkeys(languages):
            vector = self._weigh(_grams(_words(query, language)))
            if not vector:
                continue
            for doc, doc_vector in self._vectors:
                if doc.language != language or doc.topic not in topics:
                    continue
                score = sum(weight * doc_vector.get(gram, 0.0) for gram, weight in vector.items())
                best[doc.topic] = max(best.get(doc.topic, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        return [topic for topic, score in ranked[:limit] if score >= MIN_SCORE]
