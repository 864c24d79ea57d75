import { buildSendMailPayload, GatewayError, type MailMessage } from '../graph';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';

export default ({ strapi }: { strapi: Strapi }) => {
  /** The configured mailboxes and the plugin config's allowedSenders: an app with Mail.Send could send as anyone. */
  async function isAllowedSender(address: string): Promise<boolean> {
    const wanted = address.toLowerCase();
    if (pluginConfig(strapi).allowedSenders.some((allowed) => allowed.trim().toLowerCase() === wanted)) return true;
    const mailboxes = await pluginService(strapi, 'mailboxes').stored();
    return mailboxes.some((mailbox) => mailbox.address.toLowerCase() === wanted);
  }

  return {
    /** Sends through Graph sendMail from the `from` mailbox (README "Talking to Microsoft"); throws a GatewayError naming the problem. */
    async send(message: MailMessage): Promise<void> {
      // Bad input is named first, as before; then the sender must be one the admin allows.
      const { sender } = buildSendMailPayload(message);
      if (!(await isAllowedSender(sender.address))) {
        throw new GatewayError({
          code: 'sender_not_allowed',
          status: 403,
          field: 'from',
          message: `Cannot send as ${sender.address}: not a configured mailbox nor in the plugin config's allowedSenders.`,
        });
      }
      const gateway = await pluginService(strapi, 'graph').getGateway();
      await gateway.sendMail(message);
    },
  };
};
