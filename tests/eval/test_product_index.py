import numpy as np
import pytest

import wildcat.eval.product_index as product_index_module
from wildcat.eval.index import IndexSpec
from wildcat.eval.index_file import KEY_ENV, IndexFileError
from wildcat.eval.product_index import ProductIndex

from tests.eval.helpers import row

KINDS = [IndexSpec(kind="flat"), IndexSpec(kind="hnsw"), IndexSpec(kind="ivfpq", nlist=8, pq_m=4, nprobe=8, refine=4)]


def _gallery(n_products: int = 300, images: int = 2, d: int = 16):
    rng = np.random.default_rng(0)
    rows, vecs = [], []
    for p in range(n_products):
        centre = rng.standard_normal(d)
        for i in range(images):
            v = centre + 0.1 * rng.standard_normal(d)
            vecs.append(v / np.linalg.norm(v))
            rows.append(
                row(f"p{p}/{i}", f"p{p}", category=f"cat{p % 5}", locale="sv" if p % 3 else "en", domain="catalog")
            )
    return np.array(vecs, np.float32), rows


@pytest.mark.parametrize("spec", KINDS, ids=lambda s: s.kind)
def test_product_with_several_images_is_listed_once_at_its_best_image(spec):
    vecs, rows = _gallery()
    pindex = ProductIndex.build(vecs, rows, spec, np.random.default_rng(0))
    hits = pindex.search(vecs[7], k=5)[0]  # image 1 of product p3
    assert hits[0].product_id == "p3" and hits[0].sample_id == "p3/1"
    assert len({h.product_id for h in hits}) == len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("spec", KINDS, ids=lambda s: s.kind)
@pytest.mark.parametrize("exact_below", [0, 10**9], ids=["selector", "exact-subset"])
def test_filtered_search_returns_only_allowed_items(spec, exact_below, monkeypatch):
    monkeypatch.setattr(product_index_module, "EXACT_BELOW", exact_below)
    vecs, rows = _gallery()
    pindex = ProductIndex.build(vecs, rows, spec, np.random.default_rng(0))
    queries = vecs[::37]
    for where in ({"category": "cat2"}, {"locale": "en"}, {"category": ["cat1", "cat4"], "locale": "sv"}):
        allowed = set(
            np.flatnonzero(
                [all(getattr(r, f) in ([v] if isinstance(v, str) else v) for f, v in where.items()) for r in rows]
            )
        )
        allowed_products = {rows[i].product_id for i in allowed}
        for hits in pindex.search(queries, k=10, where=where):
            assert len(hits) == 10
            assert {h.product_id for h in hits} <= allowed_products
    # A query that is itself allowed finds itself first, however selective the filter.
    hits = pindex.search(vecs[2 * 15], k=3, where={"category": "cat0"})[0]  # product p15 is in cat0
    assert hits[0].product_id == "p15"


def test_a_product_with_many_images_near_the_query_still_leaves_k_products():
    """The fetch depth comes from the most images one product has (counted once, at build): a product whose
    twelve near-identical images all outrank the rest must not crowd the others out of the k results."""
    vecs, rows = _gallery(n_products=40, images=1)
    crowd = np.repeat(vecs[:1], 12, axis=0)
    crowd_rows = [row(f"p0/extra{i}", "p0", category="cat0", domain="catalog") for i in range(12)]
    pindex = ProductIndex.build(np.vstack([vecs, crowd]), rows + crowd_rows, KINDS[0], np.random.default_rng(0))
    assert pindex.n_products == 40
    hits = pindex.search(vecs[0], k=5)[0]
    assert hits[0].product_id == "p0" and len({h.product_id for h in hits}) == 5
    # filtered to the crowded category, the depth is that category's own most images
    hits = pindex.search(vecs[0], k=3, where={"category": "cat0"})[0]
    assert [h.product_id for h in hits][:1] == ["p0"] and len(hits) == 3


def test_filter_on_an_unknown_field_is_an_error():
    vecs, rows = _gallery(20)
    pindex = ProductIndex.build(vecs, rows, IndexSpec(), np.random.default_rng(0))
    with pytest.raises(KeyError, match="colour"):
        pindex.search(vecs[0], where={"colour": "red"})


