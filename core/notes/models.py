"""Pydantic models of a note: what clients send (NoteIn, NotePatch) and get back (Note)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Tag = Annotated[str, StringConstraints(min_length=1, max_length=50)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(max_length=10_000)]


class NoteIn(BaseModel):
    """A note as created (POST) or fully replaced (PUT); unknown fields are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Title
    description: Description = ""
    tags: list[Tag] = Field(default_factory=list, max_length=20)

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, tags: list[str]) -> list[str]:
        """Repeated tags mean nothing more; keep the first of each."""
        return list(dict.fromkeys(tags))


class NotePatch(BaseModel):
    """A JSON merge patch (RFC 7386) of a note; ``null`` resets a field to its default."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    description: Description | None = None
    tags: list[Tag] | None = Field(default=None, max_length=20)


class Note(BaseModel):
    """A stored note; ``version`` increases by one on every write."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    id: str
    title: str
    description: str
    tags: list[str]
    version: int
    created_at: datetime = Field(alias="createdAt")
    updated_at: datetime = Field(alias="updatedAt")

    def content(self) -> NoteIn:
        """The client-editable part of this note."""
        return NoteIn(title=self.title, description=self.description, tags=self.tags)

    def to_json(self) -> dict[str, object]:
        """The note as the API shows it (camelCase, ISO 8601 times)."""
        return self.model_dump(mode="json", by_alias=True)


class NotePage(BaseModel):
    """One page of notes and the cursor of the next page (``None`` on the last)."""

    items: list[Note]
    next: str | None
