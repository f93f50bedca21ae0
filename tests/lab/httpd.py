#!/usr/bin/python3
"""The lab's HTTP server, for curl tests through the NSS module.

    httpd.py --log FILE --pidfile FILE

127.53.80.1:80   "nss-dnssec lab: genuine"  (what every http.<zone> name resolves to)
127.53.80.66:80  "nss-dnssec lab: FORGED"   (where the attacker's forged A records point)

A client that prints FORGED was handed forged data.  One single-threaded
server per address, 5 s socket timeout, every request logged.
"""
import argparse
import http.server
import os
import sys
import threading
import time

SITES = {"127.53.80.1": "genuine", "127.53.80.66": "FORGED"}
LOGF = None
_lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    timeout = 5
    server_version = "nss-dnssec-lab"

    def do_GET(self):
        body = f"nss-dnssec lab: {SITES[self.server.server_address[0]]}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, fmt, *args):
        with _lock:
            LOGF.write(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\t"
                       f"{self.server.server_address[0]}\t{self.client_address[0]}\t"
                       f"{self.headers.get('Host', '-') if self.headers else '-'}\t"
                       f"{fmt % args}\n")
            LOGF.flush()


def main():
    global LOGF
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--pidfile", required=True)
    a = ap.parse_args()
    LOGF = open(a.log, "a")
    servers = [http.server.HTTPServer((addr, 80), Handler) for addr in SITES]
    with open(a.pidfile + ".tmp", "w") as f:
        f.write(f"{os.getpid()}\n")
    os.rename(a.pidfile + ".tmp", a.pidfile)
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    sys.exit(main())
