/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment IgnoreEntryFields on IgnoreEntry {\n    network\n    comment\n    expiresAt\n    addedBy\n    addedAt\n  }\n": typeof types.IgnoreEntryFieldsFragmentDoc,
    "\n  fragment JailDetailFields on Jail {\n    ...JailFields\n    filter\n    bannedIps\n    logPaths\n    actions\n    ignoreList {\n      ...IgnoreEntryFields\n    }\n    settingSources {\n      setting\n      value\n      file\n      section\n      managedByBangui\n    }\n  }\n": typeof types.JailDetailFieldsFragmentDoc,
    "\n  query Jail($name: String!, $host: String) {\n    jail(name: $name, host: $host) {\n      ...JailDetailFields\n    }\n  }\n": typeof types.JailDocument,
    "\n  query JailLogPaths {\n    jails {\n      name\n      host\n      logPaths\n    }\n  }\n": typeof types.JailLogPathsDocument,
    "\n  mutation SetJailEnabled($name: String!, $enabled: Boolean!, $host: String) {\n    setJailEnabled(name: $name, enabled: $enabled, host: $host) {\n      ...JailDetailFields\n    }\n  }\n": typeof types.SetJailEnabledDocument,
    "\n  mutation DeleteJail($name: String!, $host: String) {\n    deleteJail(name: $name, host: $host)\n  }\n": typeof types.DeleteJailDocument,
    "\n  mutation CreateJail($input: JailInput!, $host: String) {\n    createJail(input: $input, host: $host) {\n      ...JailFields\n    }\n  }\n": typeof types.CreateJailDocument,
    "\n  query Filters($host: String) {\n    filters(host: $host) {\n      name\n      failRegex\n      ignoreRegex\n      datePattern\n    }\n  }\n": typeof types.FiltersDocument,
    "\n  query TestFilter($input: FilterTestInput!, $host: String) {\n    testFilter(input: $input, host: $host) {\n      linesTested\n      matched\n      ignored\n      missed\n      matches {\n        lineNumber\n        line\n        ip\n        at\n      }\n    }\n  }\n": typeof types.TestFilterDocument,
    "\n  query Allowlist($host: String) {\n    allowlist(host: $host) {\n      ...IgnoreEntryFields\n    }\n  }\n": typeof types.AllowlistDocument,
    "\n  mutation AddAllowlistEntry($ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {\n    addAllowlistEntry(ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {\n      ...IgnoreEntryFields\n    }\n  }\n": typeof types.AddAllowlistEntryDocument,
    "\n  mutation RemoveAllowlistEntry($ip: String!, $host: String) {\n    removeAllowlistEntry(ip: $ip, host: $host)\n  }\n": typeof types.RemoveAllowlistEntryDocument,
    "\n  query ConfigChanges($first: Int, $after: String, $last: Int, $before: String) {\n    configChanges(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      nodes {\n        id\n        at\n        actor\n        host\n        file\n        diff\n        applied\n        error\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.ConfigChangesDocument,
    "\n  subscription ConfigChanged {\n    configChanged {\n      id\n    }\n  }\n": typeof types.ConfigChangedDocument,
    "\n  fragment DeliveryFields on Delivery {\n    id\n    status\n    attempts\n    error\n    createdAt\n    deliveredAt\n  }\n": typeof types.DeliveryFieldsFragmentDoc,
    "\n  fragment NotificationChannelFields on NotificationChannel {\n    id\n    name\n    kind\n    target\n    enabled\n    createdAt\n    hasSecret\n    lastDelivery {\n      ...DeliveryFields\n    }\n  }\n": typeof types.NotificationChannelFieldsFragmentDoc,
    "\n  fragment NotificationRuleFields on NotificationRule {\n    id\n    name\n    trigger\n    channels {\n      id\n      name\n    }\n    jails\n    countries\n    origins\n    hosts\n    threshold\n    windowMinutes\n    period\n    enabled\n  }\n": typeof types.NotificationRuleFieldsFragmentDoc,
    "\n  query NotificationChannels {\n    notificationChannels {\n      ...NotificationChannelFields\n    }\n  }\n": typeof types.NotificationChannelsDocument,
    "\n  query NotificationRules {\n    notificationRules {\n      ...NotificationRuleFields\n    }\n  }\n": typeof types.NotificationRulesDocument,
    "\n  query Deliveries($first: Int, $after: String, $last: Int, $before: String, $status: DeliveryStatus) {\n    deliveries(first: $first, after: $after, last: $last, before: $before, status: $status) {\n      totalCount\n      nodes {\n        ...DeliveryFields\n        trigger\n        channel {\n          id\n          name\n          kind\n        }\n        rule {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.DeliveriesDocument,
    "\n  query RecentDeliveries($first: Int) {\n    deliveries(first: $first) {\n      nodes {\n        ...DeliveryFields\n      }\n    }\n  }\n": typeof types.RecentDeliveriesDocument,
    "\n  mutation CreateNotificationChannel($input: NotificationChannelInput!) {\n    createNotificationChannel(input: $input) {\n      ...NotificationChannelFields\n    }\n  }\n": typeof types.CreateNotificationChannelDocument,
    "\n  mutation UpdateNotificationChannel($id: ID!, $input: NotificationChannelInput!) {\n    updateNotificationChannel(id: $id, input: $input) {\n      ...NotificationChannelFields\n    }\n  }\n": typeof types.UpdateNotificationChannelDocument,
    "\n  mutation DeleteNotificationChannel($id: ID!) {\n    deleteNotificationChannel(id: $id)\n  }\n": typeof types.DeleteNotificationChannelDocument,
    "\n  mutation TestNotificationChannel($id: ID!) {\n    testNotificationChannel(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": typeof types.TestNotificationChannelDocument,
    "\n  mutation CreateNotificationRule($input: NotificationRuleInput!) {\n    createNotificationRule(input: $input) {\n      ...NotificationRuleFields\n    }\n  }\n": typeof types.CreateNotificationRuleDocument,
    "\n  mutation UpdateNotificationRule($id: ID!, $input: NotificationRuleInput!) {\n    updateNotificationRule(id: $id, input: $input) {\n      ...NotificationRuleFields\n    }\n  }\n": typeof types.UpdateNotificationRuleDocument,
    "\n  mutation DeleteNotificationRule($id: ID!) {\n    deleteNotificationRule(id: $id)\n  }\n": typeof types.DeleteNotificationRuleDocument,
    "\n  query Session {\n    setupRequired\n    viewer {\n      id\n      username\n      role\n    }\n  }\n": typeof types.SessionDocument,
    "\n  mutation Setup($username: String!, $password: String!) {\n    setup(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n": typeof types.SetupDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  subscription Fail2banStatus {\n    fail2banStatus {\n      reachable\n      checkedAt\n    }\n  }\n": typeof types.Fail2banStatusDocument,
    "\n  query JailNames {\n    jails {\n      name\n      host\n    }\n  }\n": typeof types.JailNamesDocument,
    "\n  query Dashboard($since: DateTime, $jail: String, $host: String) {\n    dashboard(since: $since, jail: $jail, host: $host) {\n      summary {\n        totalBans\n        uniqueIps\n        activeBans\n        countries\n      }\n      bansByCountry {\n        country {\n          code\n          name\n        }\n        count\n        uniqueIps\n      }\n      banTrend(bucket: AUTO) {\n        start\n        count\n      }\n      bansByJail {\n        jail\n        count\n      }\n      bansByHost {\n        host\n        count\n      }\n      topIps(limit: 10) {\n        ip\n        count\n        country {\n          code\n          name\n        }\n        lastBannedAt\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  subscription BanEvents($filter: BanEventFilter, $after: String, $last: Int) {\n    banEvents(filter: $filter, after: $after, last: $last) {\n      cursor\n      kind\n      ip\n      jail\n      at\n      origin\n      host\n      country {\n        code\n        name\n      }\n    }\n  }\n": typeof types.BanEventsDocument,
    "\n  subscription DashboardChanged($jail: String, $host: String) {\n    dashboardChanged(jail: $jail, host: $host) {\n      at\n      bans\n      unbans\n    }\n  }\n": typeof types.DashboardChangedDocument,
    "\n  query Bans($first: Int, $after: String, $last: Int, $before: String, $filter: BanFilter) {\n    bans(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      nodes {\n        id\n        ip\n        jail\n        bannedAt\n        banTime\n        expiresAt\n        banCount\n        active\n        origin\n        host\n        country {\n          code\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.BansDocument,
    "\n  query IpInfo($ip: String!) {\n    ipInfo(ip: $ip) {\n      ip\n      country {\n        code\n        name\n      }\n      asn {\n        number\n        name\n      }\n      bannedIn\n      coveringBans {\n        id\n        ip\n        jail\n        expiresAt\n      }\n      history(first: 20) {\n        nodes {\n          id\n          jail\n          host\n          bannedAt\n          banTime\n          active\n          origin\n        }\n      }\n    }\n  }\n": typeof types.IpInfoDocument,
    "\n  mutation Unban($ip: String!, $jail: String, $host: String) {\n    unbanIp(ip: $ip, jail: $jail, host: $host) {\n      ip\n      jails\n    }\n  }\n": typeof types.UnbanDocument,
    "\n  mutation UnbanMany($ips: [String!]!, $jail: String, $host: String) {\n    unbanIps(ips: $ips, jail: $jail, host: $host) {\n      unbanned\n      notBanned\n      invalid\n    }\n  }\n": typeof types.UnbanManyDocument,
    "\n  mutation Ban($jail: String!, $ip: String!, $host: String) {\n    banIp(jail: $jail, ip: $ip, host: $host) {\n      jail\n      ip\n      alreadyBanned\n      host\n    }\n  }\n": typeof types.BanDocument,
    "\n  fragment JailFields on Jail {\n    name\n    host\n    running\n    currentlyFailed\n    totalFailed\n    currentlyBanned\n    totalBanned\n    banTime\n    findTime\n    maxRetry\n    ignoreIps\n    enabled\n    managed\n  }\n": typeof types.JailFieldsFragmentDoc,
    "\n  query Jails($host: String) {\n    jails(host: $host) {\n      ...JailFields\n    }\n  }\n": typeof types.JailsDocument,
    "\n  mutation UpdateJail($name: String!, $input: JailSettingsInput!, $host: String) {\n    updateJail(name: $name, input: $input, host: $host) {\n      ...JailFields\n    }\n  }\n": typeof types.UpdateJailDocument,
    "\n  mutation AddIgnoreIp($jail: String!, $ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {\n    addIgnoreIp(jail: $jail, ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {\n      ...JailFields\n    }\n  }\n": typeof types.AddIgnoreIpDocument,
    "\n  mutation RemoveIgnoreIp($jail: String!, $ip: String!, $host: String) {\n    removeIgnoreIp(jail: $jail, ip: $ip, host: $host) {\n      ...JailFields\n    }\n  }\n": typeof types.RemoveIgnoreIpDocument,
    "\n  mutation StartJail($name: String!, $host: String) {\n    startJail(name: $name, host: $host) {\n      ...JailFields\n    }\n  }\n": typeof types.StartJailDocument,
    "\n  mutation StopJail($name: String!, $host: String) {\n    stopJail(name: $name, host: $host)\n  }\n": typeof types.StopJailDocument,
    "\n  mutation Reload($jail: String, $host: String) {\n    reloadFail2ban(jail: $jail, host: $host)\n  }\n": typeof types.ReloadDocument,
    "\n  fragment ImportRunFields on ImportRun {\n    id\n    status\n    dryRun\n    createdAt\n    startedAt\n    finishedAt\n    downloadedBytes\n    parsedLines\n    validIps\n    newBans\n    alreadyBanned\n    skipped\n    invalidLines\n    unbanned\n    error\n    source {\n      id\n      name\n    }\n  }\n": typeof types.ImportRunFieldsFragmentDoc,
    "\n  fragment ImportRunDetailFields on ImportRun {\n    ...ImportRunFields\n    wouldBan\n    wouldUnban\n  }\n": typeof types.ImportRunDetailFieldsFragmentDoc,
    "\n  fragment BlocklistSourceSettings on BlocklistSource {\n    id\n    name\n    url\n    jail\n    host\n    enabled\n    intervalMinutes\n    allowlist\n    unbanRemoved\n    createdAt\n  }\n": typeof types.BlocklistSourceSettingsFragmentDoc,
    "\n  fragment BlocklistSourceFields on BlocklistSource {\n    ...BlocklistSourceSettings\n    lastRun {\n      ...ImportRunFields\n    }\n  }\n": typeof types.BlocklistSourceFieldsFragmentDoc,
    "\n  query BlocklistSources {\n    blocklistSources {\n      ...BlocklistSourceFields\n    }\n  }\n": typeof types.BlocklistSourcesDocument,
    "\n  query RecentImportSources($first: Int!) {\n    importRuns(first: $first) {\n      nodes {\n        ...ImportRunFields\n        source {\n          ...BlocklistSourceSettings\n        }\n      }\n    }\n  }\n": typeof types.RecentImportSourcesDocument,
    "\n  query ImportRuns($first: Int, $after: String, $last: Int, $before: String, $sourceId: ID) {\n    importRuns(first: $first, after: $after, last: $last, before: $before, sourceId: $sourceId) {\n      nodes {\n        ...ImportRunFields\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.ImportRunsDocument,
    "\n  query ImportRun($id: ID!) {\n    importRun(id: $id) {\n      ...ImportRunDetailFields\n    }\n  }\n": typeof types.ImportRunDocument,
    "\n  mutation CreateBlocklistSource($input: BlocklistSourceInput!) {\n    createBlocklistSource(input: $input) {\n      ...BlocklistSourceFields\n    }\n  }\n": typeof types.CreateBlocklistSourceDocument,
    "\n  mutation UpdateBlocklistSource($id: ID!, $input: BlocklistSourceInput!) {\n    updateBlocklistSource(id: $id, input: $input) {\n      ...BlocklistSourceFields\n    }\n  }\n": typeof types.UpdateBlocklistSourceDocument,
    "\n  mutation DeleteBlocklistSource($id: ID!) {\n    deleteBlocklistSource(id: $id)\n  }\n": typeof types.DeleteBlocklistSourceDocument,
    "\n  mutation ImportBlocklist($sourceId: ID!, $dryRun: Boolean!) {\n    importBlocklist(sourceId: $sourceId, dryRun: $dryRun) {\n      ...ImportRunDetailFields\n    }\n  }\n": typeof types.ImportBlocklistDocument,
    "\n  subscription ImportProgress($runId: ID!) {\n    importProgress(runId: $runId) {\n      ...ImportRunDetailFields\n    }\n  }\n": typeof types.ImportProgressDocument,
    "\n  fragment UserFields on User {\n    id\n    username\n    role\n    createdAt\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($username: String!, $password: String!, $role: Role!) {\n    createUser(username: $username, password: $password, role: $role) {\n      ...UserFields\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": typeof types.DeleteUserDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      id\n      at\n      actor\n      action\n      target\n      outcome\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  fragment HostFields on Host {\n    id\n    name\n    local\n    connected\n    lastSeenAt\n    agentVersion\n    fail2banVersion\n    refusal\n    tokenCreatedAt\n  }\n": typeof types.HostFieldsFragmentDoc,
    "\n  query Hosts {\n    hosts {\n      ...HostFields\n    }\n  }\n": typeof types.HostsDocument,
    "\n  subscription HostStatus {\n    hostStatus {\n      ...HostFields\n    }\n  }\n": typeof types.HostStatusDocument,
    "\n  mutation AddHost($name: String!) {\n    addHost(name: $name) {\n      token\n      host {\n        ...HostFields\n      }\n    }\n  }\n": typeof types.AddHostDocument,
    "\n  mutation RotateAgentToken($id: ID!) {\n    rotateAgentToken(id: $id) {\n      token\n      host {\n        ...HostFields\n      }\n    }\n  }\n": typeof types.RotateAgentTokenDocument,
    "\n  mutation RemoveHost($id: ID!) {\n    removeHost(id: $id)\n  }\n": typeof types.RemoveHostDocument,
};
const documents: Documents = {
    "\n  fragment IgnoreEntryFields on IgnoreEntry {\n    network\n    comment\n    expiresAt\n    addedBy\n    addedAt\n  }\n": types.IgnoreEntryFieldsFragmentDoc,
    "\n  fragment JailDetailFields on Jail {\n    ...JailFields\n    filter\n    bannedIps\n    logPaths\n    actions\n    ignoreList {\n      ...IgnoreEntryFields\n    }\n    settingSources {\n      setting\n      value\n      file\n      section\n      managedByBangui\n    }\n  }\n": types.JailDetailFieldsFragmentDoc,
    "\n  query Jail($name: String!, $host: String) {\n    jail(name: $name, host: $host) {\n      ...JailDetailFields\n    }\n  }\n": types.JailDocument,
    "\n  query JailLogPaths {\n    jails {\n      name\n      host\n      logPaths\n    }\n  }\n": types.JailLogPathsDocument,
    "\n  mutation SetJailEnabled($name: String!, $enabled: Boolean!, $host: String) {\n    setJailEnabled(name: $name, enabled: $enabled, host: $host) {\n      ...JailDetailFields\n    }\n  }\n": types.SetJailEnabledDocument,
    "\n  mutation DeleteJail($name: String!, $host: String) {\n    deleteJail(name: $name, host: $host)\n  }\n": types.DeleteJailDocument,
    "\n  mutation CreateJail($input: JailInput!, $host: String) {\n    createJail(input: $input, host: $host) {\n      ...JailFields\n    }\n  }\n": types.CreateJailDocument,
    "\n  query Filters($host: String) {\n    filters(host: $host) {\n      name\n      failRegex\n      ignoreRegex\n      datePattern\n    }\n  }\n": types.FiltersDocument,
    "\n  query TestFilter($input: FilterTestInput!, $host: String) {\n    testFilter(input: $input, host: $host) {\n      linesTested\n      matched\n      ignored\n      missed\n      matches {\n        lineNumber\n        line\n        ip\n        at\n      }\n    }\n  }\n": types.TestFilterDocument,
    "\n  query Allowlist($host: String) {\n    allowlist(host: $host) {\n      ...IgnoreEntryFields\n    }\n  }\n": types.AllowlistDocument,
    "\n  mutation AddAllowlistEntry($ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {\n    addAllowlistEntry(ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {\n      ...IgnoreEntryFields\n    }\n  }\n": types.AddAllowlistEntryDocument,
    "\n  mutation RemoveAllowlistEntry($ip: String!, $host: String) {\n    removeAllowlistEntry(ip: $ip, host: $host)\n  }\n": types.RemoveAllowlistEntryDocument,
    "\n  query ConfigChanges($first: Int, $after: String, $last: Int, $before: String) {\n    configChanges(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      nodes {\n        id\n        at\n        actor\n        host\n        file\n        diff\n        applied\n        error\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.ConfigChangesDocument,
    "\n  subscription ConfigChanged {\n    configChanged {\n      id\n    }\n  }\n": types.ConfigChangedDocument,
    "\n  fragment DeliveryFields on Delivery {\n    id\n    status\n    attempts\n    error\n    createdAt\n    deliveredAt\n  }\n": types.DeliveryFieldsFragmentDoc,
    "\n  fragment NotificationChannelFields on NotificationChannel {\n    id\n    name\n    kind\n    target\n    enabled\n    createdAt\n    hasSecret\n    lastDelivery {\n      ...DeliveryFields\n    }\n  }\n": types.NotificationChannelFieldsFragmentDoc,
    "\n  fragment NotificationRuleFields on NotificationRule {\n    id\n    name\n    trigger\n    channels {\n      id\n      name\n    }\n    jails\n    countries\n    origins\n    hosts\n    threshold\n    windowMinutes\n    period\n    enabled\n  }\n": types.NotificationRuleFieldsFragmentDoc,
    "\n  query NotificationChannels {\n    notificationChannels {\n      ...NotificationChannelFields\n    }\n  }\n": types.NotificationChannelsDocument,
    "\n  query NotificationRules {\n    notificationRules {\n      ...NotificationRuleFields\n    }\n  }\n": types.NotificationRulesDocument,
    "\n  query Deliveries($first: Int, $after: String, $last: Int, $before: String, $status: DeliveryStatus) {\n    deliveries(first: $first, after: $after, last: $last, before: $before, status: $status) {\n      totalCount\n      nodes {\n        ...DeliveryFields\n        trigger\n        channel {\n          id\n          name\n          kind\n        }\n        rule {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.DeliveriesDocument,
    "\n  query RecentDeliveries($first: Int) {\n    deliveries(first: $first) {\n      nodes {\n        ...DeliveryFields\n      }\n    }\n  }\n": types.RecentDeliveriesDocument,
    "\n  mutation CreateNotificationChannel($input: NotificationChannelInput!) {\n    createNotificationChannel(input: $input) {\n      ...NotificationChannelFields\n    }\n  }\n": types.CreateNotificationChannelDocument,
    "\n  mutation UpdateNotificationChannel($id: ID!, $input: NotificationChannelInput!) {\n    updateNotificationChannel(id: $id, input: $input) {\n      ...NotificationChannelFields\n    }\n  }\n": types.UpdateNotificationChannelDocument,
    "\n  mutation DeleteNotificationChannel($id: ID!) {\n    deleteNotificationChannel(id: $id)\n  }\n": types.DeleteNotificationChannelDocument,
    "\n  mutation TestNotificationChannel($id: ID!) {\n    testNotificationChannel(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": types.TestNotificationChannelDocument,
    "\n  mutation CreateNotificationRule($input: NotificationRuleInput!) {\n    createNotificationRule(input: $input) {\n      ...NotificationRuleFields\n    }\n  }\n": types.CreateNotificationRuleDocument,
    "\n  mutation UpdateNotificationRule($id: ID!, $input: NotificationRuleInput!) {\n    updateNotificationRule(id: $id, input: $input) {\n      ...NotificationRuleFields\n    }\n  }\n": types.UpdateNotificationRuleDocument,
    "\n  mutation DeleteNotificationRule($id: ID!) {\n    deleteNotificationRule(id: $id)\n  }\n": types.DeleteNotificationRuleDocument,
    "\n  query Session {\n    setupRequired\n    viewer {\n      id\n      username\n      role\n    }\n  }\n": types.SessionDocument,
    "\n  mutation Setup($username: String!, $password: String!) {\n    setup(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n": types.SetupDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  subscription Fail2banStatus {\n    fail2banStatus {\n      reachable\n      checkedAt\n    }\n  }\n": types.Fail2banStatusDocument,
    "\n  query JailNames {\n    jails {\n      name\n      host\n    }\n  }\n": types.JailNamesDocument,
    "\n  query Dashboard($since: DateTime, $jail: String, $host: String) {\n    dashboard(since: $since, jail: $jail, host: $host) {\n      summary {\n        totalBans\n        uniqueIps\n        activeBans\n        countries\n      }\n      bansByCountry {\n        country {\n          code\n          name\n        }\n        count\n        uniqueIps\n      }\n      banTrend(bucket: AUTO) {\n        start\n        count\n      }\n      bansByJail {\n        jail\n        count\n      }\n      bansByHost {\n        host\n        count\n      }\n      topIps(limit: 10) {\n        ip\n        count\n        country {\n          code\n          name\n        }\n        lastBannedAt\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  subscription BanEvents($filter: BanEventFilter, $after: String, $last: Int) {\n    banEvents(filter: $filter, after: $after, last: $last) {\n      cursor\n      kind\n      ip\n      jail\n      at\n      origin\n      host\n      country {\n        code\n        name\n      }\n    }\n  }\n": types.BanEventsDocument,
    "\n  subscription DashboardChanged($jail: String, $host: String) {\n    dashboardChanged(jail: $jail, host: $host) {\n      at\n      bans\n      unbans\n    }\n  }\n": types.DashboardChangedDocument,
    "\n  query Bans($first: Int, $after: String, $last: Int, $before: String, $filter: BanFilter) {\n    bans(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      nodes {\n        id\n        ip\n        jail\n        bannedAt\n        banTime\n        expiresAt\n        banCount\n        active\n        origin\n        host\n        country {\n          code\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.BansDocument,
    "\n  query IpInfo($ip: String!) {\n    ipInfo(ip: $ip) {\n      ip\n      country {\n        code\n        name\n      }\n      asn {\n        number\n        name\n      }\n      bannedIn\n      coveringBans {\n        id\n        ip\n        jail\n        expiresAt\n      }\n      history(first: 20) {\n        nodes {\n          id\n          jail\n          host\n          bannedAt\n          banTime\n          active\n          origin\n        }\n      }\n    }\n  }\n": types.IpInfoDocument,
    "\n  mutation Unban($ip: String!, $jail: String, $host: String) {\n    unbanIp(ip: $ip, jail: $jail, host: $host) {\n      ip\n      jails\n    }\n  }\n": types.UnbanDocument,
    "\n  mutation UnbanMany($ips: [String!]!, $jail: String, $host: String) {\n    unbanIps(ips: $ips, jail: $jail, host: $host) {\n      unbanned\n      notBanned\n      invalid\n    }\n  }\n": types.UnbanManyDocument,
    "\n  mutation Ban($jail: String!, $ip: String!, $host: String) {\n    banIp(jail: $jail, ip: $ip, host: $host) {\n      jail\n      ip\n      alreadyBanned\n      host\n    }\n  }\n": types.BanDocument,
    "\n  fragment JailFields on Jail {\n    name\n    host\n    running\n    currentlyFailed\n    totalFailed\n    currentlyBanned\n    totalBanned\n    banTime\n    findTime\n    maxRetry\n    ignoreIps\n    enabled\n    managed\n  }\n": types.JailFieldsFragmentDoc,
    "\n  query Jails($host: String) {\n    jails(host: $host) {\n      ...JailFields\n    }\n  }\n": types.JailsDocument,
    "\n  mutation UpdateJail($name: String!, $input: JailSettingsInput!, $host: String) {\n    updateJail(name: $name, input: $input, host: $host) {\n      ...JailFields\n    }\n  }\n": types.UpdateJailDocument,
    "\n  mutation AddIgnoreIp($jail: String!, $ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {\n    addIgnoreIp(jail: $jail, ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {\n      ...JailFields\n    }\n  }\n": types.AddIgnoreIpDocument,
    "\n  mutation RemoveIgnoreIp($jail: String!, $ip: String!, $host: String) {\n    removeIgnoreIp(jail: $jail, ip: $ip, host: $host) {\n      ...JailFields\n    }\n  }\n": types.RemoveIgnoreIpDocument,
    "\n  mutation StartJail($name: String!, $host: String) {\n    startJail(name: $name, host: $host) {\n      ...JailFields\n    }\n  }\n": types.StartJailDocument,
    "\n  mutation StopJail($name: String!, $host: String) {\n    stopJail(name: $name, host: $host)\n  }\n": types.StopJailDocument,
    "\n  mutation Reload($jail: String, $host: String) {\n    reloadFail2ban(jail: $jail, host: $host)\n  }\n": types.ReloadDocument,
    "\n  fragment ImportRunFields on ImportRun {\n    id\n    status\n    dryRun\n    createdAt\n    startedAt\n    finishedAt\n    downloadedBytes\n    parsedLines\n    validIps\n    newBans\n    alreadyBanned\n    skipped\n    invalidLines\n    unbanned\n    error\n    source {\n      id\n      name\n    }\n  }\n": types.ImportRunFieldsFragmentDoc,
    "\n  fragment ImportRunDetailFields on ImportRun {\n    ...ImportRunFields\n    wouldBan\n    wouldUnban\n  }\n": types.ImportRunDetailFieldsFragmentDoc,
    "\n  fragment BlocklistSourceSettings on BlocklistSource {\n    id\n    name\n    url\n    jail\n    host\n    enabled\n    intervalMinutes\n    allowlist\n    unbanRemoved\n    createdAt\n  }\n": types.BlocklistSourceSettingsFragmentDoc,
    "\n  fragment BlocklistSourceFields on BlocklistSource {\n    ...BlocklistSourceSettings\n    lastRun {\n      ...ImportRunFields\n    }\n  }\n": types.BlocklistSourceFieldsFragmentDoc,
    "\n  query BlocklistSources {\n    blocklistSources {\n      ...BlocklistSourceFields\n    }\n  }\n": types.BlocklistSourcesDocument,
    "\n  query RecentImportSources($first: Int!) {\n    importRuns(first: $first) {\n      nodes {\n        ...ImportRunFields\n        source {\n          ...BlocklistSourceSettings\n        }\n      }\n    }\n  }\n": types.RecentImportSourcesDocument,
    "\n  query ImportRuns($first: Int, $after: String, $last: Int, $before: String, $sourceId: ID) {\n    importRuns(first: $first, after: $after, last: $last, before: $before, sourceId: $sourceId) {\n      nodes {\n        ...ImportRunFields\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.ImportRunsDocument,
    "\n  query ImportRun($id: ID!) {\n    importRun(id: $id) {\n      ...ImportRunDetailFields\n    }\n  }\n": types.ImportRunDocument,
    "\n  mutation CreateBlocklistSource($input: BlocklistSourceInput!) {\n    createBlocklistSource(input: $input) {\n      ...BlocklistSourceFields\n    }\n  }\n": types.CreateBlocklistSourceDocument,
    "\n  mutation UpdateBlocklistSource($id: ID!, $input: BlocklistSourceInput!) {\n    updateBlocklistSource(id: $id, input: $input) {\n      ...BlocklistSourceFields\n    }\n  }\n": types.UpdateBlocklistSourceDocument,
    "\n  mutation DeleteBlocklistSource($id: ID!) {\n    deleteBlocklistSource(id: $id)\n  }\n": types.DeleteBlocklistSourceDocument,
    "\n  mutation ImportBlocklist($sourceId: ID!, $dryRun: Boolean!) {\n    importBlocklist(sourceId: $sourceId, dryRun: $dryRun) {\n      ...ImportRunDetailFields\n    }\n  }\n": types.ImportBlocklistDocument,
    "\n  subscription ImportProgress($runId: ID!) {\n    importProgress(runId: $runId) {\n      ...ImportRunDetailFields\n    }\n  }\n": types.ImportProgressDocument,
    "\n  fragment UserFields on User {\n    id\n    username\n    role\n    createdAt\n  }\n": types.UserFieldsFragmentDoc,
    "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($username: String!, $password: String!, $role: Role!) {\n    createUser(username: $username, password: $password, role: $role) {\n      ...UserFields\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": types.DeleteUserDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n": types.RevokeApiTokenDocument,
    "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      id\n      at\n      actor\n      action\n      target\n      outcome\n    }\n  }\n": types.AuditLogDocument,
    "\n  fragment HostFields on Host {\n    id\n    name\n    local\n    connected\n    lastSeenAt\n    agentVersion\n    fail2banVersion\n    refusal\n    tokenCreatedAt\n  }\n": types.HostFieldsFragmentDoc,
    "\n  query Hosts {\n    hosts {\n      ...HostFields\n    }\n  }\n": types.HostsDocument,
    "\n  subscription HostStatus {\n    hostStatus {\n      ...HostFields\n    }\n  }\n": types.HostStatusDocument,
    "\n  mutation AddHost($name: String!) {\n    addHost(name: $name) {\n      token\n      host {\n        ...HostFields\n      }\n    }\n  }\n": types.AddHostDocument,
    "\n  mutation RotateAgentToken($id: ID!) {\n    rotateAgentToken(id: $id) {\n      token\n      host {\n        ...HostFields\n      }\n    }\n  }\n": types.RotateAgentTokenDocument,
    "\n  mutation RemoveHost($id: ID!) {\n    removeHost(id: $id)\n  }\n": types.RemoveHostDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment IgnoreEntryFields on IgnoreEntry {\n    network\n    comment\n    expiresAt\n    addedBy\n    addedAt\n  }\n"): (typeof documents)["\n  fragment IgnoreEntryFields on IgnoreEntry {\n    network\n    comment\n    expiresAt\n    addedBy\n    addedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JailDetailFields on Jail {\n    ...JailFields\n    filter\n    bannedIps\n    logPaths\n    actions\n    ignoreList {\n      ...IgnoreEntryFields\n    }\n    settingSources {\n      setting\n      value\n      file\n      section\n      managedByBangui\n    }\n  }\n"): (typeof documents)["\n  fragment JailDetailFields on Jail {\n    ...JailFields\n    filter\n    bannedIps\n    logPaths\n    actions\n    ignoreList {\n      ...IgnoreEntryFields\n    }\n    settingSources {\n      setting\n      value\n      file\n      section\n      managedByBangui\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jail($name: String!, $host: String) {\n    jail(name: $name, host: $host) {\n      ...JailDetailFields\n    }\n  }\n"): (typeof documents)["\n  query Jail($name: String!, $host: String) {\n    jail(name: $name, host: $host) {\n      ...JailDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JailLogPaths {\n    jails {\n      name\n      host\n      logPaths\n    }\n  }\n"): (typeof documents)["\n  query JailLogPaths {\n    jails {\n      name\n      host\n      logPaths\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetJailEnabled($name: String!, $enabled: Boolean!, $host: String) {\n    setJailEnabled(name: $name, enabled: $enabled, host: $host) {\n      ...JailDetailFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetJailEnabled($name: String!, $enabled: Boolean!, $host: String) {\n    setJailEnabled(name: $name, enabled: $enabled, host: $host) {\n      ...JailDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteJail($name: String!, $host: String) {\n    deleteJail(name: $name, host: $host)\n  }\n"): (typeof documents)["\n  mutation DeleteJail($name: String!, $host: String) {\n    deleteJail(name: $name, host: $host)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateJail($input: JailInput!, $host: String) {\n    createJail(input: $input, host: $host) {\n      ...JailFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateJail($input: JailInput!, $host: String) {\n    createJail(input: $input, host: $host) {\n      ...JailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Filters($host: String) {\n    filters(host: $host) {\n      name\n      failRegex\n      ignoreRegex\n      datePattern\n    }\n  }\n"): (typeof documents)["\n  query Filters($host: String) {\n    filters(host: $host) {\n      name\n      failRegex\n      ignoreRegex\n      datePattern\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestFilter($input: FilterTestInput!, $host: String) {\n    testFilter(input: $input, host: $host) {\n      linesTested\n      matched\n      ignored\n      missed\n      matches {\n        lineNumber\n        line\n        ip\n        at\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestFilter($input: FilterTestInput!, $host: String) {\n    testFilter(input: $input, host: $host) {\n      linesTested\n      matched\n      ignored\n      missed\n      matches {\n        lineNumber\n        line\n        ip\n        at\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Allowlist($host: String) {\n    allowlist(host: $host) {\n      ...IgnoreEntryFields\n    }\n  }\n"): (typeof documents)["\n  query Allowlist($host: String) {\n    allowlist(host: $host) {\n      ...IgnoreEntryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddAllowlistEntry($ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {\n    addAllowlistEntry(ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {\n      ...IgnoreEntryFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddAllowlistEntry($ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {\n    addAllowlistEntry(ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {\n      ...IgnoreEntryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveAllowlistEntry($ip: String!, $host: String) {\n    removeAllowlistEntry(ip: $ip, host: $host)\n  }\n"): (typeof documents)["\n  mutation RemoveAllowlistEntry($ip: String!, $host: String) {\n    removeAllowlistEntry(ip: $ip, host: $host)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConfigChanges($first: Int, $after: String, $last: Int, $before: String) {\n    configChanges(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      nodes {\n        id\n        at\n        actor\n        host\n        file\n        diff\n        applied\n        error\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConfigChanges($first: Int, $after: String, $last: Int, $before: String) {\n    configChanges(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      nodes {\n        id\n        at\n        actor\n        host\n        file\n        diff\n        applied\n        error\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConfigChanged {\n    configChanged {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription ConfigChanged {\n    configChanged {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryFields on Delivery {\n    id\n    status\n    attempts\n    error\n    createdAt\n    deliveredAt\n  }\n"): (typeof documents)["\n  fragment DeliveryFields on Delivery {\n    id\n    status\n    attempts\n    error\n    createdAt\n    deliveredAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationChannelFields on NotificationChannel {\n    id\n    name\n    kind\n    target\n    enabled\n    createdAt\n    hasSecret\n    lastDelivery {\n      ...DeliveryFields\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationChannelFields on NotificationChannel {\n    id\n    name\n    kind\n    target\n    enabled\n    createdAt\n    hasSecret\n    lastDelivery {\n      ...DeliveryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationRuleFields on NotificationRule {\n    id\n    name\n    trigger\n    channels {\n      id\n      name\n    }\n    jails\n    countries\n    origins\n    hosts\n    threshold\n    windowMinutes\n    period\n    enabled\n  }\n"): (typeof documents)["\n  fragment NotificationRuleFields on NotificationRule {\n    id\n    name\n    trigger\n    channels {\n      id\n      name\n    }\n    jails\n    countries\n    origins\n    hosts\n    threshold\n    windowMinutes\n    period\n    enabled\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationChannels {\n    notificationChannels {\n      ...NotificationChannelFields\n    }\n  }\n"): (typeof documents)["\n  query NotificationChannels {\n    notificationChannels {\n      ...NotificationChannelFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationRules {\n    notificationRules {\n      ...NotificationRuleFields\n    }\n  }\n"): (typeof documents)["\n  query NotificationRules {\n    notificationRules {\n      ...NotificationRuleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Deliveries($first: Int, $after: String, $last: Int, $before: String, $status: DeliveryStatus) {\n    deliveries(first: $first, after: $after, last: $last, before: $before, status: $status) {\n      totalCount\n      nodes {\n        ...DeliveryFields\n        trigger\n        channel {\n          id\n          name\n          kind\n        }\n        rule {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Deliveries($first: Int, $after: String, $last: Int, $before: String, $status: DeliveryStatus) {\n    deliveries(first: $first, after: $after, last: $last, before: $before, status: $status) {\n      totalCount\n      nodes {\n        ...DeliveryFields\n        trigger\n        channel {\n          id\n          name\n          kind\n        }\n        rule {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentDeliveries($first: Int) {\n    deliveries(first: $first) {\n      nodes {\n        ...DeliveryFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentDeliveries($first: Int) {\n    deliveries(first: $first) {\n      nodes {\n        ...DeliveryFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateNotificationChannel($input: NotificationChannelInput!) {\n    createNotificationChannel(input: $input) {\n      ...NotificationChannelFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateNotificationChannel($input: NotificationChannelInput!) {\n    createNotificationChannel(input: $input) {\n      ...NotificationChannelFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationChannel($id: ID!, $input: NotificationChannelInput!) {\n    updateNotificationChannel(id: $id, input: $input) {\n      ...NotificationChannelFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNotificationChannel($id: ID!, $input: NotificationChannelInput!) {\n    updateNotificationChannel(id: $id, input: $input) {\n      ...NotificationChannelFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteNotificationChannel($id: ID!) {\n    deleteNotificationChannel(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteNotificationChannel($id: ID!) {\n    deleteNotificationChannel(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestNotificationChannel($id: ID!) {\n    testNotificationChannel(id: $id) {\n      ...DeliveryFields\n    }\n  }\n"): (typeof documents)["\n  mutation TestNotificationChannel($id: ID!) {\n    testNotificationChannel(id: $id) {\n      ...DeliveryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateNotificationRule($input: NotificationRuleInput!) {\n    createNotificationRule(input: $input) {\n      ...NotificationRuleFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateNotificationRule($input: NotificationRuleInput!) {\n    createNotificationRule(input: $input) {\n      ...NotificationRuleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationRule($id: ID!, $input: NotificationRuleInput!) {\n    updateNotificationRule(id: $id, input: $input) {\n      ...NotificationRuleFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNotificationRule($id: ID!, $input: NotificationRuleInput!) {\n    updateNotificationRule(id: $id, input: $input) {\n      ...NotificationRuleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteNotificationRule($id: ID!) {\n    deleteNotificationRule(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteNotificationRule($id: ID!) {\n    deleteNotificationRule(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Session {\n    setupRequired\n    viewer {\n      id\n      username\n      role\n    }\n  }\n"): (typeof documents)["\n  query Session {\n    setupRequired\n    viewer {\n      id\n      username\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Setup($username: String!, $password: String!) {\n    setup(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Setup($username: String!, $password: String!) {\n    setup(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Fail2banStatus {\n    fail2banStatus {\n      reachable\n      checkedAt\n    }\n  }\n"): (typeof documents)["\n  subscription Fail2banStatus {\n    fail2banStatus {\n      reachable\n      checkedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JailNames {\n    jails {\n      name\n      host\n    }\n  }\n"): (typeof documents)["\n  query JailNames {\n    jails {\n      name\n      host\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($since: DateTime, $jail: String, $host: String) {\n    dashboard(since: $since, jail: $jail, host: $host) {\n      summary {\n        totalBans\n        uniqueIps\n        activeBans\n        countries\n      }\n      bansByCountry {\n        country {\n          code\n          name\n        }\n        count\n        uniqueIps\n      }\n      banTrend(bucket: AUTO) {\n        start\n        count\n      }\n      bansByJail {\n        jail\n        count\n      }\n      bansByHost {\n        host\n        count\n      }\n      topIps(limit: 10) {\n        ip\n        count\n        country {\n          code\n          name\n        }\n        lastBannedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard($since: DateTime, $jail: String, $host: String) {\n    dashboard(since: $since, jail: $jail, host: $host) {\n      summary {\n        totalBans\n        uniqueIps\n        activeBans\n        countries\n      }\n      bansByCountry {\n        country {\n          code\n          name\n        }\n        count\n        uniqueIps\n      }\n      banTrend(bucket: AUTO) {\n        start\n        count\n      }\n      bansByJail {\n        jail\n        count\n      }\n      bansByHost {\n        host\n        count\n      }\n      topIps(limit: 10) {\n        ip\n        count\n        country {\n          code\n          name\n        }\n        lastBannedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BanEvents($filter: BanEventFilter, $after: String, $last: Int) {\n    banEvents(filter: $filter, after: $after, last: $last) {\n      cursor\n      kind\n      ip\n      jail\n      at\n      origin\n      host\n      country {\n        code\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription BanEvents($filter: BanEventFilter, $after: String, $last: Int) {\n    banEvents(filter: $filter, after: $after, last: $last) {\n      cursor\n      kind\n      ip\n      jail\n      at\n      origin\n      host\n      country {\n        code\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardChanged($jail: String, $host: String) {\n    dashboardChanged(jail: $jail, host: $host) {\n      at\n      bans\n      unbans\n    }\n  }\n"): (typeof documents)["\n  subscription DashboardChanged($jail: String, $host: String) {\n    dashboardChanged(jail: $jail, host: $host) {\n      at\n      bans\n      unbans\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Bans($first: Int, $after: String, $last: Int, $before: String, $filter: BanFilter) {\n    bans(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      nodes {\n        id\n        ip\n        jail\n        bannedAt\n        banTime\n        expiresAt\n        banCount\n        active\n        origin\n        host\n        country {\n          code\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Bans($first: Int, $after: String, $last: Int, $before: String, $filter: BanFilter) {\n    bans(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      nodes {\n        id\n        ip\n        jail\n        bannedAt\n        banTime\n        expiresAt\n        banCount\n        active\n        origin\n        host\n        country {\n          code\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IpInfo($ip: String!) {\n    ipInfo(ip: $ip) {\n      ip\n      country {\n        code\n        name\n      }\n      asn {\n        number\n        name\n      }\n      bannedIn\n      coveringBans {\n        id\n        ip\n        jail\n        expiresAt\n      }\n      history(first: 20) {\n        nodes {\n          id\n          jail\n          host\n          bannedAt\n          banTime\n          active\n          origin\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query IpInfo($ip: String!) {\n    ipInfo(ip: $ip) {\n      ip\n      country {\n        code\n        name\n      }\n      asn {\n        number\n        name\n      }\n      bannedIn\n      coveringBans {\n        id\n        ip\n        jail\n        expiresAt\n      }\n      history(first: 20) {\n        nodes {\n          id\n          jail\n          host\n          bannedAt\n          banTime\n          active\n          origin\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unban($ip: String!, $jail: String, $host: String) {\n    unbanIp(ip: $ip, jail: $jail, host: $host) {\n      ip\n      jails\n    }\n  }\n"): (typeof documents)["\n  mutation Unban($ip: String!, $jail: String, $host: String) {\n    unbanIp(ip: $ip, jail: $jail, host: $host) {\n      ip\n      jails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnbanMany($ips: [String!]!, $jail: String, $host: String) {\n    unbanIps(ips: $ips, jail: $jail, host: $host) {\n      unbanned\n      notBanned\n      invalid\n    }\n  }\n"): (typeof documents)["\n  mutation UnbanMany($ips: [String!]!, $jail: String, $host: String) {\n    unbanIps(ips: $ips, jail: $jail, host: $host) {\n      unbanned\n      notBanned\n      invalid\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Ban($jail: String!, $ip: String!, $host: String) {\n    banIp(jail: $jail, ip: $ip, host: $host) {\n      jail\n      ip\n      alreadyBanned\n      host\n    }\n  }\n"): (typeof documents)["\n  mutation Ban($jail: String!, $ip: String!, $host: String) {\n    banIp(jail: $jail, ip: $ip, host: $host) {\n      jail\n      ip\n      alreadyBanned\n      host\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JailFields on Jail {\n    name\n    host\n    running\n    currentlyFailed\n    totalFailed\n    currentlyBanned\n    totalBanned\n    banTime\n    findTime\n    maxRetry\n    ignoreIps\n    enabled\n    managed\n  }\n"): (typeof documents)["\n  fragment JailFields on Jail {\n    name\n    host\n    running\n    currentlyFailed\n    totalFailed\n    currentlyBanned\n    totalBanned\n    banTime\n    findTime\n    maxRetry\n    ignoreIps\n    enabled\n    managed\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jails($host: String) {\n    jails(host: $host) {\n      ...JailFields\n    }\n  }\n"): (typeof documents)["\n  query Jails($host: String) {\n    jails(host: $host) {\n      ...JailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateJail($name: String!, $input: JailSettingsInput!, $host: String) {\n    updateJail(name: $name, input: $input, host: $host) {\n      ...JailFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateJail($name: String!, $input: JailSettingsInput!, $host: String) {\n    updateJail(name: $name, input: $input, host: $host) {\n      ...JailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddIgnoreIp($jail: String!, $ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {\n    addIgnoreIp(jail: $jail, ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {\n      ...JailFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddIgnoreIp($jail: String!, $ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {\n    addIgnoreIp(jail: $jail, ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {\n      ...JailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveIgnoreIp($jail: String!, $ip: String!, $host: String) {\n    removeIgnoreIp(jail: $jail, ip: $ip, host: $host) {\n      ...JailFields\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveIgnoreIp($jail: String!, $ip: String!, $host: String) {\n    removeIgnoreIp(jail: $jail, ip: $ip, host: $host) {\n      ...JailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartJail($name: String!, $host: String) {\n    startJail(name: $name, host: $host) {\n      ...JailFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartJail($name: String!, $host: String) {\n    startJail(name: $name, host: $host) {\n      ...JailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopJail($name: String!, $host: String) {\n    stopJail(name: $name, host: $host)\n  }\n"): (typeof documents)["\n  mutation StopJail($name: String!, $host: String) {\n    stopJail(name: $name, host: $host)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reload($jail: String, $host: String) {\n    reloadFail2ban(jail: $jail, host: $host)\n  }\n"): (typeof documents)["\n  mutation Reload($jail: String, $host: String) {\n    reloadFail2ban(jail: $jail, host: $host)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ImportRunFields on ImportRun {\n    id\n    status\n    dryRun\n    createdAt\n    startedAt\n    finishedAt\n    downloadedBytes\n    parsedLines\n    validIps\n    newBans\n    alreadyBanned\n    skipped\n    invalidLines\n    unbanned\n    error\n    source {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ImportRunFields on ImportRun {\n    id\n    status\n    dryRun\n    createdAt\n    startedAt\n    finishedAt\n    downloadedBytes\n    parsedLines\n    validIps\n    newBans\n    alreadyBanned\n    skipped\n    invalidLines\n    unbanned\n    error\n    source {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ImportRunDetailFields on ImportRun {\n    ...ImportRunFields\n    wouldBan\n    wouldUnban\n  }\n"): (typeof documents)["\n  fragment ImportRunDetailFields on ImportRun {\n    ...ImportRunFields\n    wouldBan\n    wouldUnban\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BlocklistSourceSettings on BlocklistSource {\n    id\n    name\n    url\n    jail\n    host\n    enabled\n    intervalMinutes\n    allowlist\n    unbanRemoved\n    createdAt\n  }\n"): (typeof documents)["\n  fragment BlocklistSourceSettings on BlocklistSource {\n    id\n    name\n    url\n    jail\n    host\n    enabled\n    intervalMinutes\n    allowlist\n    unbanRemoved\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BlocklistSourceFields on BlocklistSource {\n    ...BlocklistSourceSettings\n    lastRun {\n      ...ImportRunFields\n    }\n  }\n"): (typeof documents)["\n  fragment BlocklistSourceFields on BlocklistSource {\n    ...BlocklistSourceSettings\n    lastRun {\n      ...ImportRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BlocklistSources {\n    blocklistSources {\n      ...BlocklistSourceFields\n    }\n  }\n"): (typeof documents)["\n  query BlocklistSources {\n    blocklistSources {\n      ...BlocklistSourceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentImportSources($first: Int!) {\n    importRuns(first: $first) {\n      nodes {\n        ...ImportRunFields\n        source {\n          ...BlocklistSourceSettings\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentImportSources($first: Int!) {\n    importRuns(first: $first) {\n      nodes {\n        ...ImportRunFields\n        source {\n          ...BlocklistSourceSettings\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportRuns($first: Int, $after: String, $last: Int, $before: String, $sourceId: ID) {\n    importRuns(first: $first, after: $after, last: $last, before: $before, sourceId: $sourceId) {\n      nodes {\n        ...ImportRunFields\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ImportRuns($first: Int, $after: String, $last: Int, $before: String, $sourceId: ID) {\n    importRuns(first: $first, after: $after, last: $last, before: $before, sourceId: $sourceId) {\n      nodes {\n        ...ImportRunFields\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportRun($id: ID!) {\n    importRun(id: $id) {\n      ...ImportRunDetailFields\n    }\n  }\n"): (typeof documents)["\n  query ImportRun($id: ID!) {\n    importRun(id: $id) {\n      ...ImportRunDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBlocklistSource($input: BlocklistSourceInput!) {\n    createBlocklistSource(input: $input) {\n      ...BlocklistSourceFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateBlocklistSource($input: BlocklistSourceInput!) {\n    createBlocklistSource(input: $input) {\n      ...BlocklistSourceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateBlocklistSource($id: ID!, $input: BlocklistSourceInput!) {\n    updateBlocklistSource(id: $id, input: $input) {\n      ...BlocklistSourceFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateBlocklistSource($id: ID!, $input: BlocklistSourceInput!) {\n    updateBlocklistSource(id: $id, input: $input) {\n      ...BlocklistSourceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteBlocklistSource($id: ID!) {\n    deleteBlocklistSource(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteBlocklistSource($id: ID!) {\n    deleteBlocklistSource(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportBlocklist($sourceId: ID!, $dryRun: Boolean!) {\n    importBlocklist(sourceId: $sourceId, dryRun: $dryRun) {\n      ...ImportRunDetailFields\n    }\n  }\n"): (typeof documents)["\n  mutation ImportBlocklist($sourceId: ID!, $dryRun: Boolean!) {\n    importBlocklist(sourceId: $sourceId, dryRun: $dryRun) {\n      ...ImportRunDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ImportProgress($runId: ID!) {\n    importProgress(runId: $runId) {\n      ...ImportRunDetailFields\n    }\n  }\n"): (typeof documents)["\n  subscription ImportProgress($runId: ID!) {\n    importProgress(runId: $runId) {\n      ...ImportRunDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    username\n    role\n    createdAt\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    username\n    role\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($username: String!, $password: String!, $role: Role!) {\n    createUser(username: $username, password: $password, role: $role) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($username: String!, $password: String!, $role: Role!) {\n    createUser(username: $username, password: $password, role: $role) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiToken(name: $name, role: $role, expiresAt: $expiresAt) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      id\n      at\n      actor\n      action\n      target\n      outcome\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      id\n      at\n      actor\n      action\n      target\n      outcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HostFields on Host {\n    id\n    name\n    local\n    connected\n    lastSeenAt\n    agentVersion\n    fail2banVersion\n    refusal\n    tokenCreatedAt\n  }\n"): (typeof documents)["\n  fragment HostFields on Host {\n    id\n    name\n    local\n    connected\n    lastSeenAt\n    agentVersion\n    fail2banVersion\n    refusal\n    tokenCreatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Hosts {\n    hosts {\n      ...HostFields\n    }\n  }\n"): (typeof documents)["\n  query Hosts {\n    hosts {\n      ...HostFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HostStatus {\n    hostStatus {\n      ...HostFields\n    }\n  }\n"): (typeof documents)["\n  subscription HostStatus {\n    hostStatus {\n      ...HostFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddHost($name: String!) {\n    addHost(name: $name) {\n      token\n      host {\n        ...HostFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddHost($name: String!) {\n    addHost(name: $name) {\n      token\n      host {\n        ...HostFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateAgentToken($id: ID!) {\n    rotateAgentToken(id: $id) {\n      token\n      host {\n        ...HostFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateAgentToken($id: ID!) {\n    rotateAgentToken(id: $id) {\n      token\n      host {\n        ...HostFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveHost($id: ID!) {\n    removeHost(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveHost($id: ID!) {\n    removeHost(id: $id)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;