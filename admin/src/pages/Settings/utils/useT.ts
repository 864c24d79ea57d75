// Translation by our own en.json keys: a typo in a key is a type error, and English is the fallback.
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../../pluginId';
import en from '../../../translations/en.json';

export type TranslationKey = keyof typeof en;
export type TranslationValues = Record<string, string | number | boolean | null | undefined | Date>;
export type Translate = (key: TranslationKey, values?: TranslationValues) => string;

export function useT(): Translate {
  const { formatMessage } = useIntl();
  return useCallback(
    (key, values) => formatMessage({ id: getTranslation(key), defaultMessage: en[key] }, values),
    [formatMessage],
  );
}

/** Narrows a built key (e.g. `direction.${value}`) to a known one, so unknown values fall back visibly. */
export function isTranslationKey(key: string): key is TranslationKey {
  return Object.hasOwn(en, key);
}
