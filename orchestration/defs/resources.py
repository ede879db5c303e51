"""Resources for every asset. Each resource's fields are made from its settings in settings.py
(type, default, description): the UI shows them, a field whose CTW_* variable is set takes it
through EnvVar, and the resource hands its values to the domain config that does the work."""

import os
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import dagster as dg
from pydantic import Field, create_model

from orchestration import settings
from orchestration.aact.source_config import AactSourceConfig
from orchestration.ctgov.client import CtgovClient
from orchestration.ctgov.config import CtgovConfig, CtgovSelection
from orchestration.ctrp.client import CtrpClient
from orchestration.ctrp.config import CtrpConfig
from orchestration.ctrp.sheet import SheetError, TrialSheet
from orchestration.defs.ctgov.synced_selection import selection_synced_in_run
from orchestration.vocab.load import VocabConfig
from orchestration.warehouse.builds import WarehouseStore
from orchestration.warehouse.stores import WarehouseConfig


def settings_resource(resource: str) -> type[dg.ConfigurableResource]:
    """A resource class whose fields are the settings of `resource` (settings.SETTINGS)."""
    fields = {
        s.field: (s.type, Field(default=s.typed_default, description=f"{s.env}: {s.help}"))
        for s in settings.of(resource)
    }
    name = f"{resource.title()}Settings"
    return create_model(name, __base__=dg.ConfigurableResource, __module__=__name__, **fields)


class SettingsResource(dg.ConfigurableResource):
    """What every settings resource shares: its values, as its domain config takes them."""

    def values(self) -> dict:
        return {name: getattr(self, name) for name in type(self).model_fields}

    def source_config(self, context: dg.AssetExecutionContext):
        """For a source's resource (orchestration/sources.py): what its reader opens."""
        return self.config()


@contextmanager
def failing_on_settings_errors():
    """A setting the domain code refuses fails the run with its one-line message."""
    try:
        yield
    except (settings.SettingsError, SheetError) as exc:
        raise dg.Failure(description=str(exc)) from exc


class AactSourceResource(settings_resource("aact"), SettingsResource):
    """Where AACT data comes from: flat files (folder or zip) or an AACT PostgreSQL database."""

    def config(self) -> AactSourceConfig:
        return AactSourceConfig(**self.values())

    @contextmanager
    def open(self, workdir: Path):
        with failing_on_settings_errors(), self.config().open(workdir) as source:
            yield source

    def describe(self) -> str:
        return self.config().describe()


class WarehouseResource(settings_resource("warehouse"), SettingsResource):
    """The warehouse: an embedded DuckDB file (default) or a PostgreSQL database."""

    def config(self) -> WarehouseConfig:
        return WarehouseConfig(**self.values())

    def postgres_conninfo(self) -> str:
        return self.config().postgres_conninfo()

    def store(self) -> WarehouseStore:
        with failing_on_settings_errors():
            return self.config().store()

    def study_drop_limit(self) -> float:
        return self.config().study_drop_limit()


class CtgovResource(settings_resource("ctgov"), SettingsResource):
    """ClinicalTrials.gov API v2 and the local mirror of the selected studies."""

    def config(self) -> CtgovConfig:
        return CtgovConfig(**self.values())

    def selection(self, params: str | None = None) -> CtgovSelection:
        """The studies to sync and load: `params` when given (the launchpad), else
        CTW_CTGOV_PARAMS."""
        with failing_on_settings_errors():
            return self.config().selection(params)

    def client(self) -> CtgovClient:
        return self.config().client()

    def source_config(self, context: dg.AssetExecutionContext) -> CtgovSelection:
        """The selection a build loads: the one synced earlier in the run, else the
        configured one."""
        selection = self.selection()
        synced = selection_synced_in_run(context)
        return selection if synced is None else replace(selection, params=synced)


class VocabResource(settings_resource("vocab"), SettingsResource):
    """The vocabulary files every build loads: MeSH, ChEMBL, PMDA (empty: none of that kind)."""

    def config(self) -> VocabConfig:
        return VocabConfig(**self.values())


class CtrpResource(settings_resource("ctrp"), SettingsResource):
    """NCI CTRP: the trial office's sheet, where documents are written, and the Trial
    Registration service with its credentials."""

    def config(self) -> CtrpConfig:
        return CtrpConfig(**self.values())

    def sheet(self) -> TrialSheet:
        with failing_on_settings_errors():
            return self.config().sheet()

    def documents_dir(self) -> Path:
        return self.config().documents_dir()

    def client(self) -> CtrpClient:
        with failing_on_settings_errors():
            return self.config().client()


# The resource of each resource name in settings.SETTINGS (a test checks none is missing).
SETTINGS_RESOURCES: dict[str, type[SettingsResource]] = {
    "aact": AactSourceResource,
    "warehouse": WarehouseResource,
    "ctgov": CtgovResource,
    "vocab": VocabResource,
    "ctrp": CtrpResource,
}


def from_env(resource: str) -> SettingsResource:
    """The resource with an EnvVar for each field whose variable is set (so the UI shows where
    the value came from); fields whose variable is unset keep the default from settings.py."""
    config = {}
    for setting in settings.of(resource):
        if os.environ.get(setting.env, "").strip():
            is_int = setting.type is int
            config[setting.field] = dg.EnvVar.int(setting.env) if is_int else dg.EnvVar(setting.env)
    return SETTINGS_RESOURCES[resource](**config)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            **{name: from_env(name) for name in settings.resources()},
        }
    )
