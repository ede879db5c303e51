"""Vocabularies beside the trial registries: MeSH tree numbers, ChEMBL drug indications and
molecules, PMDA approvals, read from files the user supplies into schema raw_vocab."""
