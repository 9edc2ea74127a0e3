"""Base of our Rasa NLU components that replace the classifier's intent by a rule.

A subclass says, for a message's text and the intent the classifier chose, which intent
to set instead (or None to leave it); the new intent goes first in the ranking.
Subclasses register themselves with `DefaultV1Recipe.register` (this base does not, so that
Rasa never sees it as a component of its own).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class IntentOverride(GraphComponent):
    """Sets `override(text, intent)` as the intent, with `confidence`, when not None."""

    confidence: float = 1.0

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentOverride:
        return cls()

    def override(self, text: str, intent: str | None) -> str | None:
        """The intent to set instead of `intent`, or None."""
        raise NotImplementedError

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get("text") or ""
            new = self.override(text, (message.get("intent") or {}).get("name"))
            if new is None:
                continue
            ranking = [r for r in message.get("intent_ranking") or [] if r["name"] != new]
            top = {"name": new, "confidence": self.confidence}
            message.set("intent", top, add_to_output=True)
            message.set("intent_ranking", [top, *ranking], add_to_output=True)
        return messages
