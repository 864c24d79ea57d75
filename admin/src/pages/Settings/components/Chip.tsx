// A small read-only label that keeps its text as written (the design system's Badge upper-cases).
import type { ReactNode } from 'react';
import { Box, Typography } from '@strapi/design-system';

export function Chip({ children }: { children: ReactNode }) {
  return (
    <Box tag="li" background="neutral100" borderColor="neutral200" hasRadius paddingLeft={2} paddingRight={2} paddingTop={1} paddingBottom={1}>
      <Typography variant="pi" fontWeight="semiBold" textColor="neutral800">
        {children}
      </Typography>
    </Box>
  );
}
