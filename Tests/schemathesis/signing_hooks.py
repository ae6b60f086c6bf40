"""Schemathesis hook: signs every generated request the way GovPush's API requires (docs/api.md).

X-GovPush-Signature = hex HMAC-SHA256(secret, METHOD\\npath-with-query\\ntimestamp\\nnonce\\nhex SHA-256(body)).
The request is prepared here first, so the bytes signed are exactly the bytes sent.
Key and secret come from GOVPUSH_KEY and GOVPUSH_SECRET.
"""
import hashlib
import hmac
import os
import time
import uuid

import requests
import schemathesis


@schemathesis.hook
def before_call(context, case, kwargs):
    key = os.environ["GOVPUSH_KEY"]
    secret = os.environ["GOVPUSH_SECRET"].encode()
    prepared = requests.Request(
        method=kwargs.get("method", case.method),
        url=kwargs["url"],
        params=kwargs.get("params"),
        data=kwargs.get("data"),
        json=kwargs.get("json"),
        headers=kwargs.get("headers"),
        files=kwargs.get("files"),
    ).prepare()
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    timestamp = str(int(time.time()))
    nonce = uuid.uuid4().hex
    canonical = "\n".join([prepared.method.upper(), prepared.path_url, timestamp, nonce, hashlib.sha256(body).hexdigest()])
    headers = dict(prepared.headers)
    headers.update({
        "X-GovPush-Key": key,
        "X-GovPush-Timestamp": timestamp,
        "X-GovPush-Nonce": nonce,
        "X-GovPush-Signature": hmac.new(secret, canonical.encode(), hashlib.sha256).hexdigest(),
    })
    kwargs["url"] = prepared.url
    kwargs["headers"] = headers
    kwargs["data"] = body
    for name in ("params", "json", "files"):
        kwargs.pop(name, None)
