// The GraphQL operations of notifications: channels and their test messages, rules, and the delivery log.
import { graphql } from '../gql';

export const DeliveryFields = graphql(`
  fragment DeliveryFields on Delivery {
    id
    status
    attempts
    error
    createdAt
    deliveredAt
  }
`);

export const NotificationChannelFields = graphql(`
  fragment NotificationChannelFields on NotificationChannel {
    id
    name
    kind
    target
    enabled
    createdAt
    hasSecret
    lastDelivery {
      ...DeliveryFields
    }
  }
`);

export const NotificationRuleFields = graphql(`
  fragment NotificationRuleFields on NotificationRule {
    id
    name
    trigger
    channels {
      id
      name
    }
    jails
    countries
    origins
    hosts
    threshold
    windowMinutes
    period
    enabled
  }
`);

export const NotificationChannelsQuery = graphql(`
  query NotificationChannels {
    notificationChannels {
      ...NotificationChannelFields
    }
  }
`);

export const NotificationRulesQuery = graphql(`
  query NotificationRules {
    notificationRules {
      ...NotificationRuleFields
    }
  }
`);

export const DeliveriesQuery = graphql(`
  query Deliveries($first: Int, $after: String, $last: Int, $before: String, $status: DeliveryStatus) {
    deliveries(first: $first, after: $after, last: $last, before: $before, status: $status) {
      totalCount
      nodes {
        ...DeliveryFields
        trigger
        channel {
          id
          name
          kind
        }
        rule {
          id
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

/** The newest deliveries, read again and again while test messages are on their way. */
export const RecentDeliveriesQuery = graphql(`
  query RecentDeliveries($first: Int) {
    deliveries(first: $first) {
      nodes {
        ...DeliveryFields
      }
    }
  }
`);

export const CreateNotificationChannelMutation = graphql(`
  mutation CreateNotificationChannel($input: NotificationChannelInput!) {
    createNotificationChannel(input: $input) {
      ...NotificationChannelFields
    }
  }
`);

export const UpdateNotificationChannelMutation = graphql(`
  mutation UpdateNotificationChannel($id: ID!, $input: NotificationChannelInput!) {
    updateNotificationChannel(id: $id, input: $input) {
      ...NotificationChannelFields
    }
  }
`);

export const DeleteNotificationChannelMutation = graphql(`
  mutation DeleteNotificationChannel($id: ID!) {
    deleteNotificationChannel(id: $id)
  }
`);

export const TestNotificationChannelMutation = graphql(`
  mutation TestNotificationChannel($id: ID!) {
    testNotificationChannel(id: $id) {
      ...DeliveryFields
    }
  }
`);

export const CreateNotificationRuleMutation = graphql(`
  mutation CreateNotificationRule($input: NotificationRuleInput!) {
    createNotificationRule(input: $input) {
      ...NotificationRuleFields
    }
  }
`);

export const UpdateNotificationRuleMutation = graphql(`
  mutation UpdateNotificationRule($id: ID!, $input: NotificationRuleInput!) {
    updateNotificationRule(id: $id, input: $input) {
      ...NotificationRuleFields
    }
  }
`);

export const DeleteNotificationRuleMutation = graphql(`
  mutation DeleteNotificationRule($id: ID!) {
    deleteNotificationRule(id: $id)
  }
`);
