// Content mappings (README "Syncing your own content types"): stored in the plugin store, validated
// against the host app's schema, and turned into what a run of a mailbox × resource needs (an adapter
// and a local side over the host type) by the runner.
import { SYSTEM_ATTRIBUTES, type ContentMapping } from '../../../shared/content-mappings';
import type { StoredMailbox } from '../../../shared/api';
import { PLUGIN_ID } from '../../../shared/plugin';
import { fieldMapOf } from '../content-mappings/field-map';
import { mappedAdapter } from '../content-mappings/mapped-adapter';
import { contentMappingIssues, type ContentTypeInfo } from '../content-mappings/validate';
import { adapterFor } from '../sync/adapters';
import { documentLocal, type HostScope } from '../sync/sides/document-local';
import { strapiLocal } from '../sync/sides/strapi-local';
import type { LocalSide } from '../sync/sides/types';
import type { ResourceAdapter, ResourceName } from '../sync/resources/types';
import { pluginService, type Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';

export interface ContentTypeOption {
  uid: string;
  displayName: string;
  draftAndPublish: boolean;
  localized: boolean;
  attributes: Array<{ name: string; type: string; enum?: string[]; target?: string }>;
}

export interface MappedPair {
  mapping: ContentMapping;
  adapter: ResourceAdapter;
  local: LocalSide;
}

export default ({ strapi }: { strapi: Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'content-mappings' });

  function contentType(uid: string): ContentTypeInfo | undefined {
    const schema = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as
      | { kind: string; attributes: ContentTypeInfo['attributes']; options?: { draftAndPublish?: boolean }; pluginOptions?: { i18n?: { localized?: boolean } } }
      | undefined;
    if (!schema) return undefined;
    return { kind: schema.kind, attributes: schema.attributes, draftAndPublish: schema.options?.draftAndPublish === true, localized: schema.pluginOptions?.i18n?.localized === true };
  }

  async function list(): Promise<ContentMapping[]> {
    const stored = (await store().get({})) as { mappings?: ContentMapping[] } | null;
    return stored?.mappings ?? [];
  }

  /** The host scope of a mapping (validated), for the local side. */
  function hostScope(mapping: ContentMapping): HostScope {
    const type = contentType(mapping.uid)!;
    const map = fieldMapOf(mapping, type.attributes);
    const mailboxAttribute = 'attribute' in mapping.mailbox ? type.attributes[mapping.mailbox.attribute] : undefined;
    return {
      uid: mapping.uid,
      resource: mapping.resource,
      attributes: map.attributes,
      mailbox: mapping.mailbox,
      mailboxAttributeKind: mailboxAttribute ? (mailboxAttribute.type === 'relation' ? 'relation' : 'address') : null,
      filters: mapping.filters ?? null,
      locale: mapping.locale ?? null,
      draftAndPublish: type.draftAndPublish,
      unpublishDeletes: mapping.unpublishDeletes === true,
    };
  }

  return {
    list,

    /** The collection types a mapping can sync (the Content Manager's, not the plugin's own), with their attributes. */
    types(): ContentTypeOption[] {
      return Object.entries(strapi.contentTypes as unknown as Record<string, { kind: string; info?: { displayName?: string }; pluginOptions?: Record<string, { visible?: boolean }> }>)
        .filter(([uid, schema]) => schema.kind === 'collectionType' && (uid.startsWith('api::') || uid.startsWith('plugin::')) && !uid.startsWith(`plugin::${PLUGIN_ID}.`) && schema.pluginOptions?.['content-manager']?.visible !== false)
        .map(([uid, schema]) => {
          const type = contentType(uid)!;
          return {
            uid,
            displayName: schema.info?.displayName ?? uid,
            draftAndPublish: type.draftAndPublish,
            localized: type.localized,
            attributes: Object.entries(type.attributes).filter(([name]) => !SYSTEM_ATTRIBUTES.includes(name)).map(([name, a]) => ({ name, type: a.type, ...(a.enum ? { enum: [...a.enum] } : {}), ...(a.target ? { target: a.target } : {}) })),
          };
        })
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    },

    /** Replaces every mapping; a body with any problem changes nothing (ValidationError naming each field). */
    async replace(body: unknown): Promise<ContentMapping[]> {
      const mailboxes = (await pluginService(strapi, 'mailboxes').list()).map((m) => m.address.toLowerCase());
      const issues = contentMappingIssues(body, { contentType, mailboxes, saved: await list() });
      const mappings = issues.length === 0 ? ((body as { mappings: ContentMapping[] }).mappings) : [];
      // A filter is checked by the Document Service itself (unknown attributes, operators).
      for (const [index, mapping] of mappings.entries()) {
        if (!mapping.filters) continue;
        try {
          await strapi.documents(mapping.uid as never).count({ filters: mapping.filters as never, ...(mapping.locale ? { locale: mapping.locale } : {}) });
        } catch (error) {
          issues.push({ path: ['mappings', String(index), 'filters'], code: 'filters', message: `Is not a filter of ${mapping.uid}: ${(error as Error).message}` });
        }
      }
      if (issues.length > 0) throw validationError(issues);
      const saved = mappings.map((m) => ({ ...m, filters: m.filters ?? null, locale: m.locale ?? null, unpublishDeletes: m.unpublishDeletes === true, enabled: m.enabled !== false }));
      await store().set({ value: { mappings: saved } });
      return saved;
    },

    /**
     * Up to three entries of a mapping's scope as Outlook or To Do would receive them (the request body a
     * first sync would send), without saving the mapping or calling Graph.
     */
    async preview(body: unknown): Promise<Array<{ documentId: string; mailbox: string; request: { method: string; url: string; body: unknown } | null; error: string | null }>> {
      const mapping = (body as { mapping?: ContentMapping } | null)?.mapping;
      const stored = await pluginService(strapi, 'mailboxes').list();
      const mailboxes = stored.map((m) => m.address.toLowerCase());
      // Checked as it would be saved (a type change of a saved mapping is refused here too).
      const issues = contentMappingIssues({ mappings: [mapping] }, { contentType, mailboxes, saved: await list() }).map((issue) => ({ ...issue, path: ['mapping', ...issue.path.slice(2)] }));
      if (issues.length > 0) throw validationError(issues);
      const valid = mapping!;
      const mailbox = 'address' in valid.mailbox ? stored.find((m) => m.address.toLowerCase() === (valid.mailbox as { address: string }).address.toLowerCase()) : stored[0];
      if (!mailbox) return [];
      const { adapter, local } = this.pair(valid, mailbox);
      const out = [];
      for await (const page of local.pages(3)) {
        for (const entry of page.values()) {
          const fields = adapter.fromLocal(entry);
          const scope = adapter.fixedScopes({ direction: valid.direction, conflictResolution: valid.conflictResolution })[0] ?? { key: 'preview', remoteParentId: 'preview', label: String(fields.listName ?? '') };
          try {
            const write = adapter.createRemote(mailbox.address, scope, fields, 'preview', { settings: { direction: valid.direction, conflictResolution: valid.conflictResolution } });
            out.push({ documentId: entry.documentId, mailbox: mailbox.address, request: { method: write.method, url: write.url, body: write.body }, error: null });
          } catch (error) {
            out.push({ documentId: entry.documentId, mailbox: mailbox.address, request: null, error: (error as Error).message });
          }
        }
        break;
      }
      return out;
    },

    /** The mapping that syncs a mailbox × resource, when one does (else the plugin's own type does). */
    covering(mappings: readonly ContentMapping[], mailbox: Pick<StoredMailbox, 'address'>, resource: ResourceName): ContentMapping | undefined {
      return mappings.find(
        (m) => m.enabled !== false && m.resource === resource && contentType(m.uid) !== undefined && ('attribute' in m.mailbox || m.mailbox.address.toLowerCase() === mailbox.address.toLowerCase()),
      );
    },

    /** The adapter and local side a run of `mailbox` × the mapping's resource uses. */
    pair(mapping: ContentMapping, mailbox: Pick<StoredMailbox, 'id' | 'address' | 'documentId'>): MappedPair {
      const type = contentType(mapping.uid)!;
      const adapter = mappedAdapter(adapterFor(mapping.resource)!, mapping, fieldMapOf(mapping, type.attributes));
      return { mapping, adapter, local: documentLocal(strapi, hostScope(mapping), mailbox) };
    },

    /** The local side of a mailbox × resource as runs see it (the mapped host type's, or the plugin's own type's). */
    async localSide(mailbox: Pick<StoredMailbox, 'id' | 'address' | 'documentId'>, resource: ResourceName): Promise<LocalSide> {
      const mapping = this.covering(await list(), mailbox, resource);
      const adapter = adapterFor(resource)!;
      return mapping ? this.pair(mapping, mailbox).local : strapiLocal(strapi, adapter, mailbox);
    },
  };
};
