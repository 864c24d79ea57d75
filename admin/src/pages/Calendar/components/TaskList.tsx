// Tasks as a list: title (a link to the Content Manager entry), due date, status, To Do list, mailbox.
import { Badge, EmptyStateLayout, Flex, Link, Loader, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { NavLink } from 'react-router-dom';
import { UID } from '../../../../../shared/plugin';
import { isTranslationKey, type Translate } from '../../Settings/utils/useT';
import { entryPath } from '../utils/contentManagerQuery';
import { mailboxLabel } from '../utils/entries';
import { isOverdue } from '../utils/tasks';
import { viewerDate } from '../../../../../shared/event-occurrences';
import type { TaskList as TaskListData } from '../hooks/useTasks';
import type { LoadState } from '../hooks/useCalendarEvents';
import { Notice } from './Notice';

const COLUMNS = ['title', 'dueDate', 'status', 'list', 'mailbox'] as const;

interface TaskListProps {
  t: Translate;
  state: LoadState<TaskListData>;
  mailboxName: string;
  formatDate: (date: string) => string;
  errorText: (error: unknown) => string;
  retry: () => void;
}

export function TaskList({ t, state, mailboxName, formatDate, errorText, retry }: TaskListProps) {
  if (state.status === 'loading') {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t('calendar.tasks.loading')}</Loader>
      </Flex>
    );
  }
  if (state.status === 'error') return <Notice tone="danger" text={t('calendar.tasks.error', { reason: errorText(state.error) })} action={{ label: t('calendar.retry'), onClick: retry }} />;
  const { tasks, truncated } = state.data;
  if (tasks.length === 0) {
    return <EmptyStateLayout icon={<EmptyDocuments width="16rem" />} content={t('calendar.tasks.empty', { mailbox: mailboxName })} hasRadius shadow="tableShadow" />;
  }
  const today = viewerDate(new Date());
  const caption = t('calendar.tasks.caption', { mailbox: mailboxName });
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {truncated ? <Notice tone="warning" text={t('calendar.tasks.truncated')} /> : null}
      <Table colCount={COLUMNS.length} rowCount={tasks.length + 1} aria-label={caption}>
        <Thead>
          <Tr>
            {COLUMNS.map((column) => (
              <Th key={column}>
                <Typography variant="sigma">{t(`calendar.tasks.column.${column}`)}</Typography>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {tasks.map((task) => {
            const statusKey = `calendar.tasks.status.${task.taskStatus ?? 'notStarted'}`;
            return (
              <Tr key={task.documentId} data-task={task.documentId}>
                <Td>
                  <Link tag={NavLink} to={entryPath(UID.task, task.documentId)}>
                    {task.title || t('calendar.event.untitled')}
                  </Link>
                </Td>
                <Td>
                  <Flex gap={2}>
                    <Typography textColor={task.dueDate ? 'neutral800' : 'neutral500'}>{task.dueDate ? formatDate(task.dueDate) : t('calendar.tasks.noDueDate')}</Typography>
                    {isOverdue(task, today) ? <Badge textColor="danger600" backgroundColor="danger100">{t('calendar.tasks.overdue')}</Badge> : null}
                  </Flex>
                </Td>
                <Td>
                  <Typography>{isTranslationKey(statusKey) ? t(statusKey) : (task.taskStatus ?? '')}</Typography>
                </Td>
                <Td>
                  <Typography>{task.listName || t('calendar.tasks.defaultList')}</Typography>
                </Td>
                <Td>
                  <Typography>{task.mailbox ? mailboxLabel(task.mailbox) : ''}</Typography>
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </Flex>
  );
}
