// Where each of a jail's settings comes from: value, file and section, marking the operator's own files.
import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { JailDetailFieldsFragment } from '../gql/graphql';
import { EmptyState } from '../components/EmptyState';

type Source = JailDetailFieldsFragment['settingSources'][number];

export function SettingSourcesTable({ jail, sources }: { jail: string; sources: readonly Source[] }) {
  if (sources.length === 0) return <EmptyState>No file sets this jail's settings.</EmptyState>;
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={`Where the settings of ${jail} come from`} style={{ minWidth: 640 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Setting</TableHeaderCell>
            <TableHeaderCell>Value</TableHeaderCell>
            <TableHeaderCell>File</TableHeaderCell>
            <TableHeaderCell>Section</TableHeaderCell>
            <TableHeaderCell>Set by</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {sources.map((source) => (
            <TableRow key={source.setting}>
              <TableCell>{source.setting}</TableCell>
              <TableCell style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{source.value}</TableCell>
              <TableCell style={{ wordBreak: 'break-all' }}>{source.file}</TableCell>
              <TableCell>{source.section}</TableCell>
              <TableCell>
                {source.managedByBangui ? (
                  <Badge appearance="tint" color="brand">
                    BanGUI
                  </Badge>
                ) : (
                  <Badge appearance="tint" color="warning">
                    your file
                  </Badge>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
