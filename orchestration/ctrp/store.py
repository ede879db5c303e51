"""The CTRP store (`<CTW_CTRP_DIR>/ctrp.duckdb`): the documents written for the trial sheet and
every submission with CTRP's answer. It lives beside the documents, not in the warehouse,
because a build replaces the warehouse while what CTRP confirmed (NCI ids) must outlive builds.

`documents` holds the latest document of each sheet entry and of each of its sites (rewritten by
every run); `submissions` is the history of requests sent, appended to and never rewritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from orchestration.ctrp.trial_ids import Confirmed

STORE_FILE = "ctrp.duckdb"
# Answers after which the same document is not sent again.
DONE_OUTCOMES = ("confirmed", "already_registered")

_SCHEMA = """
create table if not exists documents (
    nct_id varchar not null,
    mode varchar not null,
    operation varchar not null,
    method varchar not null,
    url_path varchar not null,
    path varchar,
    sha256 varchar not null,
    status varchar not null,
    problems varchar not null,
    written_at timestamp not null,
    site varchar
);
create table if not exists submissions (
    submitted_at timestamp not null,
    nct_id varchar not null,
    operation varchar not null,
    method varchar not null,
    url varchar not null,
    path varchar,
    sha256 varchar not null,
    http_status integer,
    outcome varchar not null,
    pa_trial_id bigint,
    nci_trial_id varchar,
    message varchar
);
alter table submissions add column if not exists site varchar;
alter table submissions add column if not exists site_id bigint;
"""
# Columns of a submission, as Submission has them.
_SUBMISSION = (
    "nct_id, operation, method, url, path, sha256, http_status, outcome, pa_trial_id, "
    "nci_trial_id, message, site, site_id"
)


@dataclass(frozen=True)
class DocumentRow:
    nct_id: str
    mode: str
    operation: str
    method: str
    url_path: str
    path: str | None
    sha256: str
    status: str
    problems: tuple[str, ...]
    site: str | None = None  # a participating site's request: po:<id> or ctep:<id>


@dataclass(frozen=True)
class Submission:
    nct_id: str
    operation: str
    method: str
    url: str
    path: str | None
    sha256: str
    http_status: int | None
    outcome: str  # confirmed | already_registered | rejected | not_found | unauthorized | error
    pa_trial_id: int | None = None
    nci_trial_id: str | None = None
    message: str | None = None
    site: str | None = None
    site_id: int | None = None  # CTRP's id of a participating site it took


class CtrpStore:
    """A short-lived connection to the store (DuckDB admits one writer at a time)."""

    def __init__(self, directory: Path | str):
        self.path = Path(directory) / STORE_FILE

    def __enter__(self) -> CtrpStore:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path))
        documents = self.con.execute(
            "select column_name from information_schema.columns where table_name = 'documents'"
        ).fetchall()
        if documents and ("site",) not in documents:  # a store from before sites: rewritten
            self.con.execute("drop table documents")  # by every run anyway
        self.con.execute(_SCHEMA)
        return self

    def __exit__(self, *exc) -> None:
        self.con.close()

    def replace_documents(self, rows: list[DocumentRow]) -> None:
        """The documents of the current sheet, in one transaction (entries no longer in the
        sheet go)."""
        now = datetime.now()
        self.con.execute("begin")
        try:
            self.con.execute("delete from documents")
            self.con.executemany(
                "insert into documents (nct_id, mode, operation, method, url_path, path, sha256, "
                "status, problems, written_at, site) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.nct_id,
                        r.mode,
                        r.operation,
                        r.method,
                        r.url_path,
                        r.path,
                        r.sha256,
                        r.status,
                        "\n".join(r.problems),
                        now,
                        r.site,
                    )
                    for r in rows
                ],
            )
            self.con.execute("commit")
        except Exception:
            self.con.execute("rollback")
            raise

    def documents(self) -> list[DocumentRow]:
        """Each trial's document before its sites' (sites are sent once the trial is
        registered)."""
        rows = self.con.execute(
            "select nct_id, mode, operation, method, url_path, path, sha256, status, problems, "
            "site from documents order by nct_id, site nulls first"
        ).fetchall()
        return [
            DocumentRow(*row[:8], tuple(line for line in row[8].split("\n") if line), row[9])
            for row in rows
        ]

    def record(self, submission: Submission) -> None:
        s = submission
        self.con.execute(
            f"insert into submissions (submitted_at, {_SUBMISSION}) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                datetime.now(),
                s.nct_id,
                s.operation,
                s.method,
                s.url,
                s.path,
                s.sha256,
                s.http_status,
                s.outcome,
                s.pa_trial_id,
                s.nci_trial_id,
                s.message,
                s.site,
                s.site_id,
            ],
        )

    def confirmed_ids(self) -> dict[str, Confirmed]:
        """{nct_id: the PA and NCI ids of CTRP's last confirmation of the trial}."""
        rows = self.con.execute(
            "select nct_id, arg_max(pa_trial_id, submitted_at), "
            "arg_max(nci_trial_id, submitted_at) from submissions "
            "where outcome = 'confirmed' and site is null and nci_trial_id is not null "
            "group by nct_id"
        ).fetchall()
        return {nct_id: Confirmed(pa, nci) for nct_id, pa, nci in rows}

    def settled_sites(self) -> dict[tuple[str, str], str]:
        """{(nct_id, site): the sha256 of the site's last request CTRP settled}."""
        rows = self.con.execute(
            "select nct_id, site, arg_max(sha256, submitted_at) from submissions "
            f"where site is not null and outcome in {DONE_OUTCOMES} group by nct_id, site"
        ).fetchall()
        return {(nct_id, site): sha256 for nct_id, site, sha256 in rows}

    def already_sent(
        self, nct_id: str, operation: str, sha256: str, site: str | None = None
    ) -> Submission | None:
        """The submission that settled this very document, if it is the last this operation
        settled (a document changed and changed back is sent again)."""
        row = self.con.execute(
            f"select {_SUBMISSION} from submissions where nct_id = ? and operation = ? "
            f"and site is not distinct from ? and outcome in {DONE_OUTCOMES} "
            "order by submitted_at desc limit 1",
            [nct_id, operation, site],
        ).fetchone()
        return Submission(*row) if row and row[5] == sha256 else None

    def submissions(self) -> list[Submission]:
        rows = self.con.execute(
            f"select {_SUBMISSION} from submissions order by submitted_at"
        ).fetchall()
        return [Submission(*row) for row in rows]
