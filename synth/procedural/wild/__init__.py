"""In-the-wild test queries: products photographed in full 3D scenes (see `queries`)."""

from wildcat.synth.procedural.wild.queries import WildQueryConfig, make_wild_queries

__all__ = ["WildQueryConfig", "make_wild_queries"]
