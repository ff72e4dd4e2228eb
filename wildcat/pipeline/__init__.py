"""Whole jobs that chain the stages: the grocery-store benchmark protocols and
`wildcat run`. This is the one place that calls every stage, and it does so
only through each stage's public API, imported where used."""
