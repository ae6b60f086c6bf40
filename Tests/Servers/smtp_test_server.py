#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for GovPush's e-mail channel tests, on 127.0.0.1 only.

Prints "listening 127.0.0.1 <port>" as its first stdout line once it accepts connections (port 0 lets the
OS choose), then serves until killed. Every accepted message is written to --maildir as
<n>.eml (the content exactly as received, after SMTP dot-unstuffing) and <n>.json: the envelope, the
connection it came on, and the message as Python's `email` package decodes it (an independent decoder).

Scenarios: STARTTLS (--cert/--key, --require-starttls), implicit TLS (--implicit-tls), AUTH PLAIN/LOGIN
(--user/--password, --auth-mechanisms), scripted RCPT answers (--rcpt-reply ADDRESS=REPLY), a refused EHLO
(--refuse-ehlo), PIPELINING advertised (--pipelining), a server that never answers (--silent), and a server that ends a connection after N
messages with a 421 to the next command (--close-after-messages).
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parse_arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN")
    parser.add_argument("--rcpt-reply", action="append", default=[])
    parser.add_argument("--refuse-ehlo", action="store_true")
    parser.add_argument("--pipelining", action="store_true")
    parser.add_argument("--smtputf8", action="store_true")
    parser.add_argument("--close-after-messages", type=int, default=0)
    parser.add_argument("--silent", action="store_true", help="accept connections, never answer")
    return parser.parse_args()


ARGS = parse_arguments()
RCPT_REPLIES = dict(item.split("=", 1) for item in ARGS.rcpt_reply)
STATE = {"connections": 0, "messages": 0}


def decoded_part(message, subtype):
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return None, None
    return part.get_content(), part["Content-Transfer-Encoding"]


def describe(envelope, server):
    raw = envelope.original_content
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text, text_encoding = decoded_part(message, "plain")
    html, html_encoding = decoded_part(message, "html")
    sender = message["From"]
    return {
        "connection": server.connection_number,
        "mail_from": envelope.mail_from,
        "mail_options": envelope.mail_options,
        "rcpt_tos": envelope.rcpt_tos,
        "tls": server.session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
        "authenticated_as": server.authenticated_as,
        "pipelined": server.saw_pipelined_mail,
        "subject": str(message["Subject"]),
        "from_name": sender.addresses[0].display_name if sender else None,
        "from_address": sender.addresses[0].addr_spec if sender else None,
        "to": str(message["To"]),
        "message_id": str(message["Message-ID"]),
        "date": str(message["Date"]),
        "mime_version": str(message["MIME-Version"]),
        "content_type": message.get_content_type(),
        "text": text,
        "text_transfer_encoding": text_encoding,
        "html": html,
        "html_transfer_encoding": html_encoding,
        "header_defects": [str(d) for d in message.defects],
        "longest_line": max((len(line) for line in raw.split(b"\r\n")), default=0),
        "bare_line_feeds": raw.replace(b"\r\n", b"").count(b"\n"),
    }


class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if ARGS.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # The RCPT and DATA lines already buffered when MAIL is read: the client pipelined them (RFC 2920).
        server.saw_pipelined_mail = len(server._reader._buffer) > 0
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = RCPT_REPLIES.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        STATE["messages"] += 1
        server.messages_on_connection += 1
        number = STATE["messages"]
        with open(os.path.join(ARGS.maildir, f"{number}.eml"), "wb") as f:
            f.write(envelope.original_content)
        summary = describe(envelope, server)
        path = os.path.join(ARGS.maildir, f"{number}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False)
        os.replace(path + ".tmp", path)  # readers never see half a file
        return f"250 2.0.0 OK queued as msg{number}"


def authenticator(server, session, envelope, mechanism, auth_data):
    if not isinstance(auth_data, LoginPassword):
        return AuthResult(success=False, handled=False)
    ok = auth_data.login.decode() == ARGS.user and auth_data.password.decode() == ARGS.password
    if ok:
        server.authenticated_as = f"{auth_data.login.decode()} via {mechanism}"
    # handled=False: aiosmtpd then answers 535 itself (its default, handled=True, answers nothing).
    return AuthResult(success=ok, handled=False)


class TestSMTP(SMTP):
    def connection_made(self, transport):
        if getattr(self, "connection_number", None) is None:  # STARTTLS calls this again on the same connection
            STATE["connections"] += 1
            self.connection_number = STATE["connections"]
            self.messages_on_connection = 0
            self.authenticated_as = None
            self.saw_pipelined_mail = False
            with open(os.path.join(ARGS.maildir, "connections"), "w") as f:
                f.write(str(STATE["connections"]))
        super().connection_made(transport)

    async def closing_after_quota(self):
        if ARGS.close_after_messages and self.messages_on_connection >= ARGS.close_after_messages:
            await self.push("421 4.4.2 Closing connection, too many messages")
            self.transport.close()
            return True
        return False

    async def smtp_EHLO(self, hostname):
        if ARGS.refuse_ehlo:
            await self.push("502 5.5.1 EHLO not implemented")
            return
        await super().smtp_EHLO(hostname)

    async def smtp_RSET(self, arg):
        if await self.closing_after_quota():
            return
        await super().smtp_RSET(arg)

    async def smtp_MAIL(self, arg):
        if await self.closing_after_quota():
            return
        await super().smtp_MAIL(arg)


async def main():
    os.makedirs(ARGS.maildir, exist_ok=True)
    context = None
    if ARGS.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(ARGS.cert, ARGS.key)
    excluded = [m for m in ("PLAIN", "LOGIN") if m not in ARGS.auth_mechanisms.split(",")]

    def factory():
        return TestSMTP(
            Handler(),
            hostname="govpush-test-smtp",
            tls_context=None if ARGS.implicit_tls else context,
            require_starttls=ARGS.require_starttls,
            authenticator=authenticator if ARGS.user else None,
            auth_required=bool(ARGS.user),
            auth_require_tls=False,
            auth_exclude_mechanism=excluded,
            enable_SMTPUTF8=ARGS.smtputf8,
        )

    if ARGS.silent:
        factory = asyncio.Protocol  # noqa: F811 - a server that takes connections and says nothing (timeouts)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, host="127.0.0.1", port=ARGS.port,
                                      ssl=context if ARGS.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    print(f"listening 127.0.0.1 {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    # The test process may start us with SIGTERM blocked (its threads' mask is inherited): unblock it so
    # shutdown() is not left waiting.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
