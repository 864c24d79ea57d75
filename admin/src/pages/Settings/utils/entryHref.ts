import { RESOURCE_UID, type ResourceName } from '../../../../../shared/plugin';

/** The Content Manager's edit view of one synced entry. */
export function entryHref(resource: ResourceName, documentId: string): string {
  return `/admin/content-manager/collection-types/${RESOURCE_UID[resource]}/${encodeURIComponent(documentId)}`;
}
