// The resources the runner knows, by name. The runner itself is resource-agnostic: a resource is an
// adapter (resources/types.ts) plus its settings (resource-settings.ts).
import { calendarAdapter } from './resources/calendar';
import { emailAdapter } from './resources/email';
import { taskAdapter } from './resources/tasks';
import type { ResourceAdapter, ResourceName } from './resources/types';

const adapters = new Map<ResourceName, ResourceAdapter>([
  ['calendar', calendarAdapter],
  ['tasks', taskAdapter],
  ['email', emailAdapter],
]);

export function adapterFor(resource: ResourceName): ResourceAdapter | undefined {
  return adapters.get(resource);
}
