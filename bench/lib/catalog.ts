// The scenarios of issue 6, by number and name (the --scenario flag takes either).
export interface ScenarioInfo {
  id: number;
  name: string;
  title: string;
  /** Takes minutes: run only when asked for by --scenario, not in the default set. */
  optIn?: boolean;
}

export const SCENARIOS: readonly ScenarioInfo[] = [
  { id: 1, name: 'pull', title: 'Initial calendar pull, one mailbox' },
  { id: 2, name: 'no-change', title: 'Sync with no changes after the pull' },
  { id: 3, name: 'push', title: 'Local edits pushed' },
  { id: 4, name: 'mailboxes', title: 'Many mailboxes, all resources enabled' },
  { id: 5, name: 'email', title: 'Email import' },
  { id: 6, name: 'storm', title: 'Initial pull under a 429 storm (every 5th request, Retry-After: 1)' },
  { id: 7, name: 'local-writes', title: 'Local write speed vs raw bulk insert' },
  { id: 8, name: 'big-mailbox', title: 'The sync after the import of a 100,000-message mailbox', optIn: true },
  { id: 9, name: 'live-updates', title: 'Live updates: a change in Outlook to the entry in Strapi, 200 changes on 20 mailboxes', optIn: true },
  { id: 10, name: 'host-type', title: "A host content type (Document Service) vs the plugin's own type (bulk)", optIn: true },
];

export function scenarioByKey(key: string): ScenarioInfo | undefined {
  const wanted = key.trim().toLowerCase();
  return SCENARIOS.find((s) => String(s.id) === wanted || s.name === wanted);
}
