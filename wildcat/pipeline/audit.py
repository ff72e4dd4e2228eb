"""`wildcat catalog audit`: score a catalog's listings for wrong-product images, duplicate listings and colour
words their images contradict (eval.audit), and write the findings: audit.parquet (every scored item),
audit.md (the top of each kind), audit_sheet.png (each top finding beside its evidence), colours.json (the learned
colour vocabulary and each product's colours, the attribute search filters on)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from wildcat.core.atomic import atomic_path, write_json, write_text
from wildcat.core.catalog import Catalog
from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.core.errors import ConfigError, WildcatError
from wildcat.core.imageio import load_array
from wildcat.core.manifest import Sample
from wildcat.core.seeding import sample_rng
from wildcat.eval.audit.crops import guided_vectors
from wildcat.eval.audit.findings import (
    KINDS,
    NEIGHBOURS,
    AuditData,
    Finding,
    Listing,
    colour_findings,
    duplicates,
    wrong_images,
)
from wildcat.eval.audit.titles import TextSimilarity, predicted_image_vectors
from wildcat.eval.embedder import embed_samples, embedding_args
from wildcat.eval.markdown import table
from wildcat.segment.colours import ColourVocabulary, Dominant, dominant_colours, product_colours
from wildcat.segment.cutout import cut_out

TOP = 20  # findings per kind in audit.md
SHEET = 8  # findings per kind on the contact sheet


@dataclass
class Audit:
    findings: list[Finding]
    vocabulary: ColourVocabulary
    colours: dict[str, list[str]]  # product id -> its main colours' names

    def of_kind(self, kind: str) -> list[Finding]:
        return sorted((f for f in self.findings if f.kind == kind), key=lambda f: -f.score)


def listings_of(catalog: Catalog) -> list[Listing]:
    """Each product as the shop lists it: its text (title, description, variant) and its images."""
    return [
        Listing(
            p.id,
            " ".join(t for t in (p.title or p.id, p.model_variant or "") if t),
            " ".join(t for t in (p.title or p.id, p.description, p.model_variant or "") if t),
            p.category,
            tuple(str(i) for i in p.images),
            p.parent_id,
        )
        for p in catalog.products
        if p.images
    ]


def audit_listings(
    listings: list[Listing],
    embedder,
    titles: bool = True,
    seed: int = 0,
    progress: bool = True,
    cache: str | Path | None = None,
    neighbours: int = NEIGHBOURS,
    crops: bool = False,
) -> Audit:
    """Score every listing image, the pairs of each listing with its `neighbours` nearest, and every coloured
    title (image-only when `titles` is off). `crops` (with titles): judge each image by its region that looks most
    like its title (eval.audit.crops), for listing photos that show more than the product."""
    if crops and not titles:  # before any image is embedded
        raise ConfigError(None, "--crops picks the region most like the title: it needs the title branch",
                          "drop --no-titles, or --crops")  # fmt: skip
    rows = catalog_samples_of(listings)
    embedded = embed_samples(samples=rows, desc="listing images", **embedding_args(embedder, cache, 64, progress))
    if not embedded.samples:
        raise WildcatError(None, "no listing image could be read", "check the catalog with 'wildcat catalog check'")
    data = AuditData.of(listings, {s.path: v for s, v in zip(embedded.samples, embedded.vectors, strict=True)})
    listed = sorted(set(data.owner.tolist()))  # listings with a readable image: the title branch learns from them
    text_vectors = text_sims = None
    if titles:
        texts = [lst.text for lst in data.listings]
        means = np.stack([data.vectors[data.owner == i].mean(0) for i in listed])
        text_vectors = np.zeros((len(texts), data.vectors.shape[1]), np.float32)
        rng = sample_rng(seed, "audit", 0, "title-folds")
        text_vectors[listed] = predicted_image_vectors([texts[i] for i in listed], means, rng)
        text_sims = TextSimilarity(texts)
    dominant = main_image_colours(listings, seed, progress)
    vocab = ColourVocabulary.learn(
        [(lst.title, dominant[lst.product_id]) for lst in listings if lst.product_id in dominant]
    )
    judged = data
    if crops:
        guided, _ = guided_vectors(embedder, data.paths, data.owner, data.vectors, text_vectors, cache, progress)
        judged = AuditData(data.listings, guided, data.owner, data.paths)
    findings = wrong_images(judged, text_vectors) + duplicates(data, text_sims, neighbours)
    findings += colour_findings(listings, dominant, vocab)
    return Audit(findings, vocab, product_colours(vocab, dominant))


def catalog_samples_of(listings: list[Listing]):
    """Manifest rows of the listings' images (what embed_samples reads)."""
    return [
        Sample(
            sample_id=f"{lst.product_id}/{j}",
            path=path,
            product_id=lst.product_id,
            domain="catalog",
            generator="catalog",
            category=lst.category,
        )  # fmt: skip
        for lst in listings
        for j, path in enumerate(lst.images)
    ]


