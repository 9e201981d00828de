# syntax=docker/dockerfile:1
# BanGUI image: the dashboard (node), the binary (rust), a slim Debian runtime.
#
#   docker build -t bangui --build-arg FAIL2BAN_GID=$(getent group fail2ban | cut -d: -f3) .
#
# FAIL2BAN_GID is the host group that may use fail2ban's socket and read its
# database (Docs/Operations.md, "Access to fail2ban"); the `bangui` user of the
# image gets it as a supplementary group.

ARG RUST_VERSION=1.95.0
ARG NODE_VERSION=20

## Dashboard, the default country database from its npm package, and the ASN
## lists the binary converts below.
FROM node:${NODE_VERSION}-bookworm AS web
# Same packages as the Makefile's `geoip` and `asn` targets; keep them in step.
ARG GEOIP_PACKAGE=@ip-location-db/geo-whois-asn-country-mmdb@2.3.2026061719
ARG ASN_PACKAGE=@ip-location-db/asn@2.3.2026061719
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build
WORKDIR /geoip
RUN --mount=type=cache,target=/root/.npm \
    npm pack --silent "${GEOIP_PACKAGE}" >/dev/null \
    && tar -xzf ip-location-db-geo-whois-asn-country-mmdb-*.tgz package/geo-whois-asn-country.mmdb \
    && mv package/geo-whois-asn-country.mmdb . \
    && rm -rf package ./*.tgz \
    && npm pack --silent "${ASN_PACKAGE}" >/dev/null \
    && tar -xzf ip-location-db-asn-*.tgz package/asn-ipv4.csv package/asn-ipv6.csv \
    && mv package/asn-ipv4.csv package/asn-ipv6.csv . \
    && rm -rf package ./*.tgz

## The bangui binary.
FROM rust:${RUST_VERSION}-bookworm AS build
ARG RUST_VERSION
# The image's toolchain is the one rust-toolchain.toml names; use it as it is.
ENV RUSTUP_TOOLCHAIN=${RUST_VERSION}
WORKDIR /src
COPY . .
# The release binary carries the dashboard: web/dist is built into it.
COPY --from=web /src/web/dist web/dist
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin bangui \
    && install -m 0755 target/release/bangui /usr/local/bin/bangui
COPY --from=web /geoip/asn-ipv4.csv /geoip/asn-ipv6.csv /geoip/
RUN bangui asn-db /geoip/asn-ipv4.csv /geoip/asn-ipv6.csv --out /geoip/asn.mmdb

## Runtime.
FROM debian:bookworm-slim
ARG BANGUI_UID=10001
ARG FAIL2BAN_GID=990
# fail2ban provides fail2ban-client, which BanGUI runs to reload fail2ban and to
# start jails; curl serves the health check. Versions are Debian stable's.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl fail2ban \
    && rm -rf /var/lib/apt/lists/* \
    && if [ "${FAIL2BAN_GID}" = 0 ]; then echo "FAIL2BAN_GID must not be 0 (root)" >&2; exit 1; fi \
    && { getent group "${FAIL2BAN_GID}" >/dev/null || groupadd --system --gid "${FAIL2BAN_GID}" fail2ban; } \
    && groupadd --system --gid "${BANGUI_UID}" bangui \
    && useradd --system --uid "${BANGUI_UID}" --gid bangui --groups "${FAIL2BAN_GID}" \
        --home-dir /data --no-create-home --shell /usr/sbin/nologin bangui \
    && install -d -o bangui -g bangui -m 0750 /data
COPY --from=build /usr/local/bin/bangui /usr/local/bin/bangui
COPY --from=web /geoip/geo-whois-asn-country.mmdb /usr/share/bangui/geo-whois-asn-country.mmdb
COPY --from=build /geoip/asn.mmdb /usr/share/bangui/asn.mmdb

ENV BANGUI_LISTEN=0.0.0.0:8080 \
    BANGUI_DATABASE_URL=sqlite:///data/bangui.db \
    BANGUI_GEOIP_DB=/usr/share/bangui/geo-whois-asn-country.mmdb \
    BANGUI_ASN_DB=/usr/share/bangui/asn.mmdb \
    BANGUI_FAIL2BAN_SOCKET=/var/run/fail2ban/fail2ban.sock \
    BANGUI_FAIL2BAN_DB=/var/lib/fail2ban/fail2ban.sqlite3 \
    BANGUI_FAIL2BAN_CONFIG_DIR=/etc/fail2ban

# By name, so that the supplementary fail2ban group applies.
# hadolint ignore=DL3066
USER bangui
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# Liveness on the default port; change it together with BANGUI_LISTEN.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/bangui"]
CMD ["serve"]
