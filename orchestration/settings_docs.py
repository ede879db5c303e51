"""The settings table in words: `--help`'s epilog and the table of docs/configuration.md, both
made from `settings.SETTINGS` (`python -m orchestration.settings_docs` rewrites the doc's)."""

from __future__ import annotations

from orchestration import settings

SETTINGS_DOC = settings.REPO_ROOT / "docs" / "configuration.md"
# The settings table sits between these lines in SETTINGS_DOC
SETTINGS_TABLE_BEGIN = "<!-- settings table: written by `python -m orchestration.settings_docs` -->"
SETTINGS_TABLE_END = "<!-- end of settings table -->"


def _shown_default(setting: settings.Setting) -> str:
    return setting.default.replace(str(settings.REPO_ROOT) + "/", "")


def settings_help() -> str:
    """The settings table for `--help`."""
    width = max(len(s.env) for s in settings.SETTINGS)
    lines = ["settings (environment variables; default in brackets):"]
    for s in settings.SETTINGS:
        lines.append(f"  {s.env:<{width}}  {s.help} [{_shown_default(s) or 'unset'}]")
    return "\n".join(lines)


def settings_markdown() -> str:
    """The settings table of docs/configuration.md."""
    lines = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for s in settings.SETTINGS:
        default = s.doc_default or (f"`{_shown_default(s)}`" if s.default else "—")
        lines.append(f"| `{s.env}` | {default} | {s.doc or s.help} |")
    return "\n".join(lines)


def with_settings_table(doc: str) -> str:
    """`doc` (SETTINGS_DOC's text) with its settings table replaced by `settings_markdown()`."""
    before, rest = doc.split(SETTINGS_TABLE_BEGIN + "\n", 1)
    _, after = rest.split(SETTINGS_TABLE_END, 1)
    return f"{before}{SETTINGS_TABLE_BEGIN}\n{settings_markdown()}\n{SETTINGS_TABLE_END}{after}"


if __name__ == "__main__":  # write the settings table of docs/configuration.md
    SETTINGS_DOC.write_text(
        with_settings_table(SETTINGS_DOC.read_text(encoding="utf-8")), encoding="utf-8"
    )
