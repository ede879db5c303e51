"""The commands a newcomer reaches for first: `--version`, `--help` of every command,
`sql --format`, and `trial NCT…` (a study as a card), on the built sample."""

from __future__ import annotations

import csv
import io
import json
from importlib.metadata import version

from tests.helpers import run_cli

COMMANDS = (
    ["build"],
    ["summary"],
    ["trial"],
    ["sql"],
    ["export"],
    ["changes"],
    ["rollback"],
    ["ctgov-sync"],
    ["ctrp"],
    ["ctrp", "validate"],
    ["ctrp", "documents"],
    ["ctrp", "submit"],
)
QUERY = (
    "select nct_id, phase_rank, enrollment, has_results, start_date, brief_title "
    "from marts.dim_trials where nct_id in ('NCT00000105', 'NCT02411448') order by nct_id"
)


def test_version_and_every_commands_help(tmp_path):
    home = tmp_path / "home"
    shown = run_cli("--version", env={}, dagster_home=home)
    assert shown.returncode == 0
    assert shown.stdout.startswith(
        f"ctwarehouse {version('ctwarehouse')} (dagster {version('dagster')}, dbt-core "
    )
    for command in COMMANDS:
        helped = run_cli(*command, "--help", env={}, dagster_home=home)
        assert helped.returncode == 0, (command, helped.stderr)
        assert helped.stdout.startswith(f"usage: warehouse {' '.join(command)}"), helped.stdout
    dbt = run_cli("dbt", "--version", env={}, dagster_home=home)  # dbt's own options work
    assert dbt.returncode == 0 and f"installed: {version('dbt-core')}" in dbt.stdout, dbt
    overview = run_cli("--help", env={}, dagster_home=home).stdout
    for command in ("trial", "export", "sql", "ctgov-sync"):
        assert f"\n    {command}" in overview


def test_sql_prints_tsv_table_csv_and_json(sample_build, tmp_path):
    def sql(*args):
        result = run_cli("sql", *args, QUERY, env=sample_build.env, dagster_home=tmp_path / "h")
        assert result.returncode == 0, result.stderr
        return result.stdout

    tsv = sql().splitlines()
    assert tsv[0] == "nct_id\tphase_rank\tenrollment\thas_results\tstart_date\tbrief_title"
    assert tsv[2].startswith("NCT02411448\t3.0\t545\ttrue\t2015-05-06\tA Study of Ramucirumab")

    table = sql("--format", "table").splitlines()
    assert table[0].split(" │ ")[:3] == ["nct_id     ", "phase_rank", "enrollment"]
    assert set(table[1]) == {"─", "┼"}
    relay = table[3]
    assert relay.startswith("NCT02411448 │        3.0 │        545 │ true        │ 2015-05-06 │")
    assert relay.endswith("…") and len(relay.split(" │ ")[-1]) == 60  # a long title is cut
    assert table[-1] == "(2 rows)"

    rows = list(csv.reader(io.StringIO(sql("--format", "csv"))))
    assert rows[0][0] == "nct_id" and rows[1][:5] == [
        "NCT00000105",
        "",
        "112",
        "false",
        "2002-07-31",
    ]
    assert rows[2][5].startswith("A Study of Ramucirumab (LY3009806) in Combination With Erlotinib")

    records = json.loads(sql("--format", "json"))
    assert records[1] == {
        "nct_id": "NCT02411448",
        "phase_rank": 3.0,
        "enrollment": 545,
        "has_results": True,
        "start_date": "2015-05-06",
        "brief_title": records[1]["brief_title"],
    }
    assert records[0]["phase_rank"] is None

    wrong = run_cli("sql", "--format", "xml", QUERY, env=sample_build.env, dagster_home=tmp_path)
    assert wrong.returncode == 2 and "invalid choice: 'xml'" in wrong.stderr


