"""Many regions at once: :func:`assess_many` and the :class:`BatchResult` it returns.

>>> import ecociv
>>> from ecociv.batch import BatchResult
>>> std = ecociv.standards.load("mee-2024-county")
>>> data = ecociv.Observations.from_csv("examples/shengzhou-illustrative.csv", std)
>>> isinstance(ecociv.assess_many(data, std, 2024), BatchResult)
True
"""

from __future__ import annotations

from ecociv._progress import Bars
from ecociv.batch._api import assess_many
from ecociv.batch._columns import Coded, Tidy
from ecociv.batch._partitioned import PartitionedResult, assess_partitioned
from ecociv.batch._result import COLUMNS, SUMMARY_COLUMNS, BatchResult


__all__ = [
    "COLUMNS",
    "SUMMARY_COLUMNS",
    "Bars",
    "BatchResult",
    "Coded",
    "PartitionedResult",
    "Tidy",
    "assess_many",
    "assess_partitioned",
]
