"""`parquet_frame` reads what `pd.read_parquet` reads, without importing `pyarrow.dataset`."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from tasks.storage.parquet import parquet_bytes, parquet_frame
from tests.emulators.standalone import REPO


def mixed_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": pd.array(["Dune", None, "Emma"], dtype="str"),
            "shelf": ["read", "to-read", "read"],
            "genre": pd.Categorical(["sf", "classic", "sf"]),
            "at": pd.to_datetime(["2024-01-01 10:00", None, "2024-03-01 08:30"]).tz_localize("UTC"),
            "day": pd.to_datetime(["2024-01-01", "2024-02-01", None]),
            "pages": pd.array([412, None, 474], dtype="Int64"),
            "rating": [4.5, np.nan, 3.0],
            "owned": [True, False, True],
        }
    )


@pytest.mark.parametrize(
    ("columns", "categorical"),
    [
        (None, None),
        (["owned", "title"], None),
        (None, ["shelf", "title"]),
        (["shelf"], ["shelf"]),
    ],
)
def test_same_frame_as_pandas_read_parquet(columns, categorical):
    data = parquet_bytes(mixed_frame())
    expected = pd.read_parquet(io.BytesIO(data), columns=columns, read_dictionary=categorical)
    got = parquet_frame(data, columns, categorical)
    pd.testing.assert_frame_equal(got, expected)
    for name in categorical or []:
        assert isinstance(got[name].dtype, pd.CategoricalDtype)


def test_a_column_the_file_lacks_is_refused_as_read_parquet_refuses_it():
    data = parquet_bytes(mixed_frame())
    with pytest.raises(ValueError):
        pd.read_parquet(io.BytesIO(data), columns=["title", "total"])
    with pytest.raises(ValueError, match="no column total") as refused:
        parquet_frame(data, ["title", "total"])
    assert refused.value.missing == ["total"]


def test_an_index_written_by_pandas_comes_back():
    buffer = io.BytesIO()
    mixed_frame().set_index("shelf").to_parquet(buffer)
    pd.testing.assert_frame_equal(parquet_frame(buffer.getvalue()), pd.read_parquet(io.BytesIO(buffer.getvalue())))


def test_reading_does_not_import_pyarrow_dataset():
    # A fresh interpreter: in this one another test may have imported it already.
    script = (
        "import sys, pandas as pd\n"
        "from tasks.storage.parquet import parquet_bytes, parquet_frame\n"
        "frame = parquet_frame(parquet_bytes(pd.DataFrame({'a': [1, 2]})), ['a'], None)\n"
        "assert frame['a'].tolist() == [1, 2]\n"
        "print('pyarrow.dataset' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