def test_sql_on_duckdb_runs_one_query_that_reads_and_nothing_else(sample_build, tmp_path):
    def sql(statement: str):
        return run_cli("sql", statement, env=sample_build.env, dagster_home=tmp_path / "h")

    written = tmp_path / "x.csv"
    refusals = {
        "select 1; select 2": "warehouse: refused: one statement per call (the text holds 2)",
        f"copy (select 1) to '{written}'": "warehouse: refused: COPY is not a query; "
        "./warehouse sql runs one (select …)",
        "set enable_external_access = true": "warehouse: refused: SET is not a query;",
        f"attach '{tmp_path / 'y.db'}'": "warehouse: refused: ATTACH is not a query;",
        "select * from read_csv('/etc/passwd')": "warehouse: query failed: Permission Error: "
        'Cannot access file "/etc/passwd"',
    }
    for statement, message in refusals.items():
        result = sql(statement)
        assert result.returncode == 1 and result.stderr.startswith(message), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not written.exists()
    # a value's tab and newline stay inside its column; booleans as SQL writes them
    shown = sql("select 'a' || chr(9) || 'b' || chr(10) || 'c' as v, 1 = 1 as t, 'd' as w")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == ["v\tt\tw", "a\\tb\\nc\ttrue\td"]
    assert sql("describe marts.dim_trials").stdout.startswith("column_name\tcolumn_type")


def test_trial_prints_a_study_as_a_card(sample_build, tmp_path):
    card = run_cli("trial", "NCT02411448", env=sample_build.env, dagster_home=tmp_path / "h")
    assert card.returncode == 0, card.stderr
    lines = card.stdout.splitlines()
    assert lines[0] == (
        "NCT02411448  A Study of Ramucirumab (LY3009806) in Combination With Erlotinib in "
        "Previously Untreated Participants With EGFR Mutation-Positive Metastatic NSCLC (RELAY)"
    )
    for expected in (
        "  status              ACTIVE_NOT_RECRUITING",
        "  phase               PHASE3 (INTERVENTIONAL)",
        "  enrollment          545 (ACTUAL)",
        "  start               2015-05-06 (ACTUAL)",
        "  primary completion  2019-01-23 (ACTUAL)",
        "  completion          2023-12-16 (ESTIMATED)",
        "  lead sponsor        Eli Lilly and Company (INDUSTRY)",
        "  record source       aact (last update posted 2022-05-11)",
        "  conditions (1):",
        "    Metastatic Non-Small Cell Lung Cancer  [MeSH D002289 Carcinoma, Non-Small-Cell Lung]",
        "  arms (3):",
        "    EXPERIMENTAL: Ramucirumab + Erlotinib: Erlotinib (DRUG), Ramucirumab (DRUG)",
        "    PLACEBO_COMPARATOR: Placebo + Erlotinib: Erlotinib (DRUG), Placebo (DRUG)",
        # the sample's AACT studies have no design_outcomes rows: the posted results' outcomes
        "  primary outcomes (2, of the posted results: none in the registered outcomes):",
        "    Part B: Progression Free Survival (PFS) (time frame: Randomization to Measured "
        "Progressive Disease or Death from Any Cause (Up To 37 Months))",
    ):
        assert expected in lines, expected

    # a study without results: its conditions by MeSH descriptor, some without one
    other = run_cli("trial", "nct03590054", env=sample_build.env, dagster_home=tmp_path / "h")
    assert other.returncode == 0, other.stderr
    assert "  conditions (21):" in other.stdout
    assert "    Stage IIIA Lung Cancer AJCC v8  [MeSH D008175 Lung Neoplasms]" in other.stdout
    assert "    Metastatic Melanoma  [no MeSH descriptor]" in other.stdout
    assert (
        "    EXPERIMENTAL: Treatment (abexinostat, pembrolizumab): Abexinostat (DRUG), "
        "Pembrolizumab (BIOLOGICAL)" in other.stdout
    )
    assert "  primary outcomes: none in the registered outcomes\n" in other.stdout

    # a study that registers no arm: its intervention apart, not counted as an arm
    unarmed = run_cli("trial", "NCT05594173", env=sample_build.env, dagster_home=tmp_path / "h")
    assert unarmed.returncode == 0, unarmed.stderr
    assert (
        "  arms: none recorded\n  interventions in no arm (1): Food texture modification (OTHER)\n"
        in unarmed.stdout
    )
    # its browse term without an id (AACT's), which neither the bundled MeSH nor gilda holds
    assert (
        "    Dysphagia  [MeSH Deglutition Disorders, its id not in the loaded MeSH vocabulary]"
        in unarmed.stdout.splitlines()
    )

    # an API-derived study without results: the primary outcomes its protocol registers
    registered = run_cli("trial", "NCT03630471", env=sample_build.env, dagster_home=tmp_path / "h")
    assert registered.returncode == 0, registered.stderr
    assert registered.stdout.endswith(
        "  primary outcomes (2):\n"
        "    Idiographic problems (time frame: 6 weeks)\n"
        "    Mental health symptoms (time frame: 6 weeks)\n"
    ), registered.stdout


