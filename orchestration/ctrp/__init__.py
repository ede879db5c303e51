"""NCI CTRP registration: the trial office's sheet, CTRP documents written from the warehouse's
marts, validated against CTRP's own schemas, and submitted to its Trial Registration service."""
