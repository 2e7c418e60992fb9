import { darkTheme, lightTheme } from '@accessgov/demo-react';
import { ThemeBlueprint } from '@backstage/plugin-app-react';

/** The demo's light and dark themes in place of the app's own: the same, with the CSS baseline. */
export const appLightTheme = ThemeBlueprint.make({
  name: 'light',
  params: { theme: lightTheme },
});

export const appDarkTheme = ThemeBlueprint.make({
  name: 'dark',
  params: { theme: darkTheme },
});
