"""Public side of the web app: the chat page and the JSON chat API used by the widget."""

from bot.web.public.views import blueprint

__all__ = ["blueprint"]
