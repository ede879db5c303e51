"""The last seven-character MeSH numbers in `macros/mesh_ui.sql` against real ids: gilda's
MeSH mappings (NLM's own forms of about 32,000 descriptors and supplementary concepts)."""

import re

from orchestration.dbt.project import DBT_PROJECT_DIR
from orchestration.vocab.gilda import packaged_file

MACRO = DBT_PROJECT_DIR / "macros" / "mesh_ui.sql"


def last_seven_character_numbers() -> dict[str, int]:
    found = re.search(r"\{'D': (\d+), 'C': (\d+)\}", MACRO.read_text())
    assert found, "the table of last numbers in macros/mesh_ui.sql"
    return {"D": int(found[1]), "C": int(found[2])}


def test_the_last_seven_character_numbers_separate_nlms_two_forms():
    ids = set(re.findall(r"\b([CD]\d{6}(?:\d{3})?)\b", packaged_file().read_text()))
    last = last_seven_character_numbers()
    for record_type in "DC":
        seven = [int(i[1:]) for i in ids if i[0] == record_type and len(i) == 7]
        ten = [int(i[1:]) for i in ids if i[0] == record_type and len(i) == 10]
        assert len(seven) > 1000 and len(ten) > 500, (record_type, len(seven), len(ten))
        # every seven-character id at or below the last number, every ten-character one above
        assert max(seven) <= last[record_type] < min(ten), record_type
