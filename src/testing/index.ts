export {
  DurableClientError,
  DurableTestEnvironment,
  type EntityState,
  type InstanceFilter,
  type InstanceStatus,
  type TestEnvironmentOptions,
  type WaitOptions,
} from './DurableTestEnvironment';
export { StaleBuildError, type StaleFile } from './buildFreshness';
