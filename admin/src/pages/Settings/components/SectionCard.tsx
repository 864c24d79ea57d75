// One titled card of the settings page, in the look of Strapi's own settings pages.
import type { ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

interface SectionCardProps {
  /** Stable id: the heading's id, so the section is labelled by it (and tests can find it). */
  id: string;
  title: string;
  subtitle?: string;
  /** Buttons at the card's top right (e.g. "Add mailbox"). */
  actions?: ReactNode;
  children: ReactNode;
}

export function SectionCard({ id, title, subtitle, actions, children }: SectionCardProps) {
  const headingId = `microsoft-365-${id}`;
  return (
    <Box
      tag="section"
      aria-labelledby={headingId}
      background="neutral0"
      hasRadius
      shadow="filterShadow"
      paddingTop={6}
      paddingBottom={6}
      paddingLeft={7}
      paddingRight={7}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
          <Flex direction="column" alignItems="stretch" gap={1}>
            <Typography variant="delta" tag="h2" id={headingId}>
              {title}
            </Typography>
            {subtitle ? <Typography textColor="neutral600">{subtitle}</Typography> : null}
          </Flex>
          {actions}
        </Flex>
        {children}
      </Flex>
    </Box>
  );
}
