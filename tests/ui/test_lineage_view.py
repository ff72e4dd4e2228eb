"""A lineage by heading, and its source images shown only from allowed folders."""

from __future__ import annotations

import os

from wildcat.core.manifest import Sample, inside
from wildcat.ui.lineage_view import lineage_sections, source_images

from tests.conftest import product_image


def composite(lineage: dict) -> Sample:
    return Sample(
        sample_id="cutpaste/a/00000",
        path="images/a.jpg",
        product_id="a",
        domain="synthetic",
        generator="cutpaste",
        lineage=lineage,
    )


def test_sections_group_known_keys_and_keep_the_rest():
    lineage = {
        "background": {"kind": "room"},
        "layout": "hero",
        "instances": [],
        "blend": "poisson",
        "effects": {"jpeg_quality": 90},
        "seed": 3,
        "index": 0,
        "sources": ["x"],
        "skipped": {},
    }
    sections = lineage_sections(lineage)
    assert list(sections) == ["background", "pose", "blend", "effects", "seed", "other"]
    assert sections["pose"] == {"layout": "hero", "instances": []} and sections["other"] == {
        "sources": ["x"],
        "skipped": {},
    }
    assert lineage_sections({}) == {}


def test_sources_hero_first_and_only_inside_the_allowed_folders(tmp_path):
    allowed, elsewhere = tmp_path / "ws", tmp_path / "elsewhere"
    allowed.mkdir()
    elsewhere.mkdir()
    for folder in (allowed, elsewhere):
        product_image((200, 0, 0), 16).save(folder / "fg.png")
    (allowed / "link.png").symlink_to(elsewhere / "fg.png")  # a link out of the workspace is outside too
    lineage = {
        "sources": [
            str(elsewhere / "fg.png"),
            str(allowed / "fg.png"),
            str(allowed / "link.png"),
            str(allowed / "gone.png"),
            str(allowed / "fg.png") + "#whole",
        ],  # the compositor's view of a file: produce shown whole
        "instances": [
            {"source": 0, "product": "b", "role": "distractor"},
            {"source": 1, "product": "a", "role": "hero"},
            {"source": 2, "product": "c", "role": "distractor"},
            {"source": 3, "product": "d", "role": "distractor"},
            {"source": 4, "product": "e", "role": "distractor"},
        ],
        "asset": {"source": str(allowed / "model.glb"), "kind": "model"},
    }
    found = source_images(composite(lineage), [allowed])
    assert [(s.label, s.showable) for s in found] == [
        ("hero foreground (hero)", True),
        ("distractor: b", False),
        ("distractor: c", False),
        ("distractor: d", False),
        ("distractor: e, shown whole", True),
        ("render asset (model)", False),
    ]
    assert found[4].path == str(allowed / "fg.png")
    assert "outside the workspace" in found[1].note and "outside the workspace" in found[2].note
    assert "no longer exists" in found[3].note and "not an image" in found[5].note


def test_inside_resolves_dot_dot(tmp_path):
    assert inside(tmp_path / "a" / "b.png", tmp_path)
    assert not inside(tmp_path / "a" / ".." / ".." / "etc" / "passwd", tmp_path)
    assert not inside(os.sep + "etc" + os.sep + "passwd", tmp_path)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")  # a symlink loop is nowhere, not a crash
    assert not inside(tmp_path / "loop" / "x.png", tmp_path)
