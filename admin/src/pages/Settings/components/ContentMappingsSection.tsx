// "Content mappings": the host app's own collection types synced as a mailbox's calendar or To Do tasks
// (README "Syncing your own content types"). Pick a type, map its attributes to the synced fields (only
// attributes of a fitting type are offered), preview three entries as Microsoft would receive them, save.
// Saves on its own (PUT /content-mappings), not with the page's "Save".
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Box, Button, Field, Flex, Grid, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { Eye, Plus, Trash } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { KIND_ATTRIBUTE_TYPES, MAPPABLE_FIELDS, MAPPABLE_RESOURCES, type ContentMapping, type MappableField, type MappableResource } from '../../../../../shared/content-mappings';
import { CONFLICT_RESOLUTIONS, DIRECTIONS, type ConflictResolution, type Direction } from '../../../../../shared/settings';
import { createApi, type ContentTypeOption, type MappingPreviewEntry } from '../../../api/client';
import { requestErrorMessage, serverFieldIssues, type FieldIssue } from '../../../api/errors';
import { isTranslationKey, useT, type TranslationKey } from '../utils/useT';
import { SelectField } from './fields';
import { SectionCard } from './SectionCard';

interface Draft {
  uid: string;
  resource: MappableResource;
  mailbox: string;
  direction: Direction;
  conflictResolution: ConflictResolution;
  /** Synced field → host attribute ('' = not synced). */
  attributes: Record<string, string>;
  /** Synced field → host value → Graph value, for choice fields. */
  values: Record<string, Record<string, string>>;
}

const NOT_SYNCED = '';

function emptyDraft(mailbox: string): Draft {
  return { uid: '', resource: 'calendar', mailbox, direction: 'bidirectional', conflictResolution: 'newest-wins', attributes: {}, values: {} };
}

/** The host values of an attribute a choice field maps (an enumeration's, or a boolean's). */
function hostValuesOf(attribute: ContentTypeOption['attributes'][number] | undefined): string[] | null {
  if (!attribute) return null;
  if (attribute.type === 'boolean') return ['true', 'false'];
  return attribute.enum ?? null;
}

