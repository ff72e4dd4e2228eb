"""Multi-product scenes with known boxes, for region search and in-situ search (wildcat.core.scenes holds the
data kind; composites become scenes straight from their lineage there)."""
