"""wildcat: synthetic data and domain adaptation for visual product search.

The core package holds what every stage shares: catalog and manifest schemas,
configuration, seeding, safe image IO and the command line.
"""
__version__ = "0.1.0"

import os as _os

# albumentations checks PyPI for a newer version in every process, blocking
# for seconds offline; wildcat pins its own dependencies.
_os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")
