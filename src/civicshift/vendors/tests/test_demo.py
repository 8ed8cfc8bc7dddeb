"""The vendors' part of the demo (``civicshift.vendors.demo``): checked before anything is
written, naming the key; loaded, the ERP RFP with four proposals, a three-person panel (one
declared conflict), AHP weights, submitted scores, a consensus and due diligence, and the
permitting purchase through a cooperative contract with its justification."""

from __future__ import annotations

import re

import pytest
import yaml

from civicshift.demo.loader import load_demo
from civicshift.demo.schema import DemoDataError
from civicshift.orgs.models import Organization
from civicshift.vendors import selectors
from civicshift.vendors.demo import DEMO_MODULE
from civicshift.vendors.models import ConsensusScore, DiligenceAnswer, Evaluation, Vendor
from civicshift.vendors.ranking import ranking

pytestmark = pytest.mark.django_db


def _raw() -> dict:
    return yaml.safe_load(DEMO_MODULE.data_path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            lambda raw: raw["evaluations"][0].update(solicitation="auction"),
            "evaluations[0].solicitation",
        ),
        (
            lambda raw: raw["evaluations"][0]["proposals"][0].update(vendor="Nobody Inc."),
            "evaluations[0].proposals[0].vendor",
        ),
        (
            lambda raw: raw["evaluations"][0]["judgments"]["admin"][0].__setitem__(2, 11),
            "evaluations[0].judgments.admin[0]",
        ),
        (lambda raw: raw.pop("version"), "version"),
        (
            lambda raw: raw["evaluations"][0]["award"].update(vendor="Tidewater Inc."),
            "evaluations[0].award.vendor",
        ),
    ],
)
def test_malformed_vendors_file_names_the_key_and_writes_nothing(tmp_path, change, named):
    raw = _raw()
    change(raw)
    path = tmp_path / "vendors.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    with pytest.raises(DemoDataError, match=re.escape(f"'{named}")):
        load_demo(module_paths={"vendors": path})
    assert not Organization.objects.exists() and not Vendor.objects.exists()


def test_the_demo_city_has_its_erp_rfp_and_its_cooperative_purchase():
    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    erp = Evaluation.objects.for_org(maple).get(
        initiative__title="Replace the 1994 AS/400 financial system with a modern ERP"
    )
    assert erp.solicitation == "rfp" and erp.weight_method == "ahp"
    assert erp.proposals.count() == 4
    panel = list(erp.panel.all())
    assert len(panel) == 3 and all(m.submitted_at for m in panel)
    conflicts = [d for m in panel for d in m.declarations.all() if d.has_conflict]
    assert len(conflicts) == 1 and conflicts[0].vendor.name == "OpenFund Municipal Systems Corp."
    assert not conflicts[0].member.scores.filter(proposal__vendor=conflicts[0].vendor).exists()
    (top, *_rest) = selectors.ahp_groups(erp)
    assert top.evaluators == 2 and top.result is not None and not top.warn
    assert ConsensusScore.objects.filter(proposal__evaluation=erp).exists()
    assert DiligenceAnswer.objects.filter(proposal__evaluation=erp).count() == 17
    result = ranking(erp)
    assert result.missing == 0 and len(result.rows) == 4
    assert result.rows[0]["life_cycle"] is None or result.rows[0]["life_cycle"] > 0
    permits = Evaluation.objects.for_org(maple).get(
        initiative__title="Online permitting and inspections"
    )
    assert permits.solicitation == "cooperative"
    assert permits.cooperative_contract.number == "060624-TGS"
    assert "Sourcewell" in permits.justification
    # The vendor the permitting purchase goes to has a past contract on record.
    tidewater = permits.cooperative_contract.vendor
    assert tidewater.performance.get().hire_again == "yes"
    assert not Vendor.objects.exclude(organization=maple).exists()


def test_the_award_memo_builds_from_the_demo_and_names_the_recommended_vendor():
    from civicshift.formats.document.docx import write_docx
    from civicshift.formats.vendors.award_memo_text import memo_document
    from civicshift.vendors.memo_data import award_memo

    from .test_award_memo import docx_text

    load_demo()
    maple = Organization.objects.get(slug="maple-falls")
    erp = Evaluation.objects.for_org(maple).get(
        initiative__title="Replace the 1994 AS/400 financial system with a modern ERP"
    )
    assert erp.awarded_proposal.vendor.name == "Ledgerline Public Sector Software, Inc."
    memo = award_memo(erp)
    assert memo.recommended == "Ledgerline Public Sector Software, Inc."
    assert memo.recommendation_ref is not None and memo.unsubmitted == 0
    assert [r.vendor for r in memo.ranking][0] == memo.recommended  # the top-ranked proposal
    assert len(memo.scores) == 3 and sum(d.has_conflict for d in memo.declarations) == 1
    text = docx_text(write_docx(memo_document(memo)))
    assert "Recommended for award | Ledgerline Public Sector Software, Inc." in text
    assert "The weights were derived by the Analytic Hierarchy Process" in text
    # The demo's officer made the comparisons' weights the ranking's, so the memo has no
    # "the ranking uses other weights" warning, and every derived weight is the one used.
    assert "which differ from" not in text
    top_group = memo.ahp[0]
    assert len(top_group.used) == len(top_group.weights) == 7
    assert all(
        abs(w - u) < 1e-4 for (_n, w), u in zip(top_group.weights, top_group.used, strict=True)
    )
    assert "My spouse is a consultant for OpenFund." in text