def main_image_colours(listings: list[Listing], seed: int, progress: bool) -> dict[str, list[Dominant]]:
    """product id -> the dominant colours of its main image's foreground (cut out from its plain background);
    an unreadable main image is left out (its listing gets no colour finding)."""
    out = {}
    for lst in tqdm(listings, desc="colours", unit="listing", disable=not progress):
        try:
            rgba = cut_out(load_array(lst.images[0], mode="RGB"), backend="whitebg").rgba
        except WildcatError:
            continue
        out[lst.product_id] = dominant_colours(rgba, sample_rng(seed, lst.product_id, 0, "colours"))
    return out


def audit_catalog(
    catalog: Catalog,
    embedder,
    out: str | Path,
    titles: bool = True,
    seed: int = 0,
    progress: bool = True,
    crops: bool = False,
) -> Audit:
    """Audit `catalog` and write the findings to `out`."""
    audit = audit_listings(listings_of(catalog), embedder, titles, seed, progress, crops=crops)
    meta = {"checkpoint_hash": embedder.checkpoint_hash, "titles": titles, "crops": crops, "seed": seed}
    write_audit(audit, Path(out), meta)
    return audit


def write_audit(audit: Audit, out: Path, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    records = [{**asdict(f), "evidence": json.dumps(f.evidence, sort_keys=True)} for f in audit.findings]
    with atomic_path(out / "audit.parquet") as tmp:
        pq.write_table(pa.Table.from_pylist(records), tmp)
    write_text(out / "audit.md", audit_markdown(audit, meta))
    write_json(out / "colours.json", {"vocabulary": audit.vocabulary.prototypes, "products": audit.colours})
    _sheet(audit, out / "audit_sheet.png")


def audit_markdown(audit: Audit, meta: dict) -> str:
    parts = [
        f"# Catalog audit\n\nmodel `{meta.get('checkpoint_hash', '')}`, titles {'on' if meta.get('titles') else 'off'}"
    ]
    for kind in KINDS:
        found = audit.of_kind(kind)[:TOP]
        rows = [[f"{f.score:.3f}", f.product_id, f.other_product, Path(f.image).name, f.fix] for f in found]
        parts.append(f"## {kind} (top {len(found)} of {len(audit.of_kind(kind))})\n\n"
                     + table(["score", "listing", "nearest other", "image", "suggested fix"], rows))  # fmt: skip
    return "\n\n".join(parts) + "\n"


def _sheet(audit: Audit, path: Path) -> None:
    images, captions = [], []
    for kind in KINDS:
        for f in audit.of_kind(kind)[:SHEET]:
            for image, caption in (
                (f.image, f"{kind} {f.score:.2f}: {f.product_id}"),
                (f.other_image, f"~ {f.other_product}"),
            ):
                if image:
                    try:
                        images.append(load_array(image, mode="RGB"))
                        captions.append(caption)
                    except WildcatError:
                        continue
    if images:
        save_contact_sheet(path, images, captions)
