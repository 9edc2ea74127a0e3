"""The training cache's fingerprints of tokens and sparse features
(bot/rasa_plugins/cache_fingerprints): equal ones, equal fingerprints; any difference that
Rasa's own fingerprint saw, a different one."""

from __future__ import annotations

import numpy as np
import scipy.sparse
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.features import Features

from bot.rasa_plugins import cache_fingerprints
from bot.rasa_plugins.cache_fingerprints import features_fingerprint as fingerprint
from bot.rasa_plugins.cache_fingerprints import token_fingerprint

_rasas = cache_fingerprints._rasas_features_fingerprint
_rasas_token = cache_fingerprints._rasas_token_fingerprint


def _features(matrix: object, attribute: str = "text", kind: str = "sequence") -> Features:
    return Features(matrix, kind, attribute, "CountVectorsFeaturizer")


@st.composite
def _matrices(draw: st.DrawFn) -> scipy.sparse.coo_matrix:
    rows, cols = draw(st.integers(1, 6)), draw(st.integers(1, 8))
    cells = draw(
        st.lists(
            st.tuples(st.integers(0, rows - 1), st.integers(0, cols - 1), st.integers(1, 3)),
            max_size=12,
            unique_by=lambda cell: cell[:2],
        )
    )
    data = [float(v) for _, _, v in cells]
    return scipy.sparse.coo_matrix(
        (data, ([r for r, _, _ in cells], [c for _, c, _ in cells])), shape=(rows, cols)
    )


@settings(max_examples=200, deadline=None)
@given(_matrices(), _matrices())
def test_sparse_fingerprints_tell_apart_what_rasas_told_apart(a, b) -> None:
    """Two feature matrices get the same fingerprint exactly when Rasa's text form
    (positions and values, in COO order) and the shape are the same."""
    same_for_rasa = _rasas(_features(a)) == _rasas(_features(b)) and a.shape == b.shape
    assert (fingerprint(_features(a)) == fingerprint(_features(b))) is same_for_rasa


def test_what_else_rasa_hashes_still_counts() -> None:
    matrix = scipy.sparse.coo_matrix(np.array([[0.0, 1.0], [2.0, 0.0]]))
    base = fingerprint(_features(matrix))
    assert fingerprint(_features(matrix.tocsr())) == base  # same values, same order
    assert fingerprint(_features(matrix, attribute="intent")) != base
    assert fingerprint(_features(matrix, kind="sentence")) != base
    wider = scipy.sparse.coo_matrix(np.array([[0.0, 1.0, 0.0], [2.0, 0.0, 0.0]]))
    assert fingerprint(_features(wider)) != base  # Rasa's text missed the shape
    assert fingerprint(_features(matrix.astype(np.float32))) != base


def test_dense_features_keep_rasas_fingerprint() -> None:
    dense = _features(np.array([[0.5, 1.0]]), kind="sentence")
    assert fingerprint(dense) == _rasas(_features(np.array([[0.5, 1.0]]), kind="sentence"))


def test_the_fingerprint_is_kept_until_the_features_change() -> None:
    features = _features(scipy.sparse.coo_matrix(np.array([[1.0, 0.0]])))
    first = fingerprint(features)
    assert features._cached_fingerprint == first
    features.combine_with_features(_features(scipy.sparse.coo_matrix(np.array([[0.0, 3.0]]))))
    assert fingerprint(features) != first


_tokens = st.builds(
    Token,
    text=st.text(max_size=6),
    start=st.integers(0, 20),
    end=st.one_of(st.none(), st.integers(1, 30)),
    lemma=st.one_of(st.none(), st.text(max_size=6)),
)


@settings(max_examples=300, deadline=None)
@given(_tokens, _tokens)
def test_token_fingerprints_tell_apart_what_rasas_told_apart(a: Token, b: Token) -> None:
    assert (token_fingerprint(a) == token_fingerprint(b)) is (_rasas_token(a) == _rasas_token(b))


def test_a_token_with_data_keeps_rasas_fingerprint() -> None:
    token = Token("fermé", 4, data={"pattern": {"siren": True}})
    assert token_fingerprint(token) == _rasas_token(token)


def test_install_replaces_rasas_methods() -> None:
    originals = Features.fingerprint, Token.fingerprint
    try:
        cache_fingerprints.install()
        assert Features.fingerprint is fingerprint
        assert Token.fingerprint is token_fingerprint
    finally:
        Features.fingerprint, Token.fingerprint = originals
