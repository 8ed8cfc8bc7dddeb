"""``funding_financing loan|lease|bond --amount DOLLARS --rate PERCENT --years N
[--per-year 12] [--in-advance] [--issuance-cost PERCENT] [--json]``: the financing
calculator of the funding mix page (``core.funding.financing``), from the command line."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from civicshift.core.funding.financing import KINDS, FinancingError, calculate


def _number(text: str, option: str) -> float:
    try:
        return float(text.replace(",", "").replace("$", "").replace("%", ""))
    except ValueError:
        raise CommandError(f"{option} must be a number, got {text!r}.") from None


class Command(BaseCommand):
    help = "Payments on a loan, a lease or subscription, or a bond (as Excel's PMT)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--amount", required=True, help="dollars financed")
        parser.add_argument("--rate", required=True, help="annual rate in percent, e.g. 4.5")
        parser.add_argument("--years", required=True, help="term in whole years")
        parser.add_argument("--per-year", default="12", help="payments a year: 1, 2, 4 or 12")
        parser.add_argument(
            "--in-advance", action="store_true", help="lease: pay at the start of each period"
        )
        parser.add_argument(
            "--issuance-cost", default="0", help="bond: issuance costs, percent of the amount"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, kind: str, **options):
        try:
            result = calculate(
                kind,
                amount=_number(options["amount"], "--amount"),
                rate=_number(options["rate"], "--rate") / 100,
                years=_number(options["years"], "--years"),
                payments_per_year=1
                if kind == "bond"
                else _number(options["per_year"], "--per-year"),
                in_advance=options["in_advance"],
                issuance_cost=_number(options["issuance_cost"], "--issuance-cost") / 100,
            )
        except FinancingError as exc:
            option = {"payments_per_year": "per-year", "issuance_cost": "issuance-cost"}.get(
                exc.field, exc.field
            )
            raise CommandError(f"--{option}: {exc.message}") from None
        if options["json"]:
            body = {
                "kind": result.kind,
                "principal": round(result.principal, 2),
                "payment": round(result.payment, 2),
                "payments_per_year": result.payments_per_year,
                "annual_payment": round(result.annual_payment, 2),
                "total_paid": round(result.total_paid, 2),
                "total_interest": round(result.total_interest, 2),
                "by_year": [
                    {
                        "year": year,
                        "paid": round(paid, 2),
                        "interest": round(interest, 2),
                        "principal": round(principal, 2),
                    }
                    for year, paid, interest, principal in result.by_year()
                ],
            }
            self.stdout.write(json.dumps(body, indent=2))
            return
        self.stdout.write(f"Payment per period: {result.payment:,.2f}")
        self.stdout.write(f"Paid each year:     {result.annual_payment:,.2f}")
        self.stdout.write(f"Total paid:         {result.total_paid:,.2f}")
        self.stdout.write(f"Total interest:     {result.total_interest:,.2f}")
        for year, paid, interest, principal in result.by_year():
            self.stdout.write(
                f"  year {year}: paid {paid:,.2f} (interest {interest:,.2f}, "
                f"principal {principal:,.2f})"
            )
