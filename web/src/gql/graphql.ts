/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Which events to deliver; every given list must match. */
export type BanEventFilter = {
  /** Only these countries (ISO 3166-1 alpha-2). */
  countries?: Array<string> | null | undefined;
  /** Only these jails. */
  jails?: Array<string> | null | undefined;
  /** Only these origins. */
  origins?: Array<BanOrigin> | null | undefined;
};

/** Whether an address was banned or unbanned. */
export type BanEventKind =
  /** A ban started. */
  | 'BAN'
  /** A ban ended (lifted or expired). */
  | 'UNBAN';

/** Which bans to list. */
export type BanFilterInput = {
  /** Only bans in force now. */
  activeOnly?: boolean | null | undefined;
  /** ISO 3166-1 alpha-2 country code. */
  country?: string | null | undefined;
  /** An exact address or a CIDR network. */
  ip?: string | null | undefined;
  /** Only this jail. */
  jail?: string | null | undefined;
  /** Only bans of this origin. */
  origin?: BanOrigin | null | undefined;
  /** Bans from this instant on. */
  since?: string | null | undefined;
  /** The archive (default) or fail2ban's own database. */
  source?: BanSource;
  /** Bans before this instant. */
  until?: string | null | undefined;
};

/** Who caused a ban. */
export type BanOrigin =
  /** A blocklist import banned it. */
  | 'BLOCKLIST'
  /** fail2ban banned it after failures in a log. */
  | 'FAIL2BAN'
  /** Someone banned it through BanGUI. */
  | 'MANUAL';

/** Where bans are read from. */
export type BanSource =
  /** BanGUI's own long-term history. */
  | 'ARCHIVE'
  /** fail2ban's database: the bans in force now. */
  | 'FAIL2BAN';

/** New values for a jail's settings; omitted ones stay as they are. */
export type JailSettingsInput = {
  /** Ban length in seconds, or -1 for permanent. */
  banTime?: number | null | undefined;
  /** Window in seconds in which failures are counted. */
  findTime?: number | null | undefined;
  /** Failures within findTime that lead to a ban (at least 1). */
  maxRetry?: number | null | undefined;
};

/** What an account or token may do. */
export type Role =
  /** Everything, including users, tokens and jail settings. */
  | 'ADMIN'
  /** Read, ban, unban and import. */
  | 'OPERATOR'
  /** Read only. */
  | 'VIEWER';

export type SessionQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionQuery = { setupRequired: boolean, viewer: { id: string, username: string, role: Role } | null };

export type SetupMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type SetupMutation = { setup: { token: string, expiresAt: string, user: { id: string, username: string, role: Role } } };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, expiresAt: string, user: { id: string, username: string, role: Role } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { health: { fail2ban: { reachable: boolean, checkedAt: string } } };

export type JailNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type JailNamesQuery = { jails: Array<{ name: string }> };

export type DashboardQueryVariables = Exact<{
  since?: string | null | undefined;
  jail?: string | null | undefined;
}>;


export type DashboardQuery = { dashboard: { summary: { totalBans: number, uniqueIps: number, activeBans: number, countries: number }, bansByCountry: Array<{ count: number, uniqueIps: number, country: { code: string, name: string | null } }>, banTrend: Array<{ start: string, count: number }>, bansByJail: Array<{ jail: string, count: number }>, topIps: Array<{ ip: string, count: number, lastBannedAt: string, country: { code: string, name: string | null } | null }> } };

export type BanEventsSubscriptionVariables = Exact<{
  filter?: BanEventFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type BanEventsSubscription = { banEvents: { cursor: string, kind: BanEventKind, ip: string, jail: string, at: string, origin: BanOrigin, country: { code: string, name: string | null } | null } };

export type BansQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  filter?: BanFilterInput | null | undefined;
}>;


