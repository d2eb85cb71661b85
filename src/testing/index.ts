export { DurableTestEnvironment, type InstanceStatus, type TestEnvironmentOptions, type WaitOptions } from './DurableTestEnvironment';
