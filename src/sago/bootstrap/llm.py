"""The model side of the wiring: the provider SAGO_LLM names, and what reads through it
(the LLM extractor behind redaction, the LLM composer with the template as fallback).

Part of `bootstrap`, the only place that picks adapters; imported lazily like the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sago.config import Settings
from sago.email.base import EmailComposer
from sago.extractors.base import Extractor
from sago.redact.base import Redactor

if TYPE_CHECKING:
    from pydantic_ai.models import Model

    from sago.llm.cache import ReplayCache
    from sago.llm.options import LLMOptions
    from sago.llm.providers.base import Provider


# A 0.5B model reads ~1,000 message tokens well; more, and it loses track of them.
LOCAL_REQUEST_TOKENS = 1_024
# A CPU reads ~35-70 prompt tokens/s: a request may take minutes, not seconds.
LOCAL_TIMEOUT = 600.0


def llm_options(settings: Settings) -> LLMOptions:
    from sago.llm.options import LLMOptions

    local = settings.llm.startswith("local:")
    timeout = settings.llm_timeout
    if local and "llm_timeout" not in settings.model_fields_set:
        timeout = LOCAL_TIMEOUT
    return LLMOptions(
        timeout=timeout,
        # A local server is never rate-limited, and a request it timed out on would only
        # time out again: the extractor shortens it instead (one slot, one request at a time).
        max_retries=0 if local else settings.llm_max_retries,
        retry_initial_delay=settings.llm_retry_initial_delay,
        retry_max_delay=settings.llm_retry_max_delay,
        concurrency=1 if local else settings.llm_concurrency,
        token_budget=settings.llm_token_budget,
        max_input_tokens=settings.llm_context_tokens,
        request_tokens=settings.llm_request_tokens or (LOCAL_REQUEST_TOKENS if local else None),
        max_output_tokens=settings.llm_max_output_tokens,
        output_retries=settings.llm_output_retries,
        output_mode=settings.llm_output_mode,
        # Greedy decoding by default on a local model: the same input gives the same events.
        temperature=0.0 if local and settings.llm_temperature is None else settings.llm_temperature,
        seed=settings.llm_seed,
        price_input_per_mtok=settings.llm_price_input_per_mtok,
        price_output_per_mtok=settings.llm_price_output_per_mtok,
    )


def build_provider(settings: Settings) -> Provider:
    """The model SAGO_LLM names: cut-off answers salvaged, metered, budgeted, and behind
    the replay cache.

    The one construction path for providers: the pipeline, the bench and the tests all
    come through here. Every model it makes shares the run's token budget; each counts
    its own requests (a `Meter`), failed ones included.
    """
    from sago.llm.budget import TokenBudget
    from sago.llm.metered import Meter, MeteredModel
    from sago.llm.providers.base import Provider
    from sago.llm.salvage import SalvagedModel

    raw = _raw_provider(settings)
    options = llm_options(settings)
    budget = TokenBudget(settings.llm_token_budget)
    replay = _replay_cache(settings)

    def make() -> Model:
        model: Model = MeteredModel(
            SalvagedModel(raw.model()), meter=Meter(), budget=budget, options=options
        )
        if replay is not None:
            from sago.llm.replay import CachedModel

            model = CachedModel(model, cache=replay, identity=raw.identity)
        return model

    def close() -> None:
        raw.close()
        if replay is not None:
            replay.close()

    return Provider(
        raw.name,
        make,
        context_tokens=raw.context_tokens,
        speed=raw.speed,
        identity=raw.identity,
        on_close=close,
    )


def _replay_cache(settings: Settings) -> ReplayCache | None:
    if not settings.llm_cache:
        return None
    from sago.llm.cache_sqlite import SqliteReplayCache

    return SqliteReplayCache(settings.llm_cache_db)


def _raw_provider(settings: Settings) -> Provider:
    """The provider's own model factory, aimed at SAGO_LLM_BASE_URL when set."""
    from sago.llm.providers.base import Provider

    provider, _, name = settings.llm.partition(":")
    key = settings.provider_api_key(provider)
    secret = key.get_secret_value() if key is not None else None
    base_url = settings.llm_base_url
    if provider == "local":
        return _local_provider(settings, name)
    if provider == "gemini":
        from sago.llm.providers.gemini import gemini_model

        options = llm_options(settings)
        return Provider(
            settings.llm,
            lambda: gemini_model(name, api_key=secret, base_url=base_url, options=options),
        )
    from sago.llm.providers.openai_compat import openai_model

    return Provider(settings.llm, lambda: openai_model(name, api_key=secret, base_url=base_url))


