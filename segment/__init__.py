"""wildcat stage: segment."""
