"""The Dask recipe of docs/batch.md: assess_many per partition gives the same rows."""

from __future__ import annotations

import dask.dataframe as dd
import pandas as pd

import ecociv
from ecociv import RegionLevel
from ecociv._region import all_regions
from ecociv.standards import Standard


def _national_sample(std: Standard) -> pd.DataFrame:
    """A few dozen counties with PM2.5 and bus shares over three years."""
    codes = [r.code for r in all_regions(RegionLevel.COUNTY)][:40]
    rows = []
    for k, code in enumerate(codes):
        for year in (2022, 2023, 2024):
            pm = 20 + (k * 7 + year) % 30
            rows.append((code, "pm25_annual_mean", year, str(pm), "μg/m³", "30"))
            bus = 60 + (k * 3 + year) % 40
            rows.append((code, "new_energy_bus_share", year, str(bus), "%", ""))
    del std
    cols = ["region", "indicator", "year", "value", "unit", "target"]
    return pd.DataFrame(rows, columns=cols)


def test_dask_partitions_give_the_same_rows(county2024: Standard) -> None:
    """map_partitions over whole regions equals one assess_many call."""
    data = _national_sample(county2024)

    # The recipe (docs/batch.md): index by region so no region spans two partitions.
    ddf = dd.from_pandas(data.set_index("region"), npartitions=4, sort=True)  # type: ignore[no-untyped-call]

    def judge(part: pd.DataFrame) -> pd.DataFrame:
        result = ecociv.assess_many(part.reset_index(), county2024, 2024)
        return result.to_frame(categorical=False)

    meta = judge(data.iloc[:2].set_index("region"))
    meta = meta.iloc[:0]
    out = ddf.map_partitions(judge, meta=meta).compute(scheduler="threads")

    direct = ecociv.assess_many(data, county2024, 2024).to_frame(categorical=False)
    key = ["region", "requirement"]
    got = out.sort_values(key).reset_index(drop=True)
    want = direct.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert ddf.npartitions > 1