def test_trial_names_what_is_wrong_in_one_line(sample_build, tmp_path):
    cases = {
        "NCT99999999": "NCT99999999 is not in the live warehouse",
        "12345": "'12345' is not an NCT id (NCT and 8 digits, e.g. NCT03590054)",
    }
    for given, message in cases.items():
        result = run_cli("trial", given, env=sample_build.env, dagster_home=tmp_path / "h")
        assert result.returncode == 1
        assert result.stderr == f"warehouse: {sample_build.live}: {message}\n"
    empty = {"CTW_DUCKDB_PATH": str(tmp_path / "none.duckdb")}
    missing = run_cli("trial", "NCT02411448", env=empty, dagster_home=tmp_path / "h")
    assert missing.returncode == 1
    assert missing.stderr.startswith(f"warehouse: no warehouse at {tmp_path / 'none.duckdb'} yet")


def test_summary_names_the_first_ids_of_a_pair_and_counts_the_rest():
    """A whole-registry top pair has thousands of trials: five ids and a count, on one line."""
    from orchestration.cli.query import first_ids

    ids = ", ".join(f"NCT{n:08d}" for n in range(1, 6283))
    assert first_ids(ids) == (
        "NCT00000001, NCT00000002, NCT00000003, NCT00000004, NCT00000005 and 6,277 more"
    )
    assert first_ids("NCT04267848, NCT04489003") == "NCT04267848, NCT04489003"
    assert first_ids("") == ""


def test_sql_json_is_valid_json_for_every_value_a_query_can_return(sample_build, tmp_path):
    """NaN and infinities (JSON has no number for them), a decimal beyond a double, JSON and
    bytes: valid JSON that keeps each value, and text as PostgreSQL writes it in tsv."""
    statement = (
        "select 'nan'::double as nan, 'inf'::double as inf, "
        "12345678901234567890.123456789::decimal(38, 9) as big, 0.5::decimal(3, 1) as half, "
        "'\\x00\\xff'::blob as raw, {'a': 1} as record"
    )
    env = sample_build.env
    shown = run_cli("sql", "--format", "json", statement, env=env, dagster_home=tmp_path / "h")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == [
        {
            "nan": "NaN",
            "inf": "Infinity",
            "big": "12345678901234567890.123456789",
            "half": 0.5,
            "raw": "\\x00ff",
            "record": {"a": 1},
        }
    ]
    tsv = run_cli("sql", statement, env=env, dagster_home=tmp_path / "h")
    assert tsv.stdout.splitlines()[1].split("\t")[3:] == ["0.5", "\\\\x00ff", '{"a": 1}']


