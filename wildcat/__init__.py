"""wildcat: synthetic data and domain adaptation for visual product search.

One import root. The floors (docs/architecture.md):

    wildcat.core                          schemas, config, seeding, safe IO, jobs, executors, ranking
    wildcat.segment, .synth, .train       the stages (repository folders segment/, synth/, train/)
    wildcat.eval                          retrieval evaluation (eval/)
    wildcat.pipeline, wildcat.cli, .ui    jobs that chain stages, the command line, the workbench (ui/)

The stage folders sit at the top of the repository and install under this
package through pyproject's package-dir mapping.
"""

from pathlib import Path

__version__ = "0.1.0"


def _find_stages_in_checkout() -> None:
    # A source checkout that was never installed (a Ray worker handed the checkout as its working_dir,
    # or `python -m wildcat` run from the repository) has no package-dir mapping: let this package's
    # submodule search reach the stage folders beside it. An installed wildcat finds them without this.
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "synth" / "__init__.py").is_file():
        __path__.append(str(root))


_find_stages_in_checkout()
