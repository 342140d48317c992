"""The detectors, one module per family of event types. Order matters only for speed."""

from __future__ import annotations

from sago.extractors.rules.detectors.base import Ctx, Detector, Tools
from sago.extractors.rules.detectors.deals import DealDetector, PartnershipDetector
from sago.extractors.rules.detectors.funding import FundingDetector, InvestorDetector
from sago.extractors.rules.detectors.metrics import GrowthDetector, RevenueDetector
from sago.extractors.rules.detectors.other import OtherDetector, SuccessDetector
from sago.extractors.rules.detectors.people import PeopleDetector
from sago.extractors.rules.detectors.product import LaunchDetector, TechDetector
from sago.extractors.rules.detectors.signals import (
    ComplianceDetector,
    MarketDetector,
    MediaDetector,
)

__all__ = ["DETECTORS", "Ctx", "Detector", "Tools"]

DETECTORS: tuple[Detector, ...] = (
    FundingDetector(),
    InvestorDetector(),
    DealDetector(),
    PartnershipDetector(),
    RevenueDetector(),
    GrowthDetector(),
    LaunchDetector(),
    TechDetector(),
    PeopleDetector(),
    MarketDetector(),
    ComplianceDetector(),
    MediaDetector(),
    SuccessDetector(),
    OtherDetector(),
)
