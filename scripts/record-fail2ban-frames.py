#!/usr/bin/env python3
"""Records real request and response frames of fail2ban's socket protocol.

Usage: record-fail2ban-frames.py SOCKET OUTDIR

Sends each command below to a running fail2ban-server (start one with
scripts/fail2ban-sandbox) exactly as fail2ban-client does, and writes the raw
bytes of every request and response frame to OUTDIR/NAME.request and
OUTDIR/NAME.response. The protocol tests decode these byte-exact frames.
"""
import pickle
import socket
import sys

END = b"<F2B_END_COMMAND>"
CLOSE = b"<F2B_CLOSE_COMMAND>"

COMMANDS = {
    "ping": ["ping"],
    "version": ["version"],
    "status": ["status"],
    "status_sshd": ["status", "sshd"],
    "status_sshd_all": ["status", "sshd", "--all"],
    "status_unknown_jail": ["status", "nojail"],
    "banip_many": ["set", "blocklist", "banip", "198.51.100.1", "198.51.100.2", "2001:db8::1"],
    "banip_again": ["set", "blocklist", "banip", "198.51.100.1"],
    "banip_invalid": ["set", "blocklist", "banip", "not-an-ip"],
    "get_banip_with_time": ["get", "blocklist", "banip", "--with-time"],
    "banned_ip": ["banned", "198.51.100.1"],
    "unbanip": ["set", "blocklist", "unbanip", "198.51.100.2"],
    "unbanip_not_banned": ["set", "blocklist", "unbanip", "203.0.113.99"],
    "get_bantime": ["get", "sshd", "bantime"],
    "set_bantime": ["set", "sshd", "bantime", "900"],
    "set_bantime_invalid": ["set", "sshd", "bantime", "soon"],
    "get_findtime": ["get", "sshd", "findtime"],
    "get_maxretry": ["get", "sshd", "maxretry"],
    "addignoreip": ["set", "sshd", "addignoreip", "192.0.2.200"],
    "get_ignoreip": ["get", "sshd", "ignoreip"],
    "delignoreip": ["set", "sshd", "delignoreip", "192.0.2.200"],
    "get_logpath": ["get", "sshd", "logpath"],
    "get_actions": ["get", "sshd", "actions"],
    "get_failregex": ["get", "nginx-http-auth", "failregex"],
    "get_dbfile": ["get", "dbfile"],
    "get_dbpurgeage": ["get", "dbpurgeage"],
    "unknown_command": ["frobnicate"],
}


def send(path, command):
    request = pickle.dumps(list(command), pickle.HIGHEST_PROTOCOL)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        sock.sendall(request + END)
        response = b""
        while not response.endswith(END):
            chunk = sock.recv(65536)
            if not chunk:
                break
            response += chunk
        sock.sendall(CLOSE + END)
    return request, response[: -len(END)]


def main():
    path, outdir = sys.argv[1], sys.argv[2]
    for name, command in COMMANDS.items():
        request, response = send(path, command)
        with open(f"{outdir}/{name}.request", "wb") as f:
            f.write(request)
        with open(f"{outdir}/{name}.response", "wb") as f:
            f.write(response)
        print(f"{name}: {pickle.loads(response)!r}")


if __name__ == "__main__":
    main()
