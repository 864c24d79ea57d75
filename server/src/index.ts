import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import routes from './routes';
import register from './register';
import { stopLeaseRenewals } from './sync/lease';
import services from './services';
import { pluginService, type Strapi } from './utils/strapi';

export default {
  bootstrap,
  config,
  contentTypes,
  controllers,
  // Stop the schedule before Strapi closes the database pool under a tick or a lease renewal, and let
  // a run this process is doing finish its current step rather than die mid-transaction.
  destroy: async ({ strapi }: { strapi: Strapi }) => {
    await pluginService(strapi, 'schedule').stop();
    await pluginService(strapi, 'notifications').stop();
    await pluginService(strapi, 'sync').idle();
    // Only now: a run that was finishing needed its lease renewed until the end. A lease still
    // held past this point is left to expire; its holder cannot write once the pool closes.
    stopLeaseRenewals(strapi);
  },
  register,
  routes,
  services,
};
