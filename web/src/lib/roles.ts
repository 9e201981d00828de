// What each role may do in the dashboard.
import type { Role } from '../gql/graphql';

/** The roles from least to most allowed. */
const RANK: Readonly<Record<Role, number>> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

/** Whether `role` may do what `needed` may do (ADMIN includes OPERATOR includes VIEWER). */
export function hasRole(role: Role | null | undefined, needed: Role): boolean {
  return role != null && RANK[role] >= RANK[needed];
}

/** Whether the role may ban, unban and run imports (OPERATOR and ADMIN). */
export function canOperate(role: Role | null | undefined): boolean {
  return hasRole(role, 'OPERATOR');
}

/** Whether the role may change jails, blocklist sources, users, tokens and read the audit log. */
export function isAdmin(role: Role | null | undefined): boolean {
  return hasRole(role, 'ADMIN');
}
