"""`python -m bot.rasa_entry ARGS…`: Rasa's command line (`rasa ARGS…`), with `skops`
imported before Rasa.

Rasa saves and loads the logistic-regression intent classifier with `skops`, whose first
import lists scikit-learn's public types by looking each one up in every loaded module.
Imported after Rasa and TensorFlow (5 800 modules), that took 9.3 s, half of the Rasa
server's start-up; imported first, 1.5 s (docs/measurements.md). The stack's own server
(`bot.rasa_server`) does the same. Training, tests and validation of this project go
through here; the yardstick bots of `make bench` run the `rasa` executable as shipped.

It also computes the training cache's fingerprints of tokens and features faster
(`bot/rasa_plugins/cache_fingerprints.py`), and runs the test stories (`rasa test core`)
with the server's own speed-ups (`bot/rasa_plugins/speedups.py`), so that they check the
dialogue as the server runs it. Like the server, it keeps jax out of the process
(`bot/unused_modules.py`).
"""

from __future__ import annotations

import sys

from bot import unused_modules

unused_modules.keep_out()  # before TensorFlow: jax stays out (bot/unused_modules.py)

import skops.io  # noqa: E402, F401 - before Rasa: see above

# isort: split
from rasa.__main__ import main  # noqa: E402

from bot.rasa_plugins import cache_fingerprints, speedups  # noqa: E402

if __name__ == "__main__":
    cache_fingerprints.install()  # training: the cache's fingerprints, faster
    if sys.argv[1:3] == ["test", "core"]:  # test stories: the dialogue as the server runs it
        speedups.install()
    main()
