"""Code Rasa loads by class path, and what feeds its training data.

- `channels` – the guarded REST input channel (`credentials.yml`).
- `intent_override`, `story_intent`, `code_intent` – NLU components (`config.yml`).
- `tracker_store` – the SQL tracker store (`endpoints.yml`, `bot/endpoints_file.py`).
- `nlu_data` – generates `data/nlu/lookups.yml` from the taxonomy.
"""
