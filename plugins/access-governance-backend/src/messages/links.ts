/** The path of an app's Access tab in Backstage. */
export function accessTabPath(entityRef: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  if (!match) return '/catalog';
  const [, kind, namespace, name] = match;
  return `/catalog/${namespace}/${kind}/${name}/access`;
}

/** The path of an app's Access review tab in Backstage. */
export function reviewTabPath(entityRef: string): string {
  return accessTabPath(entityRef).replace(/\/access$/, '/access-review');
}

/** The path of a request's own page in Backstage. */
export function requestPath(requestId: string): string {
  return `/access/requests/${encodeURIComponent(requestId)}`;
}
