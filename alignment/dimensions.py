"""The eight alignment dimensions every score, item and report is keyed by."""

from enum import StrEnum


class Dimension(StrEnum):
    """One facet of strategic alignment; owner and team items measure the same set."""

    VISION_CLARITY = "vision_clarity"
    GOAL_ALIGNMENT = "goal_alignment"
    COMMUNICATION_FLOW = "communication_flow"
    OPERATIONAL_HARMONY = "operational_harmony"
    MARKET_ALIGNMENT = "market_alignment"
    FINANCIAL_ALIGNMENT = "financial_alignment"
    CULTURE_ENGAGEMENT = "culture_engagement"
    ADAPTABILITY = "adaptability"
