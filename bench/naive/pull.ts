// The naive pull (a baseline, not product code): walk a delta round only to learn ids, then read each
// item with its own GET and store it with its own Document Service call, one after another.
import { createRequestCounter, type RequestCounter } from '../../server/src/graph';
import type { RemoteEntry } from '../../server/src/sync/resources/types';
import type { BenchMailbox, World } from '../lib/world';
import { localDataOf, type NaiveResource } from './resources';

export interface NaivePullInput {
  mailbox: BenchMailbox;
  resource: NaiveResource;
  /** The initial delta URL, or the delta link a previous naive pull ended with. */
  startUrl: string;
  /** Stop after this many items (the naive way's cost is linear in items). */
  limit?: number;
  /** Remote id → Strapi documentId of items stored before (a previous naive pull). */
  known?: Map<string, string>;
}

export interface NaivePullOutcome {
  counter: RequestCounter;
  items: number;
  known: Map<string, string>;
  deltaLink: string | null;
}

export async function naivePull(world: World, input: NaivePullInput): Promise<NaivePullOutcome> {
  const { mailbox, resource } = input;
  const counter = createRequestCounter();
  const known = input.known ?? new Map<string, string>();
  const documents = world.strapi.documents(resource.adapter.uid as never);
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  let items = 0;
  let deltaLink: string | null = null;

  for await (const page of world.naiveGateway.deltaPages<RemoteEntry>({ url: input.startUrl, maxPageSize: world.pageSize }, counter)) {
    for (const listed of page.items) {
      if (items >= limit) break;
      items++;
      const documentId = known.get(listed.id);
      if (listed['@removed']) {
        if (documentId) await documents.delete({ documentId } as never);
        known.delete(listed.id);
        continue;
      }
      const entry = await world.naiveGateway.request<RemoteEntry>({ method: 'GET', url: resource.itemUrl(mailbox.address, listed.id), headers: resource.headers }, counter);
      const data = localDataOf(resource, entry);
      if (!data) continue;
      if (documentId) await documents.update({ documentId, data } as never);
      else {
        const created = (await documents.create({ data: { ...data, mailbox: mailbox.documentId } } as never)) as { documentId: string };
        known.set(listed.id, created.documentId);
      }
    }
    deltaLink = page.deltaLink ?? null;
    if (items >= limit) break;
  }
  return { counter, items, known, deltaLink };
}
