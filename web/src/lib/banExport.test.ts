// Tests of the export address for the bans page's filter and of the filters it cannot cover.
import { describe, expect, it } from 'vitest';
import { banExportHref, unexportableFilters } from './banExport';

const filter = { jail: 'sshd', host: 'web 1', since: '2026-12-01T00:00:00Z', until: '2026-12-08T00:00:00+01:00' };

describe('banExportHref', () => {
  it('names the format and only the time, jail and host filters set, encoded', () => {
    expect(banExportHref(filter, 'csv', '/')).toBe(
      '/export/bans?format=csv&since=2026-12-01T00%3A00%3A00Z&until=2026-12-08T00%3A00%3A00%2B01%3A00&jail=sshd&host=web+1',
    );
    expect(banExportHref({ jail: 'sshd' }, 'ndjson', '/')).toBe('/export/bans?format=ndjson&jail=sshd');
    expect(banExportHref({}, 'csv', '/')).toBe('/export/bans?format=csv');
  });
  it('stays under the base path the dashboard is served from', () => {
    expect(banExportHref({ host: 'bastion' }, 'csv', '/bangui/')).toBe('/bangui/export/bans?format=csv&host=bastion');
    expect(banExportHref({}, 'ndjson', '/bangui')).toBe('/bangui/export/bans?format=ndjson');
  });
});

describe('unexportableFilters', () => {
  it('names each filter set that the export does not take', () => {
    expect(unexportableFilters(filter)).toEqual([]);
    expect(unexportableFilters({ ...filter, source: 'ARCHIVE' })).toEqual([]);
    expect(unexportableFilters({ ip: '10.0.0.0/8', country: 'DE', origin: 'MANUAL', activeOnly: true, source: 'FAIL2BAN' })).toEqual([
      'fail2ban source',
      'IP or CIDR',
      'Country',
      'Origin',
      'Active only',
    ]);
    expect(unexportableFilters({ activeOnly: false, ip: null })).toEqual([]);
  });
});
