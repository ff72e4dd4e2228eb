"""The shared vocabulary packs are checked against: parent categories,
background kinds and the shape of a locale id.

A pack may add parent categories of its own (its `parents:` section), so this
list only has to hold what most shops share; its job is to catch typos.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

#: Parent categories every pack may use, with what belongs there.
PARENT_CATEGORIES: dict[str, str] = {
    "tops": "upper-body garments worn over the torso: shirts, tunics, kurtis",
    "dresses": "one-piece garments from shoulder to hem: dresses, gowns, anarkalis",
    "bottoms": "lower-body garments: trousers, skirts, salwars, lungis",
    "outerwear": "coats and jackets worn over other clothes: frock coats, sherwanis",
    "drapes": "unstitched lengths of cloth worn wrapped or draped: sarees, dupattas, scarves",
    "footwear": "shoes, sandals, juttis",
    "jewellery": "bangles, earrings, necklaces",
    "cosmetics": "bindis, kajal and other body adornments",
    "bags": "handbags, clutches, potlis",
    "accessories": "belts, hats and other small add-ons",
    "headwear": "hats, caps, turbans, pagdis",
    "underwear": "innerwear and nightwear",
}

#: Background kinds a pack may list as typical of its market. The demo data
#: generator (synth.garments) draws each of them.
BACKGROUND_KINDS: dict[str, str] = {
    "street": "a street: road, pavement, building fronts, sky",
    "market": "an open-air market: stalls with coloured awnings and crowded goods",
    "home": "a room at home: painted wall, floor, furniture",
    "shop": "inside a clothes shop: shelves and racks",
    "park": "a park or garden: grass, trees, sky",
    "wall": "a plain or patterned wall close behind the subject",
}

#: language[-Script][-REGION], as in BCP 47: en-IN, hi-IN, ta-IN, sr-Latn-RS, es-419.
LOCALE_ID = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
#: Class names are used as folder names and in references: lower-case slugs.
CLASS_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def is_locale_id(text: str) -> bool:
    return bool(LOCALE_ID.match(text))


def locale_id_fix(text: str) -> str:
    """How to correct a bad locale id, with a guess where the mistake is common (en_in, EN-in)."""
    parts = re.split(r"[-_]", text.strip())
    if len(parts) == 2 and parts[0].isalpha() and parts[1].isalpha():
        guess = f"{parts[0].lower()}-{parts[1].upper()}"
        if is_locale_id(guess):
            return f"write it as '{guess}' (language in lower case, a hyphen, region in upper case)"
    return "use language-REGION as in BCP 47, e.g. 'en-IN', 'hi-IN', 'en-US'"


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
