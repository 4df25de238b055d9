"""Repositories: typed queries over one session. They flush, they never commit."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.checkins import CheckInRepository
from storage.repositories.coach import CoachRepository
from storage.repositories.commitments import CommitmentRepository
from storage.repositories.deliveries import DeliveryRepository
from storage.repositories.instance import InstanceSecretRepository
from storage.repositories.llm_calls import LlmCallRepository
from storage.repositories.pulses import PulseRepository
from storage.repositories.strategy import StrategyRepository
from storage.repositories.team import TeamRepository
from storage.repositories.users import UserRepository
from storage.repositories.voters import VoterRepository
from storage.repositories.workspaces import WorkspaceRepository

__all__ = [
    "CheckInRepository",
    "CoachRepository",
    "CommitmentRepository",
    "DeliveryRepository",
    "InstanceSecretRepository",
    "LlmCallRepository",
    "PulseRepository",
    "Repositories",
    "StrategyRepository",
    "TeamRepository",
    "UserRepository",
    "VoterRepository",
    "WorkspaceRepository",
]


@dataclass
class Repositories:
    """All repositories bound to one session, so a service works inside one transaction."""

    session: AsyncSession
    users: UserRepository = field(init=False)
    workspaces: WorkspaceRepository = field(init=False)
    strategy: StrategyRepository = field(init=False)
    checkins: CheckInRepository = field(init=False)
    team: TeamRepository = field(init=False)
    pulses: PulseRepository = field(init=False)
    voters: VoterRepository = field(init=False)
    instance_secrets: InstanceSecretRepository = field(init=False)
    deliveries: DeliveryRepository = field(init=False)
    commitments: CommitmentRepository = field(init=False)
    coach: CoachRepository = field(init=False)
    llm_calls: LlmCallRepository = field(init=False)

    def __post_init__(self) -> None:
        self.users = UserRepository(self.session)
        self.workspaces = WorkspaceRepository(self.session)
        self.strategy = StrategyRepository(self.session)
        self.checkins = CheckInRepository(self.session)
        self.team = TeamRepository(self.session)
        self.pulses = PulseRepository(self.session)
        self.voters = VoterRepository(self.session)
        self.instance_secrets = InstanceSecretRepository(self.session)
        self.deliveries = DeliveryRepository(self.session)
        self.commitments = CommitmentRepository(self.session)
        self.coach = CoachRepository(self.session)
        self.llm_calls = LlmCallRepository(self.session)
