import { checkConnection, type ConnectionReport } from '../graph';
import { isPlainObject, validateSettingsPatch } from '../settings/validation';
import type { SettingsPatch } from '../settings/types';
import { pluginService, type Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';
import type graphService from './graph';
import type mailboxesService from './mailboxes';

type GraphService = ReturnType<typeof graphService>;
type MailboxesService = ReturnType<typeof mailboxesService>;

export default ({ strapi }: { strapi: Strapi }) => ({
  /**
   * Tries the saved settings, or unsaved form values given in the body (validated like a PUT), against
   * Microsoft: a token, then calendar, To Do and mail on the given mailbox, else the first configured one.
   */
  async test(body: unknown): Promise<ConnectionReport> {
    const input = body ?? {};
    const { mailbox, ...settings } = isPlainObject(input) ? input : { settings: input };
    const issues = validateSettingsPatch(settings);
    if (mailbox !== undefined && typeof mailbox !== 'string') issues.push({ path: ['mailbox'], code: 'text', message: 'Must be a text' });
    if (issues.length > 0) throw validationError(issues);
    const azure = (settings as SettingsPatch).azure ?? {};
    const options = await pluginService<GraphService>(strapi, 'graph').gatewayOptions({
      ...(azure.tenantId ? { tenantId: azure.tenantId.trim() } : {}),
      ...(azure.clientId ? { clientId: azure.clientId.trim() } : {}),
      ...(azure.cloud ? { cloud: azure.cloud } : {}),
      ...(azure.clientSecret ? { clientSecret: azure.clientSecret } : {}),
    });
    const configured = (await pluginService<MailboxesService>(strapi, 'mailboxes').list()).find((entry) => entry.enabled);
    return checkConnection({ ...options, mailbox: (mailbox as string | undefined)?.trim() || configured?.address });
  },
});
