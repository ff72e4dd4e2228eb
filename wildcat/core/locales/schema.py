"""The locale pack format: a market's product classes, their look-alikes in
other markets, the accessories that go with them and typical backgrounds.

A pack is a YAML file (see docs/locales.md and wildcat/locales/packs/). These
models check its structure; `wildcat.core.locales.validate` checks what refers to
what (parents, look-alikes, accessories) against the other packs.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

REF_SEP = ":"


class ClassRef(NamedTuple):
    """A class qualified by its market: `en-IN:kurti`. Class names are unique per locale only."""

    locale: str
    name: str

    def __str__(self) -> str:
        return f"{self.locale}{REF_SEP}{self.name}"

    @classmethod
    def parse(cls, text: str, default_locale: str) -> ClassRef:
        """'en-US:tunic' -> (en-US, tunic); a bare 'kurti' belongs to `default_locale`."""
        locale, sep, name = str(text).strip().rpartition(REF_SEP)
        return cls(locale if sep else default_locale, name.strip())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class LocaleClass(_Strict):
    """One product class as a market names it."""

    name: str = Field(description="slug used as the catalog category and in references, e.g. 'kurti', 'frock_coat'")
    title: str = Field("", description="display name, e.g. 'Frock coat'; defaults to the name")
    parent: str = Field(description="parent category, e.g. 'tops' (wildcat's taxonomy or the pack's `parents`)")
    synonyms: list[str] = Field(default_factory=list, description="other names shoppers and shops use, e.g. 'kameez'")
    description: str = Field("", description="what tells it apart, in words")
    accessories: list[str] = Field(
        default_factory=list, description="classes that go with it in this market; bare names or 'locale:name'"
    )
    demo_shape: str = Field("", description="built-in garment shape the demo generator draws for it; default = name")

    @property
    def display(self) -> str:
        return self.title or self.name.replace("_", " ")


class LookAlike(_Strict):
    """Two classes a network confuses: usually across markets (kurti vs tunic), sometimes within one."""

    class_: str = Field(alias="class", description="a class of this pack (bare name)")
    looks_like: str = Field(description="the class it is confused with: bare name (this pack) or 'locale:name'")
    cue: str = Field("", description="what tells them apart, for people and for the demo generator")


class LocalePack(_Strict):
    """A market: its locale id, classes, look-alikes and the backgrounds typical there."""

    locale: str = Field(description="BCP 47 locale id, language-REGION: 'en-IN', 'en-US'")
    name: str = Field(description="short human name, e.g. 'Indian apparel'")
    description: str = ""
    version: int = Field(1, description="bump when the classes change, so runs can tell packs apart")
    parents: dict[str, str] = Field(
        default_factory=dict, description="parent categories this pack adds to wildcat's taxonomy (name -> meaning)"
    )
    backgrounds: list[str] = Field(default_factory=list, description="background kinds typical of the market")
    classes: list[LocaleClass] = Field(min_length=1, description="the market's product classes")
    look_alikes: list[LookAlike] = Field(default_factory=list, description="confusable pairs (symmetric)")

    def class_names(self) -> list[str]:
        return [c.name for c in self.classes]

    def get(self, name: str) -> LocaleClass | None:
        return next((c for c in self.classes if c.name == name), None)

    def ref(self, name: str) -> ClassRef:
        return ClassRef(self.locale, name)
