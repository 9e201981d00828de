// What each role may do in the dashboard.
import type { Role } from '../gql/graphql';

/** Whether the role may ban and unban (OPERATOR and ADMIN). */
export function canOperate(role: Role | null | undefined): boolean {
  return role === 'ADMIN' || role === 'OPERATOR';
}

/** Whether the role may change jails, users, tokens and read the audit log. */
export function isAdmin(role: Role | null | undefined): boolean {
  return role === 'ADMIN';
}
