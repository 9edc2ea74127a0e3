"""Flask web app: the public chat page and its widget (`public`), the staff app (`staff`)."""
