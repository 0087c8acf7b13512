"""Question and passage language, kept for its importers: the rules live in ingest.text."""

from __future__ import annotations

from ingest.text import detect_language, language_of_text

__all__ = ["detect_language", "language_of_text"]
