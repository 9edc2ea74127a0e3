"""Training speed-up: the training cache's fingerprints of tokens and sparse features,
computed faster.

While training, Rasa fingerprints the output of every graph node to key its training
cache; after each tokenizer and featurizer node that is every message with all its tokens
and features so far. Two of Rasa's fingerprints were most of that time, about a tenth of
a training from scratch in the profile (docs/measurements.md):

- `Token.fingerprint` hashes each of text, start, end, lemma and data on its own, then the
  list of those hashes, for every token, at every node (nothing is kept): 33 µs a token.
  A token without data now hashes one JSON array of its text, start, end and lemma.
- `Features.fingerprint` writes a sparse matrix out as text, one "(row, col)  value" line
  per non-zero value, then hashes the text. The same values, in the same order, are now
  hashed as bytes (shape, dtype, rows, columns, values).

Equal tokens and features get equal fingerprints and ones that differ get different ones,
as before; only the fingerprint strings change, so a cache written by the old code is not
reused. Tokens with data and dense features keep Rasa's code.

`install()` is called by the project's Rasa command line (`bot/rasa_entry.py`), which
trains and tests the model; it is idempotent.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.utils.io import deep_container_fingerprint

_rasas_features_fingerprint = Features.fingerprint
_rasas_token_fingerprint = Token.fingerprint


def sparse_digest(matrix: object) -> str:
    """MD5 of a sparse matrix's shape and its non-zero values with their positions, in the
    order Rasa's text form lists them (the matrix's COO order)."""
    coo = matrix.tocoo()  # type: ignore[attr-defined]
    digest = hashlib.md5(usedforsecurity=False)
    digest.update(np.asarray(coo.shape, dtype=np.int64).tobytes())
    digest.update(str(coo.data.dtype).encode())
    for array in (coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def features_fingerprint(self: Features) -> str:
    """`Features.fingerprint`, with a sparse matrix hashed as bytes."""
    if self._cached_fingerprint is None:
        if self.is_dense():
            return _rasas_features_fingerprint(self)
        self._cached_fingerprint = deep_container_fingerprint(
            [self.type, self.origin, self.attribute, sparse_digest(self.features)]
        )
    return self._cached_fingerprint


def token_fingerprint(self: Token) -> str:
    """`Token.fingerprint`, in one hash for a token without data."""
    if self.data:
        return _rasas_token_fingerprint(self)
    text = json.dumps(["token", self.text, self.start, self.end, self.lemma])
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def install() -> None:
    """Replace `Features.fingerprint` and `Token.fingerprint` (once)."""
    Features.fingerprint = features_fingerprint  # type: ignore[method-assign]
    Token.fingerprint = token_fingerprint  # type: ignore[method-assign]
