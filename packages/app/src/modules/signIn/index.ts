import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** The demo sign-in page: pick a person of the demo company. */
export const demoSignInPage = SignInPageBlueprint.make({
  params: {
    loader: () => import('@accessgov/demo-react').then(m => m.DemoSignInPage),
  },
});
