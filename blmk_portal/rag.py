"""The RAG vocabulary every app shares: delivery status, its tag, and how its word reads in a sentence.

A status is never shown by colour alone: the tag's text is the word, and the colour only repeats it.
"""

from __future__ import annotations

from django.db import models


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"
    GREY = "grey", "Grey (not reported)"


TAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green", Rag.BLUE: "blue", Rag.GREY: "grey"}


def rag_tag(rag: Rag | str | None) -> dict[str, str]:
    """An NHS tag whose text is the status word (None, never reported, reads Grey)."""
    rag = Rag(rag) if rag else Rag.GREY
    return {"text": rag.label, "classes": f"nhsuk-tag--{TAG_COLOURS[rag]}"}


def with_article(word: str) -> str:
    """ "an Amber", "a Red": the article a reader expects before a status word."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
