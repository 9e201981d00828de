// /hosts: every fail2ban host with its agent's connection, kept live; ADMINs add hosts (their agent
// token shown once, with how to start the agent), give them new tokens and remove them.
import { useState } from 'react';
import { Text, Title2 } from '@fluentui/react-components';
import { isAdmin } from '../lib/roles';
import { useViewer } from '../app/ViewerContext';
import { AddHostForm } from '../hosts/AddHostForm';
import { EnrollmentDialog } from '../hosts/EnrollmentDialog';
import type { Enrollment } from '../hosts/EnrollmentDialog';
import { HostsTable } from '../hosts/HostsTable';
import { useLiveHosts } from '../hosts/useHosts';
import { Panel } from '../components/Panel';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';
import { useNow } from '../components/useNow';

/** How often the last-seen times are worked out again. */
const AGE_TICK_MS = 30_000;

export function HostsPage() {
  const { role } = useViewer();
  const admin = isAdmin(role);
  const [{ data, fetching, error }, refetch] = useLiveHosts();
  const now = useNow(AGE_TICK_MS);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  // A new form after each host, so no state keeps the token once its dialog closes.
  const [formKey, setFormKey] = useState(0);
  const hosts = data?.hosts ?? [];

  const onAdded = (host: string, token: string) => {
    setNotice(null);
    setEnrollment({ host, token, added: true });
    setFormKey((n) => n + 1);
  };

  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        Hosts
      </Title2>
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      {admin && (
        <Panel title="Add a host">
          <AddHostForm key={formKey} onAdded={onAdded} focusName={formKey > 0 && enrollment === null} />
          <Text size={200}>
            A host runs <code>bangui agent</code> beside its fail2ban; the agent connects to this BanGUI with the token shown once the host
            is added.
          </Text>
        </Panel>
      )}
      <Panel title="Hosts">
        {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
        {fetching && !data && <LoadingView label="Loading hosts…" />}
        {data && hosts.length === 0 && <EmptyState>No fail2ban hosts.</EmptyState>}
        {hosts.length > 0 && (
          <HostsTable
            hosts={hosts}
            admin={admin}
            now={now}
            onRotated={(host, token) => setEnrollment({ host, token, added: false })}
            onDone={setNotice}
          />
        )}
      </Panel>
      <EnrollmentDialog enrollment={enrollment} onClose={() => setEnrollment(null)} />
    </>
  );
}
