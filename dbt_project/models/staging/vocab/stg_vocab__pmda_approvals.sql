-- PMDA's approved new drugs, one row per listed item; Japanese text as PMDA wrote it, with
-- the two flags its indication text carries.
select
    {{ surrogate_key(['sheet', 'row_number']) }} as pmda_approval_id,
    sheet,
    row_number,
    item_number,
    category,
    approval_date,
    brand_name,
    applicant,
    corporate_number,
    approval_type,
    generic_name,
    indication,
    coalesce(indication like '%希少疾病用医薬品%', false) as is_orphan_drug,
    coalesce(indication like '%新有効成分含有医薬品%', false) as is_new_active_ingredient
from {{ source('vocab', 'pmda_approvals') }}
