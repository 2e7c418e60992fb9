import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { AppSidebar } from './Sidebar';

export const appNav = NavContentBlueprint.make({
  params: { component: AppSidebar },
});
