/** The node-handler registry: one handler per node kind (a missing kind does not compile). */
import type { NodeHandlerRegistry } from '../handler.types.js';
import { actionHandler } from './action.handler.js';
import { approvalHandler } from './approval.handler.js';
import { conditionHandler } from './condition.handler.js';
import { delayHandler } from './delay.handler.js';
import { endHandler } from './end.handler.js';
import { notifyHandler } from './notify.handler.js';
import { setHandler } from './set.handler.js';
import { switchHandler } from './switch.handler.js';
import { taskHandler } from './task.handler.js';
import { triggerHandler } from './trigger.handler.js';

/** Handlers by node kind. */
export const NODE_HANDLERS: NodeHandlerRegistry = {
  trigger: triggerHandler,
  condition: conditionHandler,
  switch: switchHandler,
  set: setHandler,
  task: taskHandler,
  approval: approvalHandler,
  action: actionHandler,
  notify: notifyHandler,
  delay: delayHandler,
  end: endHandler,
};
