// Hosts in the URL: the `host` parameter of the pages that show one host or every host, and a jail's page.

/** The host a page's `host` parameter names; null (every host, or the local one) when it is missing or blank. */
export function hostParam(search: string | URLSearchParams): string | null {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const host = params.get('host')?.trim() ?? '';
  return host === '' ? null : host;
}

/** The query string with `host` set, or removed for null, keeping the other parameters. */
export function withHost(search: string | URLSearchParams, host: string | null): string {
  const params = new URLSearchParams(search);
  if (host) params.set('host', host);
  else params.delete('host');
  return params.toString();
}

/**
 * The address of a jail's page. A jail of the local host needs no host (`/jails/sshd`, as with a
 * single host), a jail of an agent host names it (`/jails/sshd?host=web-1`).
 */
export function jailPath(name: string, host: string | null): string {
  const path = `/jails/${encodeURIComponent(name)}`;
  return host ? `${path}?${withHost('', host)}` : path;
}

/**
 * The `host` parameter that chooses `name` on a page of one host, where no host means the local
 * one: none for the local host (or no name), else the name.
 */
export function oneHostParam(name: string, local: string | null): string | null {
  return name === '' || name === local ? null : name;
}

/** The name of the local host among `hosts`; null when it is not (yet) known. */
export function localHostName(hosts: ReadonlyArray<{ name: string; local: boolean }>): string | null {
  return hosts.find((host) => host.local)?.name ?? null;
}

/**
 * A jail's name as a choice among jails of several hosts: `sshd on web-1` when `jails` span more
 * than one host, else just `sshd`.
 */
export function jailLabel(jail: { name: string; host: string }, jails: ReadonlyArray<{ host: string }>): string {
  return new Set(jails.map((j) => j.host)).size > 1 ? `${jail.name} on ${jail.host}` : jail.name;
}
