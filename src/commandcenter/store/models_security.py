"""Accounts, sign-in attempts and the hash-chained audit log (issue 8; filled by its helper)."""

from __future__ import annotations

from commandcenter.store.models import Base  # noqa: F401
