"""Storage: models, sessions, migrations, and every query of both databases (testimonies,
staff accounts, audit log, statistics; Rasa's tracker store in `tracker_events`)."""
