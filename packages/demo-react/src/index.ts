/**
 * The demo portal's sign-in page and themes, shared by its two apps.
 *
 * @packageDocumentation
 */

export { DemoSignInPage } from './DemoSignInPage';
export { darkTheme, lightTheme, themes } from './themes';
