import type { MailMessage } from '../graph';
import { pluginService, type Strapi } from '../utils/strapi';
import type graphService from './graph';

type GraphService = ReturnType<typeof graphService>;

export default ({ strapi }: { strapi: Strapi }) => ({
  /** Sends through Graph sendMail from the `from` mailbox (SPEC §6); throws a GatewayError naming the problem. */
  async send(message: MailMessage): Promise<void> {
    const gateway = await pluginService<GraphService>(strapi, 'graph').getGateway();
    await gateway.sendMail(message);
  },
});
