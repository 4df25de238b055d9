"""Sample businesses as the coach sees them: different visions, goals and reported figures."""

from __future__ import annotations

from datetime import date

from alignment.coach.context import CoachContext, DimensionFacts, GoalFacts
from alignment.dimensions import Dimension

TODAY = date(2026, 12, 3)


def _figures(
    *rows: tuple[Dimension, int, float | None, int | None, int | None],
) -> tuple[DimensionFacts, ...]:
    return tuple(DimensionFacts(*row) for row in rows)


BAKERY = CoachContext(
    business="Rosie's Bakery",
    vision="Fresh bread in every café of the region. Baked before sunrise.",
    mission="We bake honest bread for the people who serve breakfast.",
    values=("Craft", "Early starts"),
    goals=(
        GoalFacts("Supply 40 cafés", "Cafés supplied", "40", date(2027, 9, 30), 7, "22", True),
        GoalFacts("Open a second oven line", "Lines", "2", date(2027, 3, 1), 5, None, False),
    ),
    dimensions=_figures(
        (Dimension.VISION_CLARITY, 71, 0.81, None, 2),
        (Dimension.COMMUNICATION_FLOW, 48, 0.55, 10, -12),  # fell most: the falling rule
        (Dimension.OPERATIONAL_HARMONY, 45, 0.74, 22, 1),
    ),
    headline=58,
    today=TODAY,
)

IT_CONSULTANCY = CoachContext(
    business="Brightline IT",
    vision="The IT partner mid-sized firms in Leipzig trust with their whole stack",
    mission=None,
    values=("Honesty", "Curiosity"),
    goals=(
        GoalFacts(
            "Win 5 managed-service contracts", "Contracts", "5", date(2027, 6, 30), 6, "1", True
        ),
    ),
    dimensions=_figures(
        (Dimension.GOAL_ALIGNMENT, 66, 0.62, 28, None),  # the largest gap: the gap rule
        (Dimension.MARKET_ALIGNMENT, 52, 0.80, 5, 3),
        (Dimension.FINANCIAL_ALIGNMENT, 60, 0.71, 18, 0),
    ),
    headline=61,
    today=TODAY,
)

PHYSIO = CoachContext(
    business="Move Well Physio",
    vision="Every patient back to the activity they love within twelve weeks",
    mission="Hands-on care with a plan patients understand.",
    values=("Care",),
    goals=(
        GoalFacts("Cut no-shows to 5%", "No-show rate", "5%", date(2027, 4, 30), 8, "9%", True),
        GoalFacts("Add a Saturday clinic", "Clinics", "1", date(2027, 2, 28), 6, None, False),
    ),
    dimensions=_figures(
        (Dimension.CULTURE_ENGAGEMENT, 39, 0.48, 4, -2),  # the lowest level: the low rule
        (Dimension.ADAPTABILITY, 61, 0.77, None, 4),
        (Dimension.VISION_CLARITY, 74, 0.85, 6, None),
    ),
    headline=55,
    today=TODAY,
)

CARPENTRY = CoachContext(
    business="Holzwerk Maier",
    vision="Kitchens built to last a lifetime, made in our own workshop",
    mission=None,
    values=("Precision", "Wood from the region"),
    goals=(
        GoalFacts(
            "Deliver 30 custom kitchens",
            "Kitchens delivered",
            "30",
            date(2027, 12, 31),
            6,
            None,
            True,
        ),
    ),
    dimensions=(),  # no report yet: the top goal
    headline=None,
    today=TODAY,
)

ONLINE_SHOP = CoachContext(
    business="Leaf & Loop",
    vision="The online shop for plastic-free household goods that people recommend to friends",
    mission="Make plastic-free the easy choice.",
    values=("Transparency",),
    goals=(
        GoalFacts(
            "Reach 30% repeat buyers", "Repeat buyers", "30%", date(2027, 5, 31), 7, "18%", True
        ),
        GoalFacts(
            "Ship within 24 hours",
            "Orders shipped in 24h",
            "95%",
            date(2027, 3, 31),
            8,
            "80%",
            False,
        ),
    ),
    dimensions=_figures(
        (Dimension.MARKET_ALIGNMENT, 44, 0.66, 9, -6),  # falling
        (Dimension.ADAPTABILITY, 41, 0.59, 3, -9),  # fell more: the falling rule picks this one
        (Dimension.FINANCIAL_ALIGNMENT, 58, 0.72, 30, 2),
    ),
    headline=49,
    today=TODAY,
)

SAMPLES = (BAKERY, IT_CONSULTANCY, PHYSIO, CARPENTRY, ONLINE_SHOP)
EXPECTED_DIMENSION = {
    BAKERY.business: Dimension.COMMUNICATION_FLOW,
    IT_CONSULTANCY.business: Dimension.GOAL_ALIGNMENT,
    PHYSIO.business: Dimension.CULTURE_ENGAGEMENT,
    CARPENTRY.business: Dimension.GOAL_ALIGNMENT,
    ONLINE_SHOP.business: Dimension.ADAPTABILITY,
}
"""The dimension the documented rule picks for each sample's weekly insight."""
