import { AppTheme } from '@backstage/core-plugin-api';
import {
  themes as backstageThemes,
  UnifiedTheme,
  UnifiedThemeProvider,
} from '@backstage/theme';
import CssBaseline from '@material-ui/core/CssBaseline';
import DarkIcon from '@material-ui/icons/Brightness2';
import LightIcon from '@material-ui/icons/WbSunny';
import { ReactNode } from 'react';

/** Backstage's theme with its CSS baseline: no body margin, the theme's font and background. */
function withBaseline(theme: UnifiedTheme) {
  return ({ children }: { children: ReactNode }) => (
    <UnifiedThemeProvider theme={theme}>
      <CssBaseline>{children}</CssBaseline>
    </UnifiedThemeProvider>
  );
}

export const lightTheme: AppTheme = {
  id: 'light',
  title: 'Light Theme',
  variant: 'light',
  icon: <LightIcon />,
  Provider: withBaseline(backstageThemes.light),
};

export const darkTheme: AppTheme = {
  id: 'dark',
  title: 'Dark Theme',
  variant: 'dark',
  icon: <DarkIcon />,
  Provider: withBaseline(backstageThemes.dark),
};

/** The light and dark themes of the demo portal. */
export const themes: AppTheme[] = [lightTheme, darkTheme];
