// Section 5: tasks direction and conflict policy.
import { DirectionSection } from './DirectionSection';
import type { SectionProps } from './sectionProps';

export function TasksSection(props: SectionProps) {
  return <DirectionSection {...props} section="tasks" />;
}
