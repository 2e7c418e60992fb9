import { AppTheme } from '@backstage/core-plugin-api';
import {
  themes as backstageThemes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import CssBaseline from '@material-ui/core/CssBaseline';
import DarkIcon from '@material-ui/icons/Brightness2';
import LightIcon from '@material-ui/icons/WbSunny';

/**
 * The light and dark themes with the theme's CSS baseline, which sizes pages to the window
 * and sets the body font.
 */
export const themes: AppTheme[] = [
  {
    id: 'light',
    title: 'Light Theme',
    variant: 'light',
    icon: <LightIcon />,
    Provider: ({ children }) => (
      <UnifiedThemeProvider theme={backstageThemes.light}>
        <CssBaseline>{children}</CssBaseline>
      </UnifiedThemeProvider>
    ),
  },
  {
    id: 'dark',
    title: 'Dark Theme',
    variant: 'dark',
    icon: <DarkIcon />,
    Provider: ({ children }) => (
      <UnifiedThemeProvider theme={backstageThemes.dark}>
        <CssBaseline>{children}</CssBaseline>
      </UnifiedThemeProvider>
    ),
  },
];
