"""The intent classifier's input, built in one step, is the matrix Rasa builds."""

from __future__ import annotations

import numpy as np
import scipy.sparse
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from sklearn.linear_model import LogisticRegression

from bot.rasa_plugins.sentence_classifier import SentenceFeaturesLogisticRegression

_WIDTHS = (3, 7, 40, 1)  # one width per featurizer, as in a trained pipeline
_ORIGINS = ("RegexFeaturizer", "LexicalSyntacticFeaturizer", "CountVectors1", "CountVectors2")


@st.composite
def messages(draw: st.DrawFn) -> list[Message]:
    """Messages carrying sparse sequence and sentence features of several featurizers, in a
    drawn order, sometimes with features of another attribute."""
    count = draw(st.integers(min_value=1, max_value=4))
    order = draw(st.permutations(range(len(_WIDTHS))))
    made = []
    for index in range(count):
        tokens = draw(st.integers(min_value=1, max_value=5))
        message = Message(data={TEXT: f"message {index}"})
        for featurizer in order:
            width, origin = _WIDTHS[featurizer], _ORIGINS[featurizer]
            seed = draw(st.integers(min_value=0, max_value=2**16))
            density = draw(st.sampled_from([0.0, 0.2, 0.7]))
            for kind, rows in ((FEATURE_TYPE_SEQUENCE, tokens), (FEATURE_TYPE_SENTENCE, 1)):
                matrix = scipy.sparse.random(
                    rows, width, density=density, format="coo", random_state=seed
                )
                if draw(st.booleans()):
                    matrix = scipy.sparse.coo_matrix(np.rint(matrix.toarray() * 5).astype(int))
                message.features.append(Features(matrix, kind, TEXT, origin))
        if draw(st.booleans()):
            other = scipy.sparse.coo_matrix(np.ones((1, 2)))
            message.features.append(Features(other, FEATURE_TYPE_SENTENCE, "action_text", "x"))
        made.append(message)
    return made


@settings(max_examples=200, deadline=None)
@given(batch=messages())
def test_the_input_matrix_is_rasas(batch: list[Message]) -> None:
    ours = SentenceFeaturesLogisticRegression._create_X(None, batch)  # type: ignore[arg-type]
    rasas = LogisticRegressionClassifier._create_X(None, batch)  # type: ignore[arg-type]
    assert ours.shape == rasas.shape
    assert ours.dtype == rasas.dtype
    assert (ours != rasas).nnz == 0
    # the same probabilities to the last bit (the sums run in the same order)
    classifier = LogisticRegression()
    rng = np.random.default_rng(len(batch))
    classifier.coef_ = np.asfortranarray(rng.normal(size=(3, ours.shape[1])))
    classifier.intercept_ = rng.normal(size=3)
    classifier.classes_ = np.array(["a", "b", "c"])
    for message in batch:  # one message, as when answering: a row of its own
        alone = SentenceFeaturesLogisticRegression._create_X(None, [message])  # type: ignore[arg-type]
        rasas_alone = LogisticRegressionClassifier._create_X(None, [message])  # type: ignore[arg-type]
        assert (alone != rasas_alone).nnz == 0 and alone.shape == rasas_alone.shape
        assert np.array_equal(
            classifier.predict_proba(alone), classifier.predict_proba(rasas_alone)
        )
    assert np.array_equal(classifier.predict_proba(ours), classifier.predict_proba(rasas))


def test_dense_sentence_features_are_left_to_rasa() -> None:
    message = Message(data={TEXT: "bonjour"})
    message.features.append(
        Features(scipy.sparse.coo_matrix(np.ones((1, 3))), FEATURE_TYPE_SENTENCE, TEXT, "a")
    )
    message.features.append(Features(np.full((1, 2), 0.5), FEATURE_TYPE_SENTENCE, TEXT, "b"))
    ours = SentenceFeaturesLogisticRegression._create_X(None, [message])  # type: ignore[arg-type]
    assert ours.toarray().tolist() == [[1.0, 1.0, 1.0, 0.5, 0.5]]


def test_predictions_are_unchanged_by_the_weights_layout() -> None:
    features = scipy.sparse.random(60, 50, density=0.2, format="csr", random_state=4)
    labels = [f"intent_{i % 4}" for i in range(60)]
    fitted = LogisticRegression(max_iter=200).fit(features, labels)
    expected = fitted.predict_proba(features[:5])
    component = SentenceFeaturesLogisticRegression.__new__(SentenceFeaturesLogisticRegression)
    component.clf, component.config = fitted, {"ranking_length": 10}
    message = Message(data={TEXT: "bonjour"})
    row = scipy.sparse.coo_matrix(features[:1])
    message.features.append(Features(row, FEATURE_TYPE_SENTENCE, TEXT, "a"))
    (done,) = component.process([message])
    assert component.clf.coef_.flags["F_CONTIGUOUS"]
    assert component.clf.predict_proba(features[:5]).tolist() == expected.tolist()
    ranking = {entry["name"]: entry["confidence"] for entry in done.get("intent_ranking")}
    assert [ranking[name] for name in fitted.classes_] == expected[0].tolist()
