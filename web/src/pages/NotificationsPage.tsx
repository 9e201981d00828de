// /notifications (ADMIN): where messages go (channels, each with a test message followed until it
// is delivered or failed), what they tell about which events (rules), and the delivery log.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Button, Field, Select, Text, Title2, makeStyles, tokens, useRestoreFocusTarget } from '@fluentui/react-components';
import {
  DeleteNotificationChannelMutation,
  DeleteNotificationRuleMutation,
  NotificationChannelsQuery,
  NotificationRulesQuery,
  TestNotificationChannelMutation,
} from '../api/notificationOperations';
import { JailNamesQuery } from '../api/operations';
import { errorMessage } from '../api/errors';
import type { DeliveryStatus } from '../gql/graphql';
import { DELIVERY_STATUSES, STATUS_LABELS, TEST_MAX_POLLS, TEST_POLL_MS } from '../lib/deliveries';
import type { TestDelivery } from '../lib/deliveries';
import { ChannelsTable } from '../notifications/ChannelsTable';
import type { Channel } from '../notifications/ChannelsTable';
import { CHANNEL_CONTEXT, ChannelFormDialog } from '../notifications/ChannelFormDialog';
import { RulesTable } from '../notifications/RulesTable';
import type { Rule } from '../notifications/RulesTable';
import { RULE_CONTEXT, RuleFormDialog } from '../notifications/RuleFormDialog';
import { DeliveryLog } from '../notifications/DeliveryLog';
import { useTestDeliveries } from '../notifications/useTestDeliveries';
import { useHosts } from '../hosts/useHosts';
import { Panel } from '../components/Panel';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useConfirmedAction } from '../components/useConfirmedAction';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between' },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', justifyContent: 'space-between' },
  note: { color: tokens.colorNeutralForeground3 },
  filter: { minWidth: '200px', maxWidth: '320px' },
});

/** Deleting a channel takes it out of the rules too; deleting either changes what the log names. */
const DELETE_CONTEXT = { additionalTypenames: ['NotificationChannel', 'NotificationRule', 'Delivery'] };

/** What the page says once a test message settled, or was waited for long enough. */
function testOutcome({ channelName, delivery }: TestDelivery): NoticeValue {
  if (delivery.status === 'DELIVERED') return { ok: true, message: `The test message to ${channelName} was delivered.` };
  if (delivery.status === 'FAILED') {
    return { ok: false, message: `The test message to ${channelName} failed: ${delivery.error ?? 'no reason was given'}` };
  }
  const waited = (TEST_MAX_POLLS * TEST_POLL_MS) / 1000;
  return {
    ok: false,
    message: `The test message to ${channelName} is still ${STATUS_LABELS[delivery.status]} after ${waited} s; the delivery log shows how it ends.`,
  };
}

interface Editor<T> {
  open: boolean;
  value: T | null;
  opening: number;
}

function useEditor<T>() {
  const [editor, setEditor] = useState<Editor<T>>({ open: false, value: null, opening: 0 });
  return {
    ...editor,
    edit: (value: T | null) => setEditor((current) => ({ open: true, value, opening: current.opening + 1 })),
    close: () => setEditor((current) => ({ ...current, open: false })),
  };
}