def test_sql_writes_lists_and_structs_of_dates_and_decimals_and_keeps_every_column(
    sample_build, tmp_path
):
    """A list of dates or decimals is JSON in tsv and csv (not a traceback); tsv tells an empty
    string (nothing) from NULL (`\\N`), csv an empty string ("") from NULL (nothing); JSON keeps
    a column whose name is given twice."""
    env, home = sample_build.env, tmp_path / "h"
    statement = (
        "select list(start_date order by nct_id) filter (where nct_id in "
        "('NCT00000105', 'NCT02411448')) as starts, [1.5::decimal(3, 1)] as ratios, "
        "{'on': date '2020-01-02'} as stamp, '' as empty, null as missing, 1 as a, 2 as a "
        "from marts.dim_trials"
    )
    tsv = run_cli("sql", statement, env=env, dagster_home=home)
    assert tsv.returncode == 0, tsv.stderr
    assert tsv.stdout.splitlines()[1].split("\t")[:5] == [
        '["2002-07-31", "2015-05-06"]',
        "[1.5]",
        '{"on": "2020-01-02"}',
        "",  # an empty string
        "\\N",  # NULL, as PostgreSQL's text format writes it
    ]
    shown = run_cli("sql", "--format", "csv", statement, env=env, dagster_home=home)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[1].endswith(',"",,1,2')
    records = json.loads(
        run_cli("sql", "--format", "json", statement, env=env, dagster_home=home).stdout
    )
    assert records[0]["starts"] == ["2002-07-31", "2015-05-06"]
    assert (records[0]["a"], records[0]["a_2"], records[0]["missing"]) == (1, 2, None)
    # intervals as DuckDB writes them, months kept (a timedelta would read 360 days a year)
    spans = run_cli(
        "sql", "select interval '1 year 2 months' as y; -- a comment", env=env, dagster_home=home
    )
    assert spans.stdout == "y\n1 year 2 months\n", spans.stderr


def test_a_card_keeps_each_value_on_its_line():
    from orchestration.marts.trial_card import TrialCard

    trial = dict.fromkeys(
        "nct_id brief_title study_type overall_status phase enrollment enrollment_type "
        "start_date start_date_type primary_completion_date primary_completion_date_type "
        "completion_date completion_date_type lead_sponsor_name lead_sponsor_class has_results "
        "last_update_posted_date record_source".split()
    )
    trial.update(nct_id="NCT00000001", brief_title="Two\nlines", record_source="aact")
    card = TrialCard(
        trial,
        conditions=[('Lung "NSCLC"\ncancer', None, None)],
        arms={"EXPERIMENTAL: Arm A\n(second line)": ["Drug\tX (DRUG)"]},
        primary_outcomes=[("PFS\r\n", "Week 1\nWeek 2", True)],
    )
    lines = card.lines()
    assert lines[0] == "NCT00000001  Two lines"
    assert '    Lung "NSCLC" cancer  [no MeSH descriptor]' in lines
    assert "    EXPERIMENTAL: Arm A (second line): Drug X (DRUG)" in lines
    assert lines[-1] == "    PFS (time frame: Week 1 Week 2)"


def test_rows_written_a_batch_at_a_time_read_as_the_whole_result():
    """`./warehouse sql` writes a result as it reads it (DuckDB: 10,000 rows a batch): in every
    format the batches add up to the output of the rows at once."""
    from orchestration.cli.row_formats import FORMATS, format_rows, write_rows

    columns = ["n", "text", "n"]
    rows = [(i, None if i % 3 == 0 else f'v{i},\t"q"\n', i * 2) for i in range(7)]
    for fmt in FORMATS:
        written: list[str] = []
        write_rows(fmt, columns, iter([rows[:2], [], rows[2:5], rows[5:]]), written.append)
        assert "".join(written) == format_rows(fmt, columns, rows), fmt
        nothing: list[str] = []
        write_rows(fmt, columns, iter([]), nothing.append)
        assert "".join(nothing) == format_rows(fmt, columns, []), fmt


def test_table_columns_line_up_with_wide_characters():
    from orchestration.cli.row_formats import display_width, format_rows

    shown = format_rows("table", ["name", "n"], [("承認品目", 1), ("abc", 22), ("é", 3)])
    lines = shown.splitlines()
    assert lines[:5] == [
        "name     │  n",
        "─────────┼───",
        "承認品目 │  1",
        "abc      │ 22",
        "é        │  3",
    ]
    long = format_rows("table", ["t"], [("承" * 100,)]).splitlines()[2]
    assert display_width(long) == 59 and long.endswith("…")  # 29 wide characters and "…"
