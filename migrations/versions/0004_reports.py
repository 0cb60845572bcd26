"""Abuse reports: reports, cleaned attachments, the follow-up channel, consented contacts,
the staff audit log and receipt-code attempt counters.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attempt_window",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("key", "window", name=op.f("pk_attempt_window")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("submit_key", sa.String(length=64), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.Column("reporter", sa.String(length=64), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("when", sa.String(length=16), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("city", sa.String(length=80), nullable=True),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("receipt_hash", name=op.f("uq_report_receipt_hash")),
        sa.UniqueConstraint("submit_key", name=op.f("uq_report_submit_key")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_reporter"), ["reporter"], unique=False)

    op.create_table(
        "report_attachment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_report_attachment_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_attachment")),
    )
    with op.batch_alter_table("report_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_attachment_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "report_contact",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("chat_encrypted", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_report_contact_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_contact")),
    )
    with op.batch_alter_table("report_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_contact_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "report_message",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_report_message_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_message")),
    )
    with op.batch_alter_table("report_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_message_report_id"), ["report_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("report_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_message_report_id"))

    op.drop_table("report_message")
    with op.batch_alter_table("report_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_contact_expires_at"))

    op.drop_table("report_contact")
    with op.batch_alter_table("report_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_attachment_report_id"))

    op.drop_table("report_attachment")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_reporter"))

    op.drop_table("report")
    op.drop_table("audit_log")
    op.drop_table("attempt_window")
