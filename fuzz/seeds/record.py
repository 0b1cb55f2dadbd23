#!/usr/bin/env python3
"""Turns the exchanges of an oauth2spec JSON report into fuzz seeds.

    cargo run -- run --json report.json --reveal-secrets
    fuzz/seeds/record.py report.json

Each exchange becomes a request and/or response seed for the targets that parse it (see
fuzz/README.md), written as text; seeds are named by content hash, so recording twice adds no
duplicates. At most MAX_PER_TARGET new seeds per target, to keep the corpus small.
"""

import hashlib
import json
import os
import sys
from urllib.parse import urlsplit

MAX_PER_TARGET = 12
HERE = os.path.dirname(os.path.abspath(__file__))

REQUEST_TARGETS = {
    "/authorize": "server_authorize_request",
    "/token": "server_token_request",
    "/revoke": "server_revocation_request",
    "/introspect": "server_introspection_request",
    "/resource": "server_bearer_token",
}


def request_text(e):
    url = urlsplit(e["url"])
    target = url.path + ("?" + url.query if url.query else "")
    head = [f'{e["method"]} {target} HTTP/1.1']
    head += [f"{k}: {v}" for k, v in e.get("request_headers", [])]
    return "\n".join(head) + "\n\n" + (e.get("request_body") or "")


def response_text(e):
    head = [f'HTTP/1.1 {e["status"]}']
    head += [f"{k}: {v}" for k, v in e.get("response_headers", [])]
    return "\n".join(head) + "\n\n" + (e.get("response_body") or "")


def seeds_of(e):
    path = urlsplit(e["url"]).path
    if path in REQUEST_TARGETS:
        yield REQUEST_TARGETS[path], request_text(e)
    if "status" not in e:
        return
    headers = {k.lower(): v for k, v in e.get("response_headers", [])}
    if path == "/token":
        yield "harness_token_response", response_text(e)
    if "www-authenticate" in headers:
        yield "harness_www_authenticate", response_text(e)
    if "location" in headers and "/login?" not in headers["location"] and "/consent?" not in headers["location"]:
        yield "harness_redirect_location", headers["location"]
    if path.startswith("/.well-known/") and e.get("response_body"):
        yield "harness_metadata", e["response_body"]
    if path in ("/login", "/consent") and "<form" in (e.get("response_body") or ""):
        yield "harness_login_form", e["response_body"]


def main(report_path):
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    added = {}
    for scenario in report["scenarios"]:
        exchanges = list(scenario.get("exchanges", []))
        for finding in scenario.get("findings", []):
            exchanges += finding.get("evidence", [])
        for exchange in exchanges:
            for target, text in seeds_of(exchange):
                if added.get(target, 0) >= MAX_PER_TARGET:
                    continue
                data = text.encode("utf-8")
                name = "recorded-" + hashlib.sha1(data).hexdigest()[:12]
                directory = os.path.join(HERE, target)
                os.makedirs(directory, exist_ok=True)
                path = os.path.join(directory, name)
                if not os.path.exists(path):
                    with open(path, "wb") as out:
                        out.write(data)
                    added[target] = added.get(target, 0) + 1
    for target, count in sorted(added.items()):
        print(f"{target}: {count} new seeds")


if __name__ == "__main__":
    main(sys.argv[1])
