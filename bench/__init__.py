"""Benchmark scripts (run from the repository: `python bench/NAME.py`); their commands and latest figures
are in docs/benchmarks.md. A package so that tests/bench can import and test their functions."""
