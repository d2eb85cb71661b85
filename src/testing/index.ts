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
export type { RecordOutcome } from './HistoryRecorder';
export { type HistoriesVerification, type VerifyHistoriesOptions, verifyHistories } from './verifyHistories';
