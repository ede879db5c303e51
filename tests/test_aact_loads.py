"""Raw loads through each database's own bulk path: flat files (folder or zip) and an AACT
PostgreSQL database, into DuckDB and PostgreSQL, with errors that name file, line, column and
value."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import duckdb
import psycopg
import pytest

from orchestration.aact.readers import open_flat_files, open_postgres
from orchestration.aact.schema import RAW_TABLES
from orchestration.raw.errors import RawInputError
from orchestration.raw.load import load_raw
from tests.conftest import SAMPLE_ROW_COUNTS
from tests.helpers import export_like_aact, load_flat_files_into_postgres

FIXTURES = Path(__file__).parent / "fixtures"
# A real multi-line value with double quotes (NCT04523987's detailed description, API v2).
MULTILINE = json.loads((FIXTURES / "ctgov" / "NCT04523987.json").read_text())["protocolSection"][
    "descriptionModule"
]["detailedDescription"]


def load_into_duckdb(
    source_cm, path: Path, lanes: int = 2
) -> tuple[dict[str, int], duckdb.DuckDBPyConnection]:
    """Load as a build does: with `lanes` 2, a second cursor loads tables beside the first."""
    con = duckdb.connect(str(path))
    con.execute("create schema raw_aact")
    with source_cm as source, con.cursor() as lane:
        report = load_raw(
            source, "duckdb", con, "raw_aact", "20260101_000000_test00",
            tables=RAW_TABLES, lane_connection=lane if lanes == 2 else None,
        )  # fmt: skip
    return report.row_counts(), con


def load_into_postgres(source_cm, conninfo: str, lanes: int = 1) -> dict[str, int]:
    """Load as a build does: with `lanes` 2, a second session loads tables beside the first."""
    with psycopg.connect(conninfo) as conn:
        conn.execute("create schema raw_aact")
        conn.commit()
        with source_cm as source, psycopg.connect(conninfo) as lane:
            report = load_raw(
                source, "postgres", conn, "raw_aact", "20260101_000000_test00",
                tables=RAW_TABLES, lane_connection=lane if lanes == 2 else None,
            )  # fmt: skip
    return report.row_counts()


def creating_transactions(conninfo: str, schema: str = "raw_aact") -> int:
    """How many transactions created the schema's tables (pg_class rows' xmin)."""
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "select count(distinct xmin::text) from pg_class "
            "where relnamespace = %s::regnamespace and relkind = 'r' and relname <> '_loads'",
            (schema,),
        ).fetchone()[0]


def test_flat_files_load_into_duckdb_typed_as_aact_declares(sample_dir, tmp_path):
    counts, con = load_into_duckdb(open_flat_files(sample_dir, tmp_path / "w"), tmp_path / "w.db")
    assert counts == SAMPLE_ROW_COUNTS
    row = con.execute(
        "select enrollment, start_date::varchar, has_dmc, created_at::varchar, source_class "
        "from raw_aact.studies where nct_id = 'NCT00000105'"
    ).fetchone()
    assert row == (112, "2002-07-31", True, "2022-05-29 00:38:28.648741", None)
    kinds = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw_aact' and table_name = 'studies'"
        ).fetchall()
    )
    assert len(kinds) == 71 and kinds["enrollment"] == "BIGINT" and kinds["start_date"] == "DATE"
    loads = con.execute(
        "select table_name, row_count, present_in_source from raw_aact._loads order by 1"
    ).fetchall()
    assert ("countries", 23, True) in loads and ("studies", 41, True) in loads

    lacking = tmp_path / "lacking"  # a table the files lack loads empty, with AACT's columns
    shutil.copytree(sample_dir, lacking)
    (lacking / "countries.txt").unlink()
    counts, con = load_into_duckdb(open_flat_files(lacking, tmp_path / "l"), tmp_path / "l.db")
    assert counts == {**SAMPLE_ROW_COUNTS, "countries": 0}
    assert con.execute(
        "select row_count, present_in_source from raw_aact._loads where table_name = 'countries'"
    ).fetchall() == [(0, False)]
    assert [r[0] for r in con.execute("describe raw_aact.countries").fetchall()] == [
        "id",
        "nct_id",
        "name",
        "removed",
    ]


def test_zip_with_a_nested_folder_loads_like_the_folder(sample_dir, tmp_path):
    archive = tmp_path / "20220601_export_ctgov.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sample_dir.glob("*.txt"):
            zf.write(file, f"20220601_export/{file.name}")  # AACT zips may nest a folder
    with open_flat_files(archive, tmp_path / "work") as source:
        assert source.export_date == "2022-06-01"
    counts, _ = load_into_duckdb(open_flat_files(archive, tmp_path / "work"), tmp_path / "z.db")
    assert counts == SAMPLE_ROW_COUNTS
    assert list((tmp_path / "work").iterdir()) == []  # unpacked members are removed


def test_a_zip_holding_a_table_twice_is_refused_naming_both(sample_dir, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sample_dir.glob("*.txt"):
            zf.write(file, f"export/{file.name}")
        zf.writestr("old/conditions.txt", "id|nct_id|name|downcase_name\n")  # header only
    with pytest.raises(RawInputError) as refused:
        with open_flat_files(archive, tmp_path / "work"):
            pass
    assert str(refused.value) == (
        f"{archive}: holds a table's file more than once (conditions.txt: export/conditions.txt, "
        "old/conditions.txt); keep one export per zip"
    )


@pytest.mark.postgres
def test_flat_files_load_into_postgres_with_copy(sample_dir, tmp_path, pg_database):
    conninfo = pg_database["conninfo"]
    counts = load_into_postgres(open_flat_files(sample_dir, tmp_path), conninfo, lanes=2)
    assert counts == SAMPLE_ROW_COUNTS
    # two sessions, two transactions, each creating (and COPY-ing FREEZE into) its own tables
    assert creating_transactions(conninfo) == 2
    with psycopg.connect(pg_database["conninfo"]) as conn:
        row = conn.execute(
            "select enrollment, start_date::text, has_dmc from raw_aact.studies "
            "where nct_id = 'NCT00000105'"
        ).fetchone()
    assert row == (112, "2002-07-31", True)


@pytest.mark.postgres
def test_aact_postgres_source_streams_into_both_targets(sample_dir, tmp_path, pg_database):
    conninfo = pg_database["conninfo"]
    load_flat_files_into_postgres(conninfo, sample_dir, schema="ctgov")
    with psycopg.connect(conninfo) as conn:  # a column the DDL lacks is kept (test_aact_drift)
        conn.execute("alter table ctgov.conditions add column local_note text default 'x'")
    counts, con = load_into_duckdb(open_postgres(conninfo, "ctgov"), tmp_path / "pg.db")
    assert counts == SAMPLE_ROW_COUNTS
    assert con.execute("select distinct local_note from raw_aact.conditions").fetchall() == [("x",)]
    from_files, files_con = load_into_duckdb(
        open_flat_files(sample_dir, tmp_path / "f"), tmp_path / "files.db"
    )
    for table in ("studies", "outcome_analyses", "conditions"):
        query = (
            f"select * exclude (created_at, updated_at) from raw_aact.{table} order by all"
            if table == "studies"
            else "select id, nct_id, name, downcase_name from raw_aact.conditions order by all"
            if table == "conditions"
            else f"select * from raw_aact.{table} order by all"
        )
        assert con.execute(query).fetchall() == files_con.execute(query).fetchall()

    with psycopg.connect(conninfo) as conn:
        conn.execute("create schema copied")
        with open_postgres(conninfo, "ctgov") as source:
            report = load_raw(
                source, "postgres", conn, "copied", "20260101_000000_test00", tables=RAW_TABLES
            )
        assert report.row_counts() == SAMPLE_ROW_COUNTS
        assert report.missing == []  # every table exists in the AACT database
        assert conn.execute(
            "select count(*) from copied.outcome_analyses a join ctgov.outcome_analyses b "
            "using (id) where a.p_value is not distinct from b.p_value"
        ).fetchone() == (SAMPLE_ROW_COUNTS["outcome_analyses"],)


@pytest.mark.postgres
def test_aact_csv_quoting_round_trips_exactly_on_both_targets(sample_dir, tmp_path, pg_database):
    """Files written as AACT writes them (PostgreSQL COPY … CSV): a real multi-line value with
    quotes, a `|` inside a value, an empty string beside NULLs."""
    conninfo = pg_database["conninfo"]
    load_flat_files_into_postgres(conninfo, sample_dir, schema="ctgov")
    with psycopg.connect(conninfo) as conn:
        conn.execute("update ctgov.outcomes set description = %s where id = 6871470", (MULTILINE,))
        conn.execute("update ctgov.studies set acronym = '' where nct_id = 'NCT00000105'")
        conn.execute("update ctgov.studies set acronym = 'A|B' where nct_id = 'NCT01508013'")
    export = tmp_path / "export"
    export.mkdir()
    for table in ("studies", "outcomes"):
        export_like_aact(conninfo, "ctgov", table, export / f"{table}.txt")
    assert b'""pancreatic cancer microbiome study""' in (export / "outcomes.txt").read_bytes()

    _, con = load_into_duckdb(open_flat_files(export, tmp_path / "w"), tmp_path / "q.db")
    with psycopg.connect(conninfo) as conn:
        conn.execute("create schema raw_aact")
        with open_flat_files(export, tmp_path / "w") as source:
            load_raw(
                source, "postgres", conn, "raw_aact", "20260101_000000_test00", tables=RAW_TABLES
            )
        conn.commit()
    pg = psycopg.connect(conninfo)
    for query in (
        "select description from raw_aact.outcomes where id = 6871470",
        "select nct_id, acronym from raw_aact.studies where nct_id in "
        "('NCT00000105', 'NCT01508013', 'NCT00579826') order by nct_id",
        "select count(*) from raw_aact.outcomes",
    ):
        assert con.execute(query).fetchall() == [tuple(r) for r in pg.execute(query).fetchall()]
    assert con.execute(
        "select description from raw_aact.outcomes where id = 6871470"
    ).fetchone() == (MULTILINE,)
    assert con.execute(
        "select nct_id, acronym from raw_aact.studies where nct_id in "
        "('NCT00000105', 'NCT01508013', 'NCT00579826') order by nct_id"
    ).fetchall() == [("NCT00000105", ""), ("NCT00579826", None), ("NCT01508013", "A|B")]
    pg.close()


def _bad_outcomes(sample_dir: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "bad_export"
    shutil.copytree(sample_dir, bad)
    lines = (bad / "outcomes.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[5].split("|")
    cells[0] = "6871x"  # outcomes.id must be an integer
    lines[5] = "|".join(cells)
    (bad / "outcomes.txt").write_text("".join(lines), encoding="utf-8")
    return bad


def test_bad_value_names_file_column_line_study_and_value_on_duckdb(sample_dir, tmp_path):
    bad = _bad_outcomes(sample_dir, tmp_path)
    for lanes in (1, 2):
        with pytest.raises(RawInputError) as info:
            load_into_duckdb(open_flat_files(bad, tmp_path / "w"), tmp_path / f"w{lanes}.db", lanes)
        assert str(info.value) == (
            f"{bad}/outcomes.txt: column 'id', line 6 (NCT01007942): cannot read '6871x' as integer"
        )


@pytest.mark.postgres
def test_bad_value_reads_the_same_on_postgres(sample_dir, tmp_path, pg_database):
    bad = _bad_outcomes(sample_dir, tmp_path)
    for lanes in (1, 2):
        with pytest.raises(RawInputError) as info:
            load_into_postgres(open_flat_files(bad, tmp_path / "w"), pg_database["conninfo"], lanes)
        assert str(info.value) == (
            f"{bad}/outcomes.txt: column 'id', line 6 (NCT01007942): cannot read '6871x' as integer"
        )
        with psycopg.connect(pg_database["conninfo"], autocommit=True) as conn:
            conn.execute("drop schema raw_aact cascade")


def _latin1_conditions(sample_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "latin1"
    folder.mkdir()
    shutil.copy(sample_dir / "studies.txt", folder / "studies.txt")
    text = (sample_dir / "conditions.txt").read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace("|", "|Ménière ", 2).replace("|Ménière ", "|", 1)
    (folder / "conditions.txt").write_bytes(("\n".join(text) + "\n").encode("latin-1"))
    return folder


def test_a_file_that_is_not_utf8_is_an_error_naming_file_and_line(sample_dir, tmp_path):
    folder = _latin1_conditions(sample_dir, tmp_path)
    with pytest.raises(RawInputError) as info:
        load_into_duckdb(open_flat_files(folder, tmp_path / "w"), tmp_path / "w.db")
    message = str(info.value)
    assert message.startswith(f"{folder}/conditions.txt: line 4 (NCT")
    assert "is not valid UTF-8" in message and "CTW_AACT_ENCODING" in message


def test_the_encoding_a_user_sets_reads_the_file_exactly(sample_dir, tmp_path):
    folder = _latin1_conditions(sample_dir, tmp_path)  # studies.txt stays UTF-8, not ASCII
    source = open_flat_files(folder, tmp_path / "w", encoding="latin-1")
    counts, con = load_into_duckdb(source, tmp_path / "w.db")
    assert counts["conditions"] == SAMPLE_ROW_COUNTS["conditions"]
    names = [r[0] for r in con.execute("select name from raw_aact.conditions").fetchall()]
    assert sum("Ménière" in n for n in names) == 1 and not any("\ufffd" in n for n in names)
    # the file that is valid UTF-8 is read as UTF-8, not garbled as Latin-1; the build says
    # which file it read in the encoding
    query = "select brief_title from raw_aact.studies where brief_title similar to '.*[^ -~].*'"
    expected = duckdb_rows(sample_dir, query)
    assert con.execute(query).fetchall() == expected and expected
    assert not any("Ã" in title for (title,) in expected)
    with open_flat_files(folder, tmp_path / "w2", encoding="latin-1") as opened:
        for table in opened.tables:
            with opened.open_table(table):
                pass
        assert opened.summary() == "conditions.txt read as latin-1 (not valid UTF-8)"


def duckdb_rows(sample_dir: Path, query: str) -> list[tuple]:
    """The query's rows over the sample loaded as UTF-8 (the reference)."""
    with tempfile.TemporaryDirectory() as scratch:
        _, con = load_into_duckdb(
            open_flat_files(sample_dir, Path(scratch) / "w"), Path(scratch) / "ref.db"
        )
        return con.execute(query).fetchall()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "conditions.txt: file is empty (expected a header row)"),
        (  # a file cut off inside its last field, which no parser can tell from a value
            b"id|nct_id|name\n1|NCT00000105|Gout\n2|NCT00000105|Brain Injur",
            "conditions.txt: ends without a line break after its last record, which ends "
            "'2|NCT00000105|Brain Injur': the file looks cut short",
        ),
        (
            b"id|nct_id|Name|name\n1|NCT00000105|Gout|Gout\n",
            "conditions.txt: column(s) name appear more than once",
        ),
        (b"id,nct_id,name\n1,NCT1,x\n", "has no '|' delimiter"),
        (b"id|nct_id|name|\n", "header has an empty column name (field 4)"),
        (b"nct_id|name\nNCT00000105|x\n", "key column(s) id missing"),
        (
            b"id|nct_id|name\n1|NCT00000105|Gout\n2|NCT00000105|Gout|extra\n",
            "conditions.txt: line 3 (NCT00000105): too many columns",
        ),
        (  # a file cut off inside a quoted value
            b'id|nct_id|name\n1|NCT00000105|Gout\n2|NCT00000105|"Gout, with a\nlong',
            "conditions.txt: line 3 (NCT00000105): a quoted value starts here and is never "
            "closed (is the file cut off",
        ),
    ],
)
def test_malformed_files_are_rejected_with_where_and_why(sample_dir, tmp_path, content, message):
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(sample_dir / "studies.txt", folder / "studies.txt")
    (folder / "conditions.txt").write_bytes(content)
    with pytest.raises(RawInputError) as info:
        load_into_duckdb(open_flat_files(folder, tmp_path / "w"), tmp_path / "w.db")
    assert message in str(info.value)


