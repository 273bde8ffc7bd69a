"""Words of another language in both of ours, marked so that a screen reader says them in
that language (WCAG 2.1, 3.1.2 language of parts): in the report's text and in its charts."""

from __future__ import annotations

__all__ = ["LOANWORDS"]

#: The word as it is written -> its language (BCP 47).
LOANWORDS = {"Einzelgänger": "de"}
