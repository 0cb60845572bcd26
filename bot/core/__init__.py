"""The helpline itself: plain Python, no Telegram, no database. See ARCHITECTURE.md."""