export function NotificationsPage() {
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  const [channelsAnswer, refetchChannels] = useQuery({ query: NotificationChannelsQuery, context: CHANNEL_CONTEXT });
  const [rulesAnswer, refetchRules] = useQuery({ query: NotificationRulesQuery, context: RULE_CONTEXT });
  const [{ data: jailData }] = useQuery({ query: JailNamesQuery });
  const hosts = useHosts();
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [refreshes, setRefreshes] = useState(0);
  const [logStatus, setLogStatus] = useState<DeliveryStatus | ''>('');
  const channelEditor = useEditor<Channel>();
  const ruleEditor = useEditor<Rule>();
  const [tested, testChannel] = useMutation(TestNotificationChannelMutation);
  const [channelDeleted, deleteChannel] = useMutation(DeleteNotificationChannelMutation);
  const [ruleDeleted, deleteRule] = useMutation(DeleteNotificationRuleMutation);

  const refresh = () => {
    refetchChannels({ requestPolicy: 'network-only' });
    refetchRules({ requestPolicy: 'network-only' });
    setRefreshes((n) => n + 1);
  };
  const tests = useTestDeliveries((test) => {
    setNotice(testOutcome(test));
    refetchChannels({ requestPolicy: 'network-only' });
    setRefreshes((n) => n + 1);
  });
  const channelDeletion = useConfirmedAction<Channel>({
    run: ({ id }) => deleteChannel({ id }, DELETE_CONTEXT),
    name: (channel) => channel.name,
    done: 'deleted',
    onDone: setNotice,
  });
  const ruleDeletion = useConfirmedAction<Rule>({
    run: ({ id }) => deleteRule({ id }, DELETE_CONTEXT),
    name: (rule) => rule.name,
    done: 'deleted',
    onDone: setNotice,
  });

  const sendTest = async (channel: Channel) => {
    const result = await testChannel({ id: channel.id });
    const delivery = result.data?.testNotificationChannel;
    if (!delivery) return setNotice({ ok: false, message: `No test message was sent to ${channel.name}: ${errorMessage(result.error)}` });
    setNotice(null);
    tests.follow(channel, delivery);
  };
  const saved = (close: () => void) => (message: string) => {
    close();
    setNotice({ ok: true, message });
  };

  const channels = channelsAnswer.data?.notificationChannels ?? null;
  const rules = rulesAnswer.data?.notificationRules ?? null;
  const jails = [...new Set((jailData?.jails ?? []).map((jail) => jail.name))].sort();

  return (
    <>
      <div className={styles.head}>
        <Title2 as="h1" style={{ margin: 0 }}>
          Notifications
        </Title2>
        <Button onClick={refresh}>Refresh</Button>
      </div>
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      <Panel title="Channels">
        <div className={styles.toolbar}>
          <Text className={styles.note}>Where messages go: webhooks, Slack, Discord, ntfy, Gotify. Secrets are never shown.</Text>
          <Button appearance="primary" {...restoreFocus} onClick={() => channelEditor.edit(null)}>
            Add a channel
          </Button>
        </div>
        {channelsAnswer.error && (
          <ErrorView error={channelsAnswer.error} onRetry={() => refetchChannels({ requestPolicy: 'network-only' })} />
        )}
        {channelsAnswer.fetching && !channels && <LoadingView label="Loading the channels…" />}
        {channels && channels.length === 0 && <EmptyState>No notification channels yet.</EmptyState>}
        {channels && channels.length > 0 && (
          <ChannelsTable
            channels={channels}
            tests={tests.byChannel}
            busy={tested.fetching}
            onTest={sendTest}
            onEdit={channelEditor.edit}
            onDelete={channelDeletion.ask}
          />
        )}
      </Panel>
      <Panel title="Rules">
        <div className={styles.toolbar}>
          <Text className={styles.note}>What to tell, about which events, to which channels.</Text>
          <Button appearance="primary" {...restoreFocus} onClick={() => ruleEditor.edit(null)}>
            Add a rule
          </Button>
        </div>
        {rulesAnswer.error && <ErrorView error={rulesAnswer.error} onRetry={() => refetchRules({ requestPolicy: 'network-only' })} />}
        {rulesAnswer.fetching && !rules && <LoadingView label="Loading the rules…" />}
        {rules && rules.length === 0 && <EmptyState>No notification rules yet.</EmptyState>}
        {rules && rules.length > 0 && <RulesTable rules={rules} onEdit={ruleEditor.edit} onDelete={ruleDeletion.ask} />}
      </Panel>
      <Panel title="Delivery log">
        <Field label="Status" className={styles.filter}>
          <Select value={logStatus} onChange={(_, d) => setLogStatus(d.value as DeliveryStatus | '')}>
            <option value="">All statuses</option>
            {DELIVERY_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </Select>
        </Field>
        <DeliveryLog key={logStatus} status={logStatus || null} refreshes={refreshes} />
      </Panel>
      <ChannelFormDialog
        open={channelEditor.open}
        opening={channelEditor.opening}
        channel={channelEditor.value}
        onClose={channelEditor.close}
        onSaved={saved(channelEditor.close)}
      />
      <RuleFormDialog
        open={ruleEditor.open}
        opening={ruleEditor.opening}
        rule={ruleEditor.value}
        channels={channels ?? []}
        jails={jails}
        hosts={hosts.map((host) => host.name)}
        onClose={ruleEditor.close}
        onSaved={saved(ruleEditor.close)}
      />
      <ConfirmDialog
        open={channelDeletion.asking !== null}
        title="Delete this channel?"
        message={
          channelDeletion.shown ? `${channelDeletion.shown.name} will be deleted; the rules that send to it keep their other channels.` : ''
        }
        confirmLabel="Delete"
        busy={channelDeleted.fetching}
        onConfirm={channelDeletion.confirm}
        onCancel={channelDeletion.cancel}
      />
      <ConfirmDialog
        open={ruleDeletion.asking !== null}
        title="Delete this rule?"
        message={ruleDeletion.shown ? `The rule ${ruleDeletion.shown.name} will be deleted; its deliveries stay in the log.` : ''}
        confirmLabel="Delete"
        busy={ruleDeleted.fetching}
        onConfirm={ruleDeletion.confirm}
        onCancel={ruleDeletion.cancel}
      />
    </>
  );
}
