// Above the grid: the view (Week, Month, Tasks), moving the calendar (previous, today, next) with the
// range's title, and the mailbox picker. Design-system buttons, so Tab and Enter work as everywhere.
import { Box, Button, Field, Flex, IconButton, Loader, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import type { Translate } from '../../Settings/utils/useT';
import { mailboxLabel, type MailboxRef } from '../utils/entries';

export type PageView = 'week' | 'month' | 'tasks';
export const ALL_MAILBOXES = '*';

interface CalendarToolbarProps {
  t: Translate;
  view: PageView;
  onViewChange: (view: PageView) => void;
  /** Absent in the Tasks view, which has no range. */
  navigation?: { title: string; loading: boolean; previous: () => void; today: () => void; next: () => void };
  /** Views the admin may open (Tasks needs Read on Task, the grids Read on Calendar event). */
  views: PageView[];
  mailboxes: MailboxRef[];
  mailbox: string;
  onMailboxChange: (mailbox: string) => void;
}

export function CalendarToolbar({ t, view, onViewChange, navigation, views, mailboxes, mailbox, onMailboxChange }: CalendarToolbarProps) {
  const unit = view === 'month' ? 'month' : 'week';
  return (
    <Flex justifyContent="space-between" alignItems="flex-end" gap={4} wrap="wrap">
      <Flex gap={4} alignItems="center" wrap="wrap">
        <Flex role="group" aria-label={t('calendar.view.label')} gap={1}>
          {views.map((option) => (
            <Button key={option} variant={option === view ? 'default' : 'tertiary'} aria-pressed={option === view} onClick={() => onViewChange(option)}>
              {t(`calendar.view.${option}`)}
            </Button>
          ))}
        </Flex>
        {navigation ? (
          <Flex role="group" aria-label={t('calendar.nav.label')} gap={2} alignItems="center">
            <IconButton label={t(`calendar.nav.previous.${unit}`)} onClick={navigation.previous} variant="tertiary">
              <ChevronLeft />
            </IconButton>
            <Button variant="tertiary" onClick={navigation.today}>
              {t('calendar.nav.today')}
            </Button>
            <IconButton label={t(`calendar.nav.next.${unit}`)} onClick={navigation.next} variant="tertiary">
              <ChevronRight />
            </IconButton>
            <Box paddingLeft={2} minWidth="14rem">
              <Typography tag="h2" variant="beta" aria-live="polite">
                {navigation.title}
              </Typography>
            </Box>
            {navigation.loading ? <Loader small>{t('calendar.loading')}</Loader> : null}
          </Flex>
        ) : null}
      </Flex>
      <Box minWidth="18rem">
        <Field.Root name="mailbox">
          <Field.Label>{t('calendar.mailbox.label')}</Field.Label>
          <SingleSelect value={mailbox} onChange={(value) => onMailboxChange(String(value))}>
            <SingleSelectOption value={ALL_MAILBOXES}>{t('calendar.mailbox.all')}</SingleSelectOption>
            {mailboxes.map((entry) => (
              <SingleSelectOption key={entry.documentId} value={entry.documentId}>
                {entry.displayName ? `${mailboxLabel(entry)} (${entry.address})` : entry.address}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      </Box>
    </Flex>
  );
}
