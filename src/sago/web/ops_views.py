"""/healthz and /metrics: for load balancers and Prometheus (behind the token when set)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from sago.web.deps import context
from sago.web.ops import StoreCollector, backend_probes, metrics_registry, run_probes

router = APIRouter()


@router.get("/healthz")
def healthz(request: Request) -> Response:
    """Each configured backend: ok or its error; 503 if any fails."""
    ctx = context(request)
    stores = ctx.stores
    results = run_probes(backend_probes(ctx.settings, stores.rawstore, stores.runlog))
    ok = all(r.ok for r in results.values())
    body = {"ok": ok, "backends": {name: r.as_dict() for name, r in results.items()}}
    return JSONResponse(body, status_code=200 if ok else 503)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    ctx = context(request)
    stores = ctx.stores
    collector = StoreCollector(ctx.company_id, stores.rawstore, stores.eventstore, stores.runlog)
    return Response(generate_latest(metrics_registry(collector)), media_type=CONTENT_TYPE_LATEST)