@pytest.mark.parametrize("spec", KINDS, ids=lambda s: s.kind)
def test_save_and_load_round_trip(spec, tmp_path):
    vecs, rows = _gallery()
    pindex = ProductIndex.build(vecs, rows, spec, np.random.default_rng(0), checkpoint_hash="ck-1")
    path = pindex.save(tmp_path / "catalog.index")
    loaded = ProductIndex.load(path)
    assert loaded.spec == pindex.spec and loaded.checkpoint_hash == "ck-1" and loaded.meta == pindex.meta
    # the spec as built: the asked one, with the search knob tuning chose and the recall it reached
    tuned = {"ef_search", "nprobe", "tuned_recall"}
    assert pindex.spec.model_dump(exclude=tuned) == spec.model_dump(exclude=tuned)
    assert loaded.search(vecs[:20], 5) == pindex.search(vecs[:20], 5)
    assert loaded.search(vecs[:5], 5, {"category": "cat1"}) == pindex.search(vecs[:5], 5, {"category": "cat1"})


@pytest.fixture
def saved(tmp_path):
    vecs, rows = _gallery(30)
    return ProductIndex.build(vecs, rows, IndexSpec(), np.random.default_rng(0)).save(tmp_path / "a.index")


@pytest.mark.parametrize("where", [0.5, 0.99, 40])  # fraction of the file (faiss payload, tag) or byte offset (header)
def test_a_tampered_index_is_refused(saved, where):
    data = bytearray(saved.read_bytes())
    pos = int(where * len(data)) if where < 1 else where
    data[pos] ^= 0x01
    saved.write_bytes(bytes(data))
    with pytest.raises(IndexFileError, match="integrity check"):
        ProductIndex.load(saved)


def test_truncated_and_foreign_files_are_refused(saved, tmp_path):
    saved.write_bytes(saved.read_bytes()[:-100])
    with pytest.raises(IndexFileError, match="integrity check"):
        ProductIndex.load(saved)
    import faiss

    raw = tmp_path / "raw.faiss"
    faiss.write_index(faiss.IndexFlatIP(4), str(raw))  # a valid faiss file, but not one wildcat signed
    with pytest.raises(IndexFileError, match="not an index file written by wildcat"):
        ProductIndex.load(raw)


def test_a_deployment_key_must_match(saved, monkeypatch, tmp_path):
    monkeypatch.setenv(KEY_ENV, "shop-secret")
    with pytest.raises(IndexFileError, match="WILDCAT_INDEX_KEY"):
        ProductIndex.load(saved)
    vecs, rows = _gallery(30)
    keyed = ProductIndex.build(vecs, rows, IndexSpec(), np.random.default_rng(0)).save(tmp_path / "keyed.index")
    assert len(ProductIndex.load(keyed)) == 60


@pytest.mark.parametrize(
    ("header", "sections"),
    [
        ({"kind": "wildcat.eval.ProductIndex", "spec": {"kind": "flat"}}, {"meta": b"x", "faiss": b"not faiss bytes"}),
        ({"kind": "wildcat.eval.ProductIndex"}, {"meta": b"x", "faiss": b"\x00" * 64}),
    ],
)
def test_a_forged_file_signed_with_the_public_key_is_a_clear_error(tmp_path, header, sections):
    from wildcat.eval.index_file import write_signed

    write_signed(tmp_path / "forged.idx", header, sections)
    with pytest.raises(IndexFileError, match="passed its signature check but its contents cannot be read"):
        ProductIndex.load(tmp_path / "forged.idx")


def test_allowed_rows_of_a_product_list_match_a_plain_comparison():
    vecs, rows = _gallery(n_products=50)
    pindex = ProductIndex.build(vecs, rows, IndexSpec(kind="flat"), np.random.default_rng(0))
    wanted = ["p3", "p49", "p0", "p10", "nope", "p3", ""]  # repeats and ids the index does not hold
    expected = [i for i, r in enumerate(rows) if r.product_id in wanted]
    assert pindex.allowed_rows({"product_id": wanted}).tolist() == expected
    assert pindex.allowed_rows({"product_id": ["zzz"]}).tolist() == []  # past the last product
    both = pindex.allowed_rows({"product_id": wanted, "category": "cat0"}).tolist()
    assert both == [i for i in expected if rows[i].category == "cat0"]


