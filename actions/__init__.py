"""Rasa custom actions: thin glue between rasa_sdk and the `bot` package."""
