-- The vocabulary tables the warehouse loads into schema raw_vocab (orchestration/vocab), in the
-- layout of AACT's DDL (ctgov_v2.sql) so that orchestration/raw/layouts.py types them the same way.
-- Table names must not clash with AACT's.

--
-- MeSH: one row per descriptor × tree number (a descriptor without one keeps one row, NULL).
--

CREATE TABLE raw_vocab.mesh_tree_numbers (
    mesh_id character varying,
    mesh_name character varying,
    tree_number character varying
);

--
-- MeSH entry terms (NLM's descriptor XML only): every name a descriptor is known by.
--

CREATE TABLE raw_vocab.mesh_entry_terms (
    mesh_id character varying,
    term character varying
);

--
-- ChEMBL drug_indication records; indication_refs as `ref_type:ref_id` joined with `; `.
--

CREATE TABLE raw_vocab.chembl_drug_indications (
    drugind_id bigint,
    molecule_chembl_id character varying,
    parent_molecule_chembl_id character varying,
    max_phase_for_ind numeric,
    mesh_id character varying,
    mesh_heading character varying,
    efo_id character varying,
    efo_term character varying,
    indication_refs character varying
);

--
-- ChEMBL molecules: one row per molecule × synonym, plus its pref_name (syn_type PREF_NAME).
--

CREATE TABLE raw_vocab.chembl_molecules (
    molecule_chembl_id character varying,
    pref_name character varying,
    synonym character varying,
    syn_type character varying,
    max_phase numeric
);

--
-- PMDA's list of approved new drugs (承認品目一覧), one row per listed item, Japanese as written.
--

CREATE TABLE raw_vocab.pmda_approvals (
    sheet character varying,
    row_number integer,
    item_number integer,
    category character varying,
    approval_date date,
    brand_name character varying,
    applicant character varying,
    corporate_number character varying,
    approval_type character varying,
    generic_name character varying,
    indication character varying
);

--
-- EFO terms (efo.obo or efo.owl, obsolete terms left out): synonyms are the exact ones, joined
-- with ` | `; ids are CURIEs (EFO:0000270, MONDO:0004979, …).
--

CREATE TABLE raw_vocab.efo_terms (
    efo_id character varying,
    efo_name character varying,
    synonyms character varying
);

--
-- EFO cross-references: one row per term × database id (xref_db MESH, DOID, MONDO, NCIT, …;
-- xref_id without the prefix: D001249).
--

CREATE TABLE raw_vocab.efo_xrefs (
    efo_id character varying,
    xref_db character varying,
    xref_id character varying
);

--
-- gilda's MeSH cross-references (gilda/resources/mesh_mappings.tsv): one row per MeSH id, its
-- one target (target_db CHEBI, DOID, EFO, HP, GO, HGNC, FPLX; target_id a CURIE).
--

CREATE TABLE raw_vocab.gilda_mesh_mappings (
    mesh_id character varying,
    mesh_name character varying,
    target_db character varying,
    target_id character varying,
    target_name character varying
);
