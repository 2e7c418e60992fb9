import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { accessGovernanceApi } from './apis';
import {
  entityAccessBundleContent,
  entityAccessContent,
  entityAccessReviewContent,
} from './entityContents';
import { accessInboxPage } from './pages';
import { routes } from './routes';

export { accessGovernanceApi } from './apis';
export {
  entityAccessBundleContent,
  entityAccessContent,
  entityAccessReviewContent,
} from './entityContents';
export { accessInboxPage } from './pages';

/**
 * The access-governance plugin for Backstage's frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'access-governance',
  title: 'Access',
  icon: <VpnKeyIcon fontSize="inherit" />,
  info: { packageJson: () => import('../../package.json') },
  routes,
  extensions: [
    accessGovernanceApi,
    entityAccessContent,
    entityAccessReviewContent,
    entityAccessBundleContent,
    accessInboxPage,
  ],
});
