"""FastAPI dependencies: the live store and the settings, taken from app.state."""

from fastapi import Request

from api.settings import Settings
from graph.live import LiveStore


def live_store(request: Request) -> LiveStore:
    return request.app.state.live


def settings(request: Request) -> Settings:
    return request.app.state.settings
