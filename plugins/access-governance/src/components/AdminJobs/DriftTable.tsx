import { TableColumn } from '@backstage/core-components';
import { AccessDriftFinding, AccessDriftReport } from '../../api';
import { AppLink } from '../links';
import { DataTable } from '../tables';
import { RelativeTime } from '../time';

type Row = AccessDriftFinding & { checkedAt: string };

/** The memberships the latest drift check found without a grant, app by app. */
export const DriftTable = ({ reports }: { reports: AccessDriftReport[] }) => {
  const rows: Row[] = reports.flatMap(r =>
    r.findings.map(f => ({ ...f, checkedAt: r.checkedAt })),
  );
  const columns: TableColumn<Row>[] = [
    { title: 'App', render: r => <AppLink entityRef={r.entityRef} /> },
    { title: 'Member', field: 'member' },
    { title: 'Group', render: r => `${r.group} (${r.provider})` },
    {
      title: 'Finding',
      render: r =>
        r.kind === 'removal-not-held'
          ? 'Still a member after the grant ended'
          : 'No active grant explains this membership',
    },
    { title: 'Checked', render: r => <RelativeTime iso={r.checkedAt} /> },
  ];
  return (
    <DataTable<Row>
      title="Drift"
      subtitle="Members of mapped groups in the identity provider that no active grant explains. Revoke them in the identity provider, or ask them to request the role."
      columns={columns}
      data={rows}
      emptyText="The latest drift check found every member of a mapped group explained by an active grant."
    />
  );
};
