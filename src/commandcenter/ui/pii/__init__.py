"""Personal-information UI: the reveal dialog (issue 8)."""
