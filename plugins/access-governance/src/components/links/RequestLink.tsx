import { Link } from '@backstage/core-components';
import { ReactNode } from 'react';
import { useRequestLink } from '../../hooks';

/** Links its content to a request's page; plain text where the app has no inbox mounted. */
export const RequestLink = ({
  id,
  children,
}: {
  id: string | null | undefined;
  children: ReactNode;
}) => {
  const link = useRequestLink();
  if (!id || !link) return <>{children}</>;
  return <Link to={link(id)}>{children}</Link>;
};
