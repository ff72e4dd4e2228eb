"""wildcat: synthetic data and domain adaptation for visual product search.

The core package holds what every stage shares: catalog and manifest schemas,
configuration, seeding, safe image IO and the command line.
"""
__version__ = "0.1.0"

