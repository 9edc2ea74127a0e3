"""Optional modules that Rasa's dependencies try to import and the server never uses,
kept out of its memory.

TensorFlow 2.12, which Rasa 3.6 imports on its way to the agent, tries `from jax import
xla_computation` in `tensorflow.lite.python.util` (to convert JAX models to TFLite) and
carries on without it when the import fails. With jax installed (TensorFlow requires it),
that line loads jax and jaxlib: 71 MB of the Rasa server's resident memory and 0.7 s of its
start (docs/measurements.md). Marked absent in `sys.modules`, jax fails to import as if it
were not installed, and nothing Rasa runs needs it.
"""

from __future__ import annotations

import sys

UNUSED = ("jax",)


def keep_out() -> None:
    """Make `import jax` fail in this process, unless it is already imported."""
    for name in UNUSED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