@pytest.mark.parametrize("spec", KINDS[:2], ids=lambda s: s.kind)
@pytest.mark.parametrize("where", [None, {"category": "cat1"}], ids=["all", "filtered"])
def test_a_hub_corrected_index_scores_each_image_less_its_pull_on_the_reference(spec, where, tmp_path):
    vecs, rows = _gallery(n_products=40)
    rng = np.random.default_rng(1)
    reference = rng.standard_normal((25, vecs.shape[1])).astype(np.float32)
    pindex = ProductIndex.build(vecs, rows, spec, np.random.default_rng(0), reference=reference)
    assert pindex.hub_correction == {"reference_images": 25, "k": 50} and pindex.index.d == vecs.shape[1] + 1
    r = reference @ vecs.T  # k 50 > 25 photos: r_j is the mean over all of them
    expected = vecs[5] @ vecs.T - r.mean(axis=0)
    allowed = np.flatnonzero([s.category == "cat1" for s in rows]) if where else np.arange(len(rows))
    best = allowed[np.argmax(expected[allowed])]
    again = ProductIndex.load(pindex.save(tmp_path / "hub.index"))
    for index in (pindex, again):  # the correction travels with the file: queries keep their plain vectors
        hit = index.search(vecs[5], k=3, where=where)[0][0]
        assert (hit.sample_id, round(hit.score, 4)) == (rows[best].sample_id, round(float(expected[best]), 4))
    assert again.hub_correction == pindex.hub_correction
    means = again.product_vectors()  # what a product looks like, without its hub score
    assert means["p0"].shape == (vecs.shape[1],)
    np.testing.assert_allclose(means["p0"], (vecs[0] + vecs[1]) / np.linalg.norm(vecs[0] + vecs[1]), atol=1e-5)


@pytest.mark.parametrize("spec", KINDS[:2], ids=lambda s: s.kind)
def test_an_l2_models_index_ranks_by_distance_as_its_evaluation_does(spec, tmp_path):
    rng = np.random.default_rng(2)
    vecs = (rng.standard_normal((60, 8)) * rng.uniform(0.2, 3.0, (60, 1))).astype(np.float32)  # norms vary widely
    rows = [row(f"g{i}", f"p{i}") for i in range(60)]
    queries = rng.standard_normal((10, 8)).astype(np.float32)
    nearest = [f"p{i}" for i in ((queries[:, None] - vecs[None]) ** 2).sum(-1).argmin(axis=1)]
    largest = [f"p{i}" for i in (queries @ vecs.T).argmax(axis=1)]
    assert nearest != largest  # the case where inner product and distance disagree
    reference = rng.standard_normal((30, 8)).astype(np.float32)
    for ref in (None, reference):
        pindex = ProductIndex.build(vecs, rows, spec, np.random.default_rng(0), reference=ref, metric="l2")
        again = ProductIndex.load(pindex.save(tmp_path / "l2.index"))
        assert again.metric == "l2" and again.product_vectors()["p3"].shape == (8,)
        found = [hits[0].product_id for hits in again.search(queries, k=1)]
        if ref is None:
            assert found == nearest
        else:  # -||q - g||^2 less g's mean L2 score over the 30 photos (k 50 > 30: all of them), up to constants
            expected = 2 * queries @ vecs.T - 2 * reference.mean(axis=0) @ vecs.T
            assert found == [f"p{i}" for i in expected.argmax(axis=1)]


@pytest.mark.parametrize("edit", [{"metric": "manhattan"}, {"hub_correction": "yes"}], ids=["metric", "hub"])
def test_a_signed_header_with_a_foreign_metric_or_correction_is_a_clear_error(saved, tmp_path, edit):
    from wildcat.eval.index_file import read_signed, write_signed

    header, sections = read_signed(saved)
    header = {k: v for k, v in header.items() if k != "sections"}
    write_signed(tmp_path / "edited.index", {**header, **edit}, sections)
    with pytest.raises(IndexFileError, match="passed its signature check but its contents cannot be read"):
        ProductIndex.load(tmp_path / "edited.index")


def test_queries_of_another_width_are_refused_with_the_fix():
    vecs, rows = _gallery(n_products=10)
    pindex = ProductIndex.build(vecs, rows, IndexSpec(kind="flat"), np.random.default_rng(0), reference=vecs[:5])
    assert pindex.search(vecs[:1], k=1)[0][0].product_id == "p0"  # 16 dimensions, the index's 17th is the hub score
    with pytest.raises(ValueError, match="queries of 8 dimensions against an index of 16: embed them with the model"):
        pindex.search(vecs[:1, :8], k=1)
