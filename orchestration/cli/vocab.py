"""`./warehouse vocab fetch [--only mesh,chembl,efo,gilda]`: download the current MeSH, ChEMBL,
EFO and gilda's MeSH mappings into CTW_VOCAB_DIR (orchestration/vocab/fetch.py, the same fetch
the Dagster assets run) and print one summary line per vocabulary."""

from __future__ import annotations

import sys

from orchestration.cli.common import CliError, say


def parse_only(value: str | None) -> tuple[str, ...]:
    """The vocabularies `--only` names (comma-separated), in fetch order; all when unset."""
    from orchestration.vocab.fetch import VOCABULARIES

    if not value:
        return VOCABULARIES
    chosen = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(chosen - set(VOCABULARIES))
    if unknown or not chosen:
        raise CliError(f"--only {value!r}: choose from {', '.join(VOCABULARIES)}")
    return tuple(v for v in VOCABULARIES if v in chosen)


def vocab_fetch(only: str | None) -> int:
    from orchestration.progress import console_progress
    from orchestration.vocab.fetch import fetch_vocabularies
    from orchestration.vocab.load import VocabConfig

    vocabularies = parse_only(only)
    plan = VocabConfig.from_settings().plan()
    say(f"Fetching {', '.join(vocabularies)} into {plan.vocab_dir}")
    results, errors = fetch_vocabularies(plan, vocabularies, progress=console_progress())
    for result in results:
        say(result.line())
    for vocabulary, message in errors.items():
        say(f"{vocabulary}: FAILED: {message}", sys.stderr)
    if errors:
        raise CliError(
            f"{len(errors)} of {len(vocabularies)} vocabularies not fetched ("
            f"{', '.join(errors)}); what was there before is kept, and a rerun tries again"
            + (" (ChEMBL from its first missing page)" if "chembl" in errors else "")
        )
    return 0
