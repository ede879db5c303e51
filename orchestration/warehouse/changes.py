"""What changed, at a glance: each build records, before it is published, the studies added,
updated (a newer `last_update_posted_date`), removed and now read from another registry
(`record_source`: AACT's export or the CT.gov mirror) since the live build, and each mart's
rows beside the live build's. The history travels with the warehouse (`<raw>._changes`,
`<raw>._mart_rows`: each build copies the live build's rows, then adds its own), so a rollback
brings back the history as it was at that build."""

from __future__ import annotations

from dataclasses import dataclass, field

CHANGES_TABLE = "_changes"
MART_ROWS_TABLE = "_mart_rows"
CHANGE_KINDS = ("added", "updated", "removed")
SOURCE_CHANGED = "source_changed"  # the same record date, from another registry


@dataclass(frozen=True)
class Relations:
    """Quoted names of the build's (`new_*`) and the live warehouse's (`old_*`) schemas, as the
    store's connection sees them; `old_*` is None when nothing is live yet."""

    new_raw: str
    new_marts: str
    old_raw: str | None
    old_marts: str | None


@dataclass
class BuildChanges:
    build_id: str
    previous_build_id: str | None
    counts: dict[str, int] = field(default_factory=dict)  # change kind → studies
    # now (None: the live build has the mart, this one not), before (None: a new mart)
    mart_rows: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)

    def line(self) -> str:
        since = f"build {self.previous_build_id}" if self.previous_build_id else "nothing live"
        kinds = ", ".join(f"{self.counts.get(kind, 0):,} {kind}" for kind in CHANGE_KINDS)
        if self.counts.get(SOURCE_CHANGED):
            kinds += f", {self.counts[SOURCE_CHANGED]:,} from another registry"
        return f"studies since {since}: {kinds}"

    def mart_lines(self) -> list[str]:
        lines = []
        for mart, (rows, before) in sorted(self.mart_rows.items()):
            if rows is None:
                lines.append(f"{mart} removed ({before:,} rows before)")
                continue
            delta = "new" if before is None else f"{rows - before:+,}"
            lines.append(f"{mart} {rows:,} ({delta})")
        return lines

    def metadata(self) -> dict[str, int | str]:
        values: dict[str, int | str] = {
            f"studies_{kind}": self.counts.get(kind, 0) for kind in (*CHANGE_KINDS, SOURCE_CHANGED)
        }
        values["previous_build_id"] = self.previous_build_id or ""
        for mart, (rows, before) in self.mart_rows.items():
            values[f"rows_change/{mart}"] = (rows or 0) - (before or 0)
        return values


def change_statements(
    build_id: str,
    relations: Relations,
    previous_build_id: str | None,
    mart_rows: dict[str, tuple[int | None, int | None]],
    compare_sources: bool = True,
) -> list[str]:
    """SQL (DuckDB and PostgreSQL alike) that writes this build's changes and mart rows (now,
    before) into the build, after the live warehouse's history (`old_raw` is None when the live
    build has none: built before changes were recorded). `compare_sources`: the live
    `dim_trials` has `record_source` (a build of an older release may not)."""
    r = relations
    build = _literal(build_id)
    previous = _literal(previous_build_id) if previous_build_id else "cast(null as varchar)"
    statements = [
        f"create table {r.new_raw}.{CHANGES_TABLE} (build_id varchar, previous_build_id varchar, "
        "recorded_at timestamp, change varchar, nct_id varchar, last_update_posted_date date)",
        f"create table {r.new_raw}.{MART_ROWS_TABLE} (build_id varchar, mart varchar, "
        "row_count bigint, previous_row_count bigint)",
    ]
    if r.old_raw is not None:
        statements += [
            f"insert into {r.new_raw}.{CHANGES_TABLE} select * from {r.old_raw}.{CHANGES_TABLE}",
            f"insert into {r.new_raw}.{MART_ROWS_TABLE} "
            f"select * from {r.old_raw}.{MART_ROWS_TABLE}",
        ]
    if r.old_marts is not None:
        # a newer record: a date lost (a column gone from the export) or older is not one
        dated = (
            "(new.last_update_posted_date > old.last_update_posted_date or "
            "(old.last_update_posted_date is null and new.last_update_posted_date is not null))"
        )
        moved = "new.record_source is distinct from old.record_source"
        compared = (
            f"from {r.new_marts}.dim_trials as new full outer join {r.old_marts}.dim_trials "
            "as old on new.nct_id = old.nct_id where old.nct_id is null or new.nct_id is null "
            f"or {dated}" + (f" or {moved}" if compare_sources else "")
        )
        statements.append(
            f"insert into {r.new_raw}.{CHANGES_TABLE} select {build}, {previous}, "
            "current_timestamp, case when old.nct_id is null then 'added' when new.nct_id is "
            f"null then 'removed' when {dated} then 'updated' else '{SOURCE_CHANGED}' end, "
            "coalesce(new.nct_id, old.nct_id), "
            f"coalesce(new.last_update_posted_date, old.last_update_posted_date) {compared}"
        )
    else:
        statements.append(
            f"insert into {r.new_raw}.{CHANGES_TABLE} select {build}, {previous}, "
            "current_timestamp, 'added', nct_id, last_update_posted_date "
            f"from {r.new_marts}.dim_trials"
        )
    for mart, (rows, before) in sorted(mart_rows.items()):
        previous_rows = "cast(null as bigint)" if before is None else str(int(before))
        now_rows = "cast(null as bigint)" if rows is None else str(int(rows))  # NULL: removed
        statements.append(
            f"insert into {r.new_raw}.{MART_ROWS_TABLE} values ({build}, {_literal(mart)}, "
            f"{now_rows}, {previous_rows})"
        )
    return statements


