import { Link } from '@backstage/core-components';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import { useAccessTabLink } from '../../hooks';

/** An app's name, linking to its Access tab. */
export const AppLink = ({ entityRef }: { entityRef: string }) => {
  const accessTabLink = useAccessTabLink();
  return (
    <Link to={accessTabLink(entityRef)}>
      <EntityDisplayName entityRef={entityRef} hideIcon />
    </Link>
  );
};
