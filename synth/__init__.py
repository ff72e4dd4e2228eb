"""wildcat stage: synth."""
