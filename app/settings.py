"""Configuration: every setting comes from an environment variable (prefix ``FAQBOT_``) with a default."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Service settings; ``FAQBOT_PORT=9000`` sets ``port`` and so on."""

    model_config = SettingsConfigDict(env_prefix="FAQBOT_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    log_level: str = "info"

    organization: str = "AmeriPharma® Specialty Care"
    phone: str = "(877) 778-0318"
    emergency_number: str = "911"

    content_dir: Path = PROJECT_ROOT / "faq"
    locales_dir: Path = PROJECT_ROOT / "locales"

    # Matching: a reply is an answer only when its confidence (calibrated: the probability that the entry is right)
    # reaches the threshold; chosen with `python bench/accuracy.py --sweep-threshold`.
    match_threshold: float = Field(0.5, ge=0.0, le=1.0)
    # Two entries whose matching scores differ by less than this are a close call: both are offered.
    close_call_margin: float = Field(0.06, ge=0.0, le=1.0)
    # How Chinese text becomes matching features: "words" (rjieba segmentation) or "bigrams" (bench/accuracy.py).
    chinese_features: Literal["words", "bigrams"] = "words"
    max_suggestions: int = Field(3, ge=0, le=10)

    # Largest request body accepted, declared or streamed (chunked); larger gets a 413 (app/body_limit.py).
    max_body_bytes: int = Field(16_384, ge=1_024, le=1_048_576)
    # Largest request head (request line and headers) accepted; larger gets a 431 or 414 and the connection is
    # closed (app/http_guard.py). 32 KiB is what nginx's default large_client_header_buffers (4 x 8k) hold.
    max_header_bytes: int = Field(32_768, ge=4_096, le=1_048_576)
    # Seconds a client has to send a request's head, from the connection's opening (or the next request's first
    # byte); then 408 and close (app/http_guard.py). And to send its body, once the head is in (app/body_limit.py).
    header_timeout_seconds: float = Field(10.0, gt=0.0, le=300.0)
    body_timeout_seconds: float = Field(10.0, gt=0.0, le=300.0)

    # Operations (app/rate_limit.py, app/server.py, app/observability.py; README "Operations").
    # Per-client request budget for /api/ (health and readiness excepted), in the `limits` notation:
    # "60/minute", several with ";" ("10/second;60/minute"); "off" disables it.
    rate_limit: str = "60/minute"
    # Where the counters live: memory:// (per worker process) or redis://host:6379/0 (shared by all workers
    # and replicas; needs the `redis` extra).
    rate_limit_storage_uri: str = "memory://"
    # Secret key for hashing client addresses in Redis (the same on every replica); empty: derived from the URI.
    rate_limit_key_secret: SecretStr = SecretStr("")
    # Reverse proxies in front of the app whose X-Forwarded-For is believed: 0 = ignore the header (the socket's
    # peer is the client), 1 = one proxy (nginx, a load balancer) appends the client address, and so on.
    trusted_proxy_hops: int = Field(0, ge=0, le=10)
    # On SIGTERM: seconds that in-flight requests get to finish before uvicorn closes them.
    graceful_shutdown_seconds: float = Field(20.0, ge=0.0, le=600.0)
    # Prometheus metrics at /metrics (set PROMETHEUS_MULTIPROC_DIR too when running several workers).
    metrics_enabled: bool = True
    # Tests only: adds /api/v1/_debug/fail (a forced 500) and /api/v1/_debug/slow (a slow request).
    enable_fault_injection: bool = False

    @field_validator("rate_limit")
    @classmethod
    def _known_rate_limit(cls, value: str) -> str:
        from limits import parse_many

        value = value.strip()
        if value.lower() in {"", "off", "none", "0"}:
            return "off"
        try:
            parse_many(value)
        except ValueError:
            raise ValueError(f"FAQBOT_RATE_LIMIT must look like '60/minute' or '10/second;60/minute' (or 'off'), not {value!r}") from None
        return value

    @field_validator("rate_limit_storage_uri")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        schemes = ("memory://", "redis://", "rediss://")
        if not value.startswith(schemes):
            raise ValueError(f"FAQBOT_RATE_LIMIT_STORAGE_URI must start with one of {', '.join(schemes)}, not {value!r}")
        return value

    # Origins allowed to call the API from a browser (the widget); comma-separated.
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://localhost:8000", "http://127.0.0.1:8000"]
    )

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        levels = {"critical", "error", "warning", "info", "debug"}
        if value.lower() not in levels:
            raise ValueError(f"FAQBOT_LOG_LEVEL must be one of {sorted(levels)}, not {value!r}")
        return value.lower()


@lru_cache
def get_settings() -> Settings:
    return Settings()
