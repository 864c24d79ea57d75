// A tag input for mail folders: pick a well-known name or type a folder ID; each tag removes itself.
import { useState } from 'react';
import { Combobox, ComboboxOption, Field, Flex, Tag, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { WELL_KNOWN_FOLDERS } from '../../../../../server/src/settings/validation';
import { isTranslationKey, useT } from '../utils/useT';

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
  const [text, setText] = useState('');
  const folderLabel = (folder: string) => {
    const key = `folder.${folder}`;
    return isTranslationKey(key) ? t(key) : folder;
  };
  const available = WELL_KNOWN_FOLDERS.filter((folder) => !folders.includes(folder));

  const add = (value: string | undefined) => {
    const folder = value?.trim();
    setText('');
    if (!folder || folders.includes(folder)) return;
    // Well-known names are case-insensitive in Graph; folder IDs are not.
    const known = (WELL_KNOWN_FOLDERS as readonly string[]).find((name) => name === folder.toLowerCase());
    onChange([...folders, known ?? folder]);
  };

  return (
    <Field.Root name={name} id={name} hint={hint} error={error}>
      <Field.Label>{label}</Field.Label>
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex tag="ul" gap={2} wrap="wrap" aria-label={label} minHeight="3.2rem" alignItems="center">
          {folders.length === 0 ? <Typography textColor="neutral600">{t('email.folders.empty')}</Typography> : null}
          {folders.map((folder) => (
            <li key={folder}>
              <Tag
                icon={<Cross aria-hidden />}
                label={t('email.folders.remove', { folder: folderLabel(folder) })}
                disabled={disabled}
                onClick={() => onChange(folders.filter((kept) => kept !== folder))}
              >
                {folderLabel(folder)}
              </Tag>
            </li>
          ))}
        </Flex>
        {disabled ? null : (
          <Combobox
            aria-label={t('email.folders.placeholder')}
            placeholder={t('email.folders.placeholder')}
            creatable
            value=""
            textValue={text}
            onTextValueChange={setText}
            onChange={(value) => add(value)}
            onCreateOption={(value) => add(value)}
            createMessage={(value) => t('email.folders.create', { value })}
            noOptionsMessage={(value) => t('email.folders.none', { value })}
          >
            {available.map((folder) => (
              <ComboboxOption key={folder} value={folder}>
                {`${folderLabel(folder)} (${folder})`}
              </ComboboxOption>
            ))}
          </Combobox>
        )}
      </Flex>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
