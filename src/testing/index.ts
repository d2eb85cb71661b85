export { DurableTestEnvironment, type InstanceStatus, type TestEnvironmentOptions, type WaitOptions } from './DurableTestEnvironment';
export type { RecordOutcome } from './HistoryRecorder';
export { type HistoriesVerification, type VerifyHistoriesOptions, verifyHistories } from './verifyHistories';
