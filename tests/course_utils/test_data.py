"""Do the loaders find the data from anywhere, clean it as documented, and fail with a sentence?"""

import pandas as pd
import pytest

from course_utils import data


def test_loaders_work_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(data.load_clean()) == 6988
    assert len(data.load_raw()) == 7063
    assert set(data.load_experiment()["group"]) == {"control", "treatment"}
    assert data.load_production()["month"].nunique() == 6


def test_raw_is_read_as_text_so_blanks_stay_visible():
    raw = data.load_raw()
    assert (raw.dtypes == object).all() or all(str(t) in ("str", "object") for t in raw.dtypes)
    assert (raw["TotalCharges"] == " ").sum() == 6


def test_reference_cleaning_reproduces_the_clean_file():
    cleaned = data.clean_churn(data.load_raw())
    pd.testing.assert_frame_equal(cleaned, data.load_clean(), check_dtype=False)


def test_clean_table_has_one_row_per_customer_and_numeric_charges():
    clean = data.load_clean()
    assert clean["customerID"].is_unique
    assert clean["TotalCharges"].dtype == float
    assert set(clean["Churn"]) == {0, 1}
    assert clean["tenure"].min() >= 0 and clean["MonthlyCharges"].min() > 0


def test_yes_no_spellings_are_normalised_and_others_kept():
    values = pd.Series([" Yes", "y", "NO", "No ", "maybe"])
    assert data.normalise_yes_no(values).tolist() == ["Yes", "Yes", "No", "No", "maybe"]


def test_missing_file_gives_a_sentence_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    with pytest.raises(data.DataFileError, match="missing.*course data"):
        data.load_clean()


def test_corrupt_file_gives_a_sentence(tmp_path, monkeypatch):
    (tmp_path / "telco_churn_clean.csv").write_bytes(b"\xff\xfe\x00garbage")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    with pytest.raises(data.DataFileError, match="could not be read.*course data"):
        data.load_clean()


def test_another_copy_of_the_clean_table_is_read_or_refused_by_its_path(tmp_path):
    copy = tmp_path / "clean.csv"
    copy.write_bytes(data.data_path("telco_churn_clean.csv").read_bytes())
    assert data.load_clean(copy).equals(data.load_clean())
    with pytest.raises(data.DataFileError, match="missing from .*: it should be a copy of data/telco_churn_clean"):
        data.load_clean(tmp_path / "nothing.csv")
