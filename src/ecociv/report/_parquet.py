"""The rows of a comparison or a batch result as a Parquet file (needs pyarrow).

The columns are the CSV's (:data:`ecociv.report._csv.COLUMNS`), typed: text
dictionary-encoded as the result holds it, numbers as doubles (none: null;
a fact's value 1.0 or 0.0, as in a frame), flags as booleans, the year and
the due year as integers.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ecociv._progress import WRITE, Progress
from ecociv.batch import Coded, Tidy
from ecociv.report._csv import COLUMNS
from ecociv.report._table import tidy_rows


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = ["arrow_table", "to_parquet"]


def arrow_table(tidy: Tidy) -> Any:
    """Return rows as a pyarrow Table of the CSV's columns, typed."""
    import pyarrow as pa  # noqa: PLC0415  (the dataframe extra)

    arrays = []
    for name in COLUMNS:
        col = tidy[name]
        if isinstance(col, Coded):
            none = col.codes < 0
            if col.whole:
                ints = np.array([*col.categories, 0], dtype=np.int64)[col.codes]
                arrays.append(pa.array(ints, pa.int64(), mask=none))
                continue
            indices = pa.array(col.codes, pa.int32(), mask=none)
            words = pa.array([str(c) for c in col.categories], pa.string())
            arrays.append(pa.DictionaryArray.from_arrays(indices, words))
        elif col.dtype.kind == "f":
            arrays.append(pa.array(col, pa.float64(), mask=~np.isfinite(col)))
        else:
            arrays.append(pa.array(col))
    return pa.Table.from_arrays(arrays, names=list(COLUMNS))


def to_parquet(obj: Any, progress: Progress | None = None) -> bytes:
    """Return the rows of a comparison, batch result or assessment as Parquet bytes."""
    import pyarrow.parquet as pq  # noqa: PLC0415  (the dataframe extra)

    tidy = tidy_rows(obj)
    if progress is not None:
        progress(WRITE, 0, len(tidy))
    out = io.BytesIO()
    pq.write_table(arrow_table(tidy), out)
    if progress is not None:
        progress(WRITE, len(tidy), len(tidy))
    return out.getvalue()
