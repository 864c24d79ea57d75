// The plugin's admin routes, called through Strapi's authenticated fetch client.
import { isFetchError, type useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';
import type {
  AlertsView,
  ConnectionReport,
  DeletionDecision,
  HeldDeletionGroup,
  Mailbox,
  MailboxDraft,
  MailboxOwner,
  PublicSettings,
  QuarantineGroup,
  SettingsPatch,
  StartedSyncRun,
  SyncRequest,
  RecoveryTool,
  SyncRun,
  SyncRunFilters,
  SyncRunPage,
  SyncStatus,
} from './types';
import type { ContentMapping } from '../../../shared/content-mappings';

export interface ContentTypeOption {
  uid: string;
  displayName: string;
  draftAndPublish: boolean;
  localized: boolean;
  attributes: Array<{ name: string; type: string; enum?: string[]; target?: string }>;
}

export interface MappingPreviewEntry {
  documentId: string;
  mailbox: string;
  request: { method: string; url: string; body: Record<string, unknown> } | null;
  error: string | null;
}

type FetchClient = ReturnType<typeof useFetchClient>;
type Body<T> = { data: T };
type PagedBody<T> = { data: T; meta: { pagination: SyncRunPage['pagination'] } };

const url = (path: string) => `/${PLUGIN_ID}${path}`;

export function createApi(client: FetchClient) {
  return {
    async listContentMappings(): Promise<ContentMapping[]> {
      return (await client.get<Body<ContentMapping[]>>(url('/content-mappings'))).data.data;
    },
    async saveContentMappings(mappings: ContentMapping[]): Promise<ContentMapping[]> {
      return (await client.put<Body<ContentMapping[]>>(url('/content-mappings'), { mappings })).data.data;
    },
    async listMappableTypes(): Promise<ContentTypeOption[]> {
      return (await client.get<Body<ContentTypeOption[]>>(url('/content-mappings/types'))).data.data;
    },
    async previewContentMapping(mapping: ContentMapping): Promise<MappingPreviewEntry[]> {
      return (await client.post<Body<MappingPreviewEntry[]>>(url('/content-mappings/preview'), { mapping })).data.data;
    },
    async getSettings(): Promise<PublicSettings> {
      return (await client.get<Body<PublicSettings>>(url('/settings'))).data.data;
    },
    async saveSettings(patch: SettingsPatch): Promise<PublicSettings> {
      return (await client.put<Body<PublicSettings>>(url('/settings'), patch)).data.data;
    },
    async listMailboxes(): Promise<Mailbox[]> {
      return (await client.get<Body<Mailbox[]>>(url('/mailboxes'))).data.data;
    },
    async createMailbox(draft: MailboxDraft): Promise<Mailbox> {
      return (await client.post<Body<Mailbox>>(url('/mailboxes'), draft)).data.data;
    },
    async updateMailbox(documentId: string, draft: Partial<MailboxDraft>): Promise<Mailbox> {
      return (await client.put<Body<Mailbox>>(url(`/mailboxes/${encodeURIComponent(documentId)}`), draft)).data.data;
    },
    async removeMailbox(documentId: string): Promise<void> {
      await client.del(url(`/mailboxes/${encodeURIComponent(documentId)}`));
    },
    /** Unlink or purge one mailbox (a run of its own, answered when done); a 409 means another run holds the lease. */
    async recoverMailbox(documentId: string, tool: RecoveryTool): Promise<SyncRun> {
      return (await client.post<Body<SyncRun>>(url(`/mailboxes/${encodeURIComponent(documentId)}/${tool}`), {})).data.data;
    },
    async listOwners(): Promise<MailboxOwner[]> {
      return (await client.get<Body<MailboxOwner[]>>(url('/owners'))).data.data;
    },
    /** Null when the status route does not exist yet (404): the page then shows its empty state. */
    async getSyncStatus(): Promise<SyncStatus | null> {
      try {
        return (await client.get<Body<SyncStatus | null>>(url('/sync/status'))).data.data ?? null;
      } catch (error) {
        if (isFetchError(error) && error.status === 404) return null;
        throw error;
      }
    },
    /** Tries the given (possibly unsaved) settings, or the saved ones, against Microsoft. */
    async testConnection(input: SettingsPatch & { mailbox?: string } = {}): Promise<ConnectionReport> {
      return (await client.post<Body<ConnectionReport>>(url('/connection/test'), input)).data.data;
    },
    /** Starts a run without waiting for it; a 409 means another run holds the lease. */
    async startSync(request: Omit<SyncRequest, 'trigger'> = {}): Promise<StartedSyncRun> {
      return (await client.post<Body<StartedSyncRun>>(url('/sync'), request)).data.data;
    },
    async listSyncRuns(page: number, pageSize: number, filters: SyncRunFilters = {}): Promise<SyncRunPage> {
      const { data } = await client.get<PagedBody<SyncRun[]>>(url('/sync/runs'), { params: { page, pageSize, ...filters } });
      return { runs: data.data, pagination: data.meta.pagination };
    },
    async getSyncRun(id: string): Promise<SyncRun> {
      return (await client.get<Body<SyncRun>>(url(`/sync/runs/${encodeURIComponent(id)}`))).data.data;
    },
    async listHeldDeletions(): Promise<HeldDeletionGroup[]> {
      return (await client.get<Body<HeldDeletionGroup[]>>(url('/deletions'))).data.data;
    },
    /** The client secret's state and the mailboxes that need an admin (the banner, the home widget). */
    async getAlerts(): Promise<AlertsView> {
      return (await client.get<Body<AlertsView>>(url('/alerts'))).data.data;
    },
    async listQuarantine(): Promise<QuarantineGroup[]> {
      return (await client.get<Body<QuarantineGroup[]>>(url('/quarantine'))).data.data;
    },
    /** Approves or discards one group; the server then starts a run that carries it through. */
    async reviewDeletions(decision: DeletionDecision, group: Pick<HeldDeletionGroup, 'mailbox' | 'resource' | 'side'>): Promise<{ count: number }> {
      const { mailbox, resource, side } = group;
      return (await client.post<Body<{ count: number }>>(url(`/deletions/${decision}`), { mailbox, resource, side })).data.data;
    },
  };
}

export type Api = ReturnType<typeof createApi>;
