import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { appNav } from './nav';
import { demoSignInPage } from './signIn';
import { appDarkTheme, appLightTheme } from './theme';

/** The demo portal's own parts of the app: sign-in page, sidebar and themes. */
export const demoAppModule = createFrontendModule({
  pluginId: 'app',
  extensions: [demoSignInPage, appNav, appLightTheme, appDarkTheme],
});
