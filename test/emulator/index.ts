// Public entry of the Microsoft Graph emulator (see README.md).
export { ensureCertificates, DEFAULT_CERT_DIR, type CertificatePaths } from './certs';
export { startEmulator, type Emulator, type StartOptions } from './server';
export { DEMO } from './demo';
export { EmulatorControl, type AddTenantInput, type AddUserInput, type MailboxSummary, type SubscriptionSummary } from './control/control';
export type { DeliveryAttempt, DeliveryControl } from './graph/subscriptions/delivery';
export type { LifecycleEvent } from './graph/subscriptions/store';
export type { EmulatorState } from './state/store';
export type { FaultSpec, ActiveFault } from './core/faults';
export type { RequestRecord, EmulatorStats } from './core/requestLog';
export type { EmulatorConfig } from './core/core';
export { occurrenceId } from './graph/calendar/events';
