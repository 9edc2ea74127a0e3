#!/bin/sh
# Print the path of a Python 3.10 interpreter (Rasa 3.6 supports Python <= 3.10).
# Order: $PYTHON, python3.10 on PATH (pyenv shims read .python-version), pyenv's 3.10.x,
# usual system locations.
for candidate in "${PYTHON:-}" python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python3.10 \
    /usr/local/bin/python3.10 /usr/bin/python3.10; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
cat >&2 <<'MSG'
ERROR: no Python 3.10 interpreter found. Signal PME runs on Rasa 3.6, which supports
Python 3.10 at most. Install one (for example `pyenv install 3.10`) or point the PYTHON
variable at it:  make run PYTHON=/path/to/python3.10
MSG
exit 1
