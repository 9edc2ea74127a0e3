"""Rasa NLU component: Rasa's `CountVectorsFeaturizer`, computing only the sentence features.

Rasa's featurizer transforms each message twice: every token on its own (the sequence
features, one row per token) and the whole text (the sentence features). The only reader
of features in this pipeline is the intent classifier
(`bot.rasa_plugins.sentence_classifier`), and it reads the sentence features alone; the
sequence features were computed at every message and never read (about half of the
featurizers' 6 % of the Rasa server's time under load, docs/measurements.md). This
subclass computes the sentence features exactly as Rasa does and leaves the sequence
features out, so the classifier's input, the trained model and its predictions are the
same (`tests/unit/test_sentence_featurizer.py`).
"""

from __future__ import annotations

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)

_Rows = list[scipy.sparse.spmatrix | None]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    """`CountVectorsFeaturizer` without the sequence features nobody reads."""

    def _create_features(self, attribute: str, all_tokens: list[list[str]]) -> tuple[_Rows, _Rows]:
        """Rasa's sentence features (made for the text, responses and action texts only);
        no sequence features."""
        if attribute not in DENSE_FEATURIZABLE_ATTRIBUTES or not self.vectorizers.get(attribute):
            return [None] * len(all_tokens), [None] * len(all_tokens)
        sentences: _Rows = []
        for tokens in all_tokens:
            if not tokens:
                sentences.append(None)
                continue
            sentence = self.vectorizers[attribute].transform([" ".join(tokens)])
            sentence.sort_indices()
            sentences.append(sentence.tocoo())
        return [None] * len(all_tokens), sentences
