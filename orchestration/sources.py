"""Every source of raw tables, declared once: its name (the CTW_SOURCES value, dbt's source, the
Dagster asset-key prefix and the resource that configures it), how it is read, its tables, its
raw schema and what the UI shows beside its raw assets.

Made from this table: the raw loads (warehouse/raw_loads.py), the raw assets and their checks
(defs/raw/assets.py), the stores' raw schemas, the table layouts (raw/layouts.py), the values
CTW_SOURCES accepts, and dbt's union of the registries: dbt_env passes the chosen sources to dbt
as CTW_SOURCES, in this order, and the macros loop over them (macros/registry_sources.sql).
tests/test_sources.py checks that dbt's sources YAML and staging folders agree with it.

This module imports nothing of the package (settings reads it); a source's reader is named by
its import path and resolved when a build opens it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# The AACT tables the warehouse loads from every registry source, in the order they load: the
# shape the staging macros (dbt_project/macros/staging) read, whichever source they come from.
# A table added here loads by name with AACT's columns and types (aact/ctgov_v2.sql).
AACT_SHAPED_TABLES: tuple[str, ...] = (
    "studies",
    "conditions",
    "interventions",
    "intervention_other_names",
    "browse_conditions",
    "browse_interventions",
    "design_groups",
    "design_group_interventions",
    "design_outcomes",
    "result_groups",
    "outcomes",
    "outcome_measurements",
    "outcome_counts",
    "outcome_analyses",
    "outcome_analysis_groups",
    "countries",
    "facilities",
    "sponsors",
    "reported_events",
    "designs",
    "id_information",
    "overall_officials",
    "responsible_parties",
)


@dataclass(frozen=True)
class SourceCheck:
    """A Dagster check of one source's load, on its `studies` asset (a warning)."""

    name: str
    kind: str  # "drift": its tables have the DDL's columns; "rejects": every record was read
    description: str


@dataclass(frozen=True)
class Source:
    name: str
    title: str  # how messages name it
    # "module:Class" of its config: `from_settings()`, and `open(workdir)`, a context manager
    # yielding a raw.source.TableSource
    reader: str
    tables: tuple[str, ...]
    raw_schema: str
    ddl: str  # the DDL file typing its tables, relative to the package
    file_kind: str  # what it reads, shown beside its raw assets with the targets
    description: str  # of each raw asset; `{table}` and `{schema}` are filled in
    holds_studies: bool = True  # a registry of studies, chosen by CTW_SOURCES; else always loaded
    raw_schema_setting: str | None = None  # a setting that renames its raw schema
    dbt_tables: tuple[str, ...] | None = None  # the tables dbt reads, when not all of them
    table_file_kinds: dict[str, str] = field(default_factory=dict)
    upstream: tuple[str, ...] = ()  # asset keys ("a/b") its raw tables are made from
    writes_rejects: bool = False  # records it set aside go to <raw schema>._rejects
    checks: tuple[SourceCheck, ...] = ()

    @property
    def asset_prefix(self) -> str:
        return self.name

    @property
    def ddl_path(self) -> Path:
        return PACKAGE_DIR / self.ddl

    def dbt_source_tables(self) -> tuple[str, ...]:
        return self.tables if self.dbt_tables is None else self.dbt_tables

    def kinds(self, table: str) -> set[str]:
        """What the UI shows beside a raw asset: the targets and the kind of file read."""
        return {"duckdb", "postgres", self.table_file_kinds.get(table, self.file_kind)}

    def config_class(self) -> type:
        module, _, name = self.reader.partition(":")
        return getattr(importlib.import_module(module), name)

    def schema_in(self, raw_schema: str) -> str:
        """Its raw schema in a warehouse whose main raw schema (CTW_RAW_SCHEMA, where the
        build's records live) is `raw_schema`."""
        return raw_schema if self.raw_schema_setting else self.raw_schema


