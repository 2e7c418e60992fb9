import {
  Sidebar,
  SidebarDivider,
  SidebarItem,
  SidebarPage,
  SidebarSpace,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { PropsWithChildren } from 'react';
import CategoryIcon from '@material-ui/icons/Category';
import ExitToAppIcon from '@material-ui/icons/ExitToApp';
import VpnKeyIcon from '@material-ui/icons/VpnKey';

export const Root = ({ children }: PropsWithChildren<{}>) => {
  const identityApi = useApi(identityApiRef);
  return (
    <SidebarPage>
      <Sidebar>
        <SidebarItem icon={CategoryIcon} to="catalog" text="Catalog" />
        <SidebarItem icon={VpnKeyIcon} to="access" text="Access" />
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
      {children}
    </SidebarPage>
  );
};
