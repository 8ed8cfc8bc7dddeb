"""Files of the decision-analysis library: the AHP file read by ``civicshift decide ahp``."""
