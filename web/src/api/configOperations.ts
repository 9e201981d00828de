// The GraphQL operations of fail2ban's lasting configuration: one jail in full, jails created and
// deleted, filters and their tests, the allowlist and the history of configuration changes.
import { graphql } from '../gql';

export const IgnoreEntryFields = graphql(`
  fragment IgnoreEntryFields on IgnoreEntry {
    network
    comment
    expiresAt
    addedBy
    addedAt
  }
`);

export const JailDetailFields = graphql(`
  fragment JailDetailFields on Jail {
    ...JailFields
    filter
    bannedIps
    logPaths
    actions
    ignoreList {
      ...IgnoreEntryFields
    }
    settingSources {
      setting
      value
      file
      section
      managedByBangui
    }
  }
`);

export const JailQuery = graphql(`
  query Jail($name: String!, $host: String) {
    jail(name: $name, host: $host) {
      ...JailDetailFields
    }
  }
`);

export const JailLogPathsQuery = graphql(`
  query JailLogPaths {
    jails {
      name
      host
      logPaths
    }
  }
`);

export const SetJailEnabledMutation = graphql(`
  mutation SetJailEnabled($name: String!, $enabled: Boolean!, $host: String) {
    setJailEnabled(name: $name, enabled: $enabled, host: $host) {
      ...JailDetailFields
    }
  }
`);

export const DeleteJailMutation = graphql(`
  mutation DeleteJail($name: String!, $host: String) {
    deleteJail(name: $name, host: $host)
  }
`);

export const CreateJailMutation = graphql(`
  mutation CreateJail($input: JailInput!, $host: String) {
    createJail(input: $input, host: $host) {
      ...JailFields
    }
  }
`);

export const FiltersQuery = graphql(`
  query Filters($host: String) {
    filters(host: $host) {
      name
      failRegex
      ignoreRegex
      datePattern
    }
  }
`);

export const TestFilterQuery = graphql(`
  query TestFilter($input: FilterTestInput!, $host: String) {
    testFilter(input: $input, host: $host) {
      linesTested
      matched
      ignored
      missed
      matches {
        lineNumber
        line
        ip
        at
      }
    }
  }
`);

export const AllowlistQuery = graphql(`
  query Allowlist($host: String) {
    allowlist(host: $host) {
      ...IgnoreEntryFields
    }
  }
`);

export const AddAllowlistEntryMutation = graphql(`
  mutation AddAllowlistEntry($ip: String!, $comment: String, $expiresAt: DateTime, $host: String) {
    addAllowlistEntry(ip: $ip, comment: $comment, expiresAt: $expiresAt, host: $host) {
      ...IgnoreEntryFields
    }
  }
`);

export const RemoveAllowlistEntryMutation = graphql(`
  mutation RemoveAllowlistEntry($ip: String!, $host: String) {
    removeAllowlistEntry(ip: $ip, host: $host)
  }
`);

export const ConfigChangesQuery = graphql(`
  query ConfigChanges($first: Int, $after: String, $last: Int, $before: String) {
    configChanges(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      nodes {
        id
        at
        actor
        host
        file
        diff
        applied
        error
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

export const ConfigChangedSubscription = graphql(`
  subscription ConfigChanged {
    configChanged {
      id
    }
  }
`);
