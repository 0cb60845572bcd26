"""The sandbox web server: Bot API, control API and the chat page on one aiohttp application."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.sandbox.botapi import BotApi
from bot.sandbox.control import ControlApi, control_errors
from bot.sandbox.state import Sandbox

__all__ = ["Sandbox", "build_app", "serve"]

STATIC_DIR = Path(__file__).parent / "static"


def build_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(client_max_size=50 * 1024 * 1024, middlewares=[control_errors])
    bot_api = BotApi(sandbox)
    app.router.add_route("*", "/bot{token}/{method}", bot_api.handle)
    app.router.add_get("/file/bot{token}/{path:.+}", bot_api.download)
    app.router.add_routes(ControlApi(sandbox).routes())

    async def index(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app.router.add_get("/", index)
    app.router.add_get("/healthz", healthz)
    app.router.add_static("/static/", STATIC_DIR)

    async def on_startup(app: web.Application) -> None:
        sandbox.closing = False

    async def on_shutdown(app: web.Application) -> None:
        # Long polls would otherwise hold the shutdown until their timeouts.
        sandbox.closing = True
        sandbox.wake_everyone()

    app.on_startup.append(on_startup)
    app.on_shutdown.append(on_shutdown)
    return app


async def serve(
    sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0
) -> tuple[web.AppRunner, str]:
    """Start the sandbox; returns the runner (call `cleanup()` to stop) and the base URL."""
    runner = web.AppRunner(build_app(sandbox), access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    bound_port = runner.addresses[0][1]
    if host in ("", "0.0.0.0"):  # noqa: S104 - only mapping a wildcard bind to a usable URL
        url_host = "127.0.0.1"
    elif host == "::":
        url_host = "[::1]"
    elif ":" in host:
        url_host = f"[{host}]"
    else:
        url_host = host
    return runner, f"http://{url_host}:{bound_port}"