export type BansQuery = { bans: { nodes: Array<{ id: string, ip: string, jail: string, bannedAt: string, banTime: number, expiresAt: string | null, banCount: number, active: boolean, origin: BanOrigin, country: { code: string, name: string | null } | null }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type IpInfoQueryVariables = Exact<{
  ip: string;
}>;


export type IpInfoQuery = { ipInfo: { ip: string, bannedIn: Array<string>, country: { code: string, name: string | null } | null, history: { nodes: Array<{ id: string, jail: string, bannedAt: string, banTime: number, active: boolean, origin: BanOrigin }> } } };

export type UnbanMutationVariables = Exact<{
  ip: string;
  jail?: string | null | undefined;
}>;


export type UnbanMutation = { unbanIp: { ip: string, jails: Array<string> } };

export type BanMutationVariables = Exact<{
  jail: string;
  ip: string;
}>;


export type BanMutation = { banIp: { jail: string, ip: string, alreadyBanned: boolean } };

export type JailFieldsFragment = { name: string, running: boolean, currentlyFailed: number, totalFailed: number, currentlyBanned: number, totalBanned: number, banTime: number, findTime: number, maxRetry: number, ignoreIps: Array<string> };

export type JailsQueryVariables = Exact<{ [key: string]: never; }>;


export type JailsQuery = { jails: Array<{ name: string, running: boolean, currentlyFailed: number, totalFailed: number, currentlyBanned: number, totalBanned: number, banTime: number, findTime: number, maxRetry: number, ignoreIps: Array<string> }> };

export type UpdateJailMutationVariables = Exact<{
  name: string;
  input: JailSettingsInput;
}>;


export type UpdateJailMutation = { updateJail: { name: string, running: boolean, currentlyFailed: number, totalFailed: number, currentlyBanned: number, totalBanned: number, banTime: number, findTime: number, maxRetry: number, ignoreIps: Array<string> } };

export type AddIgnoreIpMutationVariables = Exact<{
  jail: string;
  ip: string;
}>;


export type AddIgnoreIpMutation = { addIgnoreIp: { name: string, running: boolean, currentlyFailed: number, totalFailed: number, currentlyBanned: number, totalBanned: number, banTime: number, findTime: number, maxRetry: number, ignoreIps: Array<string> } };

export type RemoveIgnoreIpMutationVariables = Exact<{
  jail: string;
  ip: string;
}>;


export type RemoveIgnoreIpMutation = { removeIgnoreIp: { name: string, running: boolean, currentlyFailed: number, totalFailed: number, currentlyBanned: number, totalBanned: number, banTime: number, findTime: number, maxRetry: number, ignoreIps: Array<string> } };

export type StartJailMutationVariables = Exact<{
  name: string;
}>;


export type StartJailMutation = { startJail: { name: string, running: boolean, currentlyFailed: number, totalFailed: number, currentlyBanned: number, totalBanned: number, banTime: number, findTime: number, maxRetry: number, ignoreIps: Array<string> } };

export type StopJailMutationVariables = Exact<{
  name: string;
}>;


export type StopJailMutation = { stopJail: boolean };

export type ReloadMutationVariables = Exact<{
  jail?: string | null | undefined;
}>;


export type ReloadMutation = { reloadFail2ban: boolean };

export const JailFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Jail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyFailed"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailed"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyBanned"}},{"kind":"Field","name":{"kind":"Name","value":"totalBanned"}},{"kind":"Field","name":{"kind":"Name","value":"banTime"}},{"kind":"Field","name":{"kind":"Name","value":"findTime"}},{"kind":"Field","name":{"kind":"Name","value":"maxRetry"}},{"kind":"Field","name":{"kind":"Name","value":"ignoreIps"}}]}}]} as unknown as DocumentNode<JailFieldsFragment, unknown>;
export const SessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setupRequired"}},{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<SessionQuery, SessionQueryVariables>;
export const SetupDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Setup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<SetupMutation, SetupMutationVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const HealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fail2ban"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reachable"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}}]}}]}}]}}]} as unknown as DocumentNode<HealthQuery, HealthQueryVariables>;
export const JailNamesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JailNames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<JailNamesQuery, JailNamesQueryVariables>;
export const DashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jail"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dashboard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"jail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jail"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"summary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalBans"}},{"kind":"Field","name":{"kind":"Name","value":"uniqueIps"}},{"kind":"Field","name":{"kind":"Name","value":"activeBans"}},{"kind":"Field","name":{"kind":"Name","value":"countries"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bansByCountry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"country"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"uniqueIps"}}]}},{"kind":"Field","name":{"kind":"Name","value":"banTrend"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"bucket"},"value":{"kind":"EnumValue","value":"AUTO"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bansByJail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jail"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"topIps"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"country"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastBannedAt"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;
export const BanEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BanEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"BanEventFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"banEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"jail"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"country"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<BanEventsSubscription, BanEventsSubscriptionVariables>;
export const BansDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Bans"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"BanFilterInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bans"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"jail"}},{"kind":"Field","name":{"kind":"Name","value":"bannedAt"}},{"kind":"Field","name":{"kind":"Name","value":"banTime"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"banCount"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"country"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<BansQuery, BansQueryVariables>;
export const IpInfoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IpInfo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ip"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ipInfo"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ip"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ip"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"country"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bannedIn"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jail"}},{"kind":"Field","name":{"kind":"Name","value":"bannedAt"}},{"kind":"Field","name":{"kind":"Name","value":"banTime"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}}]}}]}}]}}]}}]} as unknown as DocumentNode<IpInfoQuery, IpInfoQueryVariables>;
export const UnbanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Unban"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ip"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jail"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unbanIp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ip"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ip"}}},{"kind":"Argument","name":{"kind":"Name","value":"jail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jail"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"jails"}}]}}]}}]} as unknown as DocumentNode<UnbanMutation, UnbanMutationVariables>;
export const BanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Ban"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jail"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ip"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"banIp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jail"}}},{"kind":"Argument","name":{"kind":"Name","value":"ip"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ip"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jail"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"alreadyBanned"}}]}}]}}]} as unknown as DocumentNode<BanMutation, BanMutationVariables>;
export const JailsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Jails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JailFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Jail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyFailed"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailed"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyBanned"}},{"kind":"Field","name":{"kind":"Name","value":"totalBanned"}},{"kind":"Field","name":{"kind":"Name","value":"banTime"}},{"kind":"Field","name":{"kind":"Name","value":"findTime"}},{"kind":"Field","name":{"kind":"Name","value":"maxRetry"}},{"kind":"Field","name":{"kind":"Name","value":"ignoreIps"}}]}}]} as unknown as DocumentNode<JailsQuery, JailsQueryVariables>;
export const UpdateJailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateJail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JailSettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateJail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JailFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Jail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyFailed"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailed"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyBanned"}},{"kind":"Field","name":{"kind":"Name","value":"totalBanned"}},{"kind":"Field","name":{"kind":"Name","value":"banTime"}},{"kind":"Field","name":{"kind":"Name","value":"findTime"}},{"kind":"Field","name":{"kind":"Name","value":"maxRetry"}},{"kind":"Field","name":{"kind":"Name","value":"ignoreIps"}}]}}]} as unknown as DocumentNode<UpdateJailMutation, UpdateJailMutationVariables>;
export const AddIgnoreIpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddIgnoreIp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jail"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ip"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addIgnoreIp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jail"}}},{"kind":"Argument","name":{"kind":"Name","value":"ip"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ip"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JailFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Jail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyFailed"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailed"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyBanned"}},{"kind":"Field","name":{"kind":"Name","value":"totalBanned"}},{"kind":"Field","name":{"kind":"Name","value":"banTime"}},{"kind":"Field","name":{"kind":"Name","value":"findTime"}},{"kind":"Field","name":{"kind":"Name","value":"maxRetry"}},{"kind":"Field","name":{"kind":"Name","value":"ignoreIps"}}]}}]} as unknown as DocumentNode<AddIgnoreIpMutation, AddIgnoreIpMutationVariables>;
export const RemoveIgnoreIpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveIgnoreIp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jail"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ip"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeIgnoreIp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jail"}}},{"kind":"Argument","name":{"kind":"Name","value":"ip"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ip"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JailFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Jail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyFailed"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailed"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyBanned"}},{"kind":"Field","name":{"kind":"Name","value":"totalBanned"}},{"kind":"Field","name":{"kind":"Name","value":"banTime"}},{"kind":"Field","name":{"kind":"Name","value":"findTime"}},{"kind":"Field","name":{"kind":"Name","value":"maxRetry"}},{"kind":"Field","name":{"kind":"Name","value":"ignoreIps"}}]}}]} as unknown as DocumentNode<RemoveIgnoreIpMutation, RemoveIgnoreIpMutationVariables>;
export const StartJailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartJail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startJail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JailFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Jail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyFailed"}},{"kind":"Field","name":{"kind":"Name","value":"totalFailed"}},{"kind":"Field","name":{"kind":"Name","value":"currentlyBanned"}},{"kind":"Field","name":{"kind":"Name","value":"totalBanned"}},{"kind":"Field","name":{"kind":"Name","value":"banTime"}},{"kind":"Field","name":{"kind":"Name","value":"findTime"}},{"kind":"Field","name":{"kind":"Name","value":"maxRetry"}},{"kind":"Field","name":{"kind":"Name","value":"ignoreIps"}}]}}]} as unknown as DocumentNode<StartJailMutation, StartJailMutationVariables>;
export const StopJailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StopJail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopJail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}]}]}}]} as unknown as DocumentNode<StopJailMutation, StopJailMutationVariables>;
export const ReloadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Reload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jail"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reloadFail2ban"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jail"}}}]}]}}]} as unknown as DocumentNode<ReloadMutation, ReloadMutationVariables>;