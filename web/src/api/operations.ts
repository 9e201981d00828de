// Every GraphQL operation the dashboard sends; their types are generated from the schema.
import { graphql } from '../gql';

export const SessionQuery = graphql(`
  query Session {
    setupRequired
    viewer {
      id
      username
      role
    }
  }
`);

export const SetupMutation = graphql(`
  mutation Setup($username: String!, $password: String!) {
    setup(username: $username, password: $password) {
      token
      expiresAt
      user {
        id
        username
        role
      }
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      expiresAt
      user {
        id
        username
        role
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export const Fail2banStatusSubscription = graphql(`
  subscription Fail2banStatus {
    fail2banStatus {
      reachable
      checkedAt
    }
  }
`);

export const JailNamesQuery = graphql(`
  query JailNames {
    jails {
      name
      host
    }
  }
`);

export const DashboardQuery = graphql(`
  query Dashboard($since: DateTime, $jail: String, $host: String) {
    dashboard(since: $since, jail: $jail, host: $host) {
      summary {
        totalBans
        uniqueIps
        activeBans
        countries
      }
      bansByCountry {
        country {
          code
          name
        }
        count
        uniqueIps
      }
      banTrend(bucket: AUTO) {
        start
        count
      }
      bansByJail {
        jail
        count
      }
      bansByHost {
        host
        count
      }
      topIps(limit: 10) {
        ip
        count
        country {
          code
          name
        }
        lastBannedAt
      }
    }
  }
`);

export const BanEventsSubscription = graphql(`
  subscription BanEvents($filter: BanEventFilter, $after: String, $last: Int) {
    banEvents(filter: $filter, after: $after, last: $last) {
      cursor
      kind
      ip
      jail
      at
      origin
      host
      country {
        code
        name
      }
    }
  }
`);

export const DashboardChangedSubscription = graphql(`
  subscription DashboardChanged($jail: String, $host: String) {
    dashboardChanged(jail: $jail, host: $host) {
      at
      bans
      unbans
    }
  }
`);

export const BansQuery = graphql(`
  query Bans($first: Int, $after: String, $last: Int, $before: String, $filter: BanFilter) {
    bans(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      nodes {
        id
        ip
        jail
        bannedAt
        banTime
        expiresAt
        banCount
        active
        origin
        host
        country {
          code
          name
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const IpInfoQuery = graphql(`
  query IpInfo($ip: String!) {
    ipInfo(ip: $ip) {
      ip
      country {
        code
        name
      }
      asn {
        number
        name
      }
      bannedIn
      coveringBans {
        id
        ip
        jail
        expiresAt
      }
      history(first: 20) {
        nodes {
          id
          jail
          host
          bannedAt
          banTime
          active
          origin
        }
      }
    }
  }
`);

export const UnbanMutation = graphql(`
  mutation Unban($ip: String!, $jail: String, $host: String) {
    unbanIp(ip: $ip, jail: $jail, host: $host) {
      ip
      jails
    }
  }
`);

export const UnbanManyMutation = graphql(`
  mutation UnbanMany($ips: [String!]!, $jail: String, $host: String) {
    unbanIps(ips: $ips, jail: $jail, host: $host) {
      unbanned
      notBanned
      invalid
    }
  }
`);

export const BanMutation = graphql(`
  mutation Ban($jail: String!, $ip: String!, $host: String) {
    banIp(jail: $jail, ip: $ip, host: $host) {
      jail
      ip
      alreadyBanned
      host
    }
  }
`);

export const JailFields = graphql(`
  fragment JailFields on Jail {
    name
    host
    running
    currentlyFailed
    totalFailed
    currentlyBanned
    totalBanned
    banTime
    findTime
    maxRetry
    ignoreIps
    enabled
    managed
  }
`);

export const JailsQuery = graphql(`
  query Jails($host: String) {
    jails(host: $host) {
      ...JailFields
    }
  }
`);

export const UpdateJailMutation = graphql(`
  mutation UpdateJail($name: String!, $input: JailSettingsInput!, $host: String) {
    updateJail(name: $name, input: $input, host: $host) {
      ...JailFields
    }
  }
`);

export const AddIgnoreIpMutation = graphql(`
  mutation AddIgnoreIp($jail: String!, $ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {
    addIgnoreIp(jail: $jail, ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {
      ...JailFields
    }
  }
`);

export const RemoveIgnoreIpMutation = graphql(`
  mutation RemoveIgnoreIp($jail: String!, $ip: String!, $host: String) {
    removeIgnoreIp(jail: $jail, ip: $ip, host: $host) {
      ...JailFields
    }
  }
`);

export const StartJailMutation = graphql(`
  mutation StartJail($name: String!, $host: String) {
    startJail(name: $name, host: $host) {
      ...JailFields
    }
  }
`);

export const StopJailMutation = graphql(`
  mutation StopJail($name: String!, $host: String) {
    stopJail(name: $name, host: $host)
  }
`);

export const ReloadMutation = graphql(`
  mutation Reload($jail: String, $host: String) {
    reloadFail2ban(jail: $jail, host: $host)
  }
`);

export const ImportRunFields = graphql(`
  fragment ImportRunFields on ImportRun {
    id
    status
    dryRun
    createdAt
    startedAt
    finishedAt
    downloadedBytes
    parsedLines
    validIps
    newBans
    alreadyBanned
    skipped
    invalidLines
    unbanned
    error
    source {
      id
      name
    }
  }
`);

export const ImportRunDetailFields = graphql(`
  fragment ImportRunDetailFields on ImportRun {
    ...ImportRunFields
    wouldBan
    wouldUnban
  }
`);

export const BlocklistSourceSettings = graphql(`
  fragment BlocklistSourceSettings on BlocklistSource {
    id
    name
    url
    jail
    host
    enabled
    intervalMinutes
    allowlist
    unbanRemoved
    createdAt
  }
`);

export const BlocklistSourceFields = graphql(`
  fragment BlocklistSourceFields on BlocklistSource {
    ...BlocklistSourceSettings
    lastRun {
      ...ImportRunFields
    }
  }
`);

export const BlocklistSourcesQuery = graphql(`
  query BlocklistSources {
    blocklistSources {
      ...BlocklistSourceFields
    }
  }
`);

export const RecentImportSourcesQuery = graphql(`
  query RecentImportSources($first: Int!) {
    importRuns(first: $first) {
      nodes {
        ...ImportRunFields
        source {
          ...BlocklistSourceSettings
        }
      }
    }
  }
`);

export const ImportRunsQuery = graphql(`
  query ImportRuns($first: Int, $after: String, $last: Int, $before: String, $sourceId: ID) {
    importRuns(first: $first, after: $after, last: $last, before: $before, sourceId: $sourceId) {
      nodes {
        ...ImportRunFields
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const ImportRunQuery = graphql(`
  query ImportRun($id: ID!) {
    importRun(id: $id) {
      ...ImportRunDetailFields
    }
  }
`);

export const CreateBlocklistSourceMutation = graphql(`
  mutation CreateBlocklistSource($input: BlocklistSourceInput!) {
    createBlocklistSource(input: $input) {
      ...BlocklistSourceFields
    }
  }
`);

export const UpdateBlocklistSourceMutation = graphql(`
  mutation UpdateBlocklistSource($id: ID!, $input: BlocklistSourceInput!) {
    updateBlocklistSource(id: $id, input: $input) {
      ...BlocklistSourceFields
    }
  }
`);

export const DeleteBlocklistSourceMutation = graphql(`
  mutation DeleteBlocklistSource($id: ID!) {
    deleteBlocklistSource(id: $id)
  }
`);

export const ImportBlocklistMutation = graphql(`
  mutation ImportBlocklist($sourceId: ID!, $dryRun: Boolean!) {
    importBlocklist(sourceId: $sourceId, dryRun: $dryRun) {
      ...ImportRunDetailFields
    }
  }
`);

export const ImportProgressSubscription = graphql(`
  subscription ImportProgress($runId: ID!) {
    importProgress(runId: $runId) {
      ...ImportRunDetailFields
    }
  }
`);

export const UserFields = graphql(`
  fragment UserFields on User {
    id
    username
    role
    createdAt
  }
`);

export const UsersQuery = graphql(`
  query Users {
    users {
      ...UserFields
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($username: String!, $password: String!, $role: Role!) {
    createUser(username: $username, password: $password, role: $role) {
      ...UserFields
    }
  }
`);

export const DeleteUserMutation = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    role
    createdAt
    expiresAt
    lastUsedAt
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens {
      ...ApiTokenFields
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {
    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {
      token
      apiToken {
        ...ApiTokenFields
      }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id)
  }
`);

export const AuditLogQuery = graphql(`
  query AuditLog($first: Int!, $after: String) {
    auditLog(first: $first, after: $after) {
      id
      at
      actor
      action
      target
      outcome
    }
  }
`);

export const HostFields = graphql(`
  fragment HostFields on Host {
    id
    name
    local
    connected
    lastSeenAt
    agentVersion
    fail2banVersion
    refusal
    tokenCreatedAt
  }
`);

export const HostsQuery = graphql(`
  query Hosts {
    hosts {
      ...HostFields
    }
  }
`);

export const HostStatusSubscription = graphql(`
  subscription HostStatus {
    hostStatus {
      ...HostFields
    }
  }
`);

export const AddHostMutation = graphql(`
  mutation AddHost($name: String!) {
    addHost(name: $name) {
      token
      host {
        ...HostFields
      }
    }
  }
`);

export const RotateAgentTokenMutation = graphql(`
  mutation RotateAgentToken($id: ID!) {
    rotateAgentToken(id: $id) {
      token
      host {
        ...HostFields
      }
    }
  }
`);

export const RemoveHostMutation = graphql(`
  mutation RemoveHost($id: ID!) {
    removeHost(id: $id)
  }
`);
