"""Okapi BM25 over a sparse term matrix (numpy + scipy.sparse), built once, queried fast.

Score of document d for query q (Robertson & Zaragoza, "The Probabilistic Relevance Framework:
BM25 and Beyond", Foundations and Trends in IR 3(4), 2009, eq. 3.15; Manning, Raghavan &
Schütze, *Introduction to Information Retrieval*, 2008, eq. 11.32):

    score(d, q) = Σ_{t ∈ q} idf(t) · tf(t,d) · (k1 + 1) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl))

with k1 = 1.5, b = 0.75 and, by default, the non-negative idf of Lucene,
``idf(t) = ln(1 + (N − n_t + 0.5) / (n_t + 0.5))``; ``idf="okapi"`` gives the classic
``ln((N − n_t + 0.5) / (n_t + 0.5))`` with the floor of rank_bm25's ``BM25Okapi`` (a negative idf
replaced by 0.25 × the mean idf), so the two can be compared.

The whole weight of each (document, term) pair is computed at build time into a CSC matrix, so a
query is the sum of a few columns: for 80,000 programs that is milliseconds. Tokens are lower-case
letters and digits, HTML tags removed, a stop list of English function words dropped (including
the particles and prepositions "up", "out", "about", "through" that a description uses in
"towns of up to 20,000": without them a "backups" initiative met Community Facilities on "up"),
plurals folded ("grants" → "grant", "cities" → "city") and a light stem of "-ing" and "-ed"
taken (Porter's step 1b, M. F. Porter, "An algorithm for suffix stripping", Program 14(3),
1980: the stem must keep a vowel and three letters; "at", "bl", "iz" and a final "c" get their
"e" back, a doubled consonant is undoubled: "policing" → "police", "planning" → "plan",
"funded" → "fund", "located" → "locate"; "need", "red", "bring" are left alone). Query-side
analysis (purpose synonyms, the words that only say "a grant") is in ``purposes.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

K1 = 1.5
B = 0.75
_TAG = re.compile(r"<[^>]{0,200}>")
_TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "which",
        "who",
        "may",
        "can",
        "our",
        "we",
        "you",
        "your",
        "not",
        "all",
        "any",
        "each",
        "other",
        "such",
        "these",
        "those",
        "than",
        "then",
        "there",
        "also",
        "into",
        "over",
        "under",
        "per",
        # Particles and prepositions that carry no purpose ("up to 20,000", "set up").
        "up",
        "out",
        "about",
        "through",
        "between",
        "within",
        "upon",
        "off",
        "more",
        "most",
        "some",
        "so",
        "if",
        "but",
        "been",
        "being",
        "do",
        "does",
        "how",
        "what",
        "when",
        "where",
        "they",
        "them",
        "us",
        "my",
        "i",
        "no",
        "only",
        "own",
        "both",
        "very",
        "just",
        "like",
        "new",
    }
)

_VOWEL = re.compile(r"[aeiouy]")
#: A doubled final consonant Porter undoubles after "-ing"/"-ed" (not l, s, z: "installed").
_DOUBLE = re.compile(r"([bcdfghjkmnpqrtvwx])\1$")


def fold(token: str) -> str:
    """Plural folded, then the light "-ing"/"-ed" stem (``stem``)."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return stem(token[:-1])
    return stem(token)


def stem(token: str) -> str:
    """Porter's step 1b, lightly: "-ing" or "-ed" removed when at least three letters with a
    vowel remain; then "at", "bl", "iz" or a final "c" get an "e" back, and a doubled final
    consonant (other than l, s, z) is undoubled."""
    for suffix in ("ing", "ed"):
        if token.endswith(suffix):
            base = token[: -len(suffix)]
            if len(base) < 3 or not _VOWEL.search(base) or token.endswith("eed"):
                return token
            if base.endswith(("at", "bl", "iz", "c")):
                return base + "e"
            if _DOUBLE.search(base):
                return base[:-1]
            return base
    return token


#: Raw token → folded token, or "" for a dropped one (stop word, single character). Bounded:
#: cleared when it grows past ``_MEMO_LIMIT`` entries (a hostile text of random words).
_MEMO: dict[str, str] = {}
_MEMO_LIMIT = 500_000


