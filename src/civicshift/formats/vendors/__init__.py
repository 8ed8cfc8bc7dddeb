"""Files of a vendor evaluation: the score workbook (``score_workbook``) and the safe names
of the public-records archive (``archive``). No Django here: plain data objects in."""
