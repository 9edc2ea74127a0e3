"""The count-vector featurizer that makes only sentence features
(bot/rasa_plugins/sentence_featurizer.py) makes Rasa's sentence features, word by word and
character by character, trained on this project's NLU data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.sentence_featurizer import SentenceCountVectorsFeaturizer

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {  # as in config.yml
    "words": {"lowercase": True},
    "characters": {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5, "lowercase": True},
}


def _tokenizer(storage: LocalModelStorage) -> WhitespaceTokenizer:
    context = ExecutionContext(GraphSchema({}), "test")
    return WhitespaceTokenizer.create(
        WhitespaceTokenizer.get_default_config(), storage, Resource("tokens"), context
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Rasa's featurizer and ours, each trained on the project's NLU data, per config."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    context = ExecutionContext(GraphSchema({}), "test")
    data = load_data(str(ROOT / "data" / "nlu"))
    tokenizer = _tokenizer(storage)
    tokenizer.process_training_data(data)
    pairs = {}
    for name, config in CONFIGS.items():
        made = []
        for cls in (CountVectorsFeaturizer, SentenceCountVectorsFeaturizer):
            component = cls.create(
                {**cls.get_default_config(), **config},
                storage,
                Resource(f"{name}-{cls.__name__}"),
                context,
            )
            component.train(data)
            made.append(component)
        pairs[name] = made
    return {"pairs": pairs, "tokenizer": tokenizer}


def _features(component: CountVectorsFeaturizer, tokenizer: WhitespaceTokenizer, text: str):
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    component.process([message])
    return {
        kind: [f.features for f in message.features if f.type == kind and f.attribute == TEXT]
        for kind in (FEATURE_TYPE_SEQUENCE, FEATURE_TYPE_SENTENCE)
    }


TEXTS = [
    "Amazon a suspendu mon compte vendeur sans prévenir",
    "cdiscount me retient 4 300 € depuis le 3 mars",
    "je prefere rester anonyme",
    "😡😡 <b>rien</b> ' OR 1=1 --",
    "",
]


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.sampled_from(TEXTS), st.text(max_size=60)))
def test_the_sentence_features_are_rasas_and_there_is_no_sequence(trained: dict, text: str) -> None:
    tokenizer = trained["tokenizer"]
    for rasas, ours in trained["pairs"].values():
        expected = _features(rasas, tokenizer, text)
        got = _features(ours, tokenizer, text)
        assert got[FEATURE_TYPE_SEQUENCE] == []
        pairs = zip(got[FEATURE_TYPE_SENTENCE], expected[FEATURE_TYPE_SENTENCE], strict=True)
        for mine, theirs in pairs:
            assert mine.shape == theirs.shape and mine.dtype == theirs.dtype
            assert (mine.tocsr() != theirs.tocsr()).nnz == 0
