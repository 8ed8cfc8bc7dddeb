"""Grants.gov's eligible applicant codes and the purposes a program funds, shared by the
readers (``civicshift.formats.funding``), the catalog and matching.

Applicant codes as listed for the Grants.gov XML extract (``../shared/data/README.md``): there
is no code 03; 25 sends the reader to the eligibility text, 99 is unrestricted.
"""

from __future__ import annotations

APPLICANT_TYPES: dict[str, str] = {
    "00": "State governments",
    "01": "County governments",
    "02": "City or township governments",
    "04": "Special district governments",
    "05": "Independent school districts",
    "06": "Public and state institutions of higher education",
    "07": "Native American tribal governments (federally recognized)",
    "08": "Public and Indian housing authorities",
    "11": "Native American tribal organizations (other than federally recognized)",
    "12": "Nonprofits with 501(c)(3) status other than institutions of higher education",
    "13": "Nonprofits without 501(c)(3) status other than institutions of higher education",
    "20": "Private institutions of higher education",
    "21": "Individuals",
    "22": "For-profit organizations other than small businesses",
    "23": "Small businesses",
    "25": "Others (see text field)",
    "99": "Unrestricted",
}

#: The purposes a program funds (issue 10), as stored; the csv and the catalog use these keys.
PURPOSES: dict[str, str] = {
    "cybersecurity": "Cybersecurity",
    "broadband_digital_equity": "Broadband and digital equity",
    "transportation_smart_mobility": "Transportation and smart mobility",
    "public_safety": "Public safety",
    "water_utilities": "Water and utilities",
    "e_government": "E-government and resident services",
    "energy": "Energy",
    "resilience": "Resilience",
    "community_development": "Community development",
}
