"""The funding desk: funding programs (a shared installation-wide catalog and each
organization's own), their import from Grants.gov, Simpler.Grants.gov and csv files, and
what changed on each re-import. The file readers live in ``civicshift.formats.funding``, the
matching engine in ``civicshift.core.funding``."""
