// The bans chosen for a bulk unban: one call per jail of each host, and one sentence for the outcome of all calls.
import { plural } from './format';

export interface ChosenBan {
  ip: string;
  jail: string;
  /** The host that holds the ban. */
  host: string;
}

export interface BulkUnbanCounts {
  unbanned: number;
  notBanned: number;
  invalid: readonly string[];
}

/** The addresses of each jail of each host, in the order first chosen, each address once. */
export function byJail(chosen: readonly ChosenBan[]): Array<{ jail: string; host: string; ips: string[] }> {
  const groups = new Map<string, { jail: string; host: string; ips: Set<string> }>();
  for (const { ip, jail, host } of chosen) {
    const key = `${host}\u0000${jail}`;
    const group = groups.get(key) ?? { jail, host, ips: new Set<string>() };
    group.ips.add(ip);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ jail, host, ips }) => ({ jail, host, ips: [...ips] }));
}

/** The counts of several calls added up. */
export function addCounts(results: readonly BulkUnbanCounts[]): BulkUnbanCounts {
  return {
    unbanned: results.reduce((sum, r) => sum + r.unbanned, 0),
    notBanned: results.reduce((sum, r) => sum + r.notBanned, 0),
    invalid: results.flatMap((r) => r.invalid),
  };
}

/** `Unbanned 3 addresses; 1 was not banned; 1 invalid: x.` */
export function describeBulkUnban({ unbanned, notBanned, invalid }: BulkUnbanCounts): string {
  const parts = [`Unbanned ${plural(unbanned, 'address', 'addresses')}`];
  if (notBanned > 0) parts.push(`${formatNotBanned(notBanned)} not banned`);
  if (invalid.length > 0) parts.push(`${invalid.length} invalid: ${invalid.join(', ')}`);
  return `${parts.join('; ')}.`;
}

function formatNotBanned(count: number): string {
  return count === 1 ? '1 was' : `${plural(count, 'address', 'addresses')} were`;
}

/** A selection key of a ban shown in a table: the same address may be banned in several jails and on several hosts. */
export function banKey({ ip, jail, host }: ChosenBan): string {
  return `${host}\u0000${jail}\u0000${ip}`;
}