function toMapping(draft: Draft, taken: readonly string[]): ContentMapping {
  const base = `${draft.uid.split('.').pop() ?? 'mapping'}-${draft.resource}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  const fields: ContentMapping['fields'] = {};
  for (const [field, attribute] of Object.entries(draft.attributes)) {
    if (!attribute) continue;
    const values = draft.values[field];
    fields[field] = values && Object.keys(values).length > 0 ? { attribute, values } : { attribute };
  }
  return { id, uid: draft.uid, resource: draft.resource, mailbox: { address: draft.mailbox }, direction: draft.direction, conflictResolution: draft.conflictResolution, fields };
}

/** What an entry's preview shows of the request a first sync would send. */
function previewCells(entry: MappingPreviewEntry): { title: string; when: string; body: string } {
  const body = entry.request?.body ?? {};
  const time = (body.start ?? body.dueDateTime) as { dateTime?: string; timeZone?: string } | undefined;
  const content = String((body.body as { content?: string } | undefined)?.content ?? '');
  return {
    title: String(body.subject ?? body.title ?? ''),
    when: time?.dateTime ? `${time.dateTime.slice(0, 16).replace('T', ' ')} ${time.timeZone ?? ''}`.trim() : '',
    body: content.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim(),
  };
}

export function ContentMappingsSection({ mailboxes, readOnly }: { mailboxes: string[]; readOnly: boolean }) {
  const t = useT();
  const fetchClient = useFetchClient();
  const api = useMemo(() => createApi(fetchClient), [fetchClient]);
  const { toggleNotification } = useNotification();
  const [saved, setSaved] = useState<ContentMapping[]>([]);
  const [types, setTypes] = useState<ContentTypeOption[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<MappingPreviewEntry[] | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const [mappings, options] = await Promise.all([api.listContentMappings(), api.listMappableTypes()]);
    setSaved(mappings);
    setTypes(options);
  }, [api]);
  useEffect(() => {
    load().catch(() => undefined);
  }, [load]);

  const type = types.find((option) => option.uid === draft?.uid);
  const typeName = (uid: string) => types.find((option) => option.uid === uid)?.displayName ?? uid;
  const errorAt = (field: string) => issues.find((issue) => issue.path.join('.') === field || issue.path.join('.').startsWith(`${field}.`))?.message;
  const otherIssues = issues.filter((issue) => !issue.path[0] || !['uid', 'resource', 'mailbox', 'fields', 'direction', 'conflictResolution'].includes(issue.path[0]));

  const update = (patch: Partial<Draft>) => {
    setDraft((current) => (current ? { ...current, ...patch } : current));
    setPreview(null);
  };
  /** Server issues, with the path inside the mapping (without "mappings.<i>" or "mapping"). */
  const showIssues = (error: unknown, prefix: number) => {
    const found = serverFieldIssues(error);
    if (found) setIssues(found.map((issue) => ({ ...issue, path: issue.path.slice(prefix) })));
    else toggleNotification({ type: 'danger', message: requestErrorMessage(error) ?? t('notification.unknownError') });
  };

  const runPreview = async () => {
    if (!draft) return;
    setBusy(true);
    try {
      setIssues([]);
      setPreview(await api.previewContentMapping(toMapping(draft, saved.map((m) => m.id))));
    } catch (error) {
      showIssues(error, 1);
    } finally {
      setBusy(false);
    }
  };
  const save = async (mappings: ContentMapping[], done: TranslationKey) => {
    setBusy(true);
    try {
      setIssues([]);
      setSaved(await api.saveContentMappings(mappings));
      setDraft(null);
      setPreview(null);
      toggleNotification({ type: 'success', message: t(done) });
    } catch (error) {
      showIssues(error, 2);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SectionCard
      id="content-mappings"
      title={t('mappings.title')}
      subtitle={t('mappings.subtitle')}
      actions={
        !readOnly && !draft ? (
          <Button variant="secondary" startIcon={<Plus />} onClick={() => setDraft(emptyDraft(mailboxes[0] ?? ''))} disabled={mailboxes.length === 0}>
            {t('mappings.add')}
          </Button>
        ) : null
      }
    >
      {saved.length === 0 && !draft ? <Typography textColor="neutral600">{t('mappings.empty')}</Typography> : null}
      {saved.length > 0 ? (
        <Table colCount={5} rowCount={saved.length + 1}>
          <Thead>
            <Tr>
              <Th><Typography variant="sigma">{t('mappings.column.type')}</Typography></Th>
              <Th><Typography variant="sigma">{t('mappings.column.resource')}</Typography></Th>
              <Th><Typography variant="sigma">{t('mappings.column.mailbox')}</Typography></Th>
              <Th><Typography variant="sigma">{t('mappings.column.fields')}</Typography></Th>
              <Th><VisuallyHidden>{t('mappings.column.actions')}</VisuallyHidden></Th>
            </Tr>
          </Thead>
          <Tbody>
            {saved.map((mapping) => (
              <Tr key={mapping.id}>
                <Td><Typography fontWeight="bold">{typeName(mapping.uid)}</Typography></Td>
                <Td><Typography>{t(`mappings.resource.${mapping.resource}`)}</Typography></Td>
                <Td><Typography>{'address' in mapping.mailbox ? mapping.mailbox.address : t('mappings.mailbox.perEntry', { attribute: mapping.mailbox.attribute })}</Typography></Td>
                <Td style={{ whiteSpace: 'normal' }}>
                  <Typography variant="pi" textColor="neutral700">
                    {Object.entries(mapping.fields).map(([field, source]) => `${field} ← ${'attribute' in source ? source.attribute : JSON.stringify(source.value)}`).join(', ')}
                  </Typography>
                </Td>
                <Td>
                  {!readOnly ? (
                    <Button variant="danger-light" size="S" startIcon={<Trash />} disabled={busy} onClick={() => void save(saved.filter((m) => m.id !== mapping.id), 'mappings.notification.removed')}>
                      {t('mappings.remove')}
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      ) : null}

      {draft ? (
        <Box tag="article" aria-label={t('mappings.new')} padding={5} background="neutral100" hasRadius>
          <Flex direction="column" alignItems="stretch" gap={5}>
            <Typography variant="delta" tag="h3">{t('mappings.new')}</Typography>
            <Grid.Root gap={5}>
              <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
                <SelectField
                  name="mapping.uid"
                  label={t('mappings.field.type')}
                  hint={t('mappings.field.type.hint')}
                  error={errorAt('uid')}
                  value={draft.uid}
                  options={types.map((option) => ({ value: option.uid, label: `${option.displayName}${option.draftAndPublish ? ` (${t('mappings.draftAndPublish')})` : ''}` }))}
                  onChange={(uid) => update({ uid, attributes: {}, values: {} })}
                />
              </Grid.Item>
              <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
                <SelectField
                  name="mapping.resource"
                  label={t('mappings.field.resource')}
                  error={errorAt('resource')}
                  value={draft.resource}
                  options={MAPPABLE_RESOURCES.map((value) => ({ value, label: t(`mappings.resource.${value}`) }))}
                  onChange={(resource) => update({ resource, attributes: {}, values: {} })}
                />
              </Grid.Item>
              <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
                <SelectField
                  name="mapping.mailbox"
                  label={t('mappings.field.mailbox')}
                  error={errorAt('mailbox')}
                  value={draft.mailbox}
                  options={mailboxes.map((value) => ({ value, label: value }))}
                  onChange={(mailbox) => update({ mailbox })}
                />
              </Grid.Item>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <SelectField
                  name="mapping.direction"
                  label={t('direction.label')}
                  error={errorAt('direction')}
                  value={draft.direction}
                  options={DIRECTIONS.map((value) => ({ value, label: t(`direction.${value}`) }))}
                  onChange={(direction) => update({ direction })}
                />
              </Grid.Item>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <SelectField
                  name="mapping.conflictResolution"
                  label={t('conflictResolution.label')}
                  error={errorAt('conflictResolution')}
                  value={draft.conflictResolution}
                  options={CONFLICT_RESOLUTIONS.map((value) => ({ value, label: t(`conflictResolution.${value}`) }))}
                  onChange={(conflictResolution) => update({ conflictResolution })}
                  disabled={draft.direction !== 'bidirectional'}
                />
              </Grid.Item>
            </Grid.Root>

            {type ? (
              <Table colCount={3} rowCount={MAPPABLE_FIELDS[draft.resource].length + 1} aria-label={t('mappings.fields.label')}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">{t('mappings.column.synced')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('mappings.column.attribute')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('mappings.column.values')}</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {MAPPABLE_FIELDS[draft.resource].map((field) => (
                    <FieldRow
                      key={field.name}
                      field={field}
                      resource={draft.resource}
                      type={type}
                      attribute={draft.attributes[field.name] ?? NOT_SYNCED}
                      values={draft.values[field.name] ?? {}}
                      error={errorAt(`fields.${field.name}`)}
                      onAttribute={(attribute) => update({ attributes: { ...draft.attributes, [field.name]: attribute }, values: { ...draft.values, [field.name]: {} } })}
                      onValues={(values) => update({ values: { ...draft.values, [field.name]: values } })}
                    />
                  ))}
                </Tbody>
              </Table>
            ) : null}

            {otherIssues.map((issue) => (
              <Typography key={issue.path.join('.')} textColor="danger600">
                {issue.path.join('.')}: {issue.message}
              </Typography>
            ))}

            {preview ? <PreviewTable entries={preview} resource={draft.resource} /> : null}

            <Flex gap={2} justifyContent="flex-end">
              <Button variant="tertiary" onClick={() => (setDraft(null), setPreview(null), setIssues([]))}>{t('mappings.cancel')}</Button>
              <Button variant="secondary" startIcon={<Eye />} onClick={() => void runPreview()} loading={busy} disabled={!draft.uid}>
                {t('mappings.preview')}
              </Button>
              <Button onClick={() => void save([...saved, toMapping(draft, saved.map((m) => m.id))], 'mappings.notification.saved')} loading={busy} disabled={!draft.uid}>
                {t('mappings.save')}
              </Button>
            </Flex>
          </Flex>
        </Box>
      ) : null}
    </SectionCard>
  );
}

interface FieldRowProps {
  field: MappableField;
  resource: MappableResource;
  type: ContentTypeOption;
  attribute: string;
  values: Record<string, string>;
  error: string | undefined;
  onAttribute: (attribute: string) => void;
  onValues: (values: Record<string, string>) => void;
}

/** One synced field: the host attributes of a fitting type, and for a choice its values. */
function FieldRow({ field, resource, type, attribute, values, error, onAttribute, onValues }: FieldRowProps) {
  const t = useT();
  const fitting = type.attributes.filter((a) => KIND_ATTRIBUTE_TYPES[field.kind].includes(a.type));
  const hostValues = field.kind === 'choice' ? hostValuesOf(type.attributes.find((a) => a.name === attribute)) : null;
  const labelKey = `mappings.synced.${resource}.${field.name}`;
  const label = isTranslationKey(labelKey) ? t(labelKey) : field.name;
  return (
    <Tr>
      <Td>
        <Typography fontWeight={field.required ? 'bold' : undefined}>
          {label}
          {field.required ? ' *' : ''}
        </Typography>
      </Td>
      <Td>
        <Box minWidth="220px" paddingTop={2} paddingBottom={2}>
          {/* Labelled by the row's first cell: no second visible label. */}
          <Field.Root name={`mapping.fields.${field.name}`} id={`mapping.fields.${field.name}`} error={error}>
            <SingleSelect value={attribute} onChange={(next) => onAttribute(String(next))} aria-label={label}>
              <SingleSelectOption value={NOT_SYNCED}>{t('mappings.notSynced')}</SingleSelectOption>
              {fitting.map((a) => (
                <SingleSelectOption key={a.name} value={a.name}>
                  {`${a.name} (${a.type})`}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Box>
      </Td>
      <Td>
        {hostValues && field.values ? (
          <Flex direction="column" alignItems="stretch" gap={1}>
            {hostValues.map((hostValue) => (
              <Flex key={hostValue} gap={2}>
                <Typography variant="pi" style={{ minWidth: 90 }}>{hostValue} →</Typography>
                <SingleSelect size="S" value={values[hostValue] ?? (field.values!.includes(hostValue) ? hostValue : '')} aria-label={`${label}: ${hostValue}`} onChange={(next) => onValues({ ...values, [hostValue]: String(next) })}>
                  {field.values!.map((graphValue) => (
                    <SingleSelectOption key={graphValue} value={graphValue}>{graphValue}</SingleSelectOption>
                  ))}
                </SingleSelect>
              </Flex>
            ))}
          </Flex>
        ) : (
          <Typography variant="pi" textColor="neutral500">{fitting.length === 0 ? t('mappings.noFittingAttribute', { types: KIND_ATTRIBUTE_TYPES[field.kind].join(', ') }) : '–'}</Typography>
        )}
      </Td>
    </Tr>
  );
}

function PreviewTable({ entries, resource }: { entries: MappingPreviewEntry[]; resource: MappableResource }) {
  const t = useT();
  if (entries.length === 0) return <Typography textColor="neutral600">{t('mappings.preview.empty')}</Typography>;
  return (
    <Flex tag="section" aria-labelledby="microsoft-365-mapping-preview" direction="column" alignItems="stretch" gap={2}>
      <Typography variant="sigma" tag="h4" id="microsoft-365-mapping-preview">{t(`mappings.preview.title.${resource}`)}</Typography>
      <Table colCount={3} rowCount={entries.length + 1}>
        <Thead>
          <Tr>
            <Th><Typography variant="sigma">{t('mappings.preview.column.title')}</Typography></Th>
            <Th><Typography variant="sigma">{t(`mappings.preview.column.when.${resource}`)}</Typography></Th>
            <Th><Typography variant="sigma">{t('mappings.preview.column.body')}</Typography></Th>
          </Tr>
        </Thead>
        <Tbody>
          {entries.map((entry) => {
            const cells = previewCells(entry);
            return (
              <Tr key={entry.documentId}>
                <Td><Typography fontWeight="bold">{entry.error ? t('mappings.preview.error') : cells.title}</Typography></Td>
                <Td><Typography>{entry.error ?? cells.when}</Typography></Td>
                <Td><Typography textColor="neutral700">{cells.body.slice(0, 120)}</Typography></Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </Flex>
  );
}
