"""The code lists of the Grants.gov extract, and Simpler.Grants.gov's names for them.

Eligible applicant codes, funding instruments and opportunity categories are those of the
Grants.gov XML extract (see ``../shared/data/README.md``; there is no applicant code 03).
Simpler.Grants.gov's API names the same applicant types in words; the mapping below follows the
legacy code it documents beside each name (HHS/simpler-grants-gov,
``api/src/constants/lookup_constants.py``), including its spelling
``nonprofits_non_higher_educating_with_501c3``.
"""

from __future__ import annotations

from civicshift.core.funding.codes import APPLICANT_TYPES, PURPOSES

__all__ = ["APPLICANT_TYPES", "PURPOSES"]


#: Codes under which anyone may apply (99), or which send the reader to the eligibility text (25).
UNRESTRICTED = "99"
OTHERS_SEE_TEXT = "25"

SIMPLER_APPLICANT_TYPES: dict[str, str] = {
    "state_governments": "00",
    "county_governments": "01",
    "city_or_township_governments": "02",
    "special_district_governments": "04",
    "independent_school_districts": "05",
    "public_and_state_institutions_of_higher_education": "06",
    "federally_recognized_native_american_tribal_governments": "07",
    "public_and_indian_housing_authorities": "08",
    "other_native_american_tribal_organizations": "11",
    "nonprofits_non_higher_educating_with_501c3": "12",
    "nonprofits_non_higher_educating_without_501c3": "13",
    "private_institutions_of_higher_education": "20",
    "individuals": "21",
    "for_profit_organizations_other_than_small_businesses": "22",
    "small_businesses": "23",
    "other": "25",
    "unrestricted": "99",
}

FUNDING_INSTRUMENTS: dict[str, str] = {
    "CA": "Cooperative agreement",
    "G": "Grant",
    "PC": "Procurement contract",
    "O": "Other",
}

SIMPLER_FUNDING_INSTRUMENTS: dict[str, str] = {
    "cooperative_agreement": "CA",
    "grant": "G",
    "procurement_contract": "PC",
    "other": "O",
}

OPPORTUNITY_CATEGORIES: dict[str, str] = {
    "D": "Discretionary",
    "M": "Mandatory",
    "C": "Continuation",
    "E": "Earmark",
    "O": "Other",
}

SIMPLER_CATEGORIES: dict[str, str] = {
    "discretionary": "D",
    "mandatory": "M",
    "continuation": "C",
    "earmark": "E",
    "other": "O",
}

#: Categories of funding activity (the extract's ``CategoryOfFundingActivity``) and
#: Simpler.Grants.gov's names for them (same source as above).
FUNDING_ACTIVITY_CATEGORIES: dict[str, str] = {
    "RA": "recovery_act",
    "AG": "agriculture",
    "AR": "arts",
    "BC": "business_and_commerce",
    "CD": "community_development",
    "CP": "consumer_protection",
    "DPR": "disaster_prevention_and_relief",
    "ED": "education",
    "ELT": "employment_labor_and_training",
    "EN": "energy",
    "ENV": "environment",
    "FN": "food_and_nutrition",
    "HL": "health",
    "HO": "housing",
    "HU": "humanities",
    "IIJ": "infrastructure_investment_and_jobs_act",
    "IS": "information_and_statistics",
    "ISS": "income_security_and_social_services",
    "LJL": "law_justice_and_legal_services",
    "NR": "natural_resources",
    "OZ": "opportunity_zone_benefits",
    "RD": "regional_development",
    "ST": "science_technology_and_other_research_and_development",
    "T": "transportation",
    "ACA": "affordable_care_act",
    "O": "other",
}
SIMPLER_FUNDING_ACTIVITY = {name: code for code, name in FUNDING_ACTIVITY_CATEGORIES.items()}


#: Kinds of instrument a hand-typed program may have, and the Grants.gov code each falls under.
INSTRUMENT_KINDS: dict[str, str] = {
    "formula_grant": "G",
    "competitive_grant": "G",
    "cooperative_agreement": "CA",
    "loan": "O",
    "direct_payment": "O",
    "other": "O",
}
