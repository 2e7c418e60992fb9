import { PageBlueprint } from '@backstage/frontend-plugin-api';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { routes } from './routes';

/**
 * The access inbox at `/access`, with its entry in the app's navigation. The frontend
 * system renders the page header, so the page leaves out its own.
 *
 * @alpha
 */
export const accessInboxPage = PageBlueprint.make({
  params: {
    path: '/access',
    title: 'Access',
    icon: <VpnKeyIcon fontSize="inherit" />,
    routeRef: routes.inbox,
    loader: () =>
      import('../components/AccessInboxPage').then(m => (
        <m.AccessInboxPage noHeader />
      )),
  },
});
