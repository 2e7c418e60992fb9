import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import { demoAppModule } from './modules';

/**
 * The demo portal. Plugins in this package's dependencies are discovered
 * (`app.packages: all`), access governance among them; the list below names the ones the
 * demo's own modules build on.
 */
const app = createApp({
  features: [catalogPlugin, notificationsPlugin, signalsPlugin, demoAppModule],
});

export default app.createRoot();