def test_sources_without_studies_or_that_are_not_exports_are_rejected(sample_dir, tmp_path):
    (tmp_path / "conditions.txt").write_bytes((sample_dir / "conditions.txt").read_bytes())
    with pytest.raises(RawInputError, match=r"required AACT table\(s\) studies not found"):
        with open_flat_files(tmp_path, tmp_path / "w"):
            pass
    with pytest.raises(RawInputError, match="nowhere does not exist"):
        with open_flat_files(tmp_path / "nowhere", tmp_path / "w"):
            pass
    bogus = tmp_path / "studies.csv"
    bogus.write_text("not a zip")
    with pytest.raises(RawInputError, match="not a folder or a zip archive"):
        with open_flat_files(bogus, tmp_path / "w"):
            pass


@pytest.mark.postgres
def test_aact_postgres_source_errors_are_clear(pg_database):
    with pytest.raises(RawInputError, match=r"schema nowhere: required AACT table\(s\) studies"):
        with open_postgres(pg_database["conninfo"], "nowhere"):
            pass
    with pytest.raises(RawInputError, match="AACT PostgreSQL: cannot connect"):
        with open_postgres("host=127.0.0.1 port=1 user=postgres dbname=aact connect_timeout=2"):
            pass


def test_header_names_are_read_as_csv_and_compared_as_postgresql_compares_them(
    sample_dir, tmp_path, pg_database
):
    """`"nct_id"` (quoted, as CSV allows) and `Name` (another case) are the DDL's columns on both
    targets: the marts' columns never load as NULL beside a new column of another spelling."""
    folder = tmp_path / "export"
    shutil.copytree(sample_dir, folder)
    conditions = (folder / "conditions.txt").read_text(encoding="utf-8").split("\n", 1)
    assert conditions[0] == "id|nct_id|name|downcase_name"
    (folder / "conditions.txt").write_text(
        '"id"|"nct_id"|Name|DOWNCASE_NAME\n' + conditions[1], encoding="utf-8"
    )
    counts, con = load_into_duckdb(open_flat_files(folder, tmp_path / "w"), tmp_path / "w.db")
    assert counts == SAMPLE_ROW_COUNTS
    query = "select count(*), count(name), count(downcase_name) from raw_aact.conditions"
    expected = duckdb_rows(sample_dir, query)
    assert con.execute(query).fetchall() == expected and expected[0][1] > 80
    columns = "select column_name from information_schema.columns where table_name = 'conditions'"
    assert sorted(r[0] for r in con.execute(columns).fetchall()) == [
        "downcase_name", "id", "name", "nct_id"
    ]  # fmt: skip
    conninfo = pg_database["conninfo"]
    assert load_into_postgres(open_flat_files(folder, tmp_path / "p"), conninfo) == counts
    with psycopg.connect(conninfo) as conn:
        assert conn.execute(query).fetchall() == expected


