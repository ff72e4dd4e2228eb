"""wildcat stage: eval."""
