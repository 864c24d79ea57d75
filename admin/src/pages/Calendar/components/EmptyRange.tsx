// "No events" over an empty grid: the grid stays usable underneath (the toolbar and the keyboard still
// move it), the message sits in its middle as the design system's empty states do.
import { Box, EmptyStateLayout } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';

export function EmptyRange({ text }: { text: string }) {
  return (
    <Box role="status" position="absolute" top="30%" left="50%" zIndex={5} style={{ transform: 'translateX(-50%)', pointerEvents: 'none' }} width="44rem">
      <EmptyStateLayout icon={<EmptyDocuments width="10rem" />} content={text} hasRadius shadow="popupShadow" />
    </Box>
  );
}
