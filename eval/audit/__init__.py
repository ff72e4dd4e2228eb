"""Catalog audit: images that show another product than their listing, listings that duplicate another, and
colour words that contradict the image; scored with the search embedding, a title branch and the colour
vocabulary (wildcat.segment.colours)."""
