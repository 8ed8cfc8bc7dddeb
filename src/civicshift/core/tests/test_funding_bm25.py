"""BM25 against a worked example computed by hand from the published formula.

Formula: Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond" (2009),
eq. 3.15, with k1 = 1.5, b = 0.75 and Lucene's idf ln(1 + (N − n + 0.5)/(n + 0.5)); the Okapi
idf ln((N − n + 0.5)/(n + 0.5)) with a negative idf replaced by 0.25 × the mean idf is the rule
of rank_bm25's BM25Okapi (epsilon = 0.25), the usual peer.

Corpus: d1 = "cat dog", d2 = "cat", d3 = "fish"; query "cat". N = 3, n(cat) = 2,
avgdl = 4/3.
  idf_lucene(cat) = ln(1 + 1.5/2.5) = ln 1.6 = 0.4700036
  d1: |d| = 2, K = 1.5 (0.25 + 0.75 · 2 / (4/3)) = 2.0625; 0.4700036 · 2.5 / 3.0625 = 0.3836764
  d2: |d| = 1, K = 1.5 (0.25 + 0.75 · 0.75) = 1.21875;      0.4700036 · 2.5 / 2.21875 = 0.5295815
  d3: 0
Okapi: idf(cat) = ln 0.6 = −0.5108256 < 0; idf(dog) = idf(fish) = ln(2.5/1.5) = 0.5108256;
  mean = 0.1702752, floor 0.25 × mean = 0.0425688; d2 scores 0.0425688 · 2.5 / 2.21875 = 0.0479648.
"""

from __future__ import annotations

import pytest

from civicshift.core.funding.bm25 import BM25Index, fold, tokenize

DOCS = [["cat", "dog"], ["cat"], ["fish"]]


def test_lucene_idf_worked_example():
    scores = BM25Index(DOCS).scores(["cat"])
    assert scores == pytest.approx([0.3836764, 0.5295815, 0.0], abs=1e-7)


def test_okapi_idf_with_rank_bm25_floor():
    index = BM25Index(DOCS, idf="okapi")
    assert index.scores(["cat"])[1] == pytest.approx(0.0479648, abs=1e-7)


def test_query_terms_count_once_and_unknown_terms_score_nothing():
    index = BM25Index(DOCS)
    assert list(index.scores(["cat", "cat", "zebra"])) == list(index.scores(["cat"]))
    assert not index.scores(["zebra"]).any()


def test_matched_terms_and_contains():
    index = BM25Index(DOCS)
    assert index.matched_terms(0, ["dog", "cat", "fish"]) == ["dog", "cat"]
    assert list(index.contains("cat")) == [True, True, False]


def test_tokenize_strips_tags_stopwords_and_plurals():
    assert tokenize("<p>Grants for the cities' police cameras</p>") == [
        "grant",
        "city",
        "police",
        "camera",
    ]
    assert fold("address") == "address" and fold("status") == "status"
