// Mail folders as removable tags, added by picking a well-known name or typing a folder ID.
// (Two plain controls rather than a creatable combobox: picking an option there also "created" its label.)
import { useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Tag, TextInput, Typography } from '@strapi/design-system';
import { Cross, Plus } from '@strapi/icons';
import { WELL_KNOWN_FOLDERS } from '../../../../../shared/settings-validation';
import { isTranslationKey, useT } from '../utils/useT';
import { Chip } from './Chip';

interface FolderInputProps {
  name: string;
  label: string;
  hint: string;
  error?: string;
  folders: string[];
  onChange: (folders: string[]) => void;
  disabled?: boolean;
}

export function FolderInput({ name, label, hint, error, folders, onChange, disabled }: FolderInputProps) {
  const t = useT();
  const [folderId, setFolderId] = useState('');
  const folderLabel = (folder: string) => {
    const key = `folder.${folder}`;
    return isTranslationKey(key) ? t(key) : folder;
  };
  const available = WELL_KNOWN_FOLDERS.filter((folder) => !folders.includes(folder));

  const add = (value: string) => {
    const folder = value.trim();
    if (!folder) return;
    // Well-known names are case-insensitive in Graph; folder IDs are not.
    const known = (WELL_KNOWN_FOLDERS as readonly string[]).find((wellKnown) => wellKnown === folder.toLowerCase());
    const entry = known ?? folder;
    if (!folders.includes(entry)) onChange([...folders, entry]);
  };

  const addFolderId = () => {
    add(folderId);
    setFolderId('');
  };

  const onFolderIdKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault(); // Enter adds the folder; it must not submit the whole settings form
    addFolderId();
  };

  return (
    <Field.Root name={name} id={name} hint={hint} error={error}>
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Field.Label>{label}</Field.Label>
        <Flex tag="ul" gap={2} wrap="wrap" aria-label={label} minHeight="3.2rem" alignItems="center">
          {folders.length === 0 ? <Typography textColor="neutral600">{t('email.folders.empty')}</Typography> : null}
          {folders.map((folder) =>
            disabled ? (
              <Chip key={folder}>{folderLabel(folder)}</Chip>
            ) : (
              <li key={folder}>
                <Tag
                  icon={<Cross aria-hidden />}
                  label={t('email.folders.remove', { folder: folderLabel(folder) })}
                  onClick={() => onChange(folders.filter((kept) => kept !== folder))}
                >
                  {folderLabel(folder)}
                </Tag>
              </li>
            ),
          )}
        </Flex>
        {disabled ? null : (
          <Flex gap={4} alignItems="flex-end" wrap="wrap">
            {/* Own Field roots, so these controls get their own ids and labels. */}
            <Box flex="1" minWidth="20rem">
              <Field.Root name={`${name}.wellKnown`} id={`${name}.wellKnown`}>
                <Field.Label>{t('email.folders.wellKnown')}</Field.Label>
                <SingleSelect
                  placeholder={t('email.folders.wellKnown.placeholder')}
                  value=""
                  onChange={(value) => add(String(value))}
                  disabled={available.length === 0}
                >
                  {available.map((folder) => (
                    <SingleSelectOption key={folder} value={folder}>
                      {`${folderLabel(folder)} (${folder})`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
            <Box flex="1" minWidth="20rem">
              <Field.Root name={`${name}.id`} id={`${name}.id`}>
                <Field.Label>{t('email.folders.id')}</Field.Label>
                <TextInput
                  value={folderId}
                  onChange={(event: ChangeEvent<HTMLInputElement>) => setFolderId(event.target.value)}
                  onKeyDown={onFolderIdKey}
                  autoComplete="off"
                  placeholder={t('email.folders.id.placeholder')}
                />
              </Field.Root>
            </Box>
            <Button variant="secondary" size="L" startIcon={<Plus />} onClick={addFolderId} disabled={folderId.trim() === ''}>
              {t('email.folders.add')}
            </Button>
          </Flex>
        )}
        <Field.Hint />
        <Field.Error />
      </Flex>
    </Field.Root>
  );
}
