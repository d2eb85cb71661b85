export * from './duration';
export * from './retry';
export * from './ActivityReference';
export * from './OrchestrationReference';
export { registeredOrchestrationNames, isRegisteredOrchestration } from './orchestrationRegistry';
export * from './ReplaySafeLogger';
export * from './taskFailureMessage';
