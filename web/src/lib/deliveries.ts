// Deliveries of notifications: how statuses and triggers read, and test messages followed until they settle.
import type { DeliveryFieldsFragment, DeliveryStatus, NotificationTrigger } from '../gql/graphql';

/** How often a test message's delivery is read again while it is on its way. */
export const TEST_POLL_MS = 1_000;
/** How many times it is read before the page stops waiting (about 30 s). */
export const TEST_MAX_POLLS = 30;

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'RETRYING', 'DELIVERED', 'FAILED'];

export const STATUS_LABELS: Readonly<Record<DeliveryStatus, string>> = {
  PENDING: 'pending',
  RETRYING: 'retrying',
  DELIVERED: 'delivered',
  FAILED: 'failed',
};

export const TRIGGER_LABELS: Readonly<Record<NotificationTrigger, string>> = {
  BAN: 'ban',
  UNBAN: 'unban',
  BURST: 'burst of bans',
  FAIL2BAN_DOWN: 'fail2ban down',
  FAIL2BAN_UP: 'fail2ban up',
  IMPORT_FAILED: 'import failed',
  DIGEST: 'digest',
  TEST: 'test',
};

/** Whether a delivery has reached its end: delivered, or failed for good. */
export function isSettled(status: DeliveryStatus): boolean {
  return status === 'DELIVERED' || status === 'FAILED';
}

/** A test message sent to a channel, as the page follows it. */
export interface TestDelivery {
  channelId: string;
  channelName: string;
  delivery: DeliveryFieldsFragment;
  /** How many times its delivery was read again. */
  polls: number;
}

/** Whether the page still reads the test's delivery again. */
export function isFollowed(test: TestDelivery): boolean {
  return !isSettled(test.delivery.status) && test.polls < TEST_MAX_POLLS;
}

/**
 * The followed tests after one more read of the newest deliveries (`nodes`); `finished` are
 * those that settled or ran out of reads with it.
 */
export function advanceTests(
  tests: readonly TestDelivery[],
  nodes: readonly DeliveryFieldsFragment[],
): { tests: TestDelivery[]; finished: TestDelivery[] } {
  const finished: TestDelivery[] = [];
  const next = tests.map((test) => {
    if (!isFollowed(test)) return test;
    const delivery = nodes.find((node) => node.id === test.delivery.id) ?? test.delivery;
    const advanced = { ...test, delivery, polls: test.polls + 1 };
    if (!isFollowed(advanced)) finished.push(advanced);
    return advanced;
  });
  return { tests: next, finished };
}
