"""Synthetic startup communications with planted events: the seed's generate_data.py.

`dataset` writes the CSV and its gold files; `world` is the fictional company, `story`
the shape of a planted event, `business` and `product` the events, `noise` everything
that is not one (chatter and traps).
"""

from sago.devtools.datagen.dataset import COLUMNS, Dataset, generate, sidecar, write_dataset

__all__ = ["COLUMNS", "Dataset", "generate", "sidecar", "write_dataset"]
