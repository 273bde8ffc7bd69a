"""Who the client is, as seen through the reverse proxies we trust."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

__all__ = ["ProxyHeadersMiddleware", "axes_client_ip", "client_address"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or, when that is a trusted proxy (KOMPAS_TRUSTED_PROXIES), the right-most
    X-Forwarded-For entry that is not one: entries further left are whatever the client
    claimed, so only the hop our own proxies saw can be believed."""
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    networks = _networks(tuple(settings.KOMPAS_TRUSTED_PROXIES))
    if not _is_trusted(remote, networks):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else remote


def axes_client_ip(request: HttpRequest) -> str | None:
    """`client_address` for django-axes, which stores it in an IP address column: None when
    it is not an address (no REMOTE_ADDR, as in the test client's `force_login`, or a
    forwarded hop that is not an address), which PostgreSQL's inet type would refuse."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


class ProxyHeadersMiddleware:
    """X-Forwarded-Proto only from a trusted proxy: behind a TLS proxy
    (`SECURE_PROXY_SSL_HEADER`) a client that reaches the server directly could otherwise
    claim https, and skip the redirect to it. First in the chain, before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_X_FORWARDED_PROTO" in request.META:
            remote = str(request.META.get("REMOTE_ADDR") or "")
            if not _is_trusted(remote, _networks(tuple(settings.KOMPAS_TRUSTED_PROXIES))):
                del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)
