"""One small dialog per family of lifecycle actions (see `factory.dialog_for`)."""