def counts_query(build_id: str, raw: str) -> str:
    """This build's studies per change kind (read back after writing)."""
    return (
        f"select change, count(*) from {raw}.{CHANGES_TABLE} "
        f"where build_id = {_literal(build_id)} group by change"
    )


def changes_query(raw: str, since: str | None) -> str:
    """The recorded changes, newest build first, for `./warehouse changes [--since DATE]`."""
    where = f"where recorded_at >= cast({_literal(since)} as date) " if since else ""
    return (
        "select build_id, cast(cast(recorded_at as date) as varchar), change, nct_id, "
        f"cast(last_update_posted_date as varchar) from {raw}.{CHANGES_TABLE} {where}"
        "order by build_id desc, change, nct_id"
    )


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def record_changes(store, build_id: str) -> BuildChanges:
    """Write this build's changes into the build (before publish) and return their counts."""
    with store.reading_live():
        return _record_changes(store, build_id)


def _record_changes(store, build_id: str) -> BuildChanges:
    marts = slot_marts(store)
    live = store.live_build()
    previous = live.build_id if live is not None and live.build_id != "legacy" else None
    now = store.slot_row_counts([("marts", mart) for mart in marts])
    before = live_mart_rows(store) if live else {}
    mart_rows: dict[str, tuple[int | None, int | None]] = {
        mart: (now[("marts", mart)], before.get(mart)) for mart in marts if ("marts", mart) in now
    }
    # a mart the live build has and this one does not (ctrp_trial_fields without a trial sheet)
    mart_rows.update({mart: (None, rows) for mart, rows in before.items() if mart not in marts})
    relations = store.change_relations()
    rows = store.run_in_slot(
        change_statements(
            build_id, relations, previous, mart_rows, live is not None and _live_has_sources(store)
        ),
        counts_query(build_id, relations.new_raw),
    )
    return BuildChanges(build_id, previous, {kind: n for kind, n in rows}, mart_rows)


def slot_marts(store) -> list[str]:
    """The tables and views dbt built in the build's marts schema."""
    schema = store.slot_schema_for("marts")
    rows = store.run_in_slot(
        [],
        "select table_name from information_schema.tables where table_catalog = "
        f"current_database() and table_schema = {_literal(schema)} order by table_name",
    )
    return [name for (name,) in rows]


def _live_has_sources(store) -> bool:
    return bool(
        store.query(
            "select 1 from information_schema.columns where table_catalog = current_database() "
            "and table_schema = 'marts' and table_name = 'dim_trials' "
            "and column_name = 'record_source'"
        )
    )


def live_recorded_mart_rows(store, build_id: str) -> dict[str, int]:
    """Each live mart's rows as build `build_id` (the live one) recorded them before it was
    published (`_mart_rows`): a rollback names them without counting every mart again (seconds
    per ten-million-row mart on PostgreSQL). A build from before that record: counted."""
    recorded = store.query(
        "select 1 from information_schema.tables where table_catalog = current_database() "
        f"and table_schema = {_literal(store.raw_schema)} and table_name = '{MART_ROWS_TABLE}'"
    )
    if not recorded:
        return live_mart_rows(store)
    return dict(
        store.query(
            f'select mart, row_count from "{store.raw_schema}".{MART_ROWS_TABLE} '
            f"where build_id = {_literal(build_id)} and row_count is not null"
        )
    )


def live_mart_rows(store) -> dict[str, int]:
    """The live build's row count of each of its marts."""
    present = [
        name
        for (name,) in store.query(
            "select table_name from information_schema.tables where table_catalog = "
            "current_database() and table_schema = 'marts'"
        )
    ]
    if not present:
        return {}
    counts = " union all ".join(
        f"select {_literal(mart)}, count(*) from marts.{mart}" for mart in present
    )
    return dict(store.query(counts))
