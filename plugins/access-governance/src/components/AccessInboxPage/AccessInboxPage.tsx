import { Content, Header, Page } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** The access inbox page. */
export const AccessInboxPage = () => (
  <Page themeId="tool">
    <Header title="Access" subtitle="Your requests and the approvals waiting on you" />
    <Content>
      <Typography>Request access from an app's Access tab.</Typography>
    </Content>
  </Page>
);