def test_a_folder_with_a_table_under_two_spellings_is_refused_and_other_files_are_named(
    sample_dir, tmp_path
):
    folder = tmp_path / "export"
    shutil.copytree(sample_dir, folder)
    (folder / "brand_new_table.txt").write_text("id|nct_id|name\n", encoding="utf-8")
    with open_flat_files(folder, tmp_path / "w") as source:
        assert source.notes == [
            "AACT files not loaded (no table of this warehouse): baseline_counts.txt, "
            "baseline_measurements.txt, brand_new_table.txt, keywords.txt, selected_nct_ids.txt"
        ]
    (folder / "Conditions.txt").write_text("id|nct_id|name\n", encoding="utf-8")
    with pytest.raises(RawInputError) as info:
        with open_flat_files(folder, tmp_path / "w"):
            pass
    assert str(info.value) == (
        f"{folder}: holds a table's file more than once (Conditions.txt, conditions.txt); "
        "keep one of each"
    )


def test_the_export_date_comes_from_either_name_aact_gives_its_flat_files(sample_dir, tmp_path):
    for name, date in (
        ("20261203_pipe-delimited-export.zip", "2026-12-03"),
        ("20261202_export_ctgov.zip", "2026-12-02"),
        ("20261201_pipe-delimited-export", "2026-12-01"),  # unzipped into a folder
        ("my_export.zip", None),
    ):
        location = tmp_path / name
        if name.endswith(".zip"):
            with zipfile.ZipFile(location, "w") as archive:
                archive.write(sample_dir / "studies.txt", "studies.txt")
        else:
            shutil.copytree(sample_dir, location)
        with open_flat_files(location, tmp_path / "w") as source:
            assert source.export_date == date, name
