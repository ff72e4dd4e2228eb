"""wildcat stage: ui."""
