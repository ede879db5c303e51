{{ union_winning_source('id_information') }}
