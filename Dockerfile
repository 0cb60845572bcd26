# Helpline production image: slim, non-root; migrates the database, then runs the bot.
FROM python:3.11-slim AS build
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir --prefix=/install . \
 && pip install --no-cache-dir babel
COPY content ./content
RUN pybabel compile -d content/locales -D messages

FROM python:3.11-slim
# /app first on the path: the code beside migrations/ and content/ is the code that runs.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app HELPLINE_CONTENT_DIR=/app/content
WORKDIR /app
COPY --from=build /install /usr/local
COPY bot ./bot
COPY migrations ./migrations
COPY --from=build /app/content ./content
RUN useradd --system --uid 10001 --home-dir /app helpline && mkdir -p /app/var && chown helpline /app/var
USER helpline
# Polling by default; pass `--webhook` (and HELPLINE_WEBHOOK_*) for several replicas.
CMD ["sh", "-c", "helpline db upgrade && exec helpline run \"$@\"", "helpline"]
