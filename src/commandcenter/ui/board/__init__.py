"""The case-dispatch board (issue 3)."""
