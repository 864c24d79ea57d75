// A provider for Strapi's email plugin (@strapi/email) that sends through Microsoft 365 (Graph
// sendMail) with this plugin's Azure app: no SMTP. In the host app's config/plugins.ts:
//   email: { config: { provider: 'strapi-plugin-microsoft-365/email-provider',
//                      providerOptions: { from: 'support@contoso.com' }, settings: { defaultFrom: 'support@contoso.com' } } }
// @strapi/email require()s the provider by that name and calls init(providerOptions, settings) at
// bootstrap, then send(options) for every mail. Credentials are read from the Microsoft 365 plugin's
// settings at send time, so the provider works as soon as the settings page is saved.
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../shared/plugin';
import type { MailMessage } from '../graph/mail';
import { replyToOf, toMailMessage, type EmailPluginSettings, type ProviderOptions, type ProviderSendOptions } from './to-mail-message';

export type { ProviderOptions, ProviderSendOptions, EmailPluginSettings } from './to-mail-message';


interface MailService {
  send(message: MailMessage): Promise<void>;
}

/** Strapi 5 sets global.strapi before any plugin bootstraps; @strapi/email relies on it the same way. */
function mailService(): MailService {
  const strapi = (globalThis as { strapi?: Core.Strapi }).strapi;
  const plugin = strapi?.plugin(PLUGIN_ID);
  if (!plugin) {
    throw new Error(`The Microsoft 365 email provider needs the "${PLUGIN_ID}" plugin enabled in config/plugins.ts (strapi-plugin-microsoft-365).`);
  }
  return plugin.service('mail') as unknown as MailService;
}

export interface EmailProvider {
  send(options: ProviderSendOptions): Promise<void>;
}

export function init(providerOptions: ProviderOptions = {}, settings: EmailPluginSettings = {}): EmailProvider {
  let warnedReplyTo = false;
  return {
    async send(options: ProviderSendOptions): Promise<void> {
      const message = await toMailMessage(options, providerOptions ?? {}, settings ?? {});
      if (replyToOf(options, settings ?? {}) && !warnedReplyTo) {
        warnedReplyTo = true;
        (globalThis as { strapi?: Core.Strapi }).strapi?.log.warn('[microsoft-365] email provider: replyTo is not sent yet; replies go to the sender mailbox.');
      }
      await mailService().send(message);
    },
  };
}

export default { init };
