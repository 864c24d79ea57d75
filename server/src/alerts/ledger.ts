// Once a day per cause: claims the right to send an alert for a cause, in the database, so restarts and
// several processes agree. One conditional UPDATE (sent more than a day ago → now) or the first INSERT
// (the unique key refuses a second) decides; whoever's statement changed a row sends.
import { createHash } from 'node:crypto';
import { UID } from '../../../shared/plugin';
import type { Strapi } from '../utils/strapi';

export const ALERT_INTERVAL_MS = 86_400_000;

export const causeKey = (cause: string) => createHash('sha256').update(cause).digest('hex');

/** True when this caller may send the alert for `cause` now (and the cause is marked sent). */
export async function claimAlert(strapi: Strapi, cause: string, now: Date = new Date()): Promise<boolean> {
  const key = causeKey(cause);
  const query = strapi.db.query(UID.alertLog);
  const { count } = await query.updateMany({ where: { key, sentAt: { $lte: new Date(now.getTime() - ALERT_INTERVAL_MS) } }, data: { sentAt: now } });
  if (count > 0) return true;
  if (await query.findOne({ where: { key }, select: ['id'] })) return false;
  try {
    await query.create({ data: { key, cause, sentAt: now } });
    return true;
  } catch {
    // Another process inserted it first: that one sends.
    return false;
  }
}
