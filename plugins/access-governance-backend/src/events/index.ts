export { eventHandlers } from './handlers';
export type { EventHandlerOptions } from './handlers';
export { publicEventTypeOf } from './mapping';
export { queueEventPublication } from './outbox';
export { ACCESS_EVENT_TYPES, ACCESS_GOVERNANCE_TOPIC } from './types';
export type { AccessEventPayloadV1, AccessEventType } from './types';
export { signDelivery, verifyDelivery, WEBHOOK_HEADERS } from './webhooks';
