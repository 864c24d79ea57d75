import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import routes from './routes';
import { stopScheduler } from './scheduler';
import services from './services';
import type { Strapi } from './utils/strapi';

export default {
  bootstrap,
  config,
  contentTypes,
  controllers,
  // Stop the schedule before Strapi closes the database pool under a tick or a lease renewal.
  destroy: ({ strapi }: { strapi: Strapi }) => stopScheduler(strapi),
  routes,
  services,
};
