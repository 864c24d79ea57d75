import { checkConnection, type ConnectionReport } from '../graph';
import { isPlainObject, validateSettingsPatch } from '../../../shared/settings-validation';
import type { PublicSettings, SettingsPatch } from '../../../shared/settings';
import { pluginService, type Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';
import { safeLogMessage } from '../sync/safe-errors';

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
    const otherApp = usesAnotherApplication(azure, (await pluginService(strapi, 'settings').get()).azure);
    if (!azure.clientSecret && otherApp) {
      // The stored secret belongs to the stored application: never hand it to another tenant, app or cloud.
      throw validationError([
        { path: ['azure', 'clientSecret'], code: 'required', message: 'Give the client secret to test another tenant, application or cloud; the saved secret is used only with the saved ones' },
      ]);
    }
    const options = await pluginService(strapi, 'graph').gatewayOptions({
      ...(azure.tenantId ? { tenantId: azure.tenantId.trim() } : {}),
      ...(azure.clientId ? { clientId: azure.clientId.trim() } : {}),
      ...(azure.cloud ? { cloud: azure.cloud } : {}),
      ...(azure.clientSecret ? { clientSecret: azure.clientSecret } : {}),
    });
    const configured = (await pluginService(strapi, 'mailboxes').stored()).find((entry) => entry.enabled);
    const report = await checkConnection({ ...options, mailbox: (mailbox as string | undefined)?.trim() || configured?.address });
    // The saved app tested: read its secret's end date again now (README "Alerts"), never failing the test.
    const [token] = report.checks;
    if (!azure.clientSecret && !otherApp && (token?.ok || token?.code === 'expired_secret')) {
      await pluginService(strapi, 'alerts').checkSecret({ force: true }).catch((error: unknown) => strapi.log.warn(`[microsoft-365] could not check the client secret's end date: ${safeLogMessage(error)}`));
    }
    return report;
  },
});

/** Whether the form names a tenant, client ID or cloud other than the saved ones. */
function usesAnotherApplication(azure: NonNullable<SettingsPatch['azure']>, saved: PublicSettings['azure']): boolean {
  const differs = (given: string | undefined, stored: string) => given !== undefined && given.trim().toLowerCase() !== stored.trim().toLowerCase();
  return differs(azure.tenantId, saved.tenantId) || differs(azure.clientId, saved.clientId) || differs(azure.cloud, saved.cloud);
}
