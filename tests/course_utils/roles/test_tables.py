"""Do the roles tables load, name their sources, and keep disagreeing figures apart?"""

import re

import pandas as pd
import pytest

from course_utils.roles import tables
from course_utils.data import DataFileError
from course_utils.paths import ROOT


@pytest.mark.parametrize("name", tables.TABLES)
def test_every_table_loads_and_every_row_names_a_known_source(name):
    table = tables.load(name)
    assert len(table) > 0
    assert set(table["source"]) <= set(tables.SOURCES)
    assert not table.isna().any().any(), f"{name} has empty cells"


def test_every_source_is_an_anchor_in_references():
    references = (ROOT / "REFERENCES.md").read_text()
    for source in tables.SOURCES:
        assert f'<a id="{source}"></a>' in references


def test_every_csv_file_is_a_known_table():
    assert {p.stem for p in tables.ROLES_DIR.glob("*.csv")} == set(tables.TABLES)


@pytest.mark.parametrize("name", tables.TABLES)
def test_roles_are_known_codes(name):
    table = tables.load(name)
    if "role" in table:
        assert set(table["role"]) <= set(tables.ROLES)


def test_unknown_table_name_lists_the_choices():
    with pytest.raises(ValueError, match="salaries"):
        tables.load("salary")


def test_missing_file_raises_a_readable_error(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "ROLES_DIR", tmp_path)
    with pytest.raises(DataFileError, match="salaries.csv is missing"):
        tables.load("salaries")


def test_a_row_with_an_unknown_source_is_refused(tmp_path, monkeypatch):
    pd.DataFrame({"role": ["DS"], "field": ["statistics"], "source": ["wikipedia"]}).to_csv(
        tmp_path / "education.csv", index=False
    )
    monkeypatch.setattr(tables, "ROLES_DIR", tmp_path)
    with pytest.raises(DataFileError, match="wikipedia"):
        tables.load("education")


def test_salaries_keep_the_table_and_the_faq_apart():
    """Does novustech's table disagree with its own FAQ, row by row, without averaging?"""
    salaries = tables.salary_ranges().set_index(["role", "section"])
    assert salaries.loc[("DS", "salary table"), "label"] == "$120k-170k"
    assert salaries.loc[("MLE", "salary table"), "label"] == "$140k-200k+"
    assert salaries.loc[("DS", "FAQ"), "label"] == "~$110k-160k+"
    assert salaries.loc[("MLE", "FAQ"), "label"] == "~$120k-180k+"
    assert (salaries["low_usd"] < salaries["high_usd"]).all()


def test_salary_region_is_us_only_where_the_article_says_so():
    """novustech heads its table "Average U.S."; its FAQ writes "US" on the ML engineer line only."""
    region = tables.load("salaries").set_index(["role", "section"])["region"]
    assert (region.xs("salary table", level="section") == "US").all()
    assert region[("MLE", "FAQ")] == "US"
    assert region[("DS", "FAQ")] == "not stated"
    assert region[("AIE", "FAQ")] == "not stated"


def test_lifecycle_covers_every_stage_in_order():
    stages = tables.lifecycle()["stage"].drop_duplicates().tolist()
    assert stages == list(tables.LIFECYCLE_STAGES)


def test_lifecycle_has_at_most_one_activity_per_stage_and_role():
    assert not tables.lifecycle().duplicated(["stage", "role"]).any()


def test_tools_include_the_serving_and_big_data_stacks():
    tools = tables.load("tools")
    serving = set(tools.loc[tools["category"] == "serving", "tool"])
    assert {"TensorRT", "ONNX", "TensorFlow Serving", "TorchServe"} <= serving
    assert {"Apache Spark", "Hadoop", "Kafka"} <= set(tools.loc[tools["category"] == "big data", "tool"])



def test_data_card_describes_every_table_with_its_row_count():
    card = (ROOT / "data" / "README.md").read_text()
    for name in tables.TABLES:
        row = re.search(rf"^\| `{name}\.csv` \| (\d+) \|", card, flags=re.MULTILINE)
        assert row, f"data/README.md does not describe roles/{name}.csv"
        assert int(row.group(1)) == len(tables.load(name)), f"row count of {name}.csv is out of date in the card"


def test_lifecycle_marks_every_row_as_stated_or_our_inference():
    """Do the data scientist's monitor and retrain rows, which igmguru does not state, say they are ours?"""
    table = tables.lifecycle()
    assert set(table["basis"]) == {"stated", "our inference"}
    inferred = table[table["basis"] == "our inference"]
    assert sorted(zip(inferred["stage"], inferred["role"])) == [("monitor", "DS"), ("retrain", "DS")]


def test_lifecycle_credits_annotation_to_no_article_that_does_not_say_it():
    """novustech never mentions annotation, so no novustech row may claim it."""
    table = tables.lifecycle()
    novustech = table[table["source"] == "novustech"]
    assert not novustech["activity"].str.contains("annotat|label").any()
