// The naive local write (a baseline, not product code): each item stored with its own Document
// Service call, as a plugin writing entries one at a time would.
import type { BenchMailbox, World } from '../lib/world';

export async function naiveStore(world: World, uid: string, mailbox: BenchMailbox, rows: ReadonlyArray<Record<string, unknown>>): Promise<number> {
  const documents = world.strapi.documents(uid as never);
  for (const data of rows) await documents.create({ data: { ...data, mailbox: mailbox.documentId } } as never);
  return rows.length;
}
