"""A batch result as a tidy pandas DataFrame, built from columns (imports pandas)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ecociv.rules import Decision, TargetSource, Verdict


if TYPE_CHECKING:
    from ecociv.batch._result import BatchResult


__all__ = ["result_frame"]


def _cat(codes: np.ndarray[Any, Any], categories: list[Any]) -> pd.Categorical:
    return pd.Categorical.from_codes(
        codes.astype(np.int32), categories=pd.Index(categories)
    )


def _sources(decision: Decision) -> np.ndarray[Any, Any]:
    """Return per region where the target came from: -1 none, 0 standard, 1 data."""
    data = (
        np.zeros(len(decision), dtype=bool)
        if decision.from_data is None
        else decision.from_data
    )
    code = np.where(data, 1, 0).astype(np.int8)
    return np.where(np.isnan(decision.target), np.int8(-1), code)


def result_frame(result: BatchResult, *, categorical: bool = True) -> pd.DataFrame:
    """Return a batch result as a tidy frame, one row per (region, block) in scope.

    Rows and columns are those of :meth:`BatchResult.records`, region-major.
    """
    blocks, regs = result.blocks, result.regions
    n_b, n_r = len(blocks), len(regs)

    def per_block(values: list[Any]) -> pd.Categorical:
        cats = list(dict.fromkeys(values))
        index = {v: k for k, v in enumerate(cats)}
        codes = np.array([index[v] for v in values], dtype=np.int32)
        return _cat(np.tile(codes, n_r), cats or [""])

    def grid(arrays: list[np.ndarray[Any, Any]], dtype: Any = None) -> Any:
        if not arrays:
            return np.empty(0, dtype=dtype)
        return np.stack(arrays).T.ravel()

    def units() -> pd.Categorical:
        cats = list(dict.fromkeys(u for b in blocks for u in b.decision.units)) or [""]
        where = {u: k for k, u in enumerate(cats)}
        codes = [
            np.array([where[u] for u in b.decision.units], np.int32)[b.decision.unit]
            for b in blocks
        ]
        return _cat(grid(codes, np.int32), cats)

    value = grid(
        [
            np.where(b.column.present & b.column.applicable, b.column.value, np.nan)
            for b in blocks
        ],
        np.float64,
    )
    verdict = _cat(
        grid([b.verdict for b in blocks], np.int8).clip(0), [v.value for v in Verdict]
    )
    codes = np.repeat(np.arange(n_r), n_b)
    names = [r.name for r in regs]
    frame = pd.DataFrame(
        {
            "region": _cat(codes, [r.code for r in regs] or [""]),
            "region_name": _cat(codes, names)
            if len(set(names)) == n_r
            else np.repeat(np.array(names, dtype=object), n_b),
            "standard": per_block([b.standard.id for b in blocks]),
            "year": np.tile(np.array([b.year for b in blocks], dtype=np.int64), n_r),
            "requirement": per_block([b.requirement.id for b in blocks]),
            "number": per_block([b.requirement.number for b in blocks]),
            "indicator": per_block([b.requirement.indicator for b in blocks]),
            "binding": np.tile(
                np.array([b.requirement.binding for b in blocks], bool), n_r
            ),
            "provisional": np.tile(
                np.array([b.requirement.provisional for b in blocks], bool), n_r
            ),
            "verdict": verdict,
            "value": value,
            "value_unit": per_block([b.context.indicator.unit for b in blocks]),
            "measure": grid([b.decision.measure for b in blocks], np.float64),
            "target": grid([b.target for b in blocks], np.float64),
            "target_from": _cat(
                grid([_sources(b.decision) for b in blocks], np.int8),
                [t.value for t in TargetSource],
            ),
            "distance": grid([b.distance for b in blocks], np.float64),
            "unit": units(),
            "target_text": per_block([b.requirement.target_text for b in blocks]),
            "due": pd.Series(
                np.tile(np.array([b.requirement.due for b in blocks], object), n_r),
                dtype="Int64",
            ),
            "lead": per_block(["、".join(b.requirement.lead) for b in blocks]),
        }
    )
    scope = grid([b.scope for b in blocks], bool).astype(bool)
    if not scope.all():
        frame = frame[scope].reset_index(drop=True)
    if categorical:
        return frame
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype(dict.fromkeys(cats, object))
