{#- Drug names (normalised like the trials' `drug_key`) → ChEMBL molecule id, from the user's
    ChEMBL molecule files: preferred names first, then synonyms; a name two molecules share
    goes to the lower id, deterministically. -#}
{{ config(materialized='table') }}
{#- a table: ChEMBL's synonym files run to millions of rows; three models join on its
    computed keys (a view gives PostgreSQL's planner no statistics for them) -#}
with names as (
    select
        {{ normalize_drug_name('synonym') }} as drug_key,
        molecule_chembl_id,
        min({{ bytewise('pref_name') }}) as pref_name,
        min(case when syn_type = 'PREF_NAME' then 0 else 1 end) as match_order
    from {{ ref('stg_vocab__chembl_molecules') }}
    where synonym is not null
    group by {{ normalize_drug_name('synonym') }}, molecule_chembl_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by {{ bytewise('drug_key') }}
            order by match_order, {{ bytewise('molecule_chembl_id') }}
        ) as preference
    from names
    where drug_key <> ''
)

select drug_key, molecule_chembl_id, pref_name
from ranked
where preference = 1
