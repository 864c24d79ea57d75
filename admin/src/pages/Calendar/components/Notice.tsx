// A one-line message above the calendar or the list (empty range, partial results, a failed request).
import { Box, Button, Flex, Typography } from '@strapi/design-system';

interface NoticeProps {
  tone: 'neutral' | 'warning' | 'danger';
  text: string;
  action?: { label: string; onClick: () => void };
}

const COLORS = {
  neutral: { background: 'neutral100', border: 'neutral200', text: 'neutral700' },
  warning: { background: 'warning100', border: 'warning200', text: 'warning700' },
  danger: { background: 'danger100', border: 'danger200', text: 'danger700' },
} as const;

export function Notice({ tone, text, action }: NoticeProps) {
  const colors = COLORS[tone];
  return (
    <Box role="status" padding={4} background={colors.background} borderColor={colors.border} hasRadius>
      <Flex justifyContent="space-between" gap={4}>
        <Typography textColor={colors.text}>{text}</Typography>
        {action ? (
          <Button variant="secondary" onClick={action.onClick}>
            {action.label}
          </Button>
        ) : null}
      </Flex>
    </Box>
  );
}