def _fold_or_drop(token: str) -> str:
    folded = "" if token in STOPWORDS or len(token) < 2 else fold(token)
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[token] = folded
    return folded


def tokenize(text: str) -> list[str]:
    text = _TAG.sub(" ", text.lower()).replace("&nbsp;", " ")
    memo = _MEMO
    out = []
    for token in _TOKEN.findall(text):
        folded = memo.get(token)
        if folded is None:
            folded = _fold_or_drop(token)
        if folded:
            out.append(folded)
    return out


class BM25Index:
    """BM25 weights of ``documents`` (token lists), ready for queries."""

    def __init__(
        self,
        documents: Iterable[Sequence[str]],
        *,
        k1: float = K1,
        b: float = B,
        idf: str = "lucene",
    ) -> None:
        vocabulary: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        data: list[int] = []
        for tokens in documents:
            counts = Counter(tokens)  # counted in C
            indices.extend([vocabulary.setdefault(t, len(vocabulary)) for t in counts])
            data.extend(counts.values())
            indptr.append(len(indices))
        self.vocabulary = vocabulary
        n_docs = len(indptr) - 1
        tf = sparse.csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(n_docs, max(len(vocabulary), 1)),
        )
        self.n_docs = n_docs
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        self.lengths = lengths
        avgdl = lengths.mean() if n_docs and lengths.mean() > 0 else 1.0
        doc_freq = np.bincount(tf.indices, minlength=tf.shape[1]).astype(np.float64)
        ratio = (n_docs - doc_freq + 0.5) / (doc_freq + 0.5)
        if idf == "okapi":
            weights = np.log(ratio)
            floor = 0.25 * weights.mean() if weights.size else 0.0
            weights = np.where(weights < 0, floor, weights)
        elif idf == "lucene":
            weights = np.log1p(ratio)
        else:
            raise ValueError(f"idf must be 'lucene' or 'okapi', not {idf!r}")
        self.idf = weights
        # Per stored entry: idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · |d| / avgdl)).
        norm = k1 * (1 - b + b * lengths / avgdl)
        row_of_entry = np.repeat(np.arange(n_docs), np.diff(tf.indptr))
        values = tf.data
        tf.data = weights[tf.indices] * values * (k1 + 1) / (values + norm[row_of_entry])
        self.weights = tf.tocsc()

    def columns(self, tokens: Iterable[str]) -> list[int]:
        seen: dict[int, None] = {}
        for token in tokens:
            column = self.vocabulary.get(token)
            if column is not None:
                seen[column] = None
        return list(seen)

    def scores(
        self, query: Sequence[str], weights: Mapping[str, float] | None = None
    ) -> np.ndarray:
        """BM25 score of every document for the query (each distinct term counted once);
        ``weights`` multiplies each term's contribution (a query-side weight, 1 if absent)."""
        if weights is None:
            cols = self.columns(query)
            if not cols:
                return np.zeros(self.n_docs)
            return np.asarray(self.weights[:, cols].sum(axis=1)).ravel()
        found: dict[int, float] = {}
        for token in query:
            column = self.vocabulary.get(token)
            if column is not None and column not in found:
                found[column] = float(weights.get(token, 1.0))
        if not found:
            return np.zeros(self.n_docs)
        vector = np.fromiter(found.values(), dtype=np.float64, count=len(found))
        return np.asarray(self.weights[:, list(found)] @ vector).ravel()

    def contains(self, token: str) -> np.ndarray:
        """A boolean mask of the documents that hold ``token``."""
        mask = np.zeros(self.n_docs, dtype=bool)
        column = self.vocabulary.get(token)
        if column is not None:
            start, end = self.weights.indptr[column], self.weights.indptr[column + 1]
            mask[self.weights.indices[start:end]] = True
        return mask

    def matched_terms(self, doc: int, query: Sequence[str]) -> list[str]:
        """The query's terms that document ``doc`` holds, in query order."""
        inverse = {}
        for token in query:
            column = self.vocabulary.get(token)
            if column is not None:
                inverse.setdefault(token, column)
        held = []
        for token, column in inverse.items():
            start, end = self.weights.indptr[column], self.weights.indptr[column + 1]
            rows = self.weights.indices[start:end]
            position = np.searchsorted(rows, doc)
            if position < rows.size and rows[position] == doc:
                held.append(token)
        return held
