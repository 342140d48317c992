"""`python -m sago.cli`: the same as the `sago` console script."""

from sago.cli import main

main()
