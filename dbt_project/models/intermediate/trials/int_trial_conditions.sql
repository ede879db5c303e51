{#- One row per study × condition by normalised name (`normalize_label`), named by the key's most
    frequent spelling across all studies (`display_names`), flagged when it names
    healthy volunteers rather than a disease, with its MeSH descriptor and how it was found
    (`mesh_match`, best first):
    1. the study's own condition browse term (mesh-list) with the condition's words
       (`sorted_word_key`), then with its core words (`condition_core_key`: stage, AJCC edition
       and course qualifiers removed), then with cancer/tumour read as "neoplasms", then as
       "carcinoma";
    2. the study's browse term whose words are all among the condition's (`terms_within_labels`:
       qualifiers of age, stage, line, remission or origin never block it; generic terms such
       as Recurrence or Disease never match, by any rule), the term with most words first;
    3. the study's only browse term when the study has only one condition;
    4. the MeSH file's descriptor names and entry terms, by the four keys of 1;
    5. the study's one narrower browse term: all the condition's words and one more, not a
       negation ("Diabetes" → "Diabetes Mellitus", "Mitral Insufficiency" → "Mitral Valve
       Insufficiency"), when no other condition of the study has that term by 1 or 2.
    Words compare after the normalisations of `terms_within_labels` (British spellings, cardiac
    as heart, renal as kidney…, "type2" as "type 2").
    Browse terms annotate the study, not a condition row: they are matched to a condition
    within the study, never crossed. -#}
{{ config(materialized='table', pre_hook=["{{ hash_joins() }}", "{{ large_hashes() }}"]) }}
{#- a table: three marts read it, and its keys are regular-expression work -#}
{%- set key_rules = [
    'words', 'core words', 'core words, cancer as neoplasms', 'core words, cancer as carcinoma'
] -%}
{#- terms that name no disease (`is_generic_term`): never a match, by any rule -#}
{%- set generic_words = [
    'disease', 'syndrome', 'recurrence', 'progression', 'chronic', 'acute', 'disorder',
    'condition', 'pathologic', 'process', 'attribute'
] -%}
with conditions as materialized (
    select
        nct_id,
        condition_key,
        {{ sorted_distinct_string_agg('condition_name', ' | ') }} as spellings,
        min({{ bytewise('record_source') }}) as record_source
    from {{ ref('int_registry__conditions') }}
    where condition_key <> ''
    group by nct_id, condition_key
),

display_names as (
    {{ display_names(ref('int_registry__conditions'), 'condition_key', 'condition_name') }}
),

conditions_of_studies as (
    select nct_id, condition_key as label_key from conditions
),

labels as (
    -- the keys are regular-expression work: once per distinct label, not per study
    select distinct condition_key from conditions
),

label_cores as materialized (
    select condition_key, {{ condition_core_text('condition_key') }} as core_text
    from labels
),

label_keys as materialized (
    select condition_key, 1 as key_rank, {{ sorted_word_key('condition_key') }} as match_key
    from labels
    union all
    select condition_key, 2, {{ condition_core_key('core_text') }}
    from label_cores
    union all
    select condition_key, 3, {{ condition_core_key('core_text', 'neoplasms') }}
    from label_cores
    union all
    select condition_key, 4, {{ condition_core_key('core_text', 'carcinoma') }}
    from label_cores
),

mesh_names as (
    select name_key, mesh_id, mesh_name
    from {{ ref('int_vocab__mesh_descriptors') }}
    where key_kind = 'condition'
),

browse_term_keys as materialized (
    -- materialized: PostgreSQL would otherwise compute the key again for every browse row
    select
        mesh_term,
        {{ sorted_word_key('mesh_term') }} as match_key
    from (
        select distinct mesh_term
        from {{ ref('int_registry__browse_conditions') }}
        where mesh_type = 'mesh-list'
    ) as terms
    where not {{ is_generic_term('mesh_term', generic_words) }}
),

browse_terms as (
    select
        browse.nct_id,
        term_keys.match_key,
        min({{ bytewise('browse.mesh_term') }}) as mesh_term,
        min({{ bytewise('coalesce(browse.mesh_id, term_names.mesh_id)') }}) as mesh_id
    from {{ ref('int_registry__browse_conditions') }} as browse
    inner join browse_term_keys as term_keys on term_keys.mesh_term = browse.mesh_term
    left join mesh_names as term_names on term_names.name_key = term_keys.match_key
    where browse.mesh_type = 'mesh-list'
    group by browse.nct_id, term_keys.match_key
),

{#- the label keys that some browse term or MeSH name has, found once per distinct label: joined
    to the studies after, not (study × four keys) rows before (four million at full scale) -#}
label_term_keys as (
    select label_keys.condition_key, label_keys.key_rank, label_keys.match_key
    from label_keys
    inner join (select distinct match_key from browse_term_keys) as term_keys
        on term_keys.match_key = label_keys.match_key
),

label_mesh_names as (
    select label_keys.condition_key, label_keys.key_rank, mesh_names.mesh_id, mesh_names.mesh_name
    from label_keys
    inner join mesh_names on mesh_names.name_key = label_keys.match_key
),

study_terms as (
    select nct_id, mesh_term, mesh_id
    from browse_terms
),

key_matches as (
    select
        conditions.nct_id,
        conditions.condition_key,
        term_keys.key_rank as match_rank,
        browse_terms.mesh_id,
        browse_terms.mesh_term
    from conditions
    inner join label_term_keys as term_keys on term_keys.condition_key = conditions.condition_key
    inner join browse_terms
        on browse_terms.nct_id = conditions.nct_id
        and browse_terms.match_key = term_keys.match_key
),

matched_terms as (
    select nct_id, label_key as condition_key, mesh_term, mesh_id, term_word_count, is_narrower
    from {{ terms_within_labels('conditions_of_studies', 'study_terms', generic_words, true) }}
        as contained
),

contained_terms as (
    select nct_id, condition_key, mesh_term, mesh_id, term_word_count
    from matched_terms
    where not is_narrower
),

{#- a narrower term holding all of a label's words ("Diabetes" → "Diabetes Mellitus"), unless
    another label of the study has it by a key or by its words: "Hypertension" never takes
    "Hypertension, Pulmonary" from "Pulmonary Hypertension" -#}
narrower_terms as (
    select narrower.nct_id, narrower.condition_key, narrower.mesh_term, narrower.mesh_id
    from matched_terms as narrower
    where narrower.is_narrower
        and not exists (
            select 1 from contained_terms as claimed
            where claimed.nct_id = narrower.nct_id and claimed.mesh_term = narrower.mesh_term
        )
        and not exists (
            select 1 from key_matches as claimed
            where claimed.nct_id = narrower.nct_id and claimed.mesh_term = narrower.mesh_term
        )
),

sole_matches as (
    -- a study with one condition and one browse term: one aggregate over both, not a join of
    -- two `having count(*) = 1` groupings (PostgreSQL estimates each at one row and joins them
    -- in a nested loop: hundreds of thousands squared at full scale)
    select
        nct_id,
        min({{ bytewise('condition_key') }}) as condition_key,
        min({{ bytewise('mesh_term') }}) as mesh_term,
        min({{ bytewise('mesh_id') }}) as mesh_id
    from (
        select nct_id, condition_key, null as mesh_term, null as mesh_id, 1 as is_condition
        from conditions
        union all
        select nct_id, null, mesh_term, mesh_id, 0
        from browse_terms
    ) as study_rows
    group by nct_id
    having sum(is_condition) = 1 and count(*) = 2
),

candidates as (
    select nct_id, condition_key, match_rank, 0 as term_word_count, mesh_id, mesh_term
    from key_matches
    union all
    select nct_id, condition_key, 5, term_word_count, mesh_id, mesh_term
    from contained_terms
    union all
    select nct_id, condition_key, 6, 0, mesh_id, mesh_term
    from sole_matches
    union all
    select
        conditions.nct_id,
        conditions.condition_key,
        6 + label_names.key_rank,
        0,
        label_names.mesh_id,
        label_names.mesh_name
    from conditions
    inner join label_mesh_names as label_names
        on label_names.condition_key = conditions.condition_key
    union all
    select nct_id, condition_key, 11, 0, mesh_id, mesh_term
    from narrower_terms
),

best as (
    select
        nct_id,
        condition_key,
        match_rank,
        mesh_id,
        mesh_term,
        row_number() over (
            partition by {{ bytewise('nct_id') }}, {{ bytewise('condition_key') }}
            order by
                match_rank,
                term_word_count desc,
                {{ bytewise('mesh_term') }},
                {{ bytewise('mesh_id') }}
        ) as preference
    from candidates
)

select
    {{ surrogate_key(['conditions.nct_id', 'conditions.condition_key']) }} as trial_condition_id,
    conditions.nct_id,
    conditions.condition_key,
    display_names.display_name as condition_name,
    conditions.spellings,
    (
        conditions.condition_key like 'healthy%'
        or conditions.condition_key in ('normal volunteers', 'normal volunteer', 'volunteers')
    ) as is_healthy_volunteer,
    best.mesh_id as condition_mesh_id,
    best.mesh_term as condition_mesh_term,
    best.match_rank as condition_mesh_match_rank,
    case
    {%- for label in key_rules %}
        when best.match_rank = {{ loop.index }} then 'study browse term: {{ label }}'
    {%- endfor %}
        when best.match_rank = 5 then 'study browse term: all its words in the condition'
        when best.match_rank = 6 then 'study browse term: sole condition and sole term'
    {%- for label in key_rules %}
        when best.match_rank = {{ 6 + loop.index }} then 'MeSH vocabulary: {{ label }}'
    {%- endfor %}
        when best.match_rank = 11 then 'study browse term: narrower, holds every word of the condition'
    end as condition_mesh_match,
    conditions.record_source
from conditions
inner join display_names on display_names.name_key = conditions.condition_key
left join best
    on best.nct_id = conditions.nct_id
    and best.condition_key = conditions.condition_key
    and best.preference = 1
