"""Configuration: every setting comes from an environment variable (prefix ``FAQBOT_``) with a default."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # app/ops/settings.py -> the project folder


class Settings(BaseSettings):
    """Service settings; ``FAQBOT_PORT=9000`` sets ``port`` and so on."""

    model_config = SettingsConfigDict(env_prefix="FAQBOT_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    log_level: str = "info"

    organization: str = "AmeriPharma® Specialty Care"
    phone: str = "(877) 778-0318"
    # Which emergency numbers (faq/emergency_numbers.yaml) each reply language names, first the one its call button
    # dials: the pharmacy is in the US; a Chinese reader may be in the US, mainland China, Hong Kong or Taiwan.
    emergency_regions: dict[str, list[str]] = Field(
        default_factory=lambda: {"en": ["us"], "zh": ["us", "cn"], "zh-Hant": ["us", "hk", "tw", "cn"]}
    )

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
    # Replies kept per worker by folded question and language (FAQ traffic repeats); 0 turns the cache off.
    reply_cache_size: int = Field(2048, ge=0, le=1_000_000)
    # Questions a worker answers together when several arrive at once (app/web/ask_batcher.py); 1: one at a time.
    ask_batch_size: int = Field(16, ge=1, le=256)

    # Largest request body accepted, declared or streamed (chunked); larger gets a 413 (app/web/middleware/body_limit.py).
    max_body_bytes: int = Field(16_384, ge=1_024, le=1_048_576)
    # Largest request head (request line and headers) accepted; larger gets a 431 or 414 and the connection is
    # closed (app/ops/http_guard.py). 32 KiB is what nginx's default large_client_header_buffers (4 x 8k) hold.
    max_header_bytes: int = Field(32_768, ge=4_096, le=1_048_576)
    # Seconds a client has to send a request's head, from the connection's opening (or the next request's first
    # byte); then 408 and close (app/ops/http_guard.py). And to send its body, once the head is in (app/web/middleware/body_limit.py).
    header_timeout_seconds: float = Field(10.0, gt=0.0, le=300.0)
    body_timeout_seconds: float = Field(10.0, gt=0.0, le=300.0)

    # Feedback and the content team's review (app/feedback/storage.py, app/feedback/reply_log.py, app/feedback/service.py; README "Privacy").
    # The folder of the embedded SQLite database (created if missing); unused when database_url names a server.
    data_dir: Path = PROJECT_ROOT / "data"
    # SQLAlchemy URL; empty: sqlite:///<data_dir>/faqbot.sqlite3. PostgreSQL: postgresql+psycopg://user:pw@host/db.
    database_url: SecretStr = SecretStr("")
    # Apply the Alembic migrations at start-up (else run `faqbot db upgrade` before starting).
    database_migrate: bool = True
    # Days that reply records, feedback and consented questions are kept; the purge runs every purge_interval.
    retention_days: int = Field(90, ge=1, le=3650)
    purge_interval_seconds: float = Field(3600.0, ge=0.05, le=86_400.0)
    # Reply records wait in a bounded in-process buffer and are written in batches off the request path.
    reply_buffer_size: int = Field(10_000, ge=1, le=1_000_000)
    reply_flush_seconds: float = Field(1.0, ge=0.01, le=60.0)
    # Staff sign-in for /staff/review: a shared secret, or a password hash from `faqbot hash-password`.
    # With neither the review is off (never open).
    staff_secret: SecretStr = SecretStr("")
    staff_password_hash: SecretStr = SecretStr("")
    staff_session_minutes: int = Field(480, ge=1, le=10_080)
    # Mark the staff cookies Secure (set it behind an HTTPS proxy; they are Secure anyway on an https request).
    staff_cookie_secure: bool = False

    # Operations (app/web/middleware/rate_limit.py, app/ops/server.py, app/web/middleware/observability.py; README "Operations").
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

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: SecretStr) -> SecretStr:
        url = value.get_secret_value().strip()
        if url and not url.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://")):
            raise ValueError("FAQBOT_DATABASE_URL must start with sqlite://, postgresql:// or postgresql+psycopg://")
        return SecretStr(url)

    @field_validator("staff_password_hash")
    @classmethod
    def _known_password_hash(cls, value: SecretStr) -> SecretStr:
        from app.ops.passwords import PasswordHashError, parse_password_hash

        encoded = value.get_secret_value().strip()
        if encoded:
            try:
                parse_password_hash(encoded)
            except PasswordHashError as exc:
                raise ValueError(f"FAQBOT_STAFF_PASSWORD_HASH: {exc} (make one with `faqbot hash-password`)") from None
        return SecretStr(encoded)

    @property
    def sqlalchemy_url(self) -> str:
        """The database to use: FAQBOT_DATABASE_URL, else the SQLite file in FAQBOT_DATA_DIR."""
        url = self.database_url.get_secret_value()
        if url.startswith("postgresql://"):
            return "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url or f"sqlite:///{self.data_dir / 'faqbot.sqlite3'}"

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        levels = {"critical", "error", "warning", "info", "debug"}
        if value.lower() not in levels:
            raise ValueError(f"FAQBOT_LOG_LEVEL must be one of {sorted(levels)}, not {value!r}")
        return value.lower()


def settings_error_message(exc: ValidationError) -> str:
    """What is wrong with the settings, one line per problem, never echoing a value (it may be a secret)."""
    return "; ".join(
        f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors(include_input=False, include_url=False)
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
