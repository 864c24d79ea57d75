// Every Graph v1.0 route the emulator answers.
import type { EmulatorCore } from '../core/core';
import { registerUserRoutes } from './users';
import { registerApplicationRoutes } from './applications';
import { registerBatchRoute } from './batch';
import { registerCalendarRoutes } from './calendar/routes';
import { registerTodoRoutes } from './todo/routes';
import { registerMailRoutes } from './mail/routes';
import { registerSubscriptionRoutes } from './subscriptions/routes';

export function registerGraphRoutes(core: EmulatorCore): void {
  registerBatchRoute(core);
  registerUserRoutes(core);
  registerApplicationRoutes(core);
  registerCalendarRoutes(core);
  registerTodoRoutes(core);
  registerMailRoutes(core);
  registerSubscriptionRoutes(core);
}
