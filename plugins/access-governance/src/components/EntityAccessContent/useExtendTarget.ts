import { AccessGrant } from '@accessgov/plugin-access-governance-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The grant whose extend dialog is open. A link with `?extend=<grant id>` (the "ends
 * soon" notification's) opens it for that grant once the grant is loaded; closing it
 * drops the parameter.
 */
export function useExtendTarget(
  grants: AccessGrant[],
): [AccessGrant | undefined, (grant: AccessGrant | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const [chosen, setChosen] = useState<AccessGrant>();
  const linked = params.get('extend');
  const fromLink = linked
    ? grants.find(g => g.id === linked && g.status === 'active')
    : undefined;
  const set = (grant: AccessGrant | undefined) => {
    setChosen(grant);
    if (!grant && linked) {
      const next = new URLSearchParams(params);
      next.delete('extend');
      setParams(next, { replace: true });
    }
  };
  return [chosen ?? fromLink, set];
}
