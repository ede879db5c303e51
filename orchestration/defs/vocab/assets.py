"""The vocabularies' files as assets: vocab/mesh_file, vocab/chembl_files, vocab/efo_file and
vocab/gilda_mesh_mappings_file, each a run of the one fetch (orchestration/vocab/fetch.py, which
`./warehouse vocab fetch` runs too) into CTW_VOCAB_DIR. They are not part of a build (a build
never calls the network): the monthly schedule fetches them, and the next build reads what they
fetched."""

import hashlib

import dagster as dg

from orchestration.defs.progress import run_progress
from orchestration.defs.resources import VocabResource
from orchestration.vocab.download import Downloader, VocabFetchError
from orchestration.vocab.fetch import FetchResult, fetch_vocabulary

VOCAB_FILES_GROUP = "vocab_files"
# (vocabulary, asset name, kinds, description)
VOCAB_FILES = (
    (
        "mesh",
        "mesh_file",
        {"xml"},
        "NLM's current MeSH descriptors (descYYYY.xml, CTW_MESH_URL) in CTW_VOCAB_DIR; a build "
        "reads it into vocab/mesh_tree_numbers and vocab/mesh_entry_terms unless CTW_MESH_FILE "
        "is set.",
    ),
    (
        "chembl",
        "chembl_files",
        {"json"},
        "ChEMBL's drug_indication and molecule web-service pages of the current release "
        "(CTW_CHEMBL_URL) in CTW_VOCAB_DIR; a build reads them into vocab/chembl_* unless "
        "CTW_CHEMBL_FILES is set.",
    ),
    (
        "efo",
        "efo_file",
        {"obo"},
        "The Experimental Factor Ontology (CTW_EFO_URL) in CTW_VOCAB_DIR, recorded with its "
        "release; a build reads it into vocab/efo_terms and vocab/efo_xrefs unless CTW_EFO_FILE "
        "is set.",
    ),
    (
        "gilda",
        "gilda_mesh_mappings_file",
        {"tsv"},
        "gilda's MeSH cross-references (mesh_mappings.tsv, CTW_GILDA_MESH_MAPPINGS_URL) in "
        "CTW_VOCAB_DIR; a build reads it into vocab/gilda_mesh_mappings (without a fetch: the "
        "copy in the installed gilda-slim package).",
    ),
)
VOCAB_FILE_KEYS = tuple(dg.AssetKey(["vocab", name]) for _, name, _, _ in VOCAB_FILES)


def fetch_metadata(result: FetchResult) -> dict:
    """What the UI shows of a fetch: where from, which version, which bytes, changed or not.
    ChEMBL's sha256 is of its pages' sha256s (one line each, in order)."""
    entry = result.entry
    if len(entry.files) == 1:
        sha256 = entry.files[0].sha256
    else:
        sha256 = hashlib.sha256("\n".join(f.sha256 for f in entry.files).encode()).hexdigest()
    return {
        "url": dg.MetadataValue.url(entry.source),
        "version": entry.version,
        "sha256": sha256,
        "bytes": entry.bytes,
        "files": len(entry.files),
        "changed": "yes" if result.changed else "no",
        "changed_at": entry.changed_at,
        "downloaded_bytes": result.transferred,
        "requests": result.requests,
    }


def vocab_file_asset(vocabulary: str, name: str, kinds: set[str], description: str):
    @dg.asset(
        key=dg.AssetKey(["vocab", name]),
        group_name=VOCAB_FILES_GROUP,
        kinds=kinds,
        description=description,
    )
    def fetch(context: dg.AssetExecutionContext, vocab: VocabResource) -> dg.MaterializeResult:
        progress = run_progress(context)
        try:
            with Downloader(progress=progress) as downloader:
                result = fetch_vocabulary(vocab.config().plan(), vocabulary, downloader, progress)
        except VocabFetchError as exc:
            raise dg.Failure(description=f"{exc} (the file fetched before is kept)") from exc
        context.log.info(result.line())
        return dg.MaterializeResult(metadata=fetch_metadata(result))

    return fetch


vocab_file_assets = [vocab_file_asset(*spec) for spec in VOCAB_FILES]
