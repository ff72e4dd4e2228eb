"""wildcat stage: train."""
