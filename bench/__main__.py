"""Run the benchmarks and check them against the targets; exit 1 if one is missed.

- pseudonyms: every update computes one, so it must be far below a millisecond;
- conversation: people onboarding through the real bot and the sandbox over loopback HTTP, on
  SQLite: latency per tap/message one person at a time (p50, p95), throughput with everyone
  at once, and peak memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.config import Settings
from bot.core.privacy import Pseudonymizer
from bot.sandbox.server import Sandbox, serve
from bot.storage.migrate import upgrade
from bot.telegram.app import build_helpline
from bot.telegram.runner import run_polling
from tests.e2e.people import TOKEN, SandboxClient

TARGETS = {
    "pseudonym_us": 50.0,  # microseconds per pseudonym
    "p95_ms": 250.0,  # a tap answered within a quarter second on a 2-core machine
    "throughput_per_s": 20.0,  # handled updates per second, one bot process, SQLite
    "peak_rss_mb": 300.0,
}
PEOPLE = 20


def bench_pseudonyms() -> float:
    pseudonymizer = Pseudonymizer("bench" * 10)
    rounds = 50_000
    started = time.perf_counter()
    for i in range(rounds):
        pseudonymizer.user(i)
    return (time.perf_counter() - started) / rounds * 1e6


async def one_person(client: SandboxClient, n: int, latencies: list[float]) -> None:
    person = await client.person(f"Bench{n}", language_code="ru")
    for action in ("/start", "Русский", "🇰🇬 Кыргызстан", "/menu", "/privacy"):
        started = time.perf_counter()
        if action.startswith("/"):
            await person.send(action)
        else:
            await person.press(action)
        latencies.append((time.perf_counter() - started) * 1000)


async def bench_conversation() -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        runner, base_url = await serve(Sandbox(), host="127.0.0.1", port=0)
        settings = Settings(_env_file=None, telegram_api=base_url, database_url=url)
        helpline = build_helpline(settings, TOKEN, "bench-secret" * 4)
        # Updates handled one after another (as in the e2e tests), so "handled" is exact: the
        # latency is the whole round trip a person waits; throughput is a serial lower bound.
        polling = asyncio.create_task(
            run_polling(helpline, handle_signals=False, handle_as_tasks=False)
        )
        client = SandboxClient(base_url)
        latencies: list[float] = []
        try:
            for n in range(PEOPLE):  # latency: one person at a time, as a quiet hour feels
                await one_person(client, n, latencies)
            crowd: list[float] = []
            started = time.perf_counter()  # throughput: everyone at once
            await asyncio.gather(*(one_person(client, PEOPLE + n, crowd) for n in range(PEOPLE)))
            elapsed = time.perf_counter() - started
        finally:
            await client.close()
            with contextlib.suppress(RuntimeError):
                await helpline.dispatcher.stop_polling()
            await polling
            await runner.cleanup()
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    return p50, p95, len(crowd) / elapsed


def main() -> int:
    results = {"pseudonym_us": bench_pseudonyms()}
    p50, p95, throughput = asyncio.run(bench_conversation())
    results |= {"p50_ms": p50, "p95_ms": p95, "throughput_per_s": throughput}
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    failed = False
    for name, value in results.items():
        target = TARGETS.get(name)
        higher_is_better = name == "throughput_per_s"
        ok = target is None or (value >= target if higher_is_better else value <= target)
        failed |= not ok
        bound = (
            "" if target is None else f"  (target {'≥' if higher_is_better else '≤'} {target:g})"
        )
        print(f"{'ok  ' if ok else 'MISS'} {name:18} {value:10.1f}{bound}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
