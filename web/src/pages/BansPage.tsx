// /bans: filterable (by host and time too), paged list of bans with address details, its export and unban for operators.
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { Title2 } from '@fluentui/react-components';
import { JailNamesQuery } from '../api/operations';
import { parseBanFilters, serializeBanFilters, toBanFilterInput } from '../lib/banFilters';
import type { BanFilters } from '../lib/banFilters';
import { canOperate } from '../lib/roles';
import { useViewer } from '../app/ViewerContext';
import { BanFiltersForm } from '../bans/BanFiltersForm';
import { BanExportLinks } from '../bans/BanExportLinks';
import { useHosts } from '../hosts/useHosts';
import { BansResults } from '../bans/BansResults';
import { IpDetailDialog } from '../bans/IpDetailDialog';
import { Notice } from '../components/Notice';
import { useLastShown } from '../components/useLastShown';
import type { NoticeValue } from '../components/Notice';

export function BansPage() {
  const viewer = useViewer();
  const canUnban = canOperate(viewer.role);
  const [params, setParams] = useSearchParams();
  const filters = parseBanFilters(params);
  const filterKey = serializeBanFilters(filters);
  const filterInput = toBanFilterInput(filters);
  const detail = params.get('detail');
  const shownIp = useLastShown(detail);
  const [{ data: jailData }] = useQuery({ query: JailNamesQuery });
  const hosts = useHosts();
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [refreshes, setRefreshes] = useState(0);

  const apply = (next: BanFilters) => setParams(serializeBanFilters(next, params));
  const showIp = (ip: string) => {
    const next = new URLSearchParams(params);
    next.set('detail', ip);
    setParams(next);
  };
  const closeDetail = () => {
    const next = new URLSearchParams(params);
    next.delete('detail');
    setParams(next);
  };
  const onUnbanned = (outcome: NoticeValue) => {
    setNotice(outcome);
    setRefreshes((n) => n + 1);
  };

  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        Bans
      </Title2>
      <BanFiltersForm
        value={filters}
        hosts={hosts.map((host) => host.name)}
        jails={(jailData?.jails ?? []).map((j) => j.name)}
        onApply={apply}
      />
      <BanExportLinks filter={filterInput} />
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      <BansResults
        key={filterKey}
        filter={filterInput}
        canUnban={canUnban}
        refreshes={refreshes}
        onShowIp={showIp}
        onUnbanned={onUnbanned}
      />
      {shownIp !== null && (
        <IpDetailDialog open={detail !== null} ip={shownIp} canUnban={canUnban} onClose={closeDetail} onUnbanned={onUnbanned} />
      )}
    </>
  );
}
