import {
  Sidebar,
  SidebarDivider,
  SidebarItem,
  SidebarSpace,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { NavContentComponentProps } from '@backstage/plugin-app-react';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import ExitToAppIcon from '@material-ui/icons/ExitToApp';

/** The sidebar: the pages of the installed plugins, the catalog first, then notifications. */
export const AppSidebar = ({ navItems }: NavContentComponentProps) => {
  const identityApi = useApi(identityApiRef);
  const items = navItems.withComponent(item => (
    <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
  ));
  // Notifications has its own item, with the unread count.
  navItems.take('page:notifications');
  return (
    <Sidebar>
      {items.take('page:catalog')}
      {items.rest({ sortBy: 'title' })}
      <SidebarDivider />
      <SidebarSpace />
      <SidebarDivider />
      <NotificationsSidebarItem />
      <SidebarItem
        icon={ExitToAppIcon}
        text="Sign out"
        onClick={() => identityApi.signOut()}
      />
    </Sidebar>
  );
};