SOURCES: tuple[Source, ...] = (
    Source(
        name="aact",
        title="AACT",
        reader="orchestration.aact.source_config:AactSourceConfig",
        tables=AACT_SHAPED_TABLES,
        raw_schema="raw_aact",
        raw_schema_setting="CTW_RAW_SCHEMA",
        ddl="aact/ctgov_v2.sql",
        file_kind="csv",
        description="AACT `{table}` as loaded (schema {schema}), with AACT's ctgov_v2 columns "
        "and types; empty when CTW_SOURCES leaves AACT out.",
        checks=(
            SourceCheck(
                "aact_columns_match_ddl",
                "drift",
                "Each AACT table has the columns of the bundled DDL (ctgov_v2.sql). A warning: "
                "new columns are kept in the raw table (as text unless the source types them) "
                "and DDL columns the source lacks load as NULL; the metadata names each.",
            ),
        ),
    ),
    Source(
        name="ctgov",
        title="CT.gov",
        reader="orchestration.ctgov.config:CtgovSelection",
        # the study-level tables the API gives whole, beyond AACT's
        tables=(*AACT_SHAPED_TABLES, "keywords", "eligibilities"),
        dbt_tables=AACT_SHAPED_TABLES,
        raw_schema="raw_ctgov",
        ddl="aact/ctgov_v2.sql",
        file_kind="json",
        description="`{table}` flattened from the CT.gov mirror as AACT maps it (schema "
        "{schema}); empty when CTW_SOURCES leaves ctgov out.",
        upstream=("ctgov/mirror",),
        writes_rejects=True,
        checks=(
            SourceCheck(
                "ctgov_records_flattened",
                "rejects",
                "Every mirrored CT.gov record flattened; those that did not are in "
                "raw_ctgov._rejects with the reason, or load at their earlier record when the "
                "mirror holds one (a warning: the rest loads).",
            ),
        ),
    ),
    Source(
        name="vocab",
        title="vocabularies",
        reader="orchestration.vocab.load:VocabConfig",
        tables=(
            "mesh_tree_numbers",
            "mesh_entry_terms",
            "chembl_drug_indications",
            "chembl_molecules",
            "pmda_approvals",
            "efo_terms",
            "efo_xrefs",
            "gilda_mesh_mappings",
        ),
        raw_schema="raw_vocab",
        ddl="vocab/vocab.sql",
        file_kind="file",
        table_file_kinds={
            "mesh_tree_numbers": "tsv",
            "mesh_entry_terms": "xml",
            "chembl_drug_indications": "json",
            "chembl_molecules": "json",
            "pmda_approvals": "excel",
            "efo_terms": "obo",
            "efo_xrefs": "obo",
            "gilda_mesh_mappings": "tsv",
        },
        description="Vocabulary table `{table}` (schema {schema}), read from the files "
        "CTW_MESH_FILE / CTW_CHEMBL_FILES / CTW_PMDA_FILE / CTW_EFO_FILE / "
        "CTW_GILDA_MESH_MAPPINGS_FILE name, else the fetched ones (CTW_VOCAB_DIR), else what "
        "ships offline; empty when there is none.",
        holds_studies=False,
    ),
)
SOURCES_BY_NAME = {source.name: source for source in SOURCES}


def study_sources() -> tuple[Source, ...]:
    """The registries of studies, the sources CTW_SOURCES chooses from (in load order: on a
    tie, a later one's record of a study wins it)."""
    return tuple(source for source in SOURCES if source.holds_studies)


def is_read(source: Source, chosen: tuple[str, ...]) -> bool:
    """Whether a build reads `source`: a registry in CTW_SOURCES (`chosen`), or a source every
    build loads (the vocabularies). A registry not chosen is created as empty tables."""
    return source.name in chosen or not source.holds_studies


def raw_schemas(raw_schema: str) -> dict[str, str]:
    """{source: its raw schema} in a warehouse whose main raw schema is `raw_schema`."""
    return {source.name: source.schema_in(raw_schema) for source in SOURCES}


def study_schemas(raw_schema: str) -> dict[str, str]:
    """The same, for the registries of studies."""
    return {source.name: source.schema_in(raw_schema) for source in study_sources()}


def ddl_files() -> tuple[Path, ...]:
    """Every DDL file that types a raw table, once each."""
    return tuple(dict.fromkeys(source.ddl_path for source in SOURCES))
