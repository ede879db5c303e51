{#- A study's MeSH browse terms (mesh-list) whose words all appear among the words of one of the
    study's own labels: "Stage 4S Neuroblastoma", "Childhood Acute Lymphoblastic Leukemia in
    Remission" or "Previously Treated Non-Small Cell Lung Cancer" meet "Neuroblastoma",
    "Precursor Cell Lymphoblastic Leukemia-Lymphoma"… only when every word of the term is there,
    so qualifiers of age, stage, line, remission or origin never block a match and never make
    one. Words are compared as `label_words` gives them (lower case, plural -s and -ies folded,
    "non" a word of its own, tumour spelt tumor); a label word also counts as MeSH's noun for it
    (cancer → neoplasm and carcinoma, tumor/malignancy/neoplasia → neoplasm). Small words (and,
    of, the, …) of a term are not required. The caller leaves out terms that name nothing of
    their own (`is_generic_term`).

    A term must also name the label's own subject, not only what the label relates it to or
    gives as examples: when a label has a modifier phrase or an example list
    (`label_head_text`), at least one of the term's words must be among the words left
    without it. "Cystic Fibrosis Related Diabetes" is diabetes, not "Cystic Fibrosis";
    "Mental Health Issue (E.G., Depression, Personality Disorder)" is not "Personality
    Disorders"; "AIDS-Related Lymphoma" still meets "Lymphoma, AIDS-Related".

    `study_labels`: a relation of (nct_id, label_key); `study_terms`: (nct_id, mesh_term,
    mesh_id). Returns (nct_id, label_key, mesh_term, mesh_id, term_word_count, is_narrower): for
    each label the contained term with most words; when two have as many ("Nivolumab or
    Pembrolizumab"), none: never a guess. And, `is_narrower`, the study's one term that holds
    all the label's words and one more ("Diabetes" → "Diabetes Mellitus"), for the labels with
    a word not in `generic_words`, when `with_narrower` (conditions; drugs leave it out).

    Words also compare after British spellings fold (anaemia, oedema as anemia, edema), a
    number glued to a word splits from it ("Type2" as "type 2") and an organ's adjective counts
    as its noun and back (cardiac and heart, renal and kidney, hepatic and liver, pulmonary and
    lung, gastric and stomach, colonic and colon, prostatic and prostate). -#}
{% macro terms_within_labels(study_labels, study_terms, generic_words=[], with_narrower=false) -%}
    {%- set small_words = ['a', 'an', 'and', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or',
        'the', 'to', 'with'] -%}
    {%- set nouns = {
        'cancer': ['neoplasm', 'carcinoma'], 'tumor': ['neoplasm'], 'malignancy': ['neoplasm'],
        'neoplasia': ['neoplasm'], 'carcinoma': ['neoplasm'],
        'cardiac': ['heart'], 'heart': ['cardiac'], 'renal': ['kidney'], 'kidney': ['renal'],
        'hepatic': ['liver'], 'liver': ['hepatic'], 'pulmonary': ['lung'], 'lung': ['pulmonary'],
        'gastric': ['stomach'], 'stomach': ['gastric'], 'colonic': ['colon'],
        'colon': ['colonic'], 'prostatic': ['prostate'], 'prostate': ['prostatic']} -%}
    (
        with labels as (
            select distinct label_key from {{ study_labels }}
        ),

        label_words as (
            select distinct label_key, {{ matching_word('word') }} as word
            from (
                select label_key, unnest({{ label_word_list('label_key') }}) as word
                from labels
            ) as split_labels
        ),

        label_words_and_nouns as (
            select label_key, word from label_words
            {%- for word, meanings in nouns.items() %}
            {%- for meaning in meanings %}
            union
            select label_key, '{{ meaning }}' from label_words where word = '{{ word }}'
            {%- endfor %}
            {%- endfor %}
        ),

        {#- the words of a label's subject, for the few labels with a modifier phrase or an
            example list (the others: every word is the subject's) -#}
        label_heads as (
            select label_key, {{ label_head_text('label_key') }} as head_text
            from labels
            where {{ regex_contains('label_key', label_head_marker()) }}
        ),

        label_head_words as (
            select distinct heads.label_key, words.word
            from (
                select label_key, {{ matching_word('word') }} as word
                from (
                    select label_key, unnest({{ label_word_list('head_text') }}) as word
                    from label_heads
                    where head_text <> ''
                ) as split_heads
            ) as heads
            inner join label_words_and_nouns as words
                on words.label_key = heads.label_key
                and (words.word = heads.word
                    {%- for word, meanings in nouns.items() %}
                    or (heads.word = '{{ word }}' and words.word in ('{{ meanings | join("', '") }}'))
                    {%- endfor %})
        ),

        terms as (
            select distinct mesh_term from {{ study_terms }}
        ),

        term_words as (
            select distinct mesh_term, {{ matching_word('word') }} as word
            from (
                select mesh_term, unnest({{ label_word_list('mesh_term') }}) as word
                from terms
            ) as split_terms
            where word not in ('{{ small_words | join("', '") }}', '')
        ),

        term_sizes as (
            select mesh_term, count(*) as word_count
            from term_words
            group by mesh_term
        ),

        -- materialized, both: the join must be study by study; PostgreSQL, misled by the
        -- estimates of unnest, otherwise joins every label word to every term word first
        -- (tens of millions of rows at 560,000 studies; the model never finished)
        study_term_words as materialized (
            select study_terms.nct_id, study_terms.mesh_term, term_words.word
            from (select distinct nct_id, mesh_term from {{ study_terms }}) as study_terms
            inner join term_words on term_words.mesh_term = study_terms.mesh_term
        ),

        study_label_words as materialized (
            select study_labels.nct_id, study_labels.label_key, words.word
            from {{ study_labels }} as study_labels
            inner join label_words_and_nouns as words
                on words.label_key = study_labels.label_key
        ),

        contained as (
            select
                study_term_words.nct_id,
                study_label_words.label_key,
                study_term_words.mesh_term,
                -- each side holds a word once per (study, label) or (study, term): count(*)
                -- counts distinct words, and PostgreSQL can hash it (a count(distinct) sorts)
                count(*) as found_words
            from study_term_words
            inner join study_label_words
                on study_label_words.nct_id = study_term_words.nct_id
                and study_label_words.word = study_term_words.word
            group by study_term_words.nct_id, study_label_words.label_key, study_term_words.mesh_term
        ),

        {#- the terms sharing a word with the subject of a label that has one: a join of the
            few such labels' words, apart from `contained` (millions of rows at full scale) -#}
        subject_terms as (
            select distinct study_term_words.nct_id, head_words.label_key, study_term_words.mesh_term
            from label_head_words as head_words
            inner join study_label_words
                on study_label_words.label_key = head_words.label_key
                and study_label_words.word = head_words.word
            inner join study_term_words
                on study_term_words.nct_id = study_label_words.nct_id
                and study_term_words.word = study_label_words.word
        ),

        term_ids as (
            select nct_id, mesh_term, min({{ bytewise('mesh_id') }}) as mesh_id
            from {{ study_terms }}
            group by nct_id, mesh_term
        ),

        {#- `contained` read once (PostgreSQL would materialize millions of partial matches for
            two readers): the terms whose words the label holds all of, and with the narrower
            rule those it holds all but one of -#}
        candidates as (
            select
                contained.nct_id,
                contained.label_key,
                contained.mesh_term,
                contained.found_words,
                term_sizes.word_count as term_word_count
            from contained
            inner join term_sizes
                on term_sizes.mesh_term = contained.mesh_term
                {%- if with_narrower %}
                and term_sizes.word_count in (contained.found_words, contained.found_words + 1)
                {%- else %}
                and term_sizes.word_count = contained.found_words
                {%- endif %}
        ),

        ranked as (
            select
                contained.nct_id,
                contained.label_key,
                contained.mesh_term,
                term_ids.mesh_id,
                contained.term_word_count,
                rank() over (
                    partition by
                        {{ bytewise('contained.nct_id') }},
                        {{ bytewise('contained.label_key') }}
                    order by contained.term_word_count desc
                ) as size_rank,
                count(*) over (
                    partition by
                        {{ bytewise('contained.nct_id') }},
                        {{ bytewise('contained.label_key') }},
                        contained.term_word_count
                ) as same_size
            from candidates as contained
            inner join term_ids
                on term_ids.nct_id = contained.nct_id and term_ids.mesh_term = contained.mesh_term
            where contained.term_word_count = contained.found_words
                and (not exists (
                    select 1 from label_head_words as heads
                    where heads.label_key = contained.label_key
                )
                or exists (
                    select 1 from subject_terms
                    where subject_terms.nct_id = contained.nct_id
                        and subject_terms.label_key = contained.label_key
                        and subject_terms.mesh_term = contained.mesh_term
                ))
        )
        {%- if with_narrower %},

        {#- the words a label has (small words aside), for the labels with one that is not
            generic: a narrower term holds them all and one word more, which is not a negation
            ("ST Elevated Myocardial Infarction" never meets "Non-ST Elevated …"); one word,
            because a term two words narrower ("Sleep" → "Sleep Apnea Syndromes") names
            something the label does not -#}
        label_sizes as (
            select label_key, count(*) as word_count
            from label_words
            where word not in ('{{ small_words | join("', '") }}', '')
            group by label_key
            having sum(case when word in ('{{ generic_words | join("', '") }}') then 0 else 1 end)
                > 0
        ),

        narrower as (
            select
                contained.nct_id,
                contained.label_key,
                contained.mesh_term,
                term_ids.mesh_id,
                contained.term_word_count,
                -- every candidate of a label has the label's size plus one: one, or none
                count(*) over (
                    partition by
                        {{ bytewise('contained.nct_id') }},
                        {{ bytewise('contained.label_key') }}
                ) as same_size
            from candidates as contained
            inner join label_sizes
                on label_sizes.label_key = contained.label_key
                and label_sizes.word_count = contained.found_words
            inner join term_ids
                on term_ids.nct_id = contained.nct_id and term_ids.mesh_term = contained.mesh_term
            where contained.term_word_count = contained.found_words + 1
                and not exists (
                select 1 from term_words as negation
                where negation.mesh_term = contained.mesh_term
                    and negation.word in ('non', 'not', 'no', 'without')
                    and not exists (
                        select 1 from label_words
                        where label_words.label_key = contained.label_key
                            and label_words.word = negation.word
                    )
            )
        )
        {%- endif %}

        select nct_id, label_key, mesh_term, mesh_id, term_word_count, false as is_narrower
        from ranked
        where size_rank = 1 and same_size = 1
        {%- if with_narrower %}
        union all
        select nct_id, label_key, mesh_term, mesh_id, term_word_count, true
        from narrower
        where same_size = 1
        {%- endif %}
    )
{%- endmacro %}

{#- A label's words as a list: lower case, every run of other characters a word break, and the
    prefix "non" (before three or more letters) a word of its own (`sorted_word_key` sorts them). -#}
{% macro label_word_list(expression) -%}
    {{ return(adapter.dispatch('label_word_list')(expression)) }}
{%- endmacro %}

{% macro label_word_text(expression) -%}
    trim(regexp_replace(regexp_replace(regexp_replace(
        lower({{ expression }}), '[^a-z0-9]+', ' ', 'g'),
        '(^| )non([a-z]{3,})', '\1non \2', 'g'), '([a-z]{3,})([0-9])', '\1 \2', 'g'))
{%- endmacro %}

{% macro default__label_word_list(expression) -%}
    {{ word_list(label_word_text(expression)) }}
{%- endmacro %}

{#- Text of words separated by single spaces, as a list (DuckDB) or an array (PostgreSQL). -#}
{% macro word_list(text) -%}
    {{ return(adapter.dispatch('word_list')(text)) }}
{%- endmacro %}

{% macro duckdb__word_list(text) -%}
    string_split({{ text }}, ' ')
{%- endmacro %}

{% macro postgres__word_list(text) -%}
    regexp_split_to_array({{ text }}, ' ')
{%- endmacro %}

{#- A word as matching compares it: British tumour as tumor, plural -ies as -y and a plural -s
    dropped (not after s, u or i: "abscess", "status", "metastasis" stay); words of three
    letters or fewer stay as written ("aids", "hiv"). -#}
{% macro matching_word(word) -%}
    regexp_replace(regexp_replace(regexp_replace(replace({{ word }}, 'tumour', 'tumor'),
        '([a-z]{2,})ies$', '\1y'), '([a-z]{3}[^siu])s$', '\1'), '[ao]e', 'e', 'g')
{%- endmacro %}

{#- Whether a MeSH term is made only of `generic_words` (each also with a plural -s or -es):
    "Disease", "Recurrence", "Disease Progression", "Pathologic Processes" name no disease of
    their own and never match a label. -#}
{% macro is_generic_term(expression, generic_words) -%}
    {{ regex_contains('lower(' ~ expression ~ ')',
        '^[^a-z0-9]*((' ~ generic_words | join('|') ~ ')(e?s)?([^a-z0-9]+|$))+$') }}
{%- endmacro %}

{#- The label's subject as text: an example list set aside ("(e.g., depression, …)", ", such
    as …", "including …"), then a modifier phrase: "X-related Y", "X associated Y", "X induced
    Y" keep Y, after "Y due to X", "Y secondary to X", "Y caused by X", "Y associated with
    X", "Y related to X", "Y induced by X" kept Y. A label that is only such a phrase gives ''
    (and keeps all its words). -#}
{% macro label_head_text(expression) -%}
    trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace({{ expression }},
        '\((e\.? ?g\.?|for example|such as|including)[^a-z][^)]*\)?', ' ', 'g'),
        '[,;:]? (e\.g\.|for example|such as|including) .*$', ''),
        '^(.*[a-z0-9]) +(due to|secondary to|caused by|associated with|related to|induced by) .*$',
        '\1'),
        '^.*[a-z0-9][ -](related|associated|induced|mediated) +([a-z0-9].*)$', '\2'))
{%- endmacro %}

{#- Where a label may have a modifier phrase or an example list (`label_head_text`). -#}
{% macro label_head_marker() -%}
    (^|[^a-z])(e\.? ?g\.?[^a-z]|for example|such as|including|related|associated|induced|mediated|due to|secondary to|caused by)
{%- endmacro %}
