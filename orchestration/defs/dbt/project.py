"""The dbt project, parsed into a manifest when none is there yet."""

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR, normalize_duckdb_path_env, target

normalize_duckdb_path_env()

dbt_project = DbtProject(
    project_dir=DBT_PROJECT_DIR,
    profiles_dir=DBT_PROJECT_DIR,
    target=target(),
)
dbt_project.prepare_if_dev()
if not dbt_project.manifest_path.exists():
    dbt_project.preparer.prepare(dbt_project)
