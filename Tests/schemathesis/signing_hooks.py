"""Schemathesis hook: signs every generated request the way GovPush's API requires (docs/api.md).

X-GovPush-Signature = hex HMAC-SHA256(secret, METHOD\\npath-with-query\\ntimestamp\\nnonce\\nhex SHA-256(body)).
Schemathesis 4 calls `before_call` before it serialises the case, so the hook serialises it the same way
(requests, the transport Schemathesis uses) to learn the exact path and body bytes, signs them, and adds
the signature headers to the case. Key and secret come from GOVPUSH_KEY and GOVPUSH_SECRET.
"""
import hashlib
import hmac
import os
import time
import uuid

import requests
import schemathesis

REQUEST_FIELDS = ("method", "url", "params", "data", "json", "headers", "files", "cookies")


@schemathesis.hook
def before_call(context, case, kwargs):
    key = os.environ["GOVPUSH_KEY"]
    secret = os.environ["GOVPUSH_SECRET"].encode()
    serialized = case.as_transport_kwargs(base_url=case.operation.base_url)
    prepared = requests.Request(**{name: serialized[name] for name in REQUEST_FIELDS if name in serialized}).prepare()
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    timestamp = str(int(time.time()))
    nonce = uuid.uuid4().hex
    canonical = "\n".join([prepared.method.upper(), prepared.path_url, timestamp, nonce, hashlib.sha256(body).hexdigest()])
    headers = dict(case.headers or {})
    headers.update({
        "X-GovPush-Key": key,
        "X-GovPush-Timestamp": timestamp,
        "X-GovPush-Nonce": nonce,
        "X-GovPush-Signature": hmac.new(secret, canonical.encode(), hashlib.sha256).hexdigest(),
    })
    case.headers = headers
