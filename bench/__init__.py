"""`make bench`: what users feel and what servers cost, side by side with yardsticks
generated on the spot (`python -m bench`, `python -m bench --smoke` in CI)."""
