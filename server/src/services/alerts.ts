import type { AlertsView } from '../../../shared/api';
import type { Strapi } from '../utils/strapi';
import { alertsView, dispatchAlerts } from '../alerts/dispatch';
import { checkSecret, storedSecretCheck } from '../alerts/secret-check';
import type { Alert } from '../alerts/causes';

export default ({ strapi }: { strapi: Strapi }) => ({
  /** What needs an admin now: the client secret and the unhealthy mailboxes (GET /alerts). */
  view(): Promise<AlertsView> {
    return alertsView(strapi);
  },

  /** After a run: the health-changed events and alerts it gives, once a day per cause. */
  afterRun(): Promise<Alert[]> {
    return dispatchAlerts(strapi);
  },

  /**
   * The scheduler's daily look at the secret's end date (due once a day, sooner after a failed read or a
   * new secret saved), then the alerts it gives. `force`: read now (the connection test).
   */
  async checkSecret(options: { force?: boolean } = {}): Promise<Alert[]> {
    const before = (await storedSecretCheck(strapi))?.checkedAt;
    const check = await checkSecret(strapi, options);
    return check && check.checkedAt !== before ? dispatchAlerts(strapi) : [];
  },
});
