"""The array types ecociv's columns are made of, each named once, for type hints.

A column of a table, a reading or a decision is a one-dimensional numpy array
of one of these types. Modules import them under ``TYPE_CHECKING`` only:
numpy itself is loaded on first use (:mod:`ecociv._lazy`), and importing
this module loads it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


__all__ = [
    "Bools",
    "Codes",
    "Floats",
    "Int8s",
    "Int16s",
    "Int32s",
    "Ints",
    "Objects",
]

#: Numbers: values, targets, measures, distances (NaN: none).
Floats = npt.NDArray[np.float64]
#: Masks.
Bools = npt.NDArray[np.bool_]
#: Positions and counts.
Ints = npt.NDArray[np.int64]
#: Codes into a tuple of distinct values, of whatever integer width.
Codes = npt.NDArray[np.signedinteger[Any]]
#: Narrow columns: verdict codes and fact states (8 bits), years (16 bits),
#: categories, rows and positions (32 bits).
Int8s = npt.NDArray[np.int8]
Int16s = npt.NDArray[np.int16]
Int32s = npt.NDArray[np.int32]
#: Python objects (messages, a few texts).
Objects = npt.NDArray[np.object_]
