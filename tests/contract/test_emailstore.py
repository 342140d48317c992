"""The email store contract: versions are appended, the newest (approved) one is read."""

from __future__ import annotations

from sago.bootstrap import Stores
from sago.domain.email import InvestorEmail
from sago.emailstore.base import EmailStore
from support.factories import event


def test_latest_and_latest_approved(emailstore: EmailStore) -> None:
    assert emailstore.latest("acme") is None
    emailstore.save(InvestorEmail(company_id="acme", subject="first", body="a"))
    emailstore.save(InvestorEmail(company_id="acme", subject="ok", body="b", approved=True))
    emailstore.save(InvestorEmail(company_id="acme", subject="draft", body="c"))
    latest = emailstore.latest("acme")
    approved = emailstore.latest("acme", approved=True)
    drafts = emailstore.latest("acme", approved=False)
    assert latest is not None
    assert latest.subject == "draft"
    assert latest.body == "c"
    assert approved is not None
    assert approved.subject == "ok"
    assert drafts is not None
    assert drafts.subject == "draft"
    assert emailstore.latest("globex") is None


def test_companies_and_flush(emailstore: EmailStore) -> None:
    assert emailstore.companies() == []
    for company in ("zeta", "beta", "zeta"):
        emailstore.save(InvestorEmail(company_id=company, subject="s", body="b"))
    assert emailstore.companies() == ["beta", "zeta"]
    emailstore.flush()
    assert emailstore.companies() == []
    assert emailstore.latest("beta") is None


def test_stores_sharing_a_database_keep_apart(stores: Stores) -> None:
    """The three ports share one database as wired, yet each flush is its own."""
    stores.eventstore.upsert([event("seed")])
    stores.emailstore.save(InvestorEmail(company_id="beta", subject="s", body="b"))
    assert stores.eventstore.companies() == ["acme"]
    assert stores.emailstore.companies() == ["beta"]
    stores.eventstore.flush()
    assert stores.emailstore.companies() == ["beta"]
    stores.emailstore.flush()
    assert stores.eventstore.companies() == []
