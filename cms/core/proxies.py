"""Forwarded headers are believed only when they come from a proxy the deployment names (TRUSTED_PROXIES).

Behind a TLS proxy the scheme and the client's address arrive in X-Forwarded-Proto / X-Forwarded-For. From anyone
else those headers are forged at will: a client could claim HTTPS (and so receive secure cookies over plain HTTP,
or skip the HTTPS redirect) or another address (and so escape rate limits and login throttling). So this first
middleware drops them unless the direct peer is a trusted proxy, and otherwise sets REMOTE_ADDR to the client the
proxies saw: the right-most address in X-Forwarded-For that is not itself a trusted proxy.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings

FORWARDED = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT",
             "HTTP_FORWARDED")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def is_trusted(address: str) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: str) -> str:
    """The first hop, from the right, that is not a trusted proxy (the peer itself when nothing is forwarded)."""
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop):
            return hop
    return hops[0] if hops else peer


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        if is_trusted(peer):
            meta["REMOTE_ADDR"] = client_address(peer, meta.get("HTTP_X_FORWARDED_FOR", ""))
        else:
            for header in FORWARDED:
                meta.pop(header, None)
        return self.get_response(request)
