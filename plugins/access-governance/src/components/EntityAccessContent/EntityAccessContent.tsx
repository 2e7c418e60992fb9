import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';

type DeclaredRole = {
  id: string;
  title?: string;
  description?: string;
  risk?: string;
  groups?: string[];
};

const columns: TableColumn<DeclaredRole>[] = [
  { title: 'Role', render: role => role.title ?? role.id },
  { title: 'Description', field: 'description' },
  { title: 'Risk', render: role => role.risk ?? 'medium' },
];

/** The Access tab: the roles this app declares. */
export const EntityAccessContent = () => {
  const { entity } = useEntity();
  const access = entity.spec?.access as { roles?: DeclaredRole[] } | undefined;
  const roles = Array.isArray(access?.roles) ? access!.roles! : [];
  return (
    <InfoCard title="Roles">
      <Table<DeclaredRole>
        options={{ paging: false, search: false, toolbar: false }}
        columns={columns}
        data={roles}
        emptyContent="No roles are declared for this app — see Declaring roles"
      />
    </InfoCard>
  );
};
