import numpy as np
import pytest

from wildcat.eval.audit.findings import AuditData, Listing, duplicates, wrong_images
from wildcat.eval.audit.metrics import pr_auc
from wildcat.eval.audit.titles import TextSimilarity, predicted_image_vectors


def _unit(v) -> np.ndarray:
    v = np.asarray(v, np.float32)
    return v / np.linalg.norm(v)


def _data(vectors: dict[str, list], texts: dict[str, str] | None = None) -> AuditData:
    """Listings whose images have the given vectors (image paths 'pid/j')."""
    listings, by_path = [], {}
    for pid, vecs in vectors.items():
        paths = tuple(f"{pid}/{j}" for j in range(len(vecs)))
        title = (texts or {}).get(pid, pid)
        listings.append(Listing(pid, title, title, "c", paths))
        by_path.update({p: _unit(v) for p, v in zip(paths, vecs, strict=True)})
    return AuditData.of(listings, by_path)


def test_an_image_of_another_listing_scores_highest_and_names_that_listing():
    data = _data(
        {
            "apple": [[1, 0, 0.1], [1, 0.05, 0], [0.1, 1, 0]],  # its third image looks like the pear
            "pear": [[0, 1, 0.05], [0.05, 1, 0]],
            "milk": [[0, 0, 1], [0.1, 0, 1]],
        }
    )
    found = sorted(wrong_images(data), key=lambda f: -f.score)
    assert (found[0].image, found[0].other_product) == ("apple/2", "pear")
    assert found[0].score > 0.5 > max(f.score for f in found[1:])
    assert "move it to pear" in found[0].fix


def test_the_title_branch_judges_a_single_image_listing():
    # each listing has one image; "green apple" shows a carton. Images alone cannot tell which is wrong; the titles,
    # mapped to what other listings with those words look like, can.
    vectors = {
        "a1": [[1, 0.1, 0]], "a2": [[1, 0, 0.1]], "a3": [[1, 0.05, 0.05]], "a4": [[1, 0.1, 0.1]],
        "m1": [[0, 0, 1]], "m2": [[0.1, 0, 1]], "m3": [[0, 0.1, 1]], "m4": [[0.05, 0.05, 1]],
        "wrong": [[0.02, 0.02, 1]],
    }  # fmt: skip
    texts = {f"a{i}": f"crisp apple variety {i}" for i in range(1, 5)}
    texts |= {f"m{i}": f"carton of milk brand {i}" for i in range(1, 5)}
    texts["wrong"] = "crisp apple green"
    data = _data(vectors, texts)
    means = data.vectors  # one image a listing: its vector is the listing's mean
    titles = predicted_image_vectors([lst.text for lst in data.listings], means, np.random.default_rng(0))
    with_titles = {f.product_id: f.score for f in wrong_images(data, titles)}
    assert max(with_titles, key=with_titles.get) == "wrong"
    sims = TextSimilarity([lst.text for lst in data.listings])
    assert sims[0, 1] > sims[0, 4]  # apple titles are nearer each other than an apple and a milk title


def test_a_listing_listed_twice_is_the_top_duplicate_pair_and_titles_help():
    vectors = {"shoe": [[1, 0, 0], [1, 0.2, 0]], "shoe-again": [[1, 0.1, 0.05]], "boot": [[1, 0.3, 0.2]],
               "hat": [[0, 0, 1]]}  # fmt: skip
    texts = {"shoe": "Red running shoe", "shoe-again": "running shoe red", "boot": "Hiking boot", "hat": "Hat"}
    data = _data(vectors, texts)
    image_only = sorted(duplicates(data, None, k=3), key=lambda f: -f.score)
    assert {image_only[0].product_id, image_only[0].other_product} == {"shoe", "shoe-again"}
    with_text = sorted(duplicates(data, TextSimilarity(list(texts.values())), k=3), key=lambda f: -f.score)
    gap = lambda fs: fs[0].score - fs[1].score  # noqa: E731
    assert gap(with_text) > gap(image_only)  # the rephrased title widens the margin
    assert len({frozenset((f.product_id, f.other_product)) for f in image_only}) == len(image_only)  # each pair once


def test_pr_auc_of_perfect_random_and_degenerate_rankings():
    rng = np.random.default_rng(0)
    labels = np.array([1, 1, 0, 0, 0, 0, 0, 0])
    perfect = pr_auc(labels, np.arange(8)[::-1].astype(float), rng, n_resamples=100)
    assert perfect["value"] == 1.0 and perfect["chance"] == 0.25 and perfect["lo"] <= 1.0
    worst = pr_auc(labels, np.arange(8).astype(float), rng, n_resamples=100)
    assert worst["value"] < 0.3
    assert np.isnan(pr_auc(np.zeros(4), np.arange(4.0), rng, 10)["value"])  # no error: nothing to find
    assert pr_auc(labels, np.arange(8.0), rng, 10)["items"] == 8 == pytest.approx(8)


def test_variants_of_a_family_are_not_wrong_images_or_duplicates_and_a_swap_names_the_sibling():
    from wildcat.eval.audit.findings import colour_findings
    from wildcat.segment import ColourVocabulary, dominant_colours

    vectors = {"sofa-navy": [[1, 0.02, 0]], "sofa-pink": [[1, 0, 0.02]], "lamp": [[0, 1, 0]], "vase": [[0, 0, 1]]}
    data = _data(vectors, {"sofa-navy": "Sofa Navy", "sofa-pink": "Sofa Pale Pink"})
    family = {"sofa-navy": "sofa", "sofa-pink": "sofa"}
    data.listings = [Listing(x.product_id, x.title, x.text, x.category, x.images, family.get(x.product_id, ""))
                     for x in data.listings]  # fmt: skip
    wrong = {f.product_id: f for f in wrong_images(data)}
    assert wrong["sofa-navy"].other_product != "sofa-pink"  # its sibling is no evidence against it
    assert not any({f.product_id, f.other_product} == {"sofa-navy", "sofa-pink"} for f in duplicates(data, None, 3))
    # the navy listing shows the pink sofa: the colour check says so and names the sibling to swap with
    pink = np.zeros((40, 40, 4), np.uint8)
    pink[..., :3], pink[..., 3] = (240, 150, 180), 255
    navy = pink.copy()
    navy[..., :3] = (20, 30, 90)
    rng = np.random.default_rng(0)
    dominant = {"sofa-navy": dominant_colours(pink, rng), "sofa-pink": dominant_colours(navy, rng)}
    found = {f.product_id: f for f in colour_findings(data.listings, dominant, ColourVocabulary.seeded())}
    assert found["sofa-navy"].evidence["fits_sibling"] == "sofa-pink" and "swap their images" in found["sofa-navy"].fix


def test_a_listing_with_nothing_outside_it_gets_no_wrong_image_finding():
    alone = _data({"a": [[1, 0, 0], [0, 1, 0]]})
    assert wrong_images(alone) == []  # no other listing: nothing says an image belongs elsewhere
    fam = _data({"a": [[1, 0, 0]], "b": [[0.9, 0.1, 0]]})
    fam.listings = [Listing(x.product_id, x.title, x.text, x.category, x.images, "f") for x in fam.listings]
    assert wrong_images(fam) == []  # only siblings: no evidence either
