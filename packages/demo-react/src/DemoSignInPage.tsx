import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ProxiedSignInPage,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  IdentityApi,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Avatar from '@material-ui/core/Avatar';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemAvatar from '@material-ui/core/ListItemAvatar';
import ListItemText from '@material-ui/core/ListItemText';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** Where the chosen demo user is kept, so a reload signs in again as the same person. */
const STORAGE_KEY = '@accessgov/demo-user';

type DemoUser = {
  name: string;
  displayName: string;
  description?: string;
};

function initials(displayName: string) {
  return displayName
    .split(/\s+/)
    .map(part => part[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** Signing out forgets the chosen user, so the next visit shows the list again. */
function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      localStorage.removeItem(STORAGE_KEY);
      await identity.signOut();
    },
  };
}

const UserList = (props: { onPick: (name: string) => void }) => {
  const discoveryApi = useApi(discoveryApiRef);
  const { value, loading, error } = useAsync(async () => {
    const baseUrl = await discoveryApi.getBaseUrl('auth');
    const response = await fetch(`${baseUrl}/demo/users`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return ((await response.json()) as { items: DemoUser[] }).items;
  }, [discoveryApi]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <List aria-label="Demo users">
      {value!.map(user => (
        <ListItem
          key={user.name}
          button
          onClick={() => props.onPick(user.name)}
          data-testid={`demo-user-${user.name}`}
        >
          <ListItemAvatar>
            <Avatar>{initials(user.displayName)}</Avatar>
          </ListItemAvatar>
          <ListItemText
            primary={user.displayName}
            secondary={user.description}
          />
        </ListItem>
      ))}
    </List>
  );
};

/**
 * The demo portal's sign-in page: one button per catalog user; signing in goes through
 * the `demo` auth provider, which reads the user's ownership from the catalog.
 */
export const DemoSignInPage = (props: SignInPageProps) => {
  const [userName, setUserName] = useState<string | null>(() =>
    localStorage.getItem(STORAGE_KEY),
  );

  if (userName) {
    return (
      <ProxiedSignInPage
        provider="demo"
        headers={{ 'x-demo-user': userName }}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetOnSignOut(identity))
        }
        ErrorComponent={({ error }) => (
          <Page themeId="home">
            <Header title="Access Governance demo" />
            <Content>
              <ResponseErrorPanel
                error={error ?? new Error('Sign-in failed')}
              />
              <a
                href="/"
                onClick={() => {
                  localStorage.removeItem(STORAGE_KEY);
                  setUserName(null);
                }}
              >
                Choose another user
              </a>
            </Content>
          </Page>
        )}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header title="Access Governance demo" subtitle="Acme Corp" />
      <Content>
        <ContentHeader title="Sign in as a demo user" />
        <Grid container>
          <Grid item xs={12} md={6}>
            <InfoCard title="Demo users">
              <UserList
                onPick={name => {
                  localStorage.setItem(STORAGE_KEY, name);
                  setUserName(name);
                }}
              />
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
