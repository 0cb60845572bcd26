"""Anonymous helpfulness counts per guide and language.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guide_feedback",
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("helpful", sa.Integer(), server_default="0", nullable=False),
        sa.Column("unhelpful", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("topic", "language", name=op.f("pk_guide_feedback")),
    )


def downgrade() -> None:
    op.drop_table("guide_feedback")
