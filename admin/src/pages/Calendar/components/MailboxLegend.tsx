// Which colour is which mailbox, when the calendar shows them all.
import { Box, Flex, Typography } from '@strapi/design-system';
import { mailboxLabel, type MailboxRef } from '../utils/entries';
import { mailboxColor } from '../utils/mailboxColors';

export function MailboxLegend({ label, mailboxes, colorOrder }: { label: string; mailboxes: MailboxRef[]; colorOrder: string[] }) {
  return (
    <Flex tag="ul" aria-label={label} gap={4} wrap="wrap">
      {mailboxes.map((entry) => {
        const color = mailboxColor(colorOrder, entry.documentId);
        return (
          <Flex tag="li" key={entry.documentId} gap={2}>
            <Box width="1.6rem" height="1.2rem" hasRadius background={`${color}200`} borderColor={`${color}600`} borderWidth="0 0 0 3px" borderStyle="solid" />
            <Typography variant="pi" textColor="neutral700">
              {mailboxLabel(entry)}
            </Typography>
          </Flex>
        );
      })}
    </Flex>
  );
}
