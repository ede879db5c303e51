"""Server mode (`./warehouse serve`): Dagster's webserver and daemon on PostgreSQL storage."""
