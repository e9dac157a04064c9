#!/usr/bin/python3
"""Hostile and busy HTTP clients for scenarios/slow-http.sh and bench/http.sh (stdlib only).

  trickle  sends a request header one byte every --interval s (0.5) and never finishes it
  stall    asks for a big answer (--path, default /messages?limit=1000) and never reads it, so
           the server's write blocks; its receive buffer is kept small so the answer cannot
           all land in the kernel
  scrape   GET --path (default /metrics) every --interval s (0.1) on one keep-alive connection

Each line on stdout is one JSON object: {"event": "connected"|"request_sent"|"closed"|...}.
"closed" says how ("eof", "reset" or "error") and "after_s", the seconds from connect to the
moment the server closed it. Without --forever, trickle and stall exit 0 once closed (1 when
--max-wait passes first) and scrape exits after --count requests (1 if any failed); with
--forever trickle and stall reconnect each time they are closed and scrape never stops: all
run until SIGTERM or SIGINT, then print a "summary" line and exit 0.
"""
import argparse
import http.client
import json
import select
import signal
import socket
import struct
import sys
import time

TCP_CLOSE, TCP_CLOSE_WAIT = 7, 8  # tcpi_state values (linux/tcp.h)
STOP = False


def emit(event, **fields):
    # Compact, as the binaries log: scenarios/lib.sh greps for "event":"closed".
    print(json.dumps({"event": event, "t": round(time.time(), 3), **fields}, separators=(",", ":")), flush=True)


def on_signal(_signum, _frame):
    global STOP
    STOP = True


def port_of(args):
    if args.port:
        return args.port
    with open(args.port_file) as f:
        return int(f.read().strip())


def tcp_state(sock):
    # tcp_info starts with its one-byte state: a reset shows as CLOSE, a FIN as CLOSE_WAIT,
    # without reading a byte of the answer.
    return struct.unpack("B", sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[:1])[0]


def peer_closed(sock, read):
    """None while open, else how it ended. read=False never consumes the answer."""
    try:
        if read:
            ready, _, _ = select.select([sock], [], [], 0)
            if ready:
                data = sock.recv(65536)
                return None if data else "eof"
            return None
        state = tcp_state(sock)
        if state == TCP_CLOSE:
            return "reset"
        return "eof" if state == TCP_CLOSE_WAIT else None
    except ConnectionResetError:
        return "reset"
    except OSError:
        return "error"


def send_byte(sock, byte):
    try:
        sock.send(byte)
        return None
    except (BrokenPipeError, ConnectionResetError):
        return "reset"
    except BlockingIOError:
        return None  # the server reads nothing while it writes: the byte can wait
    except OSError:
        return "error"


def hold(args, mode):
    """One connection held until the server closes it: returns (how, after_s), how None at
    --max-wait or a signal."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if mode == "stall":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: the window
    sock.connect((args.host, port_of(args)))
    sock.setblocking(False)
    start = time.monotonic()
    emit("connected", mode=mode, local_port=sock.getsockname()[1])
    # stall pipelines a second request after the first, a byte at a time: a server that closes
    # with them unread sends a reset, which this client sees without reading its answer.
    if mode == "stall":
        sock.sendall(f"GET {args.path} HTTP/1.1\r\nHost: {args.host}\r\n\r\n".encode())
        emit("request_sent", mode=mode, path=args.path)
    header = f"GET {args.path if mode == 'trickle' else '/status'} HTTP/1.1\r\nHost: x\r\nX-Slow: ".encode()
    sent, how = 0, None
    next_byte = start
    while not STOP and how is None:
        now = time.monotonic()
        if args.max_wait and now - start > args.max_wait:
            break
        if now >= next_byte:
            how = send_byte(sock, header[sent:sent + 1] if sent < len(header) else b"a")
            sent += 1
            next_byte += args.interval
        how = how or peer_closed(sock, read=(mode == "trickle"))
        if how is None:
            time.sleep(0.02)
    after = time.monotonic() - start
    sock.close()
    if how:
        emit("closed", mode=mode, how=how, after_s=round(after, 3), sent_bytes=sent)
    return how, after


def run_hold(args, mode):
    closes = []
    while not STOP:
        try:
            how, after = hold(args, mode)
        except OSError as e:
            emit("connect_failed", mode=mode, error=str(e))
            if not args.forever:
                return 1
            time.sleep(args.interval)
            continue
        if how is None and not STOP:
            emit("not_closed", mode=mode, after_s=round(after, 3), max_wait_s=args.max_wait)
            return 1
        if how:
            closes.append(after)
        if not args.forever:
            return 0
    emit("summary", mode=mode, closed=len(closes),
         longest_s=round(max(closes), 3) if closes else None)
    return 0


def run_scrape(args):
    ok = failed = 0
    conn = None
    next_at = time.monotonic()
    while not STOP and (args.forever or ok + failed < args.count):
        try:
            if conn is None:
                conn = http.client.HTTPConnection(args.host, port_of(args), timeout=10)
            conn.request("GET", args.path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                ok += 1
            else:
                failed += 1
                emit("scrape_failed", status=response.status)
        except (OSError, http.client.HTTPException) as e:
            failed += 1
            emit("scrape_failed", error=str(e))
            conn.close()
            conn = None
        next_at += args.interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    emit("summary", mode="scrape", ok=ok, failed=failed)
    return 0 if failed == 0 or args.forever else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["trickle", "stall", "scrape"])
    p.add_argument("--host", default="127.0.0.1")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", type=int)
    where.add_argument("--port-file", help="read the port from this file (an --http-port-file)")
    p.add_argument("--path", help="default: /messages?limit=1000 (stall), /metrics (scrape), / (trickle)")
    p.add_argument("--interval", type=float, help="seconds between bytes (0.5) or scrapes (0.1)")
    p.add_argument("--count", type=int, default=10, help="scrape: requests before exiting (10)")
    p.add_argument("--max-wait", type=float, default=60, help="give up on a close after this many s (60; 0 never)")
    p.add_argument("--forever", action="store_true", help="reconnect and go on until SIGTERM or SIGINT")
    args = p.parse_args()
    args.path = args.path or {"stall": "/messages?limit=1000", "scrape": "/metrics", "trickle": "/"}[args.mode]
    args.interval = args.interval or (0.1 if args.mode == "scrape" else 0.5)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return run_scrape(args) if args.mode == "scrape" else run_hold(args, args.mode)


if __name__ == "__main__":
    sys.exit(main())
