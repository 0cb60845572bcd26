"""Anonymous counts of pension verdicts per citizenship.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pension_verdict_count",
        sa.Column("verdict", sa.String(length=64), nullable=False),
        sa.Column("citizenship", sa.String(length=8), nullable=False),
        sa.Column("count", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("verdict", "citizenship", name=op.f("pk_pension_verdict_count")),
    )


def downgrade() -> None:
    op.drop_table("pension_verdict_count")