def _local_provider(settings: Settings, name: str) -> Provider:
    """Start llama.cpp on the weights `local:<name>` names; closing the provider stops it."""
    from sago.errors import SetupError
    from sago.llm.catalogue import resolve
    from sago.llm.providers.base import Provider
    from sago.llm.providers.local import LocalServer
    from sago.llm.providers.openai_compat import openai_model

    try:
        path = resolve(name)
    except FileNotFoundError as exc:
        raise SetupError(str(exc)) from exc
    server = LocalServer(
        path,
        context=settings.llm_local_context,
        threads=settings.llm_local_threads,
        seed=settings.llm_seed,
    ).start()
    timeout = llm_options(settings).timeout
    return Provider(
        settings.llm,
        lambda: openai_model(
            "local", api_key=None, base_url=server.base_url, http_client=server.http_client(timeout)
        ),
        context_tokens=server.context,
        speed=server.speed,
        # The weights, not the path, decide the answers: name and size identify them.
        identity=f"local:{path.name}:{path.stat().st_size}",
        on_close=server.stop,
    )


def build_extractor(settings: Settings, provider: Provider | None = None) -> Extractor:
    """The extractor SAGO_LLM names. Without `provider`, an LLM extractor gets its own
    and closes it with itself."""
    if settings.llm == "rules":
        from sago.extractors.rules import RulesExtractor

        # The company id names the company only when the user set it ("default" names none).
        configured = "company_id" in settings.model_fields_set
        return RulesExtractor(
            company_names=settings.company_names,
            company_id=settings.company_id if configured else None,
        )
    from sago.extractors.llm import LLMExtractor

    owned = provider is None
    provider = provider or build_provider(settings)
    extractor = LLMExtractor(
        provider.model(),
        name=settings.llm,
        options=llm_options(settings),
        company_names=settings.company_names,
        context_tokens=provider.context_tokens,
        speed=provider.speed,
        on_close=provider.close if owned else None,
    )
    return redacted_for_llm(settings, extractor)


def build_redactor(settings: Settings) -> Redactor:
    from sago.redact.presidio import PresidioRedactor

    return PresidioRedactor(settings.redact_terms)


def redacted_for_llm(settings: Settings, extractor: Extractor) -> Extractor:
    """A model reads redacted messages, unless it runs on this machine and the user said
    it may read them as they are (SAGO_REDACT_FOR_LLM=false)."""
    if not settings.redact_for_llm and settings.llm_is_local:
        return extractor
    from sago.redact.extractor import RedactingExtractor

    return RedactingExtractor(extractor, build_redactor(settings))


def build_composer(settings: Settings, provider: Provider | None = None) -> EmailComposer:
    """The template, or the LLM with the template as its fallback.

    "auto" (the default) uses the LLM exactly when SAGO_LLM names one, so a user with a key
    sets SAGO_LLM and the key and gets both extraction and the email from the model.
    """
    from sago.email.template import TemplateComposer

    template = TemplateComposer()
    if not uses_llm_email(settings):
        return template
    if settings.llm == "rules":
        raise ValueError("SAGO_EMAIL_COMPOSER=llm needs SAGO_LLM=gemini:<model> or openai:<model>")
    from sago.email.llm import LLMComposer

    return LLMComposer(
        (provider or build_provider(settings)).model(),
        name=settings.llm,
        options=llm_options(settings),
        fallback=template,
    )


def uses_llm_email(settings: Settings) -> bool:
    return settings.email_composer == "llm" or (
        settings.email_composer == "auto" and settings.llm != "rules"
    )
