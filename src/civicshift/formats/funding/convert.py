"""From a file's ``FundingNotice`` to what ``civicshift.core.funding`` matches on."""

from __future__ import annotations

from civicshift.core.funding.model import FundingProgram
from civicshift.formats.funding.model import FundingNotice


def to_program(notice: FundingNotice) -> FundingProgram:
    return FundingProgram(
        key=notice.opportunity_id,
        title=notice.title,
        description=" ".join(filter(None, (notice.description, notice.eligibility_text))),
        purposes=notice.purposes,
        aln_titles=notice.aln_titles,
        eligible_applicants=notice.eligible_applicants,
        award_floor=notice.award_floor,
        award_ceiling=notice.award_ceiling,
        cost_sharing=notice.cost_sharing,
        local_match_share=notice.local_match_share,
        is_forecast=notice.is_forecast,
        post_date=notice.post_date,
        close_date=notice.close_date,
        archive_date=notice.archive_date,
        forecast_close_date=notice.forecast_close_date,
        status=notice.status,
    )
