"""Dock panel and dialogs (ui → processing → core)."""
