// /jails/:name (?host= for a jail of an agent host): one jail in full: state and controls, counters, a ban
// form for operators, settings and where they come from, banned addresses, filter, log files, actions and
// the ignore list. Every change goes to the jail's own host.
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { Badge, Button, Text, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { JailQuery } from '../api/configOperations';
import { JailsQuery } from '../api/operations';
import { canOperate, isAdmin } from '../lib/roles';
import { formatCount } from '../lib/format';
import { hostParam } from '../lib/hosts';
import { useViewer } from '../app/ViewerContext';
import { BanIpForm } from '../jails/BanIpForm';
import { JailControls } from '../jails/JailControls';
import { JailConfigControls } from '../jails/JailConfigControls';
import { JailSettingsForm } from '../jails/JailSettingsForm';
import { BannedAddresses } from '../jails/BannedAddresses';
import { JailFacts } from '../jails/JailFacts';
import { SettingSourcesTable } from '../jails/SettingSourcesTable';
import { JailIgnoreList } from '../jails/JailIgnoreList';
import { FilterTest } from '../jails/FilterTest';
import { FigureList } from '../components/FigureList';
import { Panel } from '../components/Panel';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'space-between' },
  title: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  controls: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  note: { color: tokens.colorNeutralForeground3 },
  heading: { ...typographyStyles.title2, margin: 0 },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: tokens.spacingHorizontalL },
});

export function JailPage() {
  const styles = useStyles();
  const { name = '' } = useParams();
  const [params] = useSearchParams();
  // Without a host, the server answers with the local host's jail of that name.
  const host = hostParam(params) ?? undefined;
  const { role } = useViewer();
  const admin = isAdmin(role);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [testing, setTesting] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({ query: JailQuery, variables: { name, host } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const client = useClient();
  // The heading takes the focus when the jail is deleted: the Delete button the
  // dialog would give it back to goes with the jail, and a keyboard user would
  // be left at the start of the document.
  const heading = useRef<HTMLHeadingElement>(null);
  const [deleted, setDeleted] = useState(false);
  useEffect(() => {
    if (deleted) heading.current?.focus();
  }, [deleted, data]);
  // Called once the confirmation dialog has closed: the controls it belongs to go with the jail.
  const onDeleted = (jailName: string) => {
    heading.current?.focus();
    setDeleted(true);
    setNotice({ ok: true, message: `Deleted the jail ${jailName}.` });
    reload();
    void client.query(JailsQuery, { host: null }, { requestPolicy: 'network-only' }).toPromise();
  };
  const jail = data?.jail;
  // These ask fail2ban; when it does not answer, the rest of the jail still arrives, with an error.
  const asked = <T,>(value: T | undefined): T | null => value ?? null;

  if (error && !data) return <ErrorView error={error} onRetry={reload} />;
  if (fetching && !data) return <LoadingView label={`Loading ${name}…`} />;
  if (!jail) {
    return (
      <>
        <h1 className={styles.heading} ref={heading} tabIndex={-1}>
          {name}
        </h1>
        {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
        <Text as="p">
          fail2ban{host ? ` on ${host}` : ''} has no jail named {name}. <Link to="/jails">All jails</Link>
        </Text>
      </>
    );
  }

  const onUnbanned = (outcome: NoticeValue) => {
    setNotice(outcome);
    reload();
  };

  return (
    <>
      <Text>
        <Link to="/jails">All jails</Link>
      </Text>
      <div className={styles.head}>
        <div className={styles.title}>
          <h1 className={styles.heading} ref={heading} tabIndex={-1}>
            {jail.name}
          </h1>
          <Badge color={jail.running ? 'success' : 'subtle'} appearance="tint">
            {jail.running ? 'running' : 'stopped'}
          </Badge>
          <Badge color={jail.enabled ? 'informative' : 'warning'} appearance="tint">
            {jail.enabled ? 'enabled' : 'disabled'}
          </Badge>
          {jail.managed && (
            <Badge color="brand" appearance="tint">
              created in BanGUI
            </Badge>
          )}
          <Text className={styles.note}>on {jail.host}</Text>
        </div>
        {admin && (
          <div className={styles.controls}>
            <JailControls jail={jail.name} host={jail.host} running={jail.running} />
            <JailConfigControls
              jail={jail.name}
              host={jail.host}
              enabled={jail.enabled}
              managed={jail.managed}
              onDeleted={() => onDeleted(jail.name)}
            />
          </div>
        )}
      </div>
      {error && <ErrorView error={error} title="Part of this could not be loaded" onRetry={reload} />}
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      <FigureList
        minWidth={120}
        size="large"
        tiles
        figures={[
          { label: 'Banned now', value: formatCount(jail.currentlyBanned) },
          { label: 'Banned in total', value: formatCount(jail.totalBanned) },
          { label: 'Failing now', value: formatCount(jail.currentlyFailed) },
          { label: 'Failures in total', value: formatCount(jail.totalFailed) },
        ]}
      />
      {canOperate(role) && jail.running && (
        <Panel title="Ban an address">
          <BanIpForm jails={[{ name: jail.name, host: jail.host }]} fixed />
        </Panel>
      )}
      <div className={styles.columns}>
        <Panel title="Settings">
          <JailSettingsForm
            jail={jail.name}
            host={jail.host}
            values={{ banTime: jail.banTime, findTime: jail.findTime, maxRetry: jail.maxRetry }}
            editable={admin}
            running={jail.running}
          />
        </Panel>
        <Panel title="Banned now">
          <BannedAddresses jail={jail.name} host={jail.host} ips={asked(jail.bannedIps)} canUnban={canOperate(role)} onUnbanned={onUnbanned} />
        </Panel>
      </div>
      <Panel title="Filter, log files and actions">
        <JailFacts filter={jail.filter} logPaths={asked(jail.logPaths)} actions={asked(jail.actions)} />
        {admin && jail.running && (
          <div>
            <Button onClick={() => setTesting((shown) => !shown)} aria-expanded={testing}>
              {testing ? 'Hide the filter test' : 'Test the filter on its log'}
            </Button>
          </div>
        )}
        {admin && testing && <FilterTest plan={{ input: { jail: jail.name }, source: 'its log files' }} host={jail.host} />}
      </Panel>
      <Panel title="Where the settings come from">
        <Text className={styles.note}>
          Each setting as the last file that sets it writes it. Settings marked “your file” come from your own fail2ban configuration, not
          from BanGUI.
        </Text>
        <SettingSourcesTable jail={jail.name} sources={jail.settingSources} />
      </Panel>
      <Panel title="Ignore list">
        <JailIgnoreList jail={jail.name} host={jail.host} entries={jail.ignoreList} editable={admin} />
      </Panel>
    </>
  );
}
