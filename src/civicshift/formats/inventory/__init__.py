"""Files of the systems inventory: reading a town's spreadsheet (``reader``) and writing the
inventory back out (``writer``). No database here; ``civicshift.inventory.importing`` applies
the parsed rows."""
