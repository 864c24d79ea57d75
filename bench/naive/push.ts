// The naive push (a baseline, not product code): one Graph request per changed entry, sequentially,
// each entry and its mapping read and written on their own.
import { createRequestCounter, type RequestCounter } from '../../server/src/graph';
import { hashSyncedFields, type SyncedFields } from '../../server/src/sync/hash';
import { changeKeyOf } from '../../server/src/sync/resources/calendar';
import type { RemoteEntry } from '../../server/src/sync/resources/types';
import { MAPPING_UID, type BenchMailbox, type World } from '../lib/world';
import type { NaiveResource } from './resources';

export async function naivePush(world: World, mailbox: BenchMailbox, resource: NaiveResource, documentIds: readonly string[]): Promise<{ counter: RequestCounter; pushed: number }> {
  const counter = createRequestCounter();
  const { adapter } = resource;
  const mappings = world.strapi.db.query(MAPPING_UID as never);
  let pushed = 0;
  for (const documentId of documentIds) {
    const entry = (await world.strapi.documents(adapter.uid as never).findOne({ documentId } as never)) as Record<string, unknown> | null;
    const mapping = (await mappings.findOne({ where: { localId: documentId, mailbox: mailbox.address } } as never)) as { id: number; remoteId: string; changeKey: string | null } | null;
    if (!entry || !mapping?.remoteId) continue;
    const fields = adapter.fromLocal(entry);
    const write = adapter.updateRemote(mailbox.address, mapping.remoteId, fields, mapping.changeKey);
    const answer = await world.naiveGateway.request<RemoteEntry>({ method: write.method, url: write.url, body: write.body, headers: write.headers }, counter);
    const hash = hashSyncedFields(fields as SyncedFields);
    await mappings.update({ where: { id: mapping.id }, data: { changeKey: changeKeyOf(answer), localHash: hash, remoteHash: hash, syncedAt: new Date() } } as never);
    pushed++;
  }
  return { counter, pushed };
}
